import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollbackBatch } from "./batches.ts";
import { commitImport, previewImport } from "./import-service.ts";
import type { ReportAnswers } from "./report-layout.ts";
import {
  CORPUS_DIR,
  CORPUS_TODAY,
  type CorpusIds,
  databaseFingerprint,
  seedCorpusCatalog,
} from "./test-support.ts";

// The real-shapes corpus (issue #15): report and district tables as offices publish them, each
// against test/fixtures/imports/real-shapes/expectations.json: the exact values, units (stored in
// the indicator's unit), statuses and spans, or the questions and errors it stops with. A rejected
// file leaves the database exactly as it was; an accepted one is checked and rolled back.

const DIR = path.join(CORPUS_DIR, "real-shapes");

interface Rec {
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  value: string;
  status: string;
}
interface Expectation {
  file: string;
  answers?: ReportAnswers;
  status: "committed" | "rejected";
  shape: "report" | "district";
  records?: Rec[];
  questions?: string[];
  errors?: string[];
  warnings?: string[];
  conversions?: number;
  revisions?: { period: string; oldValue: string; newValue: string }[];
}

const expectations = JSON.parse(
  fs.readFileSync(path.join(DIR, "expectations.json"), "utf8"),
) as Expectation[];

let t: TestDatabase;
let ids: CorpusIds;
let p49: number;

/** The districts of Quảng Nam the district tables name. */
async function seedDistricts(db: TestDatabase["db"]) {
  const province = await db
    .selectFrom("org_unit")
    .select("id")
    .where("code", "=", "p49")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("org_unit")
    .values(
      [
        ["h-tam-ky", "Thành phố Tam Kỳ", "Tam Ky City"],
        ["h-nui-thanh", "Huyện Núi Thành", "Nui Thanh District"],
        ["h-dien-ban", "Thị xã Điện Bàn", "Dien Ban Town"],
      ].map(([code, name_vi, name_en]) => ({
        code: code as string,
        gso_code: null,
        name_vi: name_vi as string,
        name_en: name_en as string,
        level: "district" as const,
        parent_id: province.id,
        valid_from: null,
        valid_to: null,
        source: null,
      })),
    )
    .execute();
  return province.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
  p49 = await seedDistricts(t.db);
});

afterAll(async () => {
  await t?.drop();
});

const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();

async function stored(batchId: number): Promise<Rec[]> {
  const rows = await t.db
    .selectFrom("observation as o")
    .innerJoin("indicator as i", "i.id", "o.indicator_id")
    .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
    .select(["i.code as indicator", "u.code as orgUnit", "o.period", "o.basis", "o.value", "o.status"])
    .where("o.batch_id", "=", batchId)
    .execute();
  return rows
    .map((r) => ({ ...r, value: String(Number(r.value)) === r.value ? r.value : trimZeros(r.value) }))
    .sort(byKey);
}

function trimZeros(v: string): string {
  return v.includes(".") ? v.replace(/0+$/, "").replace(/\.$/, "") : v;
}

const byKey = (a: Rec, b: Rec) =>
  `${a.indicator}|${a.orgUnit}|${a.period}|${a.basis}`.localeCompare(
    `${b.indicator}|${b.orgUnit}|${b.period}|${b.basis}`,
  );

describe(`real-shapes corpus on ${testEngine()}`, () => {
  it("holds at least 30 files, each with its expected outcome", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.(csv|xlsx)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(new Set(expectations.map((e) => e.file))).toEqual(new Set(files));
  });

  for (const e of expectations) {
    it(`${e.file}: ${e.status}`, async () => {
      const before = await databaseFingerprint(t.db);
      const result = await commitImport(
        t.db,
        { name: e.file, path: path.join(DIR, e.file) },
        { today: CORPUS_TODAY, userId: ids.statisticianId, ...(e.answers ? { answers: e.answers } : {}) },
      );
      const codes = (list: { code: string }[]) => list.map((p) => p.code);
      if (process.env.UPDATE_CORPUS_WARNINGS === "1" && e.warnings) {
        // a maintainer's tool after a deliberate change of the rules: review the diff
        e.warnings = sorted(codes(result.warnings));
        const all = JSON.parse(fs.readFileSync(path.join(DIR, "expectations.json"), "utf8")) as Expectation[];
        for (const x of all) if (x.file === e.file) x.warnings = e.warnings;
        fs.writeFileSync(path.join(DIR, "expectations.json"), `${JSON.stringify(all, null, 2)}\n`);
      }
      expect(sorted(codes(result.errors)), JSON.stringify(result.errors)).toEqual(sorted(e.errors));
      if (e.warnings) expect(sorted(codes(result.warnings))).toEqual(sorted(e.warnings));
      if (e.errors?.includes("formula_without_value")) {
        expect(result.status).toBe("rejected");
      } else {
        expect(result.report?.shape).toBe(e.shape);
        if (e.questions)
          expect(sorted(result.report?.questions.map((q) => q.field))).toEqual(sorted(e.questions));
      }
      expect(result.status).toBe(e.status);
      if (e.status === "rejected") {
        expect(await databaseFingerprint(t.db)).toBe(before);
        return;
      }
      const batchId = result.batchId as number;
      expect(await stored(batchId)).toEqual([...(e.records ?? [])].sort(byKey));
      if (e.conversions !== undefined) expect(result.report?.conversions).toHaveLength(e.conversions);
      if (e.revisions)
        expect(
          result.revisions.map((r) => ({
            period: r.period,
            oldValue: trimZeros(r.oldValue),
            newValue: trimZeros(r.newValue),
          })),
        ).toEqual(e.revisions);
      await rollbackBatch(t.db, batchId, ids.statisticianId);
    });
  }
});

describe("report layouts: what the officer sees and answers", () => {
  const file = (name: string) => ({ name, path: path.join(DIR, name) });

  it("says what it inferred and from where", async () => {
    const r = await previewImport(t.db, file("report-h1-utf8bom.csv"), { today: CORPUS_TODAY });
    const inferred = Object.fromEntries((r.report?.inferred ?? []).map((i) => [i.field, i.source]));
    expect(inferred.year).toBe("năm 2024 – dòng tiêu đề 3");
    expect(inferred.orgUnit).toBe("Tỉnh Quảng Nam – dòng tiêu đề 1");
    expect(r.report?.skippedRows.map((s) => [s.row, s.why])).toEqual([
      [6, "section"],
      [8, "section"],
      [12, "note"],
    ]);
    // the GRDP row as the report writes it is a close match, shown as such
    const grdp = r.report?.matches.find((m) => m.code === "qnam-grdp-growth");
    expect(grdp?.text).toBe("Tổng sản phẩm trên địa bàn (GRDP) - tốc độ tăng");
    expect(["close", "exact"]).toContain(grdp?.how);
  });

  it("stores a district table in triệu đồng divided by 1.000, with the conversion in the preview and the audit", async () => {
    const r = await commitImport(t.db, file("district-trieu-utf8bom.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: { status: "official" },
    });
    expect(r.status).toBe("committed");
    expect(r.report?.conversions[0]).toEqual({
      row: 5,
      column: "Tháng 1",
      indicator: "qnam-budget-revenue",
      from: "triệu đồng",
      to: "tỷ đồng",
      factor: "0.001",
      original: "125500",
      value: "125.5",
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("new_value")
      .where("batch_id", "=", r.batchId)
      .where("entity", "=", "import_batch")
      .executeTakeFirstOrThrow();
    const logged = (typeof audit.new_value === "string" ? JSON.parse(audit.new_value) : audit.new_value) as {
      report: { conversions: unknown[] };
    };
    expect(logged.report.conversions).toHaveLength(9);
    await rollbackBatch(t.db, r.batchId as number, ids.statisticianId);
  });

  it("offers the three closest indicators for an unknown name, and remembers the choice for the province", async () => {
    await t.db.deleteFrom("import_name_alias").execute(); // the corpus above confirmed this name already
    const first = await previewImport(t.db, file("report-unknown-name.csv"), { today: CORPUS_TODAY });
    const q = first.report?.questions.find((x) => x.field === "name");
    expect(q?.text).toBe("Tổng thu NSNN trên địa bàn");
    expect(q?.choices.filter((c) => c.value !== "-")).toHaveLength(3);
    expect(q?.choices.map((c) => c.value)).toContain("qnam-budget-revenue");
    const answered = await commitImport(t.db, file("report-unknown-name.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: {
        names: { "Tổng thu NSNN trên địa bàn": "qnam-budget-revenue" },
        numberConvention: "comma_decimal",
      },
    });
    expect(answered.status).toBe("committed");
    const alias = await t.db
      .selectFrom("import_name_alias")
      .selectAll()
      .where("name_text", "=", "Tổng thu NSNN trên địa bàn")
      .executeTakeFirstOrThrow();
    expect(alias.scope_org_unit_id).toBe(p49);
    expect(alias.target_id).toBe(ids.indicator["qnam-budget-revenue"]);
    const audited = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("entity", "=", "import_name_alias")
      .where("entity_id", "=", String(alias.id))
      .execute();
    expect(audited).toHaveLength(1);
    await rollbackBatch(t.db, answered.batchId as number, ids.statisticianId);
    // next month's file: no question
    const next = await previewImport(t.db, file("report-unknown-name.csv"), {
      today: CORPUS_TODAY,
      answers: { numberConvention: "comma_decimal" },
    });
    expect(next.report?.questions).toEqual([]);
    expect(next.errorCount).toBe(0);
    expect(next.report?.matches.find((m) => m.text === "Tổng thu NSNN trên địa bàn")?.how).toBe("alias");
  });

  it("shows a revision as old → new with who entered the old value and when", async () => {
    const r = await previewImport(t.db, file("report-revision-may.csv"), {
      today: CORPUS_TODAY,
      answers: { status: "official", numberConvention: "comma_decimal" },
    });
    expect(r.revisions, JSON.stringify([r.errors, r.rows, r.sample, r.report?.questions])).toHaveLength(1);
    expect(r.revisions[0]).toMatchObject({
      period: "2024-05",
      indicator: "qnam-budget-revenue",
      orgUnit: "p49",
    });
    expect(trimZeros(r.revisions[0]?.oldValue ?? "")).toBe("1000");
    expect(r.revisions[0]?.enteredAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

describe("a plan column recorded as a revision of the target (issue #15 item 1)", () => {
  const file = (name: string) => ({ name, path: path.join(DIR, name) });
  const revenueTarget = async () =>
    t.db
      .selectFrom("target_revision as r")
      .innerJoin("target as t", "t.id", "r.target_id")
      .innerJoin("indicator as i", "i.id", "t.indicator_id")
      .leftJoin("document as d", "d.id", "r.document_id")
      .select(["r.target_id", "r.revision", "r.form", "r.low", "r.effective_from", "d.number", "r.reason"])
      .where("i.code", "=", "qnam-budget-revenue")
      .where("t.period", "=", "2024")
      .orderBy("r.revision", "desc")
      .execute();

  it("shows the difference, and records the file's plan only when the officer names the document", async () => {
    const before = await revenueTarget();
    const plain = await previewImport(t.db, file("report-plan-differs.csv"), { today: CORPUS_TODAY });
    const differs = plain.warnings.find((w) => w.code === "plan_differs");
    expect(differs?.row).toBe(9);
    expect(differs?.message).toContain("23500");
    expect(differs?.message).toContain("23600");
    expect(plain.report?.planRevisions).toEqual([]);

    const answer = { recordPlan: { documentNumber: "125/QĐ-UBND", documentDate: "2024-07-10" } };
    const preview = await previewImport(t.db, file("report-plan-differs.csv"), {
      today: CORPUS_TODAY,
      answers: answer,
    });
    expect(preview.errors).toEqual([]);
    expect(preview.report?.planRevisions).toEqual([
      { row: 9, indicator: "qnam-budget-revenue", orgUnit: "p49", oldValue: "23600", newValue: "23500" },
    ]);
    // a preview writes nothing
    expect(await revenueTarget()).toEqual(before);

    const r = await commitImport(t.db, file("report-plan-differs.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: answer,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe("committed");
    const after = await revenueTarget();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({
      revision: (before[0]?.revision ?? 0) + 1,
      form: "at_least",
      effective_from: "2024-07-10",
      number: "125/QĐ-UBND",
    });
    expect(Number(after[0]?.low)).toBe(23500);
    expect(after[0]?.reason).toContain("report-plan-differs.csv (dòng 9");
    // the plan is never a figure: the batch stored the three 6-month estimates only
    const stored = await t.db
      .selectFrom("observation")
      .select(["period", "value"])
      .where("batch_id", "=", r.batchId as number)
      .execute();
    expect(stored.map((o) => o.period)).toEqual(["2024-H1", "2024-H1", "2024-H1"]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("batch_id", "=", r.batchId as number)
      .where("entity", "in", ["target", "document"])
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "create", entity: "document" },
      { action: "revise", entity: "target" },
    ]);
    await rollbackBatch(t.db, r.batchId as number, ids.statisticianId);
  });

  const inForce = async () =>
    t.db
      .selectFrom("target_current as c")
      .innerJoin("target as t", "t.id", "c.target_id")
      .innerJoin("indicator as i", "i.id", "t.indicator_id")
      .select(["c.revision", "c.low", "c.effective_from"])
      .where("i.code", "=", "qnam-budget-revenue")
      .where("t.period", "=", "2024")
      .executeTakeFirstOrThrow();
  const answer = { recordPlan: { documentNumber: "126/QĐ-UBND", documentDate: "2024-07-12" } };

  it("rolling the upload back removes the revision it recorded: the previous target is in force again, audited", async () => {
    const before = await revenueTarget();
    expect(await inForce()).toMatchObject({ revision: before[0]?.revision });
    expect(Number((await inForce()).low)).toBe(23600);
    const r = await commitImport(t.db, file("report-plan-differs.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: answer,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe("committed");
    const recorded = await t.db
      .selectFrom("target_revision")
      .select(["target_id", "revision", "low", "batch_id"])
      .where("batch_id", "=", r.batchId as number)
      .execute();
    expect(recorded.map((x) => [x.revision, Number(x.low)])).toEqual([
      [(before[0]?.revision ?? 0) + 1, 23500],
    ]);
    expect(Number((await inForce()).low)).toBe(23500);

    const result = await rollbackBatch(t.db, r.batchId as number, ids.statisticianId);
    expect(result).toMatchObject({ batchId: r.batchId, deleted: 3, targetsRestored: 1 });
    // every revision as it was before the upload, the 23.600 of before in force again
    expect(await revenueTarget()).toEqual(before);
    const now = await inForce();
    expect([now.revision, Number(now.low)]).toEqual([before[0]?.revision, 23600]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity", "entity_id", "user_id", "old_value", "new_value"])
      .where("batch_id", "=", r.batchId as number)
      .where("entity", "=", "target")
      .orderBy("id")
      .execute();
    const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;
    expect(audit.map((a) => [a.action, a.entity_id, a.user_id])).toEqual([
      ["revise", String(recorded[0]?.target_id), ids.statisticianId],
      ["rollback", String(recorded[0]?.target_id), ids.statisticianId],
    ]);
    expect(Number(json(audit[1]?.old_value).low)).toBe(23500);
    expect(Number(json(audit[1]?.new_value).low)).toBe(23600);
    expect(json(audit[1]?.new_value).revision).toBe(before[0]?.revision);
    const batch = await t.db
      .selectFrom("import_batch")
      .select("status")
      .where("id", "=", r.batchId as number)
      .executeTakeFirstOrThrow();
    expect(batch.status).toBe("rolled_back");
  });

  it("refuses the rollback, naming the target and changing nothing, when the target was revised again since", async () => {
    const before = await revenueTarget();
    const r = await commitImport(t.db, file("report-plan-differs.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: answer,
    });
    expect(r.status, JSON.stringify(r.errors)).toBe("committed");
    const mine = (before[0]?.revision ?? 0) + 1;
    // an administrator revises the target by hand afterwards: 24.000
    const current = await t.db
      .selectFrom("target_revision")
      .selectAll()
      .where("target_id", "=", before[0]?.target_id as number)
      .where("revision", "=", mine)
      .executeTakeFirstOrThrow();
    const { id: _id, created_at: _at, ...rest } = current;
    await t.db
      .insertInto("target_revision")
      .values({
        ...rest,
        revision: mine + 1,
        low: "24000",
        effective_from: "2024-08-01",
        reason: "Điều chỉnh theo Nghị quyết HĐND",
        created_by: ids.adminId,
        batch_id: null,
      })
      .execute();
    const revisions = await revenueTarget();
    const fingerprint = await databaseFingerprint(t.db);

    const refusal = await rollbackBatch(t.db, r.batchId as number, ids.statisticianId).catch((e) => e);
    expect(refusal).toMatchObject({ code: "conflict" });
    const on = (refusal.vi as string).match(/, ngày (\d{2}\/\d{2}\/\d{4})\)/)?.[1];
    expect(on).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(refusal.vi).toBe(
      `Không thể hoàn tác lần nhập ${r.batchId}: chỉ tiêu kế hoạch "Thu ngân sách trên địa bàn" (qnam-budget-revenue) của Tỉnh Quảng Nam, năm 2024, mà lần nhập này đã điều chỉnh theo cột kế hoạch (lần điều chỉnh ${mine}), đã được điều chỉnh tiếp (lần điều chỉnh ${mine + 1}, Admin, ngày ${on}). Hoàn tác sẽ xóa mức mà lần điều chỉnh sau dựa vào; hãy điều chỉnh chỉ tiêu trong mục Quản trị nếu cần.`,
    );
    expect(refusal.en).toBe(
      `Cannot roll back batch ${r.batchId}: the target "Thu ngân sách trên địa bàn" (qnam-budget-revenue) of Tỉnh Quảng Nam, 2024, which this batch revised from its plan column (revision ${mine}), was revised again since (revision ${mine + 1}, by Admin, on ${on}). Rolling back would remove the amount the later revision was made on; revise the target in Administration if needed.`,
    );
    // nothing changed: the figures, the batch, the audit, every revision, the 24.000 in force
    expect(await databaseFingerprint(t.db)).toBe(fingerprint);
    expect(await revenueTarget()).toEqual(revisions);
    expect(Number((await inForce()).low)).toBe(24000);

    // the hand revision withdrawn, the rollback goes through and the target is as before the upload
    await t.db
      .deleteFrom("target_revision")
      .where("target_id", "=", before[0]?.target_id as number)
      .where("revision", "=", mine + 1)
      .execute();
    expect((await rollbackBatch(t.db, r.batchId as number, ids.statisticianId)).targetsRestored).toBe(1);
    expect(await revenueTarget()).toEqual(before);
    expect(Number((await inForce()).low)).toBe(23600);
  });

  it("refuses, writing nothing, when the date is missing", async () => {
    const before = await databaseFingerprint(t.db);
    const r = await commitImport(t.db, file("report-plan-differs.csv"), {
      today: CORPUS_TODAY,
      userId: ids.statisticianId,
      answers: { recordPlan: { documentNumber: "125/QĐ-UBND", documentDate: "" } },
    });
    expect(r.status).toBe("rejected");
    expect(r.errors.map((e) => e.code)).toEqual(["plan_not_recordable"]);
    expect(await databaseFingerprint(t.db)).toBe(before);
  });
});

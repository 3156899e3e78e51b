import { observationHistory, openDatabase } from "@chitieu/storage";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatch, listBatches, rollbackBatch } from "./batches.ts";
import { commitImport, previewImport } from "./import-service.ts";
import { ImportError } from "./problems.ts";
import { checkReferencesAsSet, createStage } from "./staging.ts";
import { buildTemplate } from "./template.ts";
import { CORPUS_TODAY, type CorpusIds, databaseFingerprint, seedCorpusCatalog } from "./test-support.ts";

let t: TestDatabase;
let ids: CorpusIds;
const today = CORPUS_TODAY;
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const H = "Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị,Trạng thái\n";

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
});

afterAll(async () => {
  await t?.drop();
});

describe(`import service on ${testEngine()}`, () => {
  it("previews without writing: sample rows with what each would do", async () => {
    const before = await databaseFingerprint(t.db);
    const r = await previewImport(
      t.db,
      file(
        "p.csv",
        `${H}qnam-budget-revenue,p49,Tháng 5/2024,1000,chính thức\nqnam-budget-revenue,p49,Tháng 4/2024,900,\n`,
      ),
      { today },
    );
    expect(r.status).toBe("preview");
    expect(r.sample.map((s) => [s.row, s.period, s.outcome])).toEqual([
      [2, "2024-05", "unchanged"],
      [3, "2024-04", "new"],
    ]);
    expect(await databaseFingerprint(t.db)).toBe(before);
  });

  it("keeps revision history, audits old/new, and refuses to roll back a batch revised by a later one", async () => {
    const key = {
      indicatorId: ids.indicator["qnam-budget-revenue"] as number,
      orgUnitId: ids.orgUnit.vn as number,
      period: "2021-03",
      basis: "period" as const,
    };
    const a = await commitImport(t.db, file("a.csv", `${H}qnam-budget-revenue,vn,Tháng 3/2021,100,sơ bộ\n`), {
      today,
      userId: ids.adminId,
    });
    const b = await commitImport(
      t.db,
      file("b.csv", `${H}qnam-budget-revenue,vn,Tháng 3/2021,120,chính thức\n`),
      { today, userId: ids.adminId },
    );
    expect(b.rows).toMatchObject({ revised: 1 });
    expect(
      (await observationHistory(t.db, key)).map((h) => [h.value, h.superseded_at === null, h.batch_id]),
    ).toEqual([
      ["120", true, b.batchId],
      ["100", false, a.batchId],
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "old_value", "new_value"])
      .where("batch_id", "=", b.batchId)
      .where("entity", "=", "observation")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "revise",
      old_value: { value: "100", status: "preliminary" },
      new_value: { value: "120", status: "official" },
    });

    await expect(rollbackBatch(t.db, a.batchId as number, ids.adminId)).rejects.toMatchObject({
      name: "ImportError",
      code: "conflict",
    });
    await rollbackBatch(t.db, b.batchId as number, ids.adminId);
    expect((await observationHistory(t.db, key)).map((h) => [h.value, h.superseded_at === null])).toEqual([
      ["100", true],
    ]);
    await rollbackBatch(t.db, a.batchId as number, ids.adminId);
    expect(await observationHistory(t.db, key)).toEqual([]);
    const batches = await listBatches(t.db, { status: "rolled_back" });
    expect(batches.map((x) => x.id)).toEqual(expect.arrayContaining([a.batchId, b.batchId]));
    expect((await getBatch(t.db, a.batchId as number))?.rolled_back_by).toBe(ids.adminId);
  });

  it("records a batch for an upload that changes nothing, with no observation of its own", async () => {
    const r = await commitImport(
      t.db,
      file("same.csv", `${H}qnam-budget-revenue,p49,Tháng 5/2024,1000,chính thức\n`),
      { today },
    );
    expect(r).toMatchObject({ status: "committed", rows: { total: 1, new: 0, revised: 0, unchanged: 1 } });
    const own = await t.db.selectFrom("observation").select("id").where("batch_id", "=", r.batchId).execute();
    expect(own).toEqual([]);
    await rollbackBatch(t.db, r.batchId as number, null);
  });

  it("refuses a file over the size limit before reading it", async () => {
    await expect(
      commitImport(t.db, file("big.csv", "x".repeat(2000)), { maxBytes: 1000 }),
    ).rejects.toBeInstanceOf(ImportError);
  });

  it("honours encoding, delimiter and layout overrides and reports them", async () => {
    const latin = new TextEncoder().encode("Mã chỉ tiêu|Đơn vị\n");
    const r = await previewImport(
      t.db,
      { name: "x.csv", bytes: latin },
      { encoding: "utf-8", delimiter: ";", layout: "long", today },
    );
    expect(r.detected).toMatchObject({ encoding: "utf-8", delimiter: ";", layout: null });
    expect(r.errors.map((e) => e.code)).toEqual(["unknown_layout"]);
  });

  it("builds templates the importer reads back without error", async () => {
    for (const layout of ["long", "wide"] as const) {
      for (const format of ["csv", "xlsx"] as const) {
        const tpl = await buildTemplate(t.db, layout, format, () => true, { year: 2024 });
        const r = await previewImport(t.db, { name: tpl.fileName, bytes: tpl.bytes }, { today });
        expect(r.errors, `${layout}.${format}`).toEqual([]);
        expect(r.detected.layout).toBe(layout);
      }
    }
  });

  it("keeps a note exactly as written, tabs, line breaks and backslashes included", async () => {
    const note = 'Ước tính\tsơ bộ\ndòng 2 C:\\số-liệu\\ "trích"';
    const csv = `${H.trimEnd()},Ghi chú\nqnam-budget-revenue,p49,Tháng 9/2024,123.4,ước tính,"${note.replace(/"/g, '""')}"\n`;
    const r = await commitImport(t.db, file("note.csv", csv), { today });
    expect(r.errors).toEqual([]);
    expect(r.status).toBe("committed");
    const row = await t.db
      .selectFrom("observation")
      .select(["note", "value"])
      .where("batch_id", "=", r.batchId as number)
      .executeTakeFirstOrThrow();
    expect(row.note).toBe(note);
    expect(String(row.value)).toBe("123.4");
  });

  it("reads a value written before the file shows its convention in the convention of the whole file", async () => {
    // "7.500" alone could be 7,5 or 7.500 (seven thousand five hundred); the row after it says the
    // file writes decimals with a dot: 7.500 is seven and a half (stored as written, not 7500)
    const csv = `${H}qnam-budget-revenue,p49,Tháng 1/2024,7.500,chính thức\nqnam-budget-revenue,p49,Tháng 2/2024,1234.5,chính thức\n`;
    const r = await previewImport(t.db, file("late.csv", csv), { today, largeJumpThreshold: null });
    expect(r.errors).toEqual([]);
    expect(r.detected.numberConvention).toBe("dot_decimal");
    expect(r.sample.map((s) => [s.row, s.period, s.value])).toEqual([
      [2, "2024-01", "7.500"],
      [3, "2024-02", "1234.5"],
    ]);
  });

  it("reads a value written after the evidence of the file's convention in that convention", async () => {
    const early = `${H}qnam-budget-revenue,p49,Tháng 2/2024,1234.5,chính thức\nqnam-budget-revenue,p49,Tháng 1/2024,7.500,chính thức\n`;
    const e = await previewImport(t.db, file("early.csv", early), { today, largeJumpThreshold: null });
    expect(e.errors).toEqual([]);
    expect(e.sample.map((s) => [s.row, s.value])).toEqual([
      [2, "1234.5"],
      [3, "7.500"],
    ]);
  });

  it("asks about a value readable two ways when the file's values contradict each other", async () => {
    const early = `${H}qnam-budget-revenue,p49,Tháng 2/2024,1234.5,chính thức\nqnam-budget-revenue,p49,Tháng 1/2024,7.500,chính thức\n`;
    // contradicting evidence: the whole file's convention is unknown, "7.500" is ambiguous
    const both = `${early}qnam-budget-revenue,p49,Tháng 3/2024,"1.234,5",chính thức\n`;
    const b = await previewImport(t.db, file("both.csv", both), { today, largeJumpThreshold: null });
    expect(b.detected.numberConvention).toBe("unknown");
    expect(b.errors.map((p) => [p.row, p.code])).toEqual([[3, "ambiguous_number"]]);
  });

  it("refuses to write when a record names a catalog row that no longer exists", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await createStage(trx);
        await sql`insert into import_stage (row_no, col_no, indicator_id, org_unit_id, period, period_start,
            period_end, basis, value, status)
          values (2, 3, ${ids.indicator["qnam-budget-revenue"]}, 999999, '2024-06', '2024-06-01', '2024-06-30',
            'period', 1, 'official')`.execute(trx);
        // the tests connect as a superuser: the set-based check runs
        await checkReferencesAsSet(trx, null);
      }),
    ).rejects.toThrow("org_unit 999999 no longer exists");
  });
});

describe.runIf(testEngine() === "postgres")("import by a role that may not turn row triggers off", () => {
  const role = `chitieu_plain_${process.pid}`;
  let plain: Awaited<ReturnType<typeof openDatabase>> | null = null;

  afterAll(async () => {
    await plain?.close();
    await sql.raw(`drop owned by ${role}`).execute(t.db);
    await sql.raw(`drop role if exists ${role}`).execute(t.db);
  });

  it("commits the same rows with the per-row foreign keys", async () => {
    await sql.raw(`create role ${role} login nosuperuser`).execute(t.db);
    for (const g of [
      `grant usage, create on schema public to ${role}`,
      `grant all on all tables in schema public to ${role}`,
      `grant all on all sequences in schema public to ${role}`,
    ])
      await sql.raw(g).execute(t.db);
    const url = new URL(t.url as string);
    url.username = role;
    plain = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    const csv = `${H}qnam-budget-revenue,p49,Tháng 7/2024,500,chính thức\nqnam-budget-revenue,p49,Tháng 8/2024,510,chính thức\n`;
    const r = await commitImport(plain.db, file("plain.csv", csv), { today });
    expect(r.errors).toEqual([]);
    expect(r.status).toBe("committed");
    expect(r.rows).toMatchObject({ total: 2, new: 2, invalid: 0 });
    const n = await t.db
      .selectFrom("observation")
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("batch_id", "=", r.batchId as number)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });
});

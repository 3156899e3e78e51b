import fs from "node:fs";
import path from "node:path";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { resolveAgencies } from "@chitieu/storage";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The seed catalog as the task tracker sees it: every task has a deadline it can judge or a
// review flag, and every lead/support cell resolves to the agencies the catalog curated.

const seeds = path.resolve(import.meta.dirname, "../../data/sources/seeds");
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
});
afterAll(async () => {
  await t?.drop();
});

describe(`the seed tasks on ${testEngine()}`, () => {
  it("every task has a structured deadline or a review flag", async () => {
    const rows = await t.db
      .selectFrom("task as k")
      .leftJoin("task_deadline_current as d", "d.task_id", "k.id")
      .select(["k.code", "d.kind", "d.due_date", "d.recurrence", "d.window_from", "d.review_code"])
      .execute();
    // a task a later document restates whole is the earlier task (task_restatements.csv)
    const catalog = readCatalog();
    const whole = catalog.taskRestatements.filter((r) => r.scope === "whole");
    expect(rows.length).toBe(catalog.tasks.length - whole.length);
    for (const r of rows) {
      expect(r.kind, r.code).not.toBeNull();
      const structured =
        (r.kind === "date" && r.due_date !== null) ||
        (r.kind === "recurring" && r.recurrence !== null) ||
        r.kind === "window";
      expect(structured || r.review_code !== null, r.code).toBe(true);
    }
  });

  it("lists the review flags, each checked against the source text", async () => {
    const flagged = await t.db
      .selectFrom("task as k")
      .innerJoin("task_deadline_current as d", "d.task_id", "k.id")
      .innerJoin("document as doc", "doc.id", "k.document_id")
      .select(["k.code", "k.quote", "d.deadline_text", "d.review_code", "doc.code as doc", "doc.source_file"])
      .where("d.review_code", "is not", null)
      .orderBy("k.code")
      .execute();
    const text = new Map<string, string>();
    const source = (file: string) => {
      if (!text.has(file)) text.set(file, fs.readFileSync(path.join(seeds, file), "utf8").normalize("NFC"));
      return text.get(file) as string;
    };
    // everything but "no deadline written": read by hand in the source
    const notMissing = flagged
      .filter((f) => f.review_code !== "missing")
      .map((f) => [f.code, f.deadline_text, f.review_code]);
    // (CV 1468's "hoàn thành, tham mưu UBND tỉnh trước ngày 30/4/2024" is read whole: 30/4/2024)
    expect(notMissing).toEqual([
      // KH 124/KH-UBND of 04/8/2022: "Năm 2002" is a typo for a year of the plan
      ["kh124-13", "Năm 2002", "implausible_year"],
    ]);
    for (const f of flagged) {
      expect(f.source_file, f.code).not.toBeNull();
      const src = source(f.source_file as string);
      if (f.review_code === "missing") expect(f.deadline_text ?? "", f.code).toBe("");
      else expect(src.includes(f.deadline_text as string), `${f.code}: ${f.deadline_text}`).toBe(true);
      expect(src.includes(f.quote as string), `${f.code}: quote`).toBe(true);
    }
    // a task whose text gives no deadline takes its document's horizon, marked as inferred
    expect(flagged.filter((x) => x.review_code === "missing")).toEqual([]);
    const inherited = await t.db
      .selectFrom("task as k")
      .innerJoin("task_deadline_current as d", "d.task_id", "k.id")
      .innerJoin("document as doc", "doc.id", "k.document_id")
      .select(["doc.code as doc", "d.due_date", "d.provenance"])
      .where("d.provenance", "=", "inferred")
      .execute();
    const inheritedByDoc: Record<string, number> = {};
    for (const f of inherited) inheritedByDoc[f.doc] = (inheritedByDoc[f.doc] ?? 0) + 1;
    const blankInCatalog: Record<string, number> = {};
    // the deadline in force of a restated task is the restating document's
    const restated = readCatalog().taskRestatements;
    const notOwn = new Set(
      restated.flatMap((r) => (r.scope === "whole" ? [r.later_task_code, r.task_code] : [r.task_code])),
    );
    for (const k of readCatalog().tasks.filter((x) => !x.deadline_text && !notOwn.has(x.code)))
      blankInCatalog[k.document_code] = (blankInCatalog[k.document_code] ?? 0) + 1;
    expect(inheritedByDoc).toEqual(blankInCatalog);
    expect(
      new Set(inherited.filter((f) => f.doc === "qng-kh-214-2024").map((f) => String(f.due_date))),
    ).toEqual(new Set(["2030-12-31"]));
  });

  it("resolves every lead and support cell to the agencies the catalog curated", async () => {
    const catalog = readCatalog();
    const unitOfDoc = new Map(
      (
        await t.db
          .selectFrom("document as d")
          .innerJoin("org_unit as u", "u.id", "d.org_unit_id")
          .select(["d.code", "u.id"])
          .execute()
      ).map((r) => [r.code, r.id]),
    );
    const curated = new Map<string, string[]>();
    for (const ta of catalog.taskAgencies) {
      const key = `${ta.task_code}/${ta.role}`;
      curated.set(key, [...(curated.get(key) ?? []), `${ta.agency_code}${ta.part ? ` [${ta.part}]` : ""}`]);
    }
    const differences: string[] = [];
    for (const task of catalog.tasks) {
      for (const role of ["lead", "support"] as const) {
        const cell = role === "lead" ? task.lead_text : task.support_text;
        const got = await resolveAgencies(t.db, cell, unitOfDoc.get(task.document_code) as number);
        const mine = got.matches.map((m) => `${m.code}${m.part ? ` [${m.part}]` : ""}`).sort();
        const want = [...(curated.get(`${task.code}/${role}`) ?? [])].sort();
        if (JSON.stringify(mine) !== JSON.stringify(want) || got.unresolved.length > 0)
          differences.push(
            `${task.code}/${role}: ${JSON.stringify(cell)} → ${JSON.stringify(mine)} unresolved ${JSON.stringify(
              got.unresolved.map((u) => u.text),
            )}; curated ${JSON.stringify(want)}`,
          );
      }
    }
    expect(differences).toEqual(KNOWN_DIFFERENCES);
  });
});

// Where the resolver stops short of the curated reading, on purpose: the alias table knows
// "các cơ quan, đơn vị, địa phương" (every body of the province) and "chủ đầu tư", but not
// "chủ đầu tư trên địa bàn tỉnh"; the curator read the cell as three groups, the resolver keeps
// the known group and hands the rest back as unresolved rather than guess.
const KNOWN_DIFFERENCES: string[] = [
  'cv1468-05a-quan-ly-du-an-dau-tu-cong/lead: "các cơ quan, đơn vị, địa phương, chủ đầu tư trên địa bàn tỉnh" → ["qng-grp-tat-ca"] unresolved ["chủ đầu tư trên địa bàn tỉnh"]; curated ["qng-grp-chu-dau-tu","qng-grp-so-ban-nganh","qng-grp-ubnd-cap-huyen"]',
];

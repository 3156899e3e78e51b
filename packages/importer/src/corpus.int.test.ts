import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollbackBatch } from "./batches.ts";
import { commitImport, type ImportOptions } from "./import-service.ts";
import {
  CORPUS_DIR,
  CORPUS_TODAY,
  type CorpusIds,
  corpusCanWrite,
  currentState,
  databaseFingerprint,
  generateLongCsv,
  seedCorpusCatalog,
} from "./test-support.ts";

// Every file of test/fixtures/imports against its <name>.expected.json. A rejected file must
// leave the database exactly as it was; an accepted one is committed, checked, rolled back, and
// must leave the current figures exactly as they were.

interface Place {
  row: number | null;
  col: string | null;
  code: string;
}
interface Figure {
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  value: string;
  status: string;
}
interface Expected {
  options?: Partial<ImportOptions>;
  status: "committed" | "rejected";
  rows?: Record<string, number>;
  errors: Place[];
  warnings: Place[];
  detected?: Record<string, unknown>;
  /** the Vietnamese message of the warning on a row */
  messages?: Record<string, string>;
  /** every revision as old → new */
  revisions?: Record<string, string>[];
  /** exactly what the batch stored: values (trailing zeros trimmed), units as the catalog keeps them, statuses, spans */
  stored?: Figure[];
  /** current figures of these keys once committed (an official figure kept, a revision in another basis) */
  currentAfter?: Figure[];
}

const trim = (v: string) => (v.includes(".") ? v.replace(/0+$/, "").replace(/\.$/, "") : v);
const byKey = (a: Figure, b: Figure) =>
  `${a.indicator}|${a.orgUnit}|${a.period}|${a.basis}`.localeCompare(
    `${b.indicator}|${b.orgUnit}|${b.period}|${b.basis}`,
  );

async function figures(where: { batchId: number } | { keys: Figure[] }): Promise<Figure[]> {
  let q = t.db
    .selectFrom("observation as o")
    .innerJoin("indicator as i", "i.id", "o.indicator_id")
    .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
    .select(["i.code as indicator", "u.code as orgUnit", "o.period", "o.basis", "o.value", "o.status"]);
  if ("batchId" in where) q = q.where("o.batch_id", "=", where.batchId);
  else
    q = q
      .where("o.superseded_at", "is", null)
      .where((eb) =>
        eb.or(
          where.keys.map((k) =>
            eb.and([
              eb("i.code", "=", k.indicator),
              eb("u.code", "=", k.orgUnit),
              eb("o.period", "=", k.period),
              eb("o.basis", "=", k.basis as "period" | "ytd"),
            ]),
          ),
        ),
      );
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, value: trim(r.value) })).sort(byKey);
}

const files = fs
  .readdirSync(CORPUS_DIR)
  .filter((f) => /\.(csv|tsv|xlsx)$/.test(f))
  .sort();

let t: TestDatabase;
let ids: CorpusIds;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
});

afterAll(async () => {
  await t?.drop();
});

const places = (list: { row: number | null; column_letter: string | null; code: string }[]) =>
  list.map((p) => ({ row: p.row, col: p.column_letter, code: p.code }));

describe(`import corpus on ${testEngine()}`, () => {
  it("holds at least 40 files, each with its expected outcome", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const f of files) expect(fs.existsSync(path.join(CORPUS_DIR, `${f}.expected.json`)), f).toBe(true);
  });

  it.each(files)("%s", async (file) => {
    const expected = JSON.parse(
      fs.readFileSync(path.join(CORPUS_DIR, `${file}.expected.json`), "utf8"),
    ) as Expected;
    const before = await databaseFingerprint(t.db);
    const beforeState = await currentState(t.db);
    const result = await commitImport(
      t.db,
      { name: file, path: path.join(CORPUS_DIR, file) },
      { today: CORPUS_TODAY, canWrite: corpusCanWrite(ids), userId: ids.statisticianId, ...expected.options },
    );
    if (process.env.UPDATE_CORPUS_WARNINGS === "1") {
      // a maintainer's tool: rewrites the expected warnings after a deliberate change of the rules
      // (review the diff: every added or removed warning must be meant)
      const file2 = path.join(CORPUS_DIR, `${file}.expected.json`);
      const json = JSON.parse(fs.readFileSync(file2, "utf8"));
      json.warnings = places(result.warnings);
      fs.writeFileSync(file2, `${JSON.stringify(json, null, 2)}\n`);
      expected.warnings = json.warnings;
    }
    expect(places(result.errors)).toEqual(expected.errors);
    expect(places(result.warnings)).toEqual(expected.warnings);
    for (const [row, message] of Object.entries(expected.messages ?? {}))
      expect(result.warnings.find((w) => w.row === Number(row))?.message).toBe(message);
    if (expected.revisions)
      expect(
        result.revisions.map((r) => ({
          indicator: r.indicator,
          orgUnit: r.orgUnit,
          period: r.period,
          basis: r.basis,
          oldValue: trim(r.oldValue),
          newValue: trim(r.newValue),
          oldStatus: r.oldStatus,
          newStatus: r.newStatus,
        })),
      ).toEqual(expected.revisions);
    expect(result.status).toBe(expected.status);
    if (expected.rows) expect(result.rows).toMatchObject(expected.rows);
    if (expected.detected) expect(result.detected).toMatchObject(expected.detected);
    for (const p of [...result.errors, ...result.warnings]) {
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.message_en.length).toBeGreaterThan(0);
    }
    if (expected.status === "rejected") {
      expect(result.batchId).toBeNull();
      expect(await databaseFingerprint(t.db)).toBe(before);
      return;
    }
    expect(result.batchId).not.toBeNull();
    const batch = await t.db
      .selectFrom("import_batch")
      .selectAll()
      .where("id", "=", result.batchId as number)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      file_name: file,
      file_hash: result.fileHash,
      rows_new: result.rows.new,
      rows_revised: result.rows.revised,
    });
    if (process.env.UPDATE_CORPUS_STORED === "1" && !expected.stored) {
      // a maintainer's tool: writes what a file stored where its expectation lists nothing yet
      // (review each against the file: the exact values, the indicator's unit, statuses, spans)
      const file2 = path.join(CORPUS_DIR, `${file}.expected.json`);
      const json = JSON.parse(fs.readFileSync(file2, "utf8"));
      json.stored = await figures({ batchId: result.batchId as number });
      fs.writeFileSync(file2, `${JSON.stringify(json, null, 2)}\n`);
      expected.stored = json.stored;
    }
    if (expected.stored)
      expect(await figures({ batchId: result.batchId as number })).toEqual(expected.stored);
    if (expected.currentAfter)
      expect(await figures({ keys: expected.currentAfter })).toEqual([...expected.currentAfter].sort(byKey));
    await rollbackBatch(t.db, result.batchId as number, ids.statisticianId);
    expect(await currentState(t.db)).toBe(beforeState);
  });
});

describe(`large files on ${testEngine()}`, () => {
  it("reports all 300 errors of a 2,000-row file with the right rows, and writes nothing", async () => {
    const badRows = new Set<number>();
    for (let k = 0; badRows.size < 300; k++) badRows.add((k * 7919) % 2000);
    const csv = generateLongCsv(2000, ["p48", "vn"], { bad: (i) => badRows.has(i) });
    const before = await databaseFingerprint(t.db);
    const result = await commitImport(
      t.db,
      { name: "big.csv", bytes: new TextEncoder().encode(csv) },
      { today: CORPUS_TODAY },
    );
    expect(result.status).toBe("rejected");
    expect(result.errorCount).toBe(300);
    expect(result.errors).toHaveLength(300);
    // data row i is spreadsheet row i + 2 (the header is row 1)
    expect(result.errors.map((e) => e.row)).toEqual([...badRows].sort((a, b) => a - b).map((i) => i + 2));
    expect(new Set(result.errors.map((e) => `${e.code}:${e.column_letter}`))).toEqual(
      new Set(["not_a_number:D"]),
    );
    expect(result.rows).toMatchObject({ total: 2000, invalid: 300 });
    expect(await databaseFingerprint(t.db)).toBe(before);
  });

  it("imports a generated 30,000-row file, then the same file again changes nothing", async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "chitieu-import-"));
    const file = path.join(dir, "generated.csv");
    fs.writeFileSync(file, generateLongCsv(30_000, ["p48", "vn", "x-tam-thanh-tk"]));
    try {
      const phases = new Set<string>();
      const first = await commitImport(
        t.db,
        { name: "generated.csv", path: file },
        {
          today: CORPUS_TODAY,
          sampleSize: 5,
          largeJumpThreshold: null,
          onProgress: (p) => phases.add(p.phase),
        },
      );
      expect(first.errors).toEqual([]);
      expect(first.rows).toMatchObject({ total: 30_000, new: 30_000 });
      expect(first.sample).toHaveLength(5);
      expect([...phases]).toEqual(expect.arrayContaining(["scan", "validate", "compare", "write", "done"]));
      const again = await commitImport(
        t.db,
        { name: "generated.csv", path: file },
        { today: CORPUS_TODAY, largeJumpThreshold: null },
      );
      expect(again.rows).toMatchObject({ total: 30_000, new: 0, revised: 0, unchanged: 30_000 });
      expect(again.duplicateOf).toBe(first.batchId);
      const count = await t.db
        .selectFrom("observation")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("batch_id", "=", again.batchId as number)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
      await rollbackBatch(t.db, again.batchId as number, null);
      await rollbackBatch(t.db, first.batchId as number, null);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

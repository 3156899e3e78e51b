import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollbackBatch } from "./batches.ts";
import { commitImport } from "./import-service.ts";
import { CORPUS_TODAY, type CorpusIds, databaseFingerprint, seedCorpusCatalog } from "./test-support.ts";

// On PostgreSQL a commit writes a file's records straight into `observation` as it reads them and
// falls back to the staged write when a record revises, repeats or matches a current figure
// (issue #19 item 3); PGlite always stages. Whichever way, the user sees the same outcome: the
// same counts, the same warnings and errors at the same cells, the same figures current, each
// stored with the cell it came from. These files are written the way an office types them (a
// "Lũy kế" column, Vietnamese period names, a decimal comma), years 2017–2019, which the seeded
// catalog holds no figure for.

let t: TestDatabase;
let ids: CorpusIds;
const today = CORPUS_TODAY;
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const H = "Mã chỉ tiêu;Đơn vị;Kỳ;Lũy kế;Giá trị;Trạng thái\n";

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
});

afterAll(async () => {
  await t?.drop();
});

async function stored(batchId: number | null) {
  const r = await sql<{
    period: string;
    basis: string;
    value: string;
    current: boolean;
    row: number;
    col: number;
  }>`
    select o.period, o.basis, o.value::text as value, o.superseded_at is null as current,
      o.source_row as row, o.source_col as col
    from observation o where o.batch_id = ${batchId} order by o.source_row, o.source_col`.execute(t.db);
  return r.rows.map((x) => [x.period, x.basis, x.value, x.current, x.row, x.col]);
}

const at = (list: { code: string; row: number | null; column_letter: string | null }[], code: string) =>
  list.filter((p) => p.code === code).map((p) => [p.row, p.column_letter]);

describe(`the write of a commit on ${testEngine()}`, () => {
  it("stores a first upload with the cell of each figure, and warns of a jump at its cell", async () => {
    const r = await commitImport(
      t.db,
      file(
        "dau-tien.csv",
        `${H}qnam-budget-revenue;vn;Tháng 3/2017;;100;chính thức\n` +
          `qnam-budget-revenue;vn;Tháng 3/2018;;300,5;chính thức\n` +
          `qnam-budget-revenue;p49;Tháng 3/2018;;50;sơ bộ\n`,
      ),
      { today, userId: ids.statisticianId },
    );
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "committed", rows: { total: 3, new: 3, revised: 0, unchanged: 0 } });
    // 300,5 against 100 in March of the year before: a jump, at row 3, column E (Giá trị)
    expect(at(r.warnings, "large_jump")).toEqual([[3, "E"]]);
    expect(await stored(r.batchId)).toEqual([
      ["2017-03", "period", "100", true, 2, 4],
      ["2018-03", "period", "300.5", true, 3, 4],
      ["2018-03", "period", "50", true, 4, 4],
    ]);
    const batch = await t.db
      .selectFrom("import_batch")
      .selectAll()
      .where("id", "=", r.batchId as number)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ rows_total: 3, rows_new: 3, rows_revised: 0, status: "committed" });
    expect(r.duplicateOf).toBeNull();
  });

  it("revises a figure of the same period code, and names the cell that revises an official one", async () => {
    const r = await commitImport(
      t.db,
      file(
        "sua.csv",
        `${H}qnam-budget-revenue;vn;Tháng 3/2018;;310;chính thức\nqnam-budget-revenue;p49;Tháng 4/2018;;60;sơ bộ\n`,
      ),
      { today, userId: ids.statisticianId },
    );
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "committed", rows: { total: 2, new: 1, revised: 1 } });
    expect(at(r.warnings, "revises_official")).toEqual([[2, "E"]]);
    expect(r.revisions.map((v) => [v.row, v.oldValue, v.newValue])).toEqual([[2, "300.5", "310"]]);
    expect(await stored(r.batchId)).toEqual([
      ["2018-03", "period", "310", true, 2, 4],
      ["2018-04", "period", "60", true, 3, 4],
    ]);
  });

  it("revises a figure of the same months written another way (Quý I, then Tháng 3 lũy kế)", async () => {
    const q1 = await commitImport(
      t.db,
      file("quy.csv", `${H}qnam-budget-revenue;p48;Quý I/2019;;700;sơ bộ\n`),
      { today, userId: ids.statisticianId },
    );
    expect(q1).toMatchObject({ status: "committed", rows: { new: 1 } });
    const ytd = await commitImport(
      t.db,
      file("luy-ke.csv", `${H}qnam-budget-revenue;p48;Tháng 3/2019;lũy kế;750;sơ bộ\n`),
      { today, userId: ids.statisticianId },
    );
    expect(ytd.errors).toEqual([]);
    expect(ytd).toMatchObject({ status: "committed", rows: { total: 1, new: 0, revised: 1 } });
    expect(await stored(ytd.batchId)).toEqual([["2019-03", "ytd", "750", true, 2, 4]]);
    expect(await stored(q1.batchId)).toEqual([["2019-Q1", "period", "700", false, 2, 4]]);
  });

  it("refuses a figure written twice in one file, the same way or another, with both rows; writes nothing", async () => {
    const before = await databaseFingerprint(t.db);
    const same = await commitImport(
      t.db,
      file(
        "hai-lan.csv",
        `${H}qnam-budget-revenue;vn;Tháng 5/2017;;1;chính thức\n` +
          `qnam-budget-revenue;vn;Tháng 6/2017;;2;chính thức\n` +
          `qnam-budget-revenue;vn;Tháng 5/2017;;3;chính thức\n`,
      ),
      { today, userId: ids.statisticianId },
    );
    expect(same.status).toBe("rejected");
    expect(same.batchId).toBeNull();
    expect(at(same.errors, "duplicate_key")).toEqual([
      [2, "E"],
      [4, "E"],
    ]);
    const twoWays = await commitImport(
      t.db,
      file(
        "hai-cach.csv",
        `${H}qnam-budget-revenue;vn;Quý I/2017;;9;chính thức\nqnam-budget-revenue;vn;Tháng 3/2017;lũy kế;9;chính thức\n`,
      ),
      { today, userId: ids.statisticianId },
    );
    expect(twoWays.status).toBe("rejected");
    expect(at(twoWays.errors, "duplicate_key")).toEqual([
      [2, "E"],
      [3, "E"],
    ]);
    expect(await databaseFingerprint(t.db)).toBe(before);
  });

  it("rolls back a first upload: its figures leave, the batch says rolled back", async () => {
    const r = await commitImport(
      t.db,
      file("lui.csv", `${H}qnam-budget-revenue;p49;Tháng 7/2017;;11;chính thức\n`),
      { today, userId: ids.statisticianId },
    );
    expect(r).toMatchObject({ status: "committed", rows: { new: 1 } });
    expect(await stored(r.batchId)).toEqual([["2017-07", "period", "11", true, 2, 4]]);
    await rollbackBatch(t.db, r.batchId as number, ids.adminId);
    expect(await stored(r.batchId)).toEqual([]);
    const batch = await t.db
      .selectFrom("import_batch")
      .select("status")
      .where("id", "=", r.batchId as number)
      .executeTakeFirstOrThrow();
    expect(batch.status).toBe("rolled_back");
  });
});

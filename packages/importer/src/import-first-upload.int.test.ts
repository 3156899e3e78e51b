import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitImport } from "./import-service.ts";
import { CORPUS_TODAY, type CorpusIds, databaseFingerprint, seedCorpusCatalog } from "./test-support.ts";

// A first upload: the database holds no current figure of the file's indicators, so on
// PostgreSQL the file is written as it is read and judged within itself, in memory (issue #19:
// `InFileFigures`), where PGlite stages it and judges it in SQL. The user must see the same thing
// either way. The expected warnings below are worked out by hand from the figures (the oracle
// shares no code with the importer); the files are typed as an office types them (semicolons,
// decimal commas, "Tháng 3/2017", "Năm 2018", a "Lũy kế" column), and not in date order: a
// figure's comparator may come after it in the file.

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

/** Nothing current of these indicators before the upload: a precondition of the in-memory path. */
async function currentFigures(...codes: string[]) {
  const r = await sql<{ n: number }>`select count(*)::int as n from observation
    where superseded_at is null and indicator_id = any(${codes.map((c) => ids.indicator[c])}::int[])`.execute(
    t.db,
  );
  return r.rows[0]?.n;
}

const jumps = (list: { code: string; row: number | null; column_letter: string | null; message: string }[]) =>
  list.filter((p) => p.code === "large_jump").map((p) => [p.row, p.column_letter, p.message]);

describe(`a first upload on ${testEngine()}`, () => {
  it("judges each figure against the file's own figure a year before, else the period before, found wherever it stands", async () => {
    expect(await currentFigures("qnam-budget-domestic", "qnam-forest-cover")).toBe(0);
    const r = await commitImport(
      t.db,
      file(
        "lan-dau.csv",
        H +
          // row 2: 100 against Tháng 12/2016 (10, row 10, further down): +900 %
          "qnam-budget-domestic;p49;Tháng 1/2017;;100;chính thức\n" +
          // row 3: 160 against January (100), no February 2016: +60 %
          "qnam-budget-domestic;p49;Tháng 2/2017;;160;chính thức\n" +
          // row 4: 240 against 160: exactly +50 %, not more than 50 %
          "qnam-budget-domestic;p49;Tháng 3/2017;;240;chính thức\n" +
          // row 5: 150 against January 2017 (100): exactly +50 %
          "qnam-budget-domestic;p49;Tháng 1/2018;;150;chính thức\n" +
          // row 6: 240,1 against February 2017 (160): +50,0625 %, shown +50,1 %
          "qnam-budget-domestic;p49;Tháng 2/2018;;240,1;chính thức\n" +
          // row 7: 100 against March 2017 (240): −58,33 %
          "qnam-budget-domestic;p49;Tháng 3/2018;;100;chính thức\n" +
          // row 8: 0 against March 2018 (100), no April 2017: −100 %
          "qnam-budget-domestic;p49;Tháng 4/2018;;0;chính thức\n" +
          // row 9: 7 against April 2018 (0): no ratio to a zero, not judged
          "qnam-budget-domestic;p49;Tháng 5/2018;;7;chính thức\n" +
          // row 10: nothing before it in the file
          "qnam-budget-domestic;p49;Tháng 12/2016;;10;chính thức\n" +
          // rows 11–12: year to date: 500 against the same months of 2017 (300): +66,7 %;
          // a year to date has no "period before"
          "qnam-budget-domestic;p49;Tháng 6/2017;lũy kế;300;chính thức\n" +
          "qnam-budget-domestic;p49;Tháng 6/2018;lũy kế;500;chính thức\n" +
          // another unit: the same figures of p49 are not its comparators
          "qnam-budget-domestic;p48;Tháng 2/2018;;1000;chính thức\n" +
          // forest cover in points: +5,08 points is a jump, +5 exactly is not
          "qnam-forest-cover;p49;Năm 2017;;58,92;chính thức\n" +
          "qnam-forest-cover;p49;Năm 2018;;64,0;chính thức\n" +
          "qnam-forest-cover;p49;Năm 2019;;69;chính thức\n",
      ),
      { today, userId: ids.statisticianId },
    );
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "committed", rows: { total: 15, new: 15, revised: 0, unchanged: 0 } });
    expect(jumps(r.warnings)).toEqual([
      [2, "E", 'Giá trị "100" thay đổi +900% (quá 50%) so với kỳ trước (2016-12: 10); hãy kiểm tra lại.'],
      [3, "E", 'Giá trị "160" thay đổi +60% (quá 50%) so với kỳ trước (2017-01: 100); hãy kiểm tra lại.'],
      [
        6,
        "E",
        'Giá trị "240.1" thay đổi +50,1% (quá 50%) so với cùng kỳ năm trước (2017-02: 160); hãy kiểm tra lại.',
      ],
      [
        7,
        "E",
        'Giá trị "100" thay đổi -58,3% (quá 50%) so với cùng kỳ năm trước (2017-03: 240); hãy kiểm tra lại.',
      ],
      [8, "E", 'Giá trị "0" thay đổi -100% (quá 50%) so với kỳ trước (2018-03: 100); hãy kiểm tra lại.'],
      [
        12,
        "E",
        'Giá trị "500" thay đổi +66,7% (quá 50%) so với cùng kỳ năm trước (2017-06 lũy kế/ytd: 300); hãy kiểm tra lại.',
      ],
      [
        15,
        "E",
        'Giá trị "64.0" thay đổi +5,08 điểm (quá 5 điểm) so với cùng kỳ năm trước (2017: 58,92); hãy kiểm tra lại.',
      ],
    ]);
    // what the preview table shows first: the first rows, each new
    expect(r.sample.slice(0, 2)).toMatchObject([
      { row: 2, column: "Giá trị", indicator: "qnam-budget-domestic", org_unit: "p49", period: "2017-01" },
      { row: 3, period: "2017-02", value: "160", status: "official", outcome: "new", current_value: null },
    ]);
    const stored = await sql<{ period: string; basis: string; value: string; row: number }>`
      select period, basis, value::text as value, source_row as row from observation
      where batch_id = ${r.batchId} and superseded_at is null order by source_row`.execute(t.db);
    expect(stored.rows.map((x) => [x.row, x.period, x.basis, x.value])).toEqual([
      [2, "2017-01", "period", "100"],
      [3, "2017-02", "period", "160"],
      [4, "2017-03", "period", "240"],
      [5, "2018-01", "period", "150"],
      [6, "2018-02", "period", "240.1"],
      [7, "2018-03", "period", "100"],
      [8, "2018-04", "period", "0"],
      [9, "2018-05", "period", "7"],
      [10, "2016-12", "period", "10"],
      [11, "2017-06", "ytd", "300"],
      [12, "2018-06", "ytd", "500"],
      [13, "2018-02", "period", "1000"],
      [14, "2017", "period", "58.92"],
      [15, "2018", "period", "64.0"],
      [16, "2019", "period", "69"],
    ]);
  });

  it("refuses a first upload that writes one span twice, another way, naming both rows; writes nothing", async () => {
    expect(await currentFigures("qnam-price-a")).toBe(0);
    const before = await databaseFingerprint(t.db);
    const r = await commitImport(
      t.db,
      file(
        "hai-cach.csv",
        `${H}qnam-price-a;p49;Tháng 1/2017;;101,2;chính thức\nqnam-price-a;p49;Tháng 2/2017;;101,9;chính thức\n` +
          "qnam-price-a;p49;Tháng 1/2017;lũy kế;101,2;chính thức\n",
      ),
      { today, userId: ids.statisticianId },
    );
    expect(r.status).toBe("rejected");
    expect(r.batchId).toBeNull();
    expect(r.errors.filter((e) => e.code === "duplicate_key").map((e) => [e.row, e.column_letter])).toEqual([
      [2, "E"],
      [4, "E"],
    ]);
    expect(await databaseFingerprint(t.db)).toBe(before);
  });

  it("refuses a file broken far down (a quote never closed at row 3.002) with where and why, writes nothing, and the next upload goes through", async () => {
    expect(await currentFigures("qnam-price-b")).toBe(0);
    const before = await databaseFingerprint(t.db);
    const lines = [H.trimEnd()];
    for (let i = 0; i < 3000; i++)
      lines.push(
        `qnam-price-b;p49;Tháng ${(i % 12) + 1}/${1700 + Math.floor(i / 12)};;100,${i % 10};chính thức`,
      );
    lines.push('qnam-price-b;p49;"Tháng 1/2020;;101;chính thức');
    lines.push("qnam-price-b;p49;Tháng 2/2020;;101;chính thức");
    const broken = await commitImport(t.db, file("hong.csv", `${lines.join("\n")}\n`), {
      today,
      userId: ids.statisticianId,
    });
    expect(broken.status).toBe("rejected");
    expect(broken.errors.map((e) => [e.code, e.row, e.column_letter])).toEqual([
      ["unterminated_quote", 3002, "C"],
    ]);
    expect(await databaseFingerprint(t.db)).toBe(before);
    // the connection and the import lock are free: the same figures without the stray quote go in
    const fixed = await commitImport(
      t.db,
      file("sua.csv", `${lines.slice(0, 3001).join("\n")}\nqnam-price-b;p49;Tháng 1/2020;;101;chính thức\n`),
      { today, userId: ids.statisticianId },
    );
    expect(fixed.errors).toEqual([]);
    expect(fixed).toMatchObject({ status: "committed", rows: { new: 3001 } });
  }, 60_000);
});

import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_READ_LIMITS } from "../../packages/importer/src/limits.ts";
import { MAX_NOTE_CHARS } from "../../packages/importer/src/row-validator.ts";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import {
  ADMIN,
  type Answer,
  get,
  HEALTH_BOUND_MS,
  OFFICER,
  type Session,
  STATISTICIAN,
  signIn,
  upload,
  watched,
  writtenState,
} from "./upload-support.ts";

// Issue #12, findings 2, 3, 8 and 10 for CSV: nothing is absorbed silently (a stray quote, a NUL
// byte, invalid UTF-8, an over-long cell or note, a header with no rows are problems with their
// row, column and value, in Vietnamese and English), a million header columns cannot freeze the
// server, and the import template cannot carry a formula. Through the built app's API, as the
// statistician (figures) and the agency officer (task status reports), dry run and commit.

// A long-layout report as the statistics office writes one, with the seeds' own indicator
// (Kế hoạch 2024 của tỉnh Quảng Nam: "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP, giá so sánh 2010)")
// (semicolons, as Excel writes a CSV with decimal commas)
const HEADER = "Mã chỉ tiêu;Đơn vị;Kỳ;Giá trị;Ghi chú";
const row = (period: string, value: string, note: string) =>
  `qnam24-grdp-growth;p49;${period};${value};${note}`;
const csv = (...lines: string[]) => new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);

const engine = testEngine();
let app: DemoApp;
let statistician: Session;
let officer: Session;
let admin: Session;
const peaks: string[] = [];

beforeAll(async () => {
  // as `npm start` runs it (scripts/quickstart.mjs): adapter-node's own default is 512 KB
  process.env.BODY_SIZE_LIMIT ??= "60M";
  app = await startDemoApp("chitieu-upload-csv-");
  statistician = await signIn(app, STATISTICIAN);
  officer = await signIn(app, OFFICER);
  admin = await signIn(app, ADMIN);
});

afterAll(async () => {
  for (const p of peaks) console.log(p);
  await app?.stop();
});

/** Uploads as the statistician, dry run then commit; both refuse, the server keeps serving, nothing is written. */
async function refusedFigures(name: string, bytes: Uint8Array): Promise<[Answer, Answer]> {
  const answers: Answer[] = [];
  for (const dryRun of [true, false]) {
    const before = await writtenState(admin);
    const { result, watch } = await watched(app, () =>
      upload(statistician, "/api/v1/imports", name, bytes, dryRun ? { dryRun: "true" } : {}),
    );
    peaks.push(
      `PEAK_RSS ${engine} statistician ${dryRun ? "dry-run" : "commit"} "${name}" ${bytes.length} B: ${watch.peakRssMb.toFixed(0)} MB, slowest health ${watch.slowestHealthMs.toFixed(0)} ms`,
    );
    expect(watch.healthFailures).toEqual([]);
    expect(watch.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(watch.peakRssMb).toBeLessThan(1_024);
    expect(result.status, JSON.stringify(result.body).slice(0, 500)).toBe(dryRun ? 200 : 422);
    expect(await writtenState(admin), "nothing written").toBe(before);
    answers.push(result);
  }
  return answers as [Answer, Answer];
}

type Problem = {
  code: string;
  row: number | null;
  columnLetter: string | null;
  value: string | null;
  message: string;
  messageEn: string;
};
const errorsOf = (a: Answer) => a.body.errors as Problem[];

describe(`CSV uploads: nothing lost silently (${engine})`, () => {
  it("a stray quote at the start of a note no longer swallows the rows after it", async () => {
    const bytes = csv(
      HEADER,
      row("Quý I/2024", "6,5", '"Ước tính, theo báo cáo nhanh'),
      row("Quý II/2024", "7,2", "Sơ bộ"),
      row("Quý III/2024", "7,9", 'Theo "Báo cáo 9 tháng"'),
    );
    const [dry, commit] = await refusedFigures("stray-quote.csv", bytes);
    for (const a of [dry, commit]) {
      const [e] = errorsOf(a);
      expect(errorsOf(a)).toHaveLength(1);
      expect([e?.code, e?.row, e?.columnLetter]).toEqual(["stray_quote", 2, "E"]);
      expect(e?.value).toContain('"Ước tính, theo báo cáo nhanh');
      expect(e?.message).toMatch(/^Dấu ngoặc kép/);
      expect(e?.messageEn).toMatch(/^Stray quote/);
    }
    // a quote never closed is the same kind of problem, at the row where it opened
    const [open] = await refusedFigures(
      "open-quote.csv",
      csv(HEADER, row("Quý I/2024", "6,5", '"Ước tính'), row("Quý II/2024", "7,2", "Sơ bộ")),
    );
    expect(errorsOf(open).map((e) => [e.code, e.row, e.columnLetter])).toEqual([
      ["unterminated_quote", 2, "E"],
    ]);
  });

  it("a NUL byte in a cell is a problem with its row and column, not a 500", async () => {
    const [dry] = await refusedFigures("nul.csv", csv(HEADER, row("Quý I/2024", "6,5", "Ước\u0000tính")));
    expect(errorsOf(dry).map((e) => [e.code, e.row, e.columnLetter, e.value])).toEqual([
      ["invalid_character", 2, "E", "Ước\\x00tính"],
    ]);
  });

  it("one invalid UTF-8 byte in a UTF-8 file is reported where it is, not read as Windows-1258", async () => {
    const good = csv(HEADER, row("Quý I/2024", "6,5", "Ước tính"), row("Quý II/2024", "7,2", "Sơ bộ"));
    const text = new TextDecoder().decode(good);
    const at = new TextEncoder().encode(text.slice(0, text.indexOf("Sơ bộ") + 1)).length; // after "S"
    const bytes = new Uint8Array([...good.subarray(0, at), 0xff, ...good.subarray(at)]);
    const [dry] = await refusedFigures("bad-byte.csv", bytes);
    expect((dry.body.detected as { encoding: string }).encoding).toBe("utf-8");
    expect(errorsOf(dry).map((e) => [e.code, e.row, e.columnLetter, e.value])).toEqual([
      ["invalid_encoding", 3, "E", "S\ufffdơ bộ"],
    ]);
  });

  it("a header with no rows is refused, not committed as an empty batch", async () => {
    const [dry, commit] = await refusedFigures("header-only.csv", csv(HEADER));
    for (const a of [dry, commit])
      expect(errorsOf(a).map((e) => [e.code, e.row, e.messageEn])).toEqual([
        ["no_data_rows", 1, "The file has no data rows after the header row."],
      ]);
  });

  it("a 20 MB note is an over-long cell; a note over its own limit is an error of that note", async () => {
    const unit = "Ghi chú rất dài. ";
    const huge = unit.repeat(Math.ceil((20 * 1024 * 1024) / new TextEncoder().encode(unit).length));
    const [dry] = await refusedFigures("huge-note.csv", csv(HEADER, row("Quý I/2024", "6,5", huge)));
    expect(errorsOf(dry).map((e) => [e.code, e.row, e.columnLetter])).toEqual([["cell_too_long", 2, "E"]]);
    expect((errorsOf(dry)[0]?.value ?? "").length).toBeLessThan(100);
    // ten times the cell bound exactly, as for the .xlsx
    const tenTimes = "x".repeat(DEFAULT_READ_LIMITS.maxCellChars * 10);
    const [ten] = await refusedFigures("long-cell.csv", csv(HEADER, row("Quý I/2024", "6,5", tenTimes)));
    expect(errorsOf(ten).map((e) => e.code)).toEqual(["cell_too_long"]);
    const long = "Theo báo cáo nhanh của Cục Thống kê. ".repeat(Math.ceil((MAX_NOTE_CHARS + 1) / 37));
    const [note] = await refusedFigures("long-note.csv", csv(HEADER, row("Quý I/2024", "6,5", long)));
    expect(errorsOf(note).map((e) => [e.code, e.row, e.columnLetter])).toEqual([["text_too_long", 2, "E"]]);
    expect(errorsOf(note)[0]?.message).toContain(`ghi chú tối đa ${MAX_NOTE_CHARS}`);
  });

  it("a million header columns of 'Tháng 1, Cùng kỳ' pairs: refused at once, the server keeps serving", async () => {
    const pairs = "Tháng 1,Cùng kỳ,".repeat(500_000);
    const [dry] = await refusedFigures("million-columns.csv", csv(`Mã chỉ tiêu,Đơn vị,${pairs}Ghi chú`));
    expect(errorsOf(dry).map((e) => [e.code, e.row])).toEqual([["too_many_columns", 1]]);
    // just under the bound, the pairs are read in one sweep: the header is understood
    const under = Array.from(
      { length: 499 },
      (_, k) => `Tháng ${(k % 12) + 1}/${2000 + Math.floor(k / 12)},Cùng kỳ`,
    );
    const { result, watch } = await watched(app, () =>
      upload(
        statistician,
        "/api/v1/imports",
        "wide.csv",
        csv(
          `Mã chỉ tiêu,Đơn vị,${under.join(",")}`,
          `qnam24-grdp-growth,p49,${under.map(() => "").join(",")}`,
        ),
        { dryRun: "true" },
      ),
    );
    expect(watch.healthFailures).toEqual([]);
    expect(result.status).toBe(200);
    const detected = result.body.detected as { layout: string; columns: Array<{ role: string }> };
    expect(detected.layout).toBe("wide");
    expect(detected.columns.filter((c) => c.role.startsWith("period:last_year"))).toHaveLength(499);
  });

  it("the agency officer's status upload refuses the same files with row and column", async () => {
    const STATUS = "Mã nhiệm vụ,Trạng thái,Ghi chú";
    const cases: Array<[string, Uint8Array, RegExp, RegExp]> = [
      [
        "stray quote",
        csv(STATUS, 'NV-01,Đang thực hiện,"Đã trình UBND tỉnh', "NV-02,Hoàn thành,"),
        /^row 2, column C: The quote/,
        /^dòng 2, cột C: Dấu ngoặc kép/,
      ],
      [
        "NUL byte",
        csv(STATUS, "NV-01,Đang thực hiện,Đã\u0000trình"),
        /^row 2, column C: The cell holds an invalid control/,
        /^dòng 2, cột C/,
      ],
      [
        "header only",
        csv(STATUS),
        /no rows after the header row \(row 1\)/,
        /không có dòng nào sau dòng tiêu đề/,
      ],
    ];
    for (const [name, bytes, en, vi] of cases) {
      for (const dryRun of [true, false]) {
        const before = await writtenState(admin);
        const { result, watch } = await watched(app, () =>
          upload(
            officer,
            "/api/v1/task-status-imports",
            `${name}.csv`,
            bytes,
            dryRun ? { dryRun: "true" } : {},
          ),
        );
        expect(watch.healthFailures).toEqual([]);
        expect([result.status, result.body.code], name).toEqual([400, "unreadable_file"]);
        expect(String(result.body.detailEn)).toMatch(en);
        expect(String(result.body.detail)).toMatch(vi);
        expect(await writtenState(admin)).toBe(before);
      }
    }
  });
});

describe(`the CSV import template cannot carry a formula (${engine})`, () => {
  it("an indicator named like a formula is written with a leading apostrophe", async () => {
    const created = await fetch(`${admin.url}/api/v1/indicators`, {
      method: "POST",
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrf,
        "content-type": "application/json",
        origin: admin.url.replace(/^http:/, "https:"),
      },
      body: JSON.stringify({
        code: "qnam24-formula-name",
        nameVi: '=HYPERLINK("http://attacker.invalid","Bấm vào đây")',
        category: "economy",
        unit: "%",
        measureKind: "ratio",
        direction: "higher_better",
        frequency: "annual",
      }),
    });
    expect(created.status, await created.clone().text()).toBeLessThan(300);
    const r = await fetch(`${admin.url}/api/v1/imports/templates/long.csv`, {
      headers: { cookie: admin.cookie },
    });
    const text = await r.text();
    const line = text.split("\r\n").find((l) => l.startsWith("qnam24-formula-name,")) ?? "";
    expect(line).toContain(`"'=HYPERLINK(""http://attacker.invalid"",""Bấm vào đây"")"`);
    expect(line).not.toMatch(/,=/);
    // and a plain negative number stays a number
    expect(text).not.toContain("'-");
    // the catalog itself keeps the name exactly as typed
    const ind = (await get(admin, "/api/v1/indicators/qnam24-formula-name")) as Record<string, unknown>;
    expect(JSON.stringify(ind)).toContain('=HYPERLINK(\\"http://attacker.invalid\\"');
  });
});

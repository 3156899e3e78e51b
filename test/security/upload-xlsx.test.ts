import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_READ_LIMITS } from "../../packages/importer/src/limits.ts";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import {
  ADMIN,
  type Answer,
  HEALTH_BOUND_MS,
  inline,
  OFFICER,
  type Part,
  repeatedPart,
  type Session,
  SHEET_CLOSE,
  SHEET_OPEN,
  SST_OPEN,
  STATISTICIAN,
  signIn,
  textPart,
  upload,
  watched,
  workbookParts,
  writtenState,
  zip,
} from "./upload-support.ts";

// Issue #12, findings 1 and 10: hostile .xlsx files through the real API of the built app, as the
// statistician (figures) and the agency officer (task status reports), dry run and commit. Each
// file is generated here, ten times over the bound it attacks (limits.ts), within the 50 MB upload
// limit. While it is read, /api/health (a database query) must keep answering within 5 s and the
// server's RSS stay under 1 GB; afterwards nothing is written (audit, batches, observations).

const L = DEFAULT_READ_LIMITS;
const HEADER = `<row r="1">${inline("A1", "Mã chỉ tiêu")}${inline("B1", "Đơn vị")}${inline("C1", "Kỳ")}${inline("D1", "Giá trị")}</row>`;

function sheet(rowsXml: string): Part {
  return textPart("xl/worksheets/sheet1.xml", SHEET_OPEN + HEADER + rowsXml + SHEET_CLOSE);
}

function book(...parts: Part[]): Buffer {
  return zip([...workbookParts(), ...parts]);
}

interface Hostile {
  name: string;
  file: () => Buffer;
  status: number;
  code: string;
  /** what the English message must say */
  says: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: "shared strings: 10 × the count bound (the 4 MB workbook that killed the server)",
    file: () =>
      book(
        sheet(""),
        repeatedPart(
          "xl/sharedStrings.xml",
          SST_OPEN,
          "<si><t>x</t></si>",
          L.maxSharedStrings * 10,
          "</sst>",
        ),
      ),
    status: 422,
    code: "file_too_complex",
    says: /more than 1000000 shared strings/,
  },
  {
    name: "shared strings: 10 × the total-characters bound",
    file: () =>
      book(
        sheet(""),
        repeatedPart(
          "xl/sharedStrings.xml",
          SST_OPEN,
          `<si><t>${"á".repeat(25_000)}</t></si>`,
          Math.ceil((L.maxSharedStringChars * 10) / 25_000),
          "</sst>",
        ),
      ),
    status: 422,
    code: "file_too_complex",
    says: /shared strings longer than 10000000 characters/,
  },
  {
    name: "cells: 10 × the cell bound in empty <c/> elements",
    file: () =>
      book(
        repeatedPart(
          "xl/worksheets/sheet1.xml",
          SHEET_OPEN + HEADER,
          `<row>${"<c/>".repeat(100)}</row>`,
          (L.maxCells * 10) / 100,
          SHEET_CLOSE,
        ),
      ),
    status: 422,
    code: "file_too_complex",
    says: /more than 5000000 cells/,
  },
  {
    name: "uncompressed size: an entry declaring 10 × the bound",
    file: () => {
      const part = repeatedPart(
        "xl/worksheets/sheet1.xml",
        SHEET_OPEN + HEADER,
        `<row>${"<c><v>1</v></c>".repeat(50)}</row>`,
        Math.ceil((L.maxUncompressedBytes * 10) / 761),
        SHEET_CLOSE,
        { crc: false },
      );
      return book(part);
    },
    status: 422,
    code: "file_too_complex",
    says: /inflates to 25\d\d\.\d MB/,
  },
  {
    name: "uncompressed size: an entry that lies, declaring 1 KB and inflating to 10 × the bound",
    file: () => {
      const part = repeatedPart(
        "xl/worksheets/sheet1.xml",
        SHEET_OPEN + HEADER,
        `<row>${"<c><v>1</v></c>".repeat(50)}</row>`,
        Math.ceil((L.maxUncompressedBytes * 10) / 761),
        SHEET_CLOSE,
        { crc: false },
      );
      return book({ ...part, declared: 1024 });
    },
    status: 400,
    code: "unreadable_file",
    says: /inflates past its declared size of 1024 bytes/,
  },
  {
    name: "XML entities: a billion laughs in the shared strings",
    file: () => {
      const defs = ['<!ENTITY lol "lol">'];
      for (let k = 1; k <= 9; k++)
        defs.push(`<!ENTITY lol${k} "${`&lol${k === 1 ? "" : k - 1};`.repeat(10)}">`);
      const sst = `<?xml version="1.0"?><!DOCTYPE sst [${defs.join("")}]><sst ${'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'}><si><t>&lol9;</t></si></sst>`;
      return book(sheet(""), textPart("xl/sharedStrings.xml", sst));
    },
    status: 400,
    code: "unreadable_file",
    says: /sharedStrings\.xml is not valid XML/,
  },
  {
    name: "garbage named .xlsx",
    file: () => Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)),
    status: 400,
    code: "unreadable_file",
    says: /not a zip archive/,
  },
  {
    name: "a workbook cut in half",
    file: () => {
      const whole = book(sheet(`<row r="2">${inline("A2", "GRDP")}</row>`));
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    status: 400,
    code: "unreadable_file",
    says: /not a zip archive|cut short|damaged/,
  },
];

/** Over-bound files that are problems of one cell: rejected with the row and column. */
const CELL_PROBLEMS: Array<{ name: string; file: () => Buffer; code: string; row: number; column: string }> =
  [
    {
      name: "columns: a row 10 × wider than the column bound",
      file: () => book(sheet(`<row r="2">${"<c><v>1</v></c>".repeat(L.maxColumns * 10)}</row>`)),
      code: "too_many_columns",
      row: 2,
      column: "ALM",
    },
    {
      name: "cell length: one inline string 10 × the cell bound",
      file: () =>
        book(
          sheet(`<row r="2">${inline("A2", "GRDP")}${inline("B2", "x".repeat(L.maxCellChars * 10))}</row>`),
        ),
      code: "cell_too_long",
      row: 2,
      column: "B",
    },
    {
      name: "a formula with no calculated value is an error, not a blank",
      file: () =>
        book(
          sheet(
            `<row r="2">${inline("A2", "GRDP")}${inline("B2", "p49")}${inline("C2", "Năm 2024")}<c r="D2"><f>SUM(D3:D9)</f></c></row>`,
          ),
        ),
      code: "formula_without_value",
      row: 2,
      column: "D",
    },
  ];

const engine = testEngine();
let app: DemoApp;
let statistician: Session;
let officer: Session;
let admin: Session;
const peaks: string[] = [];

beforeAll(async () => {
  // as `npm start` runs it (scripts/quickstart.mjs): adapter-node's own default is 512 KB
  process.env.BODY_SIZE_LIMIT ??= "60M";
  app = await startDemoApp("chitieu-upload-xlsx-");
  statistician = await signIn(app, STATISTICIAN);
  officer = await signIn(app, OFFICER);
  admin = await signIn(app, ADMIN);
});

afterAll(async () => {
  for (const p of peaks) console.log(p);
  await app?.stop();
});

const ROUTES = [
  { who: "statistician", path: "/api/v1/imports", session: () => statistician },
  { who: "agency officer", path: "/api/v1/task-status-imports", session: () => officer },
] as const;

async function hostileUpload(name: string, bytes: Buffer, route: (typeof ROUTES)[number], dryRun: boolean) {
  const before = await writtenState(admin);
  const { result, watch } = await watched(app, () =>
    upload(route.session(), route.path, "bao-cao.xlsx", bytes, dryRun ? { dryRun: "true" } : {}),
  );
  if (result.status >= 500) console.log(app.server.output().slice(-4000));
  peaks.push(
    `PEAK_RSS ${engine} ${route.who} ${dryRun ? "dry-run" : "commit"} "${name}" ${bytes.length} B: ${watch.peakRssMb.toFixed(0)} MB, slowest health ${watch.slowestHealthMs.toFixed(0)} ms over ${watch.healthPolls} polls`,
  );
  expect(watch.healthFailures, "health kept answering").toEqual([]);
  expect(watch.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  expect(watch.peakRssMb).toBeLessThan(1_024);
  expect(await writtenState(admin), "nothing written").toBe(before);
  return result;
}

describe(`hostile .xlsx uploads are refused with a clear 4xx while the server keeps serving (${engine})`, () => {
  for (const h of HOSTILE) {
    it(h.name, { timeout: 240_000 }, async () => {
      const bytes = h.file();
      expect(bytes.length).toBeLessThan(50 * 1024 * 1024);
      for (const route of ROUTES) {
        for (const dryRun of [true, false]) {
          const r: Answer = await hostileUpload(h.name, bytes, route, dryRun);
          expect([r.status, r.body.code], `${route.who} ${dryRun ? "dry run" : "commit"}`).toEqual([
            h.status,
            h.code,
          ]);
          expect(String(r.body.detailEn)).toMatch(h.says);
          expect(String(r.body.detail)).toMatch(/tệp/i); // Vietnamese first
        }
      }
    });
  }

  for (const c of CELL_PROBLEMS) {
    it(c.name, { timeout: 120_000 }, async () => {
      const bytes = c.file();
      // figures: the problem is listed with its row and column; a commit is rejected (422)
      for (const dryRun of [true, false]) {
        const r = await hostileUpload(c.name, bytes, ROUTES[0], dryRun);
        expect(r.status).toBe(dryRun ? 200 : 422);
        const errors = r.body.errors as Array<Record<string, unknown>>;
        expect(errors.map((e) => [e.code, e.row, e.columnLetter])).toEqual([[c.code, c.row, c.column]]);
        expect(String(errors[0]?.message)).not.toBe("");
        expect(String(errors[0]?.messageEn)).not.toBe("");
      }
      // task status reports: refused as a file, with the row and column in the message
      const t = await hostileUpload(c.name, bytes, ROUTES[1], true);
      expect(t.status).toBe(400);
      expect(String(t.body.detailEn)).toContain(`row ${c.row}, column ${c.column}`);
      expect(String(t.body.detail)).toContain(`dòng ${c.row}, cột ${c.column}`);
    });
  }
});

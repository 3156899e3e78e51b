import { excerpt, ImportError, ReadProblem } from "./problems.ts";

// The bounds every upload is read within, so that no file (a zip bomb, a million columns, one
// 20 MB cell) can take the server's memory or time. Documented in the README; each one is tested
// with a generated file ten times over it (test/security/upload-*.test.ts).

export interface ReadLimits {
  /** columns in one row (Excel itself allows 16,384; our widest real layout has under 100) */
  maxColumns: number;
  /** characters in one cell: Excel's own limit */
  maxCellChars: number;
  /** characters in one CSV record (a row), so a record split across chunks is re-read a bounded number of times */
  maxRecordChars: number;
  /** .xlsx: cells (<c> elements, empty ones included) in the sheet */
  maxCells: number;
  /** .xlsx: bytes inflated from the zip, all entries read together */
  maxUncompressedBytes: number;
  /** .xlsx: entries in the shared-string table */
  maxSharedStrings: number;
  /** .xlsx: characters in the shared-string table, all entries together */
  maxSharedStringChars: number;
  /** the parsing worker's V8 heap (buffers are outside it: the tests watch the process's RSS) */
  maxHeapMb: number;
  /** how long the worker may take to produce one batch of rows */
  batchTimeoutMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxColumns: 1_000,
  maxCellChars: 32_767,
  maxRecordChars: 2_000_000,
  maxCells: 5_000_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxSharedStrings: 1_000_000,
  maxSharedStringChars: 10_000_000,
  maxHeapMb: 128,
  batchTimeoutMs: 60_000,
};

const n = (x: number) => x.toLocaleString("en-US");

export function tooComplex(
  what: [string, string],
  limit: number,
  details?: Record<string, unknown>,
): ImportError {
  return new ImportError(
    "file_too_complex",
    `Tệp vượt quá giới hạn: ${what[0]} (tối đa ${n(limit).replace(/,/g, ".")}). Hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
    `The file exceeds a limit: ${what[1]} (at most ${n(limit)}). Split the file or save it as CSV.`,
    { limit, ...details },
  );
}

export function tooManyColumns(row: number, count: number, limits: ReadLimits): ReadProblem {
  return new ReadProblem("too_many_columns", { row, col: limits.maxColumns }, [
    `hơn ${n(limits.maxColumns).replace(/,/g, ".")}: ${n(count).replace(/,/g, ".")} cột trở lên`,
    `over ${n(limits.maxColumns)}: ${n(count)} or more`,
  ]);
}

// NUL and the C0 controls other than tab, line feed and carriage return: PostgreSQL refuses NUL
// in text, and none of them belongs in a figure, a name or a note.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Checks a row's text cells: length, control characters, U+FFFD left by invalid UTF-8. */
export function checkCells(row: number, cells: ReadonlyArray<string | { n: string }>, limits: ReadLimits) {
  if (cells.length > limits.maxColumns) throw tooManyColumns(row, cells.length, limits);
  for (let col = 0; col < cells.length; col++) {
    const c = cells[col];
    if (typeof c !== "string" || c === "") continue;
    if (c.length > limits.maxCellChars)
      throw new ReadProblem("cell_too_long", { row, col, value: excerpt(c) }, [
        `${n(c.length).replace(/,/g, ".")}; tối đa ${n(limits.maxCellChars).replace(/,/g, ".")}`,
        `${n(c.length)}; at most ${n(limits.maxCellChars)}`,
      ]);
    if (CONTROL.test(c))
      throw new ReadProblem("invalid_character", {
        row,
        col,
        value: excerpt(c.replace(CONTROLS, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`)),
      });
    if (c.includes("\ufffd")) throw new ReadProblem("invalid_encoding", { row, col, value: excerpt(c) });
  }
}

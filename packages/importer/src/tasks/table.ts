import { headerKey } from "../headers.ts";
import { columnLetter, ImportError, ReadProblem } from "../problems.ts";
import { cellText, detectTextSettings, EncodingError, readRows, type SheetRow } from "../rows.ts";
import { checkSize, DEFAULT_MAX_BYTES, type ImportSource, isXlsx, readHead, sha256 } from "../source.ts";

// A task table (or a table of status reports) as the plans' appendices print it: a title or two,
// one header row, then rows. Tables are small (hundreds of rows), so they are read whole.

/**
 * The figures' headerKey, with / \ , ; - also read as spaces (the appendices' headers use them):
 * "Cấp trình/phê duyệt" → "cap trinh phe duyet".
 */
export function columnKey(header: string): string {
  return headerKey(header.replace(/[/\\,;-]+/g, " "));
}

export interface Column<R extends string> {
  role: R;
  col: number;
  header: string;
  letter: string;
}

export interface Table<R extends string> {
  fileHash: string;
  format: "csv" | "xlsx";
  headerRow: number;
  columns: Column<R>[];
  /** rows after the header, with their cells as text (trimmed, NFC) */
  rows: Array<{ row: number; cells: string[] }>;
}

export class TableError extends Error {
  override name = "TableError";
  constructor(
    readonly code: "unreadable_file" | "missing_column" | "file_too_large" | "no_data_rows",
    readonly vi: string,
    readonly en: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(en);
  }
}

const HEADER_ROWS = 20;

/**
 * Reads the file and finds its header row: the first of the first 20 rows in which the
 * `required` roles all have a column. Columns whose header is unknown are ignored.
 */
export async function readTable<R extends string>(
  source: ImportSource,
  synonyms: Record<R, string[]>,
  required: R[],
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<Table<R>> {
  checkSize(source, maxBytes);
  const head = await readHead(source);
  const format = isXlsx(head, source.name) ? "xlsx" : "csv";
  const all: SheetRow[] = [];
  try {
    const settings = format === "csv" ? await detectTextSettings(source, {}) : null;
    for await (const batch of readRows(source, format, settings)) all.push(...batch);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof ReadProblem) {
      // a stray quote, a NUL byte, an over-long cell: where and why, never absorbed
      const p = error.toProblem();
      const at = `${p.row === null ? "" : `dòng ${p.row}`}${p.column_letter ? `, cột ${p.column_letter}` : ""}`;
      const atEn = `${p.row === null ? "" : `row ${p.row}`}${p.column_letter ? `, column ${p.column_letter}` : ""}`;
      throw new TableError(
        "unreadable_file",
        `${at ? `${at}: ` : ""}${p.message}`,
        `${atEn ? `${atEn}: ` : ""}${p.message_en}`,
        {
          code: p.code,
          row: p.row,
          column: p.column_letter,
          value: p.value,
        },
      );
    }
    if (error instanceof EncodingError || error instanceof Error)
      throw new TableError(
        "unreadable_file",
        `Không đọc được tệp: ${error.message}.`,
        `The file cannot be read: ${error.message}.`,
      );
    throw error;
  }
  const byKey = new Map<string, R>();
  for (const [role, keys] of Object.entries(synonyms) as Array<[R, string[]]>)
    for (const k of keys) byKey.set(columnKey(k), role);
  for (const r of all.slice(0, HEADER_ROWS)) {
    const columns: Column<R>[] = [];
    r.cells.forEach((c, col) => {
      const header = cellText(c).trim();
      const role = byKey.get(columnKey(header));
      if (role && !columns.some((x) => x.role === role))
        columns.push({ role, col, header, letter: columnLetter(col) });
    });
    if (required.every((role) => columns.some((c) => c.role === role))) {
      const rows = all
        .filter((x) => x.row > r.row)
        .map((x) => ({ row: x.row, cells: x.cells.map((c) => cellText(c).normalize("NFC").trim()) }))
        .filter((x) => x.cells.some((c) => c !== ""));
      if (rows.length === 0)
        throw new TableError(
          "no_data_rows",
          `Tệp không có dòng nào sau dòng tiêu đề (dòng ${r.row}).`,
          `The file has no rows after the header row (row ${r.row}).`,
        );
      return { fileHash: await sha256(source), format, headerRow: r.row, columns, rows };
    }
  }
  const names = required.map((role) => `"${synonyms[role][0]}"`).join(", ");
  throw new TableError(
    "missing_column",
    `Không tìm thấy dòng tiêu đề có các cột ${names} trong ${HEADER_ROWS} dòng đầu.`,
    `No header row with the columns ${names} in the first ${HEADER_ROWS} rows.`,
  );
}

export function cellOf<R extends string>(table: Table<R>, cells: string[], role: R): string {
  const c = table.columns.find((x) => x.role === role);
  return c === undefined ? "" : (cells[c.col] ?? "");
}

export function columnOf<R extends string>(table: Table<R>, role: R): Column<R> | undefined {
  return table.columns.find((x) => x.role === role);
}

import type { ImportProblem, ImportResult } from "./api.ts";

// The uploaded file as the statistician sees it in their spreadsheet: rows numbered as the
// spreadsheet numbers them, columns lettered, each problem marked in its cell. Only display:
// the API has already read, checked and reported everything.

export interface GridCell {
  text: string;
  severity: "error" | "warning" | null;
  messages: string[];
}

export interface GridRow {
  row: number;
  cells: GridCell[];
  /** a problem of the row that names no column */
  rowMessages: string[];
  severity: "error" | "warning" | null;
}

export interface Grid {
  letters: string[];
  rows: GridRow[];
  /** rows left out (the grid shows the first rows and every row with a problem) */
  hidden: number;
}

const FIRST_ROWS = 25;
const MAX_ROWS = 300;
const ENCODINGS: Record<string, string> = {
  "utf-8": "utf-8",
  "utf-8-bom": "utf-8",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  "windows-1258": "windows-1258",
};

export function letterOf(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function indexOf(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** null for files that are not delimited text (xlsx): the page then shows the list of problems only. */
export function previewGrid(bytes: Uint8Array, result: ImportResult, lang: "vi" | "en"): Grid | null {
  const d = result.detected;
  if (d.format !== "csv") return null;
  let text: string;
  try {
    text = new TextDecoder(ENCODINGS[d.encoding ?? "utf-8"] ?? "utf-8").decode(bytes).normalize("NFC");
  } catch {
    return null;
  }
  const delimiter = d.delimiter === "tab" ? "\t" : (d.delimiter ?? ",");
  const records = splitDelimited(text, delimiter);
  while (records.length > 0 && (records[records.length - 1] ?? []).every((c) => c.trim() === ""))
    records.pop();

  const problems: { p: ImportProblem; severity: "error" | "warning" }[] = [
    ...result.errors.map((p) => ({ p, severity: "error" as const })),
    ...result.warnings.map((p) => ({ p, severity: "warning" as const })),
  ];
  const width = Math.max(0, ...records.map((r) => r.length));
  const rows: GridRow[] = records.map((r, i) => ({
    row: i + 1,
    cells: Array.from({ length: width }, (_, c) => ({ text: r[c] ?? "", severity: null, messages: [] })),
    rowMessages: [],
    severity: null,
  }));
  for (const { p, severity } of problems) {
    if (p.row === null) continue;
    const row = rows[p.row - 1];
    if (!row) continue;
    const message = lang === "en" ? p.messageEn : p.message;
    const col = p.columnLetter ? indexOf(p.columnLetter) : -1;
    const cell = col >= 0 ? row.cells[col] : undefined;
    if (cell) {
      cell.messages.push(message);
      if (cell.severity !== "error") cell.severity = severity;
    } else row.rowMessages.push(message);
    if (row.severity !== "error") row.severity = severity;
  }
  const shown = rows.filter((r, i) => i < FIRST_ROWS || r.severity !== null).slice(0, MAX_ROWS);
  return {
    letters: Array.from({ length: width }, (_, i) => letterOf(i)),
    rows: shown,
    hidden: rows.length - shown.length,
  };
}

/** Delimited text to records: quoted fields, doubled quotes, CRLF or LF. */
export function splitDelimited(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

import {
  type Layout,
  type PeriodColumn,
  parsePeriodHeader,
  type Role,
  roleOf,
  yearInTitle,
} from "./headers.ts";
import { columnLetter, type ImportProblem, problem } from "./problems.ts";
import { cellText, type SheetRow } from "./rows.ts";

// Finds the header row (title rows above it are allowed) and decides the layout: long (one row
// per indicator × org unit × period) or wide (periods as columns).

export interface FileLayout {
  layout: Layout;
  headerRow: number;
  headers: string[];
  cols: Partial<Record<Exclude<Role, "ignored">, number>>;
  periodColumns: PeriodColumn[];
  /** the year for headers without one: from the option, else a title row (a "Năm" column wins per row) */
  year: number | null;
  yearSource: "option" | "column" | "title" | null;
  ignoredColumns: string[];
}

export const HEADER_SEARCH_ROWS = 30;

export function isBlank(r: SheetRow): boolean {
  return r.cells.every((c) => cellText(c).trim() === "");
}

/** Whether a row looks like a header: it names the indicator column. */
export function looksLikeHeader(r: SheetRow): boolean {
  return r.cells.some((c) => {
    const role = roleOf(cellText(c));
    return role === "indicator" || role === "indicator_name";
  });
}

export function detectLayout(
  preamble: SheetRow[],
  header: SheetRow | null,
  options: { layout?: Layout | undefined; year?: number | undefined },
): { layout: FileLayout | null; problems: ImportProblem[] } {
  if (!header)
    return {
      layout: null,
      problems: [
        problem("unknown_layout", { row: null, col: null }, [
          `Không có dòng tiêu đề nào trong ${HEADER_SEARCH_ROWS} dòng đầu (dòng tiêu đề có ô "Mã chỉ tiêu" hoặc "Chỉ tiêu").`,
          `No header row in the first ${HEADER_SEARCH_ROWS} rows (a header row has a cell "Mã chỉ tiêu" or "Chỉ tiêu").`,
        ]),
      ],
    };
  const headers = header.cells.map((c) => cellText(c).trim());
  const cols: FileLayout["cols"] = {};
  const periodColumns: PeriodColumn[] = [];
  const bare: number[] = [];
  const ignoredColumns: string[] = [];
  headers.forEach((h, col) => {
    if (h === "") return;
    const role = roleOf(h);
    if (role && role !== "ignored") {
      cols[role] ??= col;
      return;
    }
    if (role === "ignored") return;
    const p = parsePeriodHeader(h);
    if (p === "same_period_bare") bare.push(col);
    else if (p) periodColumns.push({ col, header: h, ...p });
    else ignoredColumns.push(h);
  });
  resolveBareSamePeriod(bare, headers, periodColumns, ignoredColumns);
  const layout = options.layout ?? guessLayout(cols, periodColumns);
  const titleYear =
    preamble
      .map((r) => r.cells.map(cellText).join(" "))
      .map(yearInTitle)
      .find((y) => y !== null) ?? null;
  const year = options.year ?? titleYear;
  const yearSource = options.year
    ? "option"
    : cols.year !== undefined
      ? "column"
      : titleYear
        ? "title"
        : null;
  const result: FileLayout = {
    layout: layout ?? "long",
    headerRow: header.row,
    headers,
    cols,
    periodColumns: periodColumns.sort((a, b) => a.col - b.col),
    year,
    yearSource,
    ignoredColumns,
  };
  if (!layout)
    return {
      layout: null,
      problems: [problem("unknown_layout", { row: header.row, col: null }, headerNote(result))],
    };
  const missing = missingColumns(result);
  const first = missing[0];
  if (first && ignoredColumns.length > 0) {
    // the first missing column says which row was the header and what in it was not understood
    const [vi, en] = headerNote(result);
    first.message = first.message.replace(/\.$/, `. ${vi}`);
    first.message_en = first.message_en.replace(/\.$/, `. ${en}`);
  }
  return { layout: result, problems: missing };
}

/** "Dòng 3 được lấy làm dòng tiêu đề; không hiểu các cột: "Cột lạ" (B), "Khác" (C)." (issue #15 item 5) */
export function headerNote(
  l: Pick<FileLayout, "headerRow" | "headers" | "ignoredColumns">,
): [string, string] {
  const unknown = l.headers.flatMap((h, col) =>
    h !== "" && l.ignoredColumns.includes(h) ? [`"${h}" (${columnLetter(col)})`] : [],
  );
  const vi = `Dòng ${l.headerRow} được lấy làm dòng tiêu đề`;
  const en = `Row ${l.headerRow} was taken as the header row`;
  return unknown.length === 0
    ? [`${vi}.`, `${en}.`]
    : [
        `${vi}; không hiểu các cột: ${unknown.join(", ")}.`,
        `${en}; headers not understood: ${unknown.join(", ")}.`,
      ];
}

function guessLayout(cols: FileLayout["cols"], periodColumns: PeriodColumn[]): Layout | null {
  if (cols.period !== undefined && cols.value !== undefined) return "long";
  if (periodColumns.length > 0 && cols.value === undefined) return "wide";
  if (cols.period !== undefined || cols.value !== undefined) return "long";
  return null;
}

/**
 * A bare "Cùng kỳ" is the same period last year as the period column to its left (else to its
 * right). One sweep each way: a header of a million paired columns costs a million steps.
 */
function resolveBareSamePeriod(
  bare: number[],
  headers: string[],
  columns: PeriodColumn[],
  ignored: string[],
) {
  if (bare.length === 0) return;
  const own = columns.filter((c) => !c.lastYear).sort((a, b) => a.col - b.col);
  const sorted = [...bare].sort((a, b) => a - b);
  const refs = new Map<number, PeriodColumn>();
  let k = -1;
  for (const col of sorted) {
    while (k + 1 < own.length && (own[k + 1] as PeriodColumn).col < col) k++;
    const left = k >= 0 ? own[k] : undefined;
    const right = own[k + 1];
    const ref = left ?? right;
    if (ref) refs.set(col, ref);
  }
  for (const col of bare) {
    const ref = refs.get(col);
    if (!ref) {
      ignored.push(headers[col] ?? "");
      continue;
    }
    columns.push({ ...ref, col, header: headers[col] ?? "", lastYear: true, status: null });
  }
}

const REQUIRED: Record<Layout, [Exclude<Role, "ignored">[], string][]> = {
  long: [
    [["indicator", "indicator_name"], "Mã chỉ tiêu / indicator"],
    [["org_unit", "org_unit_name"], "Đơn vị / org unit"],
    [["period"], "Kỳ / period"],
    [["value"], "Giá trị / value"],
  ],
  wide: [
    [["indicator", "indicator_name"], "Mã chỉ tiêu / indicator"],
    [["org_unit", "org_unit_name"], "Đơn vị / org unit"],
  ],
};

function missingColumns(l: FileLayout): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const [roles, name] of REQUIRED[l.layout]) {
    if (roles.every((r) => l.cols[r] === undefined))
      problems.push(problem("missing_column", { row: l.headerRow, col: null, value: name }));
  }
  if (l.layout === "wide" && l.periodColumns.length === 0) {
    problems.push(
      problem("missing_column", { row: l.headerRow, col: null, value: "Tháng 1 / Quý I / …" }, [
        "bố cục ngang cần các cột kỳ",
        "the wide layout needs period columns",
      ]),
    );
  }
  const needsYear = l.layout === "wide" && l.periodColumns.some((c) => c.relative);
  if (needsYear && l.year === null && l.cols.year === undefined) {
    problems.push(
      problem("missing_column", { row: l.headerRow, col: null, value: "Năm / year" }, [
        'tệp dạng ngang cần năm: cột "Năm", năm trong dòng tiêu đề hoặc tham số year',
        'a wide file needs the year: a "Năm" column, a title cell or the year option',
      ]),
    );
  }
  return problems;
}

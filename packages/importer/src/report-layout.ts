import {
  closestNames,
  containsPeriod,
  convertUnit,
  dec,
  decToString,
  findUnit,
  foldDiacritics,
  formatPeriodVi,
  indicatorNameKey,
  type NumberConvention,
  numberConventionEvidence,
  orgUnitNameKey,
  parseDecimal,
  stripListMarker,
  type UnitDef,
  unitInTitle,
  unitKey,
} from "@chitieu/domain";
import type { MeasureKind, ObservationBasis, ObservationStatus } from "@chitieu/storage";
import type { CatalogLookup, IndicatorInfo } from "./catalog-lookup.ts";
import { headerKey, type PeriodColumn, parsePeriodHeader, roleOf, yearInTitle } from "./headers.ts";
import { columnLetter, type ImportProblem, problem } from "./problems.ts";
import { frequencyMismatch, outOfRange, type StagedRecord, toResolved } from "./row-validator.ts";
import { type Cell, cellText, type SheetRow } from "./rows.ts";
import type { SheetMeta } from "./xlsx-reader.ts";

// The two shapes real offices publish (issue #15), read whole (such tables are tens of rows):
//  - the report table: title lines, a header (one or two rows, merged cells) with "Chỉ tiêu",
//    "Đơn vị tính", plan, period and ratio columns, indicators as rows, section and note rows;
//  - the district table: one indicator named in the title, districts as rows, a total row,
//    months as columns, the year and the unit in the title.
// What the file does not say is asked, never defaulted: the reading returns questions, and the
// same answers come back from the upload desk, the API (form fields) and the CLI (flags).

export type ReportShape = "report" | "district";

/** The officer's answers to the questions of a report-layout file. */
export interface ReportAnswers {
  /** the org unit whose figures the report gives (code): the province of a report table */
  orgUnit?: string | undefined;
  year?: number | undefined;
  /** status of the value columns whose header names none */
  status?: ObservationStatus | undefined;
  /** unit of values when the file states none: a unit's name, or "catalog" (each indicator's own) */
  unit?: string | undefined;
  /** the indicator of a one-indicator (district) table, by code */
  indicator?: string | undefined;
  /** the sheet to read in a workbook of several */
  sheet?: string | undefined;
  /** names in the file → indicator or org unit code ("-": not a tracked indicator, skip the row) */
  names?: Record<string, string> | undefined;
  /** store a district table's total row as the province's figure */
  storeTotal?: boolean | undefined;
  /** the decimal mark, when the file's numbers do not tell ("17.250") */
  numberConvention?: "comma_decimal" | "dot_decimal" | undefined;
  /**
   * Record the file's plan amounts that differ from the catalog's targets as revisions of those
   * targets (never as figures), under the document the officer names (issue #15 item 1).
   */
  recordPlan?: { documentNumber: string; documentDate: string } | undefined;
}

export interface Inference {
  field:
    | "shape"
    | "orgUnit"
    | "year"
    | "status"
    | "unit"
    | "indicator"
    | "sheet"
    | "header"
    | "numberConvention";
  value: string;
  /** where it was read: "dòng tiêu đề 2", "tiêu đề cột E" */
  source: string;
  sourceEn: string;
}

export interface QuestionChoice {
  value: string;
  label: string;
}

export interface Question {
  field:
    | "orgUnit"
    | "year"
    | "status"
    | "unit"
    | "indicator"
    | "sheet"
    | "name"
    | "storeTotal"
    | "numberConvention";
  /** for a name: the file's text (the key of the answer in `names`) */
  text: string | null;
  row: number | null;
  kind: "indicator" | "org_unit" | null;
  message: string;
  messageEn: string;
  choices: QuestionChoice[];
  /** the choice filled in beforehand (the officer still confirms it) */
  suggested: string | null;
  /** an unanswered required question blocks the commit */
  required: boolean;
}

export interface NameMatch {
  row: number;
  text: string;
  kind: "indicator" | "org_unit";
  code: string;
  name: string;
  how: "exact" | "close" | "alias" | "chosen";
  score: number | null;
}

export interface UnitConversionNote {
  row: number;
  column: string;
  indicator: string;
  from: string;
  to: string;
  factor: string;
  original: string;
  value: string;
}

export interface SkippedRow {
  row: number;
  text: string;
  why: "section" | "note" | "total" | "not_tracked";
}

export interface AliasToSave {
  kind: "indicator" | "org_unit";
  key: string;
  text: string;
  targetId: number;
}

export interface ReportReading {
  shape: ReportShape;
  headerRow: number;
  headerRows: number[];
  headers: string[];
  inferred: Inference[];
  questions: Question[];
  matches: NameMatch[];
  conversions: UnitConversionNote[];
  skippedRows: SkippedRow[];
  /** headers read but not understood (the header row is `headerRow`) */
  unknownHeaders: string[];
  records: StagedRecord[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
  /** values read (filled cells of value columns), and empty/dash ones */
  read: number;
  skipped: number;
  invalid: number;
  /** the province (scope of aliases and of a district table's total) */
  scopeOrgUnitId: number | null;
  aliases: AliasToSave[];
  /** comparisons with last year's figures to finish against the database */
  lastYearChecks: LastYearCheck[];
  /** plan cells to compare with the catalog's targets */
  planChecks: PlanCheck[];
}

export interface LastYearCheck {
  row: number;
  col: number;
  header: string;
  reported: string;
  value: string;
  indicatorId: number;
  orgUnitId: number;
  period: string;
  basis: ObservationBasis;
  /** from a "Cùng kỳ" column of the file, when it has one */
  inFile: string | null;
}

export interface PlanCheck {
  row: number;
  col: number;
  header: string;
  value: string;
  indicatorId: number;
  orgUnitId: number;
  year: number;
}

export interface ReportIndicator extends IndicatorInfo {
  nameVi: string;
  nameEn: string | null;
  unit: string;
  measureKind: MeasureKind;
}

export interface ReportOrgUnit {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  level: string;
  parentId: number | null;
}

export interface ReportCatalog {
  lookup: CatalogLookup;
  indicators: ReportIndicator[];
  orgUnits: ReportOrgUnit[];
  /** confirmed names: `${kind}|${scopeOrgUnitId}|${key}` → target id (0: not a tracked indicator) */
  aliases: Map<string, number>;
}

export interface ReportOptions {
  today: string;
  canWrite: (indicatorId: number, orgUnitId: number) => boolean;
  numberConvention?: Exclude<NumberConvention, "unknown"> | undefined;
  /** the year option of the upload (as good as an answer) */
  year?: number | undefined;
}

const STATUS_LABEL: Record<ObservationStatus, string> = {
  estimate: "Ước tính / estimate",
  preliminary: "Sơ bộ / preliminary",
  official: "Chính thức / official",
};

const SKIP_NAME = "-";

interface ColumnInfo {
  col: number;
  header: string;
  kind:
    | "stt"
    | "indicator"
    | "unit"
    | "org"
    | "plan"
    | "value"
    | "last_year"
    | "derived"
    | "note"
    | "unknown";
  period?: PeriodColumn;
  /** the header says "Thực hiện": a status the office sets */
  actualWord?: boolean;
  against?: "plan" | "last_year";
  planYear?: number | null;
}

const STT_KEYS = new Set(["stt", "tt", "so tt", "so thu tu", "no", "#"]);
const ORG_KEYS = [
  /^(?:ten )?(?:don vi|dia ban|dia phuong|don vi hanh chinh)$/,
  /^(?:ten )?huyen\b/,
  /^(?:cac )?huyen, thi xa, thanh pho$/,
  /^(?:cac )?huyen\/thi xa\/thanh pho$/,
];
const INDICATOR_KEYS = /^(?:ten |cac |noi dung )?chi tieu\b|^noi dung\b|^ten chi tieu\b/;
const TOTAL_KEYS = new Set([
  "tong so",
  "tong cong",
  "cong",
  "toan tinh",
  "tong",
  "tong toan tinh",
  "ca tinh",
]);

function headerKind(top: string, sub: string): Omit<ColumnInfo, "col" | "header"> {
  const text = sub !== "" ? sub : top;
  const both = sub !== "" && top !== "" && top !== sub ? `${top} ${sub}` : text;
  const k = headerKey(text);
  const kb = headerKey(both);
  if (k === "") return { kind: "unknown" };
  if (STT_KEYS.has(k)) return { kind: "stt" };
  if (k === "don vi tinh" || k === "dvt" || k === "dv tinh") return { kind: "unit" };
  if (k === "ghi chu" || k === "note") return { kind: "note" };
  const role = roleOf(text);
  if (role === "indicator" || role === "indicator_name" || INDICATOR_KEYS.test(k))
    return { kind: "indicator" };
  if (role === "org_unit" || role === "org_unit_name" || ORG_KEYS.some((re) => re.test(k)))
    return { kind: "org" };
  // ratio columns before plan columns: "So với kế hoạch năm (%)" names the plan too
  if (/\bso (?:voi|sanh)\b|%|\bti le so\b|\bty le so\b/.test(kb) && !/^(?:nam|ke hoach)\b/.test(k)) {
    const against = /\bcung ky\b|\bck\b|\bnam truoc\b/.test(kb) ? "last_year" : "plan";
    return { kind: "derived", against };
  }
  if (/\bke hoach\b|^kh\b/.test(kb) && !/\bthuc hien\b|\buoc\b/.test(k))
    return { kind: "plan", planYear: yearInTitle(kb) };
  const p = parsePeriodHeader(text);
  if (p === "same_period_bare") return { kind: "last_year" };
  if (p) {
    let period = { col: 0, header: text, ...p };
    const parentYear = sub !== "" ? yearInTitle(top) : null;
    if (period.relative && parentYear !== null)
      period = { ...period, relative: false, period: { ...period.period, year: parentYear } };
    const actualWord = p.status === null && /^(?:thuc hien|th)\b/.test(k);
    return { kind: p.lastYear ? "last_year" : "value", period, actualWord };
  }
  return { kind: "unknown" };
}

function rowText(r: SheetRow): string {
  return r.cells
    .map((c) => cellText(c).trim())
    .filter((t) => t !== "")
    .join(" ");
}

function isBlankRow(r: SheetRow): boolean {
  return r.cells.every((c) => cellText(c).trim() === "");
}

function hasNumber(r: SheetRow): boolean {
  return r.cells.some((c) => typeof c !== "string");
}

/** Merged ranges as { r1, c1, r2, c2 } (1-based rows, 0-based columns). */
function parseMerges(merges: string[]): { r1: number; c1: number; r2: number; c2: number }[] {
  const out: { r1: number; c1: number; r2: number; c2: number }[] = [];
  for (const m of merges) {
    const x = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(m.toUpperCase());
    if (!x) continue;
    out.push({
      c1: colIndex(x[1] as string),
      r1: Number(x[2]),
      c2: colIndex(x[3] as string),
      r2: Number(x[4]),
    });
  }
  return out;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

interface HeaderFound {
  shape: ReportShape;
  row: SheetRow;
  sub: SheetRow | null;
  columns: ColumnInfo[];
}

/** Whether the first rows hold a report or district header; null when the file is neither. */
export function findReportHeader(rows: SheetRow[], merges: string[] = []): HeaderFound | null {
  const ranges = parseMerges(merges);
  const candidates = rows.filter((r) => r.row > 0 && !isBlankRow(r)).slice(0, 30);
  for (let i = 0; i < candidates.length; i++) {
    const top = candidates[i] as SheetRow;
    if (hasNumber(top)) continue;
    const next = candidates[i + 1];
    const columns = readHeader(top, null, ranges);
    const kinds = new Set(columns.map((c) => c.kind));
    const hasIndicator = kinds.has("indicator");
    const hasOrg = kinds.has("org");
    if (!hasIndicator && !hasOrg) continue;
    if (hasIndicator && hasOrg) return null; // a long/wide table with both: not ours
    let sub: SheetRow | null = null;
    let cols = columns;
    if (next && next.row === top.row + 1 && !hasNumber(next) && isSubHeader(top, next, columns)) {
      sub = next;
      cols = readHeader(top, next, ranges);
    }
    const hasValue = cols.some((c) => c.kind === "value" || c.kind === "plan");
    if (!hasValue) continue;
    return { shape: hasIndicator ? "report" : "district", row: top, sub, columns: cols };
  }
  return null;
}

/** The row under a header is its second row when it fills columns the first leaves empty or groups. */
function isSubHeader(top: SheetRow, next: SheetRow, columns: ColumnInfo[]): boolean {
  const nameCol = columns.find((c) => c.kind === "indicator" || c.kind === "org")?.col ?? 0;
  if (cellText(next.cells[nameCol]).trim() !== "") return false;
  const filled = next.cells.map((c, i) => (cellText(c).trim() !== "" ? i : -1)).filter((i) => i >= 0);
  if (filled.length === 0) return false;
  // a row of column numbers ("(1) (2) (3)" or "A B 1 2") is no header
  if (filled.every((i) => /^\(?[0-9A-Z]{1,2}\)?$|^\(\d+\)=/.test(cellText(next.cells[i]).trim())))
    return false;
  return filled.some((i) => cellText(top.cells[i]).trim() === "" || columns[i]?.kind === "unknown");
}

function readHeader(
  top: SheetRow,
  sub: SheetRow | null,
  ranges: { r1: number; c1: number; r2: number; c2: number }[],
): ColumnInfo[] {
  const width = Math.max(top.cells.length, sub?.cells.length ?? 0);
  const tops: string[] = [];
  for (let c = 0; c < width; c++) tops.push(cellText(top.cells[c]).trim());
  // a merged group header ("Năm 2024" over C:E) covers every column of its range
  for (const m of ranges) {
    if (m.r1 > top.row || m.r2 < top.row) continue;
    const text = cellText(top.cells[m.c1]).trim();
    for (let c = m.c1 + 1; c <= m.c2 && c < width; c++) if (tops[c] === "") tops[c] = text;
  }
  if (sub && ranges.length === 0) {
    // CSV has no merges: a group header is followed by empty cells that its second row fills
    let last = "";
    for (let c = 0; c < width; c++) {
      const t = tops[c] as string;
      const s = cellText(sub.cells[c]).trim();
      if (t !== "") last = s !== "" ? t : "";
      else if (s !== "" && last !== "") tops[c] = last;
    }
  }
  const out: ColumnInfo[] = [];
  for (let c = 0; c < width; c++) {
    const t = tops[c] as string;
    const s = sub ? cellText(sub.cells[c]).trim() : "";
    const header = s !== "" && t !== "" && s !== t ? `${t} – ${s}` : s || t;
    const kind = headerKind(t, s);
    out.push({
      col: c,
      header,
      ...kind,
      ...(kind.period ? { period: { ...kind.period, col: c, header } } : {}),
    });
  }
  return out;
}

/** Reads a report-layout file's rows (all of them; such tables are small) against the catalog. */
export function readReport(
  allRows: SheetRow[],
  meta: SheetMeta | null,
  found: HeaderFound,
  catalog: ReportCatalog,
  answers: ReportAnswers,
  options: ReportOptions,
): ReportReading {
  const rows = allRows.filter((r) => r.row > 0);
  const { shape, columns } = found;
  const headerRow = found.row.row;
  const lastHeaderRow = found.sub?.row ?? headerRow;
  const reading: ReportReading = {
    shape,
    headerRow,
    headerRows: found.sub ? [headerRow, found.sub.row] : [headerRow],
    headers: columns.map((c) => c.header),
    inferred: [],
    questions: [],
    matches: [],
    conversions: [],
    skippedRows: [],
    unknownHeaders: columns.filter((c) => c.kind === "unknown" && c.header !== "").map((c) => c.header),
    records: [],
    errors: [],
    warnings: [],
    read: 0,
    skipped: 0,
    invalid: 0,
    scopeOrgUnitId: null,
    aliases: [],
    lastYearChecks: [],
    planChecks: [],
  };
  const infer = (field: Inference["field"], value: string, source: string, sourceEn: string) =>
    reading.inferred.push({ field, value, source, sourceEn });
  const ask = (
    q: Omit<Question, "text" | "row" | "kind"> & Partial<Pick<Question, "text" | "row" | "kind">>,
  ) => {
    reading.questions.push({ text: null, row: null, kind: null, ...q });
    if (q.required)
      reading.errors.push(
        problem(
          "question_unanswered",
          { row: q.row ?? null, col: null, value: q.message.replace(/\?$/, "") },
          [q.text ?? "", q.text ?? ""],
        ),
      );
  };
  const headerSource = (col: number): [string, string] => [
    `tiêu đề cột ${columnLetter(col)} (dòng ${headerRow})`,
    `header of column ${columnLetter(col)} (row ${headerRow})`,
  ];

  infer(
    "shape",
    shape === "report" ? "Báo cáo chỉ tiêu theo dòng / report table" : "Bảng theo huyện / district table",
    `dòng tiêu đề bảng ${reading.headerRows.join("–")}`,
    `table header row ${reading.headerRows.join("–")}`,
  );

  // the sheet (a workbook of several visible sheets asks which), hidden sheets and rows
  if (meta) {
    const visible = meta.sheets.filter((s) => !s.hidden);
    if (visible.length > 1) {
      if (answers.sheet) infer("sheet", meta.sheet, "câu trả lời của người nhập", "the officer's answer");
      else
        ask({
          field: "sheet",
          message: "Đọc trang tính nào?",
          messageEn: "Which sheet should be read?",
          choices: visible.map((s) => ({ value: s.name, label: s.name })),
          suggested: meta.sheet,
          required: true,
        });
    }
    for (const s of meta.sheets)
      if (s.hidden) reading.warnings.push(problem("hidden_sheet", { row: null, col: null, value: s.name }));
  }

  // title lines: year, unit, province, the indicator of a district table
  const titles = rows
    .filter((r) => r.row < headerRow && !isBlankRow(r))
    .map((r) => ({ row: r.row, text: rowText(r) }));
  const valueCols = columns.filter((c) => c.kind === "value");
  const planCols = columns.filter((c) => c.kind === "plan");
  const lastYearCols = columns.filter((c) => c.kind === "last_year");
  const derivedCols = columns.filter((c) => c.kind === "derived");
  const unitCol = columns.find((c) => c.kind === "unit")?.col;
  const nameCol = columns.find((c) => c.kind === (shape === "report" ? "indicator" : "org"))?.col as number;

  // year
  let year: number | null = options.year ?? answers.year ?? null;
  if (year !== null) infer("year", String(year), "câu trả lời của người nhập", "the officer's answer");
  else {
    const t = titles.find((l) => yearInTitle(l.text) !== null);
    if (t) {
      year = yearInTitle(t.text);
      infer("year", String(year), `năm ${year} – dòng tiêu đề ${t.row}`, `year ${year} – title row ${t.row}`);
    } else {
      const c = valueCols.find((v) => v.period && !v.period.relative);
      if (c?.period) {
        year = c.period.period.year;
        const [vi, en] = headerSource(c.col);
        infer("year", String(year), `năm ${year} – ${vi}`, `year ${year} – ${en}`);
      }
    }
  }
  const needsYear = valueCols.some((c) => c.period?.relative) || planCols.some((c) => c.planYear == null);
  if (year === null && needsYear) {
    const y = Number(options.today.slice(0, 4));
    ask({
      field: "year",
      message: "Số liệu của năm nào?",
      messageEn: "Which year are the figures for?",
      choices: [y, y - 1, y - 2].map((v) => ({ value: String(v), label: String(v) })),
      suggested: null,
      required: true,
    });
  }

  // status of each value column
  const statusOf = new Map<number, ObservationStatus | null>();
  const unsaid = valueCols.filter((c) => !c.period?.status);
  for (const c of valueCols) {
    if (c.period?.status) {
      statusOf.set(c.col, c.period.status);
      const [vi, en] = headerSource(c.col);
      infer("status", STATUS_LABEL[c.period.status], `"${c.header}" – ${vi}`, `"${c.header}" – ${en}`);
    } else statusOf.set(c.col, answers.status ?? null);
  }
  if (unsaid.length > 0) {
    if (answers.status)
      infer("status", STATUS_LABEL[answers.status], "câu trả lời của người nhập", "the officer's answer");
    else
      ask({
        field: "status",
        message: `Số liệu cột ${unsaid.map((c) => `"${c.header}"`).join(", ")} là ước tính, sơ bộ hay chính thức?`,
        messageEn: `Are the figures of ${unsaid.map((c) => `"${c.header}"`).join(", ")} estimates, preliminary or official?`,
        choices: (["estimate", "preliminary", "official"] as const).map((s) => ({
          value: s,
          label: STATUS_LABEL[s],
        })),
        suggested: unsaid.every((c) => c.actualWord) ? "official" : null,
        required: true,
      });
  }

  // unit: a column, the title, or the officer
  const titleUnit = titles.map((l) => ({ row: l.row, u: unitInTitle(l.text) })).find((x) => x.u !== null);
  let fileUnit: string | null = null;
  if (titleUnit?.u) {
    fileUnit = titleUnit.u.text;
    infer(
      "unit",
      fileUnit,
      `"${fileUnit}" – dòng tiêu đề ${titleUnit.row}`,
      `"${fileUnit}" – title row ${titleUnit.row}`,
    );
  } else if (unitCol !== undefined) {
    infer("unit", "cột Đơn vị tính", ...headerSource(unitCol));
  } else if (answers.unit) {
    fileUnit = answers.unit === "catalog" ? null : answers.unit;
    infer("unit", answers.unit, "câu trả lời của người nhập", "the officer's answer");
  } else {
    ask({
      field: "unit",
      message: "Tệp không ghi đơn vị tính: số liệu tính theo đơn vị nào?",
      messageEn: "The file states no unit: which unit are the figures in?",
      choices: [
        {
          value: "catalog",
          label: "Đơn vị của từng chỉ tiêu trong danh mục / each indicator's catalog unit",
        },
        ...["tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "%", "người", "nghìn người", "ha", "nghìn ha"].map(
          (u) => ({
            value: u,
            label: u,
          }),
        ),
      ],
      suggested: null,
      required: true,
    });
  }

  // the org unit (report: whose figures; district: the province whose districts are listed)
  const provinces = catalog.orgUnits.filter((u) => u.level === "province");
  let orgUnit: ReportOrgUnit | null = null;
  if (answers.orgUnit) {
    orgUnit = catalog.orgUnits.find((u) => u.code === answers.orgUnit) ?? null;
    if (!orgUnit)
      reading.errors.push(problem("unknown_org_unit", { row: null, col: null, value: answers.orgUnit }));
    else infer("orgUnit", orgUnit.nameVi, "câu trả lời của người nhập", "the officer's answer");
  } else {
    const hits = new Map<number, { u: ReportOrgUnit; row: number }>();
    for (const l of titles) {
      const line = ` ${tidyKey(l.text)} `;
      for (const p of provinces) {
        const k = orgUnitNameKey(p.nameVi);
        if (k !== "" && line.includes(` ${k} `)) hits.set(p.id, { u: p, row: l.row });
      }
    }
    if (hits.size === 1) {
      const [{ u, row }] = [...hits.values()] as [{ u: ReportOrgUnit; row: number }];
      orgUnit = u;
      infer(
        "orgUnit",
        u.nameVi,
        `${u.nameVi} – dòng tiêu đề ${row}`,
        `${u.nameEn ?? u.nameVi} – title row ${row}`,
      );
    }
  }

  // the indicator of a district table: named in the title
  let tableIndicator: ReportIndicator | null = null;
  if (shape === "district") {
    if (answers.indicator) {
      tableIndicator = catalog.indicators.find((i) => i.code === answers.indicator) ?? null;
      if (!tableIndicator)
        reading.errors.push(problem("unknown_indicator", { row: null, col: null, value: answers.indicator }));
      else infer("indicator", tableIndicator.nameVi, "câu trả lời của người nhập", "the officer's answer");
    } else {
      const found = indicatorInTitles(titles, catalog.indicators);
      if (found.match) {
        tableIndicator = found.match.item;
        infer(
          "indicator",
          tableIndicator.nameVi,
          `"${found.match.row.text}" – dòng tiêu đề ${found.match.row.row}`,
          `"${found.match.row.text}" – title row ${found.match.row.row}`,
        );
      } else
        ask({
          field: "indicator",
          message: "Bảng này là số liệu của chỉ tiêu nào?",
          messageEn: "Which indicator does this table give?",
          choices: found.candidates.map((i) => ({ value: i.code, label: `${i.nameVi} (${i.unit})` })),
          suggested: null,
          required: true,
        });
    }
  }

  // the rows
  let convention: ReadConvention =
    options.numberConvention ??
    answers.numberConvention ??
    conventionOf(rows, lastHeaderRow, [...valueCols, ...planCols, ...derivedCols, ...lastYearCols]);
  if (answers.numberConvention && !options.numberConvention)
    infer("numberConvention", answers.numberConvention, "câu trả lời của người nhập", "the officer's answer");
  if (convention === "unknown" && ambiguousIn(rows, lastHeaderRow, [...valueCols, ...planCols])) {
    // "17.250" alone may be 17,25 or 17 250: asked once, never guessed (nor one error per cell)
    ask({
      field: "numberConvention",
      message: "Dấu chấm trong các số của tệp (như 17.250) là dấu phân cách hàng nghìn hay dấu thập phân?",
      messageEn: "Is the dot in the file's numbers (such as 17.250) a thousands separator or a decimal mark?",
      choices: [
        {
          value: "comma_decimal",
          label:
            "Phân cách hàng nghìn, dấu phẩy thập phân (17.250 = 17250) / thousands separator, comma decimal",
        },
        { value: "dot_decimal", label: "Dấu chấm thập phân (17.250 = 17,25) / decimal point" },
      ],
      suggested: "comma_decimal",
      required: true,
    });
    convention = "asked";
  }
  const parts = new Map<number, { sum: ReturnType<typeof dec>; n: number }>();
  let totalRow: SheetRow | null = null;
  const dataRows = rows.filter((r) => r.row > lastHeaderRow && !isBlankRow(r));
  const units = new Map<number, ReportOrgUnit>();
  const rowsToStore: { r: SheetRow; indicator: ReportIndicator; orgUnit: ReportOrgUnit }[] = [];
  const pendingNames: { r: SheetRow; text: string }[] = [];
  let scope = orgUnit;
  for (const r of dataRows) {
    const text = cellText(r.cells[nameCol]).trim();
    const numbers = [...valueCols, ...planCols].some((c) => cellText(r.cells[c.col]).trim() !== "");
    const full = rowText(r);
    if (/^(?:ghi chu|nguon|chu thich|luu y)\b/.test(headerKey(full)) || /^\(?\*/.test(full)) {
      reading.skippedRows.push({ row: r.row, text: full, why: "note" });
      continue;
    }
    if (text === "" && !numbers) {
      reading.skippedRows.push({ row: r.row, text: full, why: "note" });
      continue;
    }
    const k = headerKey(text);
    if (!numbers) {
      reading.skippedRows.push({ row: r.row, text: rowText(r), why: "section" });
      continue;
    }
    if (r.hidden) reading.warnings.push(problem("hidden_row", { row: r.row, col: nameCol, value: text }));
    if (shape === "district" && TOTAL_KEYS.has(stripListMarker(k))) {
      totalRow = r;
      reading.skippedRows.push({ row: r.row, text, why: "total" });
      continue;
    }
    pendingNames.push({ r, text });
  }
  // the province of a district table: the answer, the title, or the parent of its districts
  const kind = shape === "report" ? "indicator" : "org_unit";
  const matched = pendingNames.map(({ r, text }) => ({
    r,
    text,
    m: matchName(kind, text, r.row, scope, catalog, answers),
  }));
  if (shape === "district" && !scope) {
    const parents = new Set(
      matched.flatMap((x) => (x.m.ok && x.m.unit?.parentId ? [x.m.unit.parentId] : [])),
    );
    if (parents.size === 1) {
      scope = catalog.orgUnits.find((u) => u.id === [...parents][0]) ?? null;
      if (scope)
        infer(
          "orgUnit",
          scope.nameVi,
          "tỉnh chứa các huyện trong bảng",
          "the province of the districts listed",
        );
    }
  }
  if (!scope && (shape === "report" || totalRow)) {
    ask({
      field: "orgUnit",
      message:
        shape === "report"
          ? "Báo cáo này là số liệu của tỉnh/đơn vị nào?"
          : "Các huyện trong bảng thuộc tỉnh nào?",
      messageEn:
        shape === "report"
          ? "Whose figures does this report give?"
          : "Which province are these districts in?",
      choices: provinces.map((p) => ({ value: p.code, label: p.nameVi })),
      suggested: provinces.length === 1 ? (provinces[0]?.code ?? null) : null,
      required: true,
    });
  }
  reading.scopeOrgUnitId = scope?.id ?? null;
  // aliases are per province: match again now that it is known
  const final = scope
    ? pendingNames.map(({ r, text }) => ({
        r,
        text,
        m: matchName(kind, text, r.row, scope, catalog, answers),
      }))
    : matched;
  for (const { r, text, m } of final) {
    if (m.ok === "skip") {
      reading.skippedRows.push({ row: r.row, text, why: "not_tracked" });
      if (m.save && scope) reading.aliases.push({ kind, key: m.key, text, targetId: 0 });
      continue;
    }
    if (!m.ok) {
      ask({
        field: "name",
        kind,
        text,
        row: r.row,
        message:
          kind === "indicator"
            ? `Dòng ${r.row} "${text}" là chỉ tiêu nào?`
            : `Dòng ${r.row} "${text}" là đơn vị nào?`,
        messageEn:
          kind === "indicator"
            ? `Which indicator is row ${r.row} "${text}"?`
            : `Which org unit is row ${r.row} "${text}"?`,
        choices: [
          ...m.candidates,
          {
            value: SKIP_NAME,
            label:
              kind === "indicator"
                ? "Không phải chỉ tiêu theo dõi – bỏ qua dòng này / not a tracked indicator – skip"
                : "Bỏ qua dòng này / skip this row",
          },
        ],
        suggested: null,
        required: true,
      });
      reading.invalid++;
      continue;
    }
    reading.matches.push(m.match);
    if (m.save && scope)
      reading.aliases.push({
        kind,
        key: m.key,
        text,
        targetId: m.match.kind === "indicator" ? (m.indicator?.id ?? 0) : (m.unit?.id ?? 0),
      });
    const indicator = shape === "report" ? m.indicator : tableIndicator;
    const unit = shape === "report" ? scope : m.unit;
    if (!indicator || !unit) continue;
    if (unit.id) units.set(r.row, unit);
    rowsToStore.push({ r, indicator, orgUnit: unit });
  }
  if (totalRow && tableIndicator && scope && answers.storeTotal)
    rowsToStore.push({ r: totalRow, indicator: tableIndicator, orgUnit: scope });
  if (totalRow && answers.storeTotal === undefined)
    reading.questions.push({
      field: "storeTotal",
      text: cellText(totalRow.cells[nameCol]).trim(),
      row: totalRow.row,
      kind: null,
      message: `Lưu dòng tổng (dòng ${totalRow.row}) làm số liệu của ${scope?.nameVi ?? "tỉnh"}?`,
      messageEn: `Store the total row (row ${totalRow.row}) as the figure of ${scope?.nameEn ?? scope?.nameVi ?? "the province"}?`,
      choices: [
        { value: "false", label: "Không, chỉ dùng để kiểm tra / no, only as a check" },
        { value: "true", label: "Có / yes" },
      ],
      suggested: "false",
      required: false,
    });

  // values
  const lastYearIn = (r: SheetRow, c: ColumnInfo): string | null => {
    const ly = lastYearCols.find((x) => x.col > c.col) ?? lastYearCols[0];
    if (!ly) return null;
    const v = readValue(r.cells[ly.col], convention);
    return v.ok === true ? v.value : null;
  };
  for (const { r, indicator, orgUnit: unit } of rowsToStore) {
    const unitText = (unitCol !== undefined ? cellText(r.cells[unitCol]).trim() : "") || fileUnit;
    const conv = unitFor(unitText, indicator);
    const place = (col: number, value: string) => ({
      row: r.row,
      col,
      header: columns[col]?.header ?? null,
      value,
    });
    if (conv.error) {
      reading.errors.push(problem("unit_mismatch", place(unitCol ?? nameCol, unitText ?? ""), conv.error));
      reading.invalid++;
      continue;
    }
    const mainValues = new Map<number, string>();
    for (const c of valueCols) {
      const raw = r.cells[c.col];
      const v = readValue(raw, convention);
      if (v.ok === "skip") {
        if (cellText(raw).trim() !== "") reading.skipped++;
        continue;
      }
      reading.read++;
      if (v.ok === "pending") continue;
      if (!v.ok) {
        reading.errors.push(problem(v.code, place(c.col, cellText(raw)), v.detail));
        reading.invalid++;
        continue;
      }
      const period = c.period as PeriodColumn;
      const y = period.relative ? year : period.period.year;
      const status = statusOf.get(c.col) ?? null;
      if (y === null || status === null) continue; // asked above
      const resolved = toResolved({ ...period.period, year: y }, period.basis);
      if (!resolved) continue;
      const value = conv.unit && conv.to ? convertValue(v.value, conv.unit, conv.to) : v.value;
      if (conv.unit && conv.to && conv.unit !== conv.to)
        reading.conversions.push({
          row: r.row,
          column: c.header,
          indicator: indicator.code,
          from: conv.unit.vi,
          to: conv.to.vi,
          factor: decToString(dec(conv.unit.factor).div(dec(conv.to.factor))),
          original: v.value,
          value,
        });
      mainValues.set(c.col, value);
      const problems: ImportProblem[] = [];
      if (!options.canWrite(indicator.id, unit.id))
        problems.push(problem("not_permitted", place(nameCol, `${indicator.code} × ${unit.code}`)));
      if (frequencyMismatch(indicator, resolved.period))
        problems.push(problem("frequency_mismatch", place(c.col, c.header)));
      const range = outOfRange(indicator, value);
      if (range) problems.push(problem("out_of_range", place(c.col, cellText(raw)), range));
      if (resolved.start > options.today) problems.push(problem("future_period", place(c.col, c.header)));
      const lock = catalog.lookup.locks.get(unit.id)?.find((l) => containsPeriod(l.period, resolved.period));
      if (lock)
        problems.push(
          problem("locked_period", place(c.col, c.header), [
            `khóa kỳ ${lock.code}`,
            `locked period ${lock.code}`,
          ]),
        );
      if (problems.length > 0) {
        reading.errors.push(...problems);
        reading.invalid++;
        continue;
      }
      const basis = resolved.basis ?? "period";
      reading.records.push({
        row: r.row,
        col: c.col,
        indicatorId: indicator.id,
        orgUnitId: unit.id,
        period: resolved.code,
        periodStart: resolved.start,
        periodEnd: resolved.end,
        basis,
        value,
        status,
        note: null,
        prevPeriod: basis === "period" ? resolved.prev : null,
      });
      if (r !== totalRow && shape === "district") {
        const s = parts.get(c.col) ?? { sum: dec(0), n: 0 };
        parts.set(c.col, { sum: s.sum.plus(dec(v.value)), n: s.n + 1 });
      }
    }
    // the plan column: compared with the catalog's target, never stored
    for (const c of planCols) {
      const v = readValue(r.cells[c.col], convention);
      if (v.ok !== true) continue;
      const py = c.planYear ?? year;
      if (py === null) continue;
      const value = conv.unit && conv.to ? convertValue(v.value, conv.unit, conv.to) : v.value;
      reading.planChecks.push({
        row: r.row,
        col: c.col,
        header: c.header,
        value,
        indicatorId: indicator.id,
        orgUnitId: unit.id,
        year: py,
      });
    }
    // ratio columns: recomputed from the figures, never stored
    for (const d of derivedCols) {
      const reported = readValue(r.cells[d.col], convention);
      if (reported.ok !== true) continue;
      const main =
        [...valueCols].reverse().find((c) => c.col < d.col && mainValues.has(c.col)) ??
        valueCols.find((c) => mainValues.has(c.col));
      if (!main) continue;
      const value = mainValues.get(main.col) as string;
      if (d.against === "plan") {
        const plan = planCols.map((p) => readValue(r.cells[p.col], convention)).find((p) => p.ok === true);
        if (plan?.ok !== true) continue;
        const planValue = conv.unit && conv.to ? convertValue(plan.value, conv.unit, conv.to) : plan.value;
        const mismatch = ratioMismatch(value, planValue, reported.value);
        if (mismatch)
          reading.warnings.push(
            problem("derived_mismatch", place(d.col, reported.value), [
              `${mismatch} (${value} / ${planValue} × 100)`,
              `${mismatch} (${value} / ${planValue} × 100)`,
            ]),
          );
      } else if (indicator.measureKind === "flow" || indicator.measureKind === "stock") {
        const period = main.period as PeriodColumn;
        const y = period.relative ? year : period.period.year;
        if (y === null) continue;
        const resolved = toResolved({ ...period.period, year: y - 1 }, period.basis);
        if (!resolved) continue;
        const inFileRaw = lastYearIn(r, main);
        const inFile =
          inFileRaw !== null && conv.unit && conv.to
            ? convertValue(inFileRaw, conv.unit, conv.to)
            : inFileRaw;
        reading.lastYearChecks.push({
          row: r.row,
          col: d.col,
          header: d.header,
          reported: reported.value,
          value,
          indicatorId: indicator.id,
          orgUnitId: unit.id,
          period: resolved.code,
          basis: resolved.basis ?? "period",
          inFile,
        });
      }
    }
  }
  // the total row against the sum of its parts (flows and counts)
  if (
    totalRow &&
    tableIndicator &&
    (tableIndicator.measureKind === "flow" || tableIndicator.measureKind === "stock")
  ) {
    for (const c of valueCols) {
      const t = readValue(totalRow.cells[c.col], convention);
      const s = parts.get(c.col);
      if (t.ok !== true || !s) continue;
      if (!dec(t.value).equals(s.sum))
        reading.warnings.push(
          problem(
            "total_mismatch",
            { row: totalRow.row, col: c.col, header: c.header, value: t.value },
            decToString(s.sum),
          ),
        );
    }
  }
  if (unitCol === undefined && !fileUnit && answers.unit !== "catalog") {
    // no unit anywhere and no answer: nothing may be stored (the question is asked above)
    reading.records = [];
  }
  return reading;
}

/** Lower case, no diacritics, words only: for finding names inside a title line. */
function tidyKey(text: string): string {
  return foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function indicatorInTitles(
  titles: { row: number; text: string }[],
  indicators: ReportIndicator[],
): {
  match: { item: ReportIndicator; row: { row: number; text: string } } | null;
  candidates: ReportIndicator[];
} {
  let best: { item: ReportIndicator; row: { row: number; text: string }; len: number } | null = null;
  let tie = false;
  for (const l of titles) {
    const line = ` ${indicatorNameKey(l.text)} `;
    for (const i of indicators) {
      for (const name of [i.nameVi, i.nameEn]) {
        if (!name) continue;
        const k = indicatorNameKey(name);
        if (k.length < 6 || !line.includes(` ${k} `)) continue;
        if (!best || k.length > best.len) {
          best = { item: i, row: l, len: k.length };
          tie = false;
        } else if (k.length === best.len && best.item.id !== i.id) tie = true;
      }
    }
  }
  if (best && !tie) return { match: { item: best.item, row: best.row }, candidates: [] };
  const text = titles.map((t) => t.text).join(" ");
  const c = closestNames(text, indicators, (i) => [i.nameVi, i.nameEn], indicatorNameKey, { limit: 3 });
  return { match: null, candidates: c.candidates.map((x) => x.item) };
}

type NameResult =
  | {
      ok: true;
      match: NameMatch;
      indicator?: ReportIndicator;
      unit?: ReportOrgUnit;
      key: string;
      save: boolean;
    }
  | { ok: "skip"; key: string; save: boolean }
  | { ok: false; candidates: QuestionChoice[]; key: string };

function matchName(
  kind: "indicator" | "org_unit",
  text: string,
  row: number,
  scope: ReportOrgUnit | null,
  catalog: ReportCatalog,
  answers: ReportAnswers,
): NameResult & { unit?: ReportOrgUnit } {
  const key = kind === "indicator" ? indicatorNameKey(text) : orgUnitNameKey(text);
  const items =
    kind === "indicator"
      ? catalog.indicators
      : catalog.orgUnits.filter(
          (u) =>
            u.level !== "province" &&
            u.level !== "country" &&
            (!scope || u.parentId === scope.id || u.parentId === null),
        );
  const byId = (id: number) =>
    kind === "indicator"
      ? catalog.indicators.find((i) => i.id === id)
      : catalog.orgUnits.find((u) => u.id === id);
  const result = (
    item: ReportIndicator | ReportOrgUnit,
    how: NameMatch["how"],
    score: number | null,
    save: boolean,
  ): NameResult => ({
    ok: true,
    match: { row, text, kind, code: item.code, name: item.nameVi, how, score },
    ...(kind === "indicator" ? { indicator: item as ReportIndicator } : { unit: item as ReportOrgUnit }),
    key,
    save,
  });
  // the officer's choice first (it may also correct a remembered one)
  const chosen = answers.names?.[text] ?? answers.names?.[key];
  if (chosen !== undefined) {
    if (chosen === SKIP_NAME) return { ok: "skip", key, save: true };
    const item =
      items.find((i) => i.code === chosen) ??
      (kind === "indicator" ? catalog.indicators : catalog.orgUnits).find((i) => i.code === chosen);
    if (item) return result(item, "chosen", null, true);
  }
  if (scope) {
    const alias = catalog.aliases.get(`${kind}|${scope.id}|${key}`);
    if (alias === 0) return { ok: "skip", key, save: false };
    if (alias !== undefined) {
      const item = byId(alias);
      if (item) return result(item, "alias", null, false);
    }
  }
  const index = kind === "indicator" ? catalog.lookup.indicators : catalog.lookup.orgUnits;
  const exact = index.resolve(stripListMarker(text));
  if (exact.ok) {
    const item = byId(exact.id);
    if (item && items.includes(item as never)) return result(item, "exact", 1, false);
  }
  const keyOf = kind === "indicator" ? indicatorNameKey : orgUnitNameKey;
  const same = (items as (ReportIndicator | ReportOrgUnit)[]).filter(
    (i) => keyOf(i.nameVi) === key || (i.nameEn !== null && keyOf(i.nameEn) === key),
  );
  if (same.length === 1) return result(same[0] as ReportIndicator | ReportOrgUnit, "exact", 1, false);
  const close = closestNames(
    text,
    items as (ReportIndicator | ReportOrgUnit)[],
    (i) => [i.nameVi, i.nameEn],
    keyOf,
    {
      limit: 3,
    },
  );
  if (close.match && same.length === 0)
    return result(close.match.item, "close", round2(close.match.score), false);
  const pool = same.length > 1 ? same.map((item) => ({ item, score: 1 })) : close.candidates;
  return {
    ok: false,
    key,
    candidates: pool
      .slice(0, 3)
      .map((c) => ({ value: c.item.code, label: `${c.item.nameVi} (${c.item.code})` })),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function ambiguousIn(rows: SheetRow[], after: number, cols: ColumnInfo[]): boolean {
  for (const r of rows) {
    if (r.row <= after) continue;
    for (const c of cols) {
      const cell = r.cells[c.col];
      if (typeof cell !== "string" || cell.trim() === "") continue;
      const p = parseDecimal(cell, "unknown");
      if (!p.ok && p.code === "ambiguous") return true;
    }
  }
  return false;
}

function conventionOf(rows: SheetRow[], after: number, cols: ColumnInfo[]): NumberConvention {
  const texts: string[] = [];
  for (const r of rows) {
    if (r.row <= after) continue;
    for (const c of cols) {
      const cell = r.cells[c.col];
      if (typeof cell === "string" && cell.trim() !== "") texts.push(cell);
    }
  }
  const e = numberConventionEvidence(texts);
  if (e.comma_decimal > 0 && e.dot_decimal === 0) return "comma_decimal";
  if (e.dot_decimal > 0 && e.comma_decimal === 0) return "dot_decimal";
  return "unknown";
}

type ValueRead =
  | { ok: true; value: string }
  | { ok: "skip" }
  | { ok: "pending" }
  | { ok: false; code: "not_a_number" | "ambiguous_number"; detail: [string, string] | string };

type ReadConvention = NumberConvention | "asked";

function readValue(raw: Cell | undefined, convention: ReadConvention): ValueRead {
  if (raw !== undefined && typeof raw !== "string") return { ok: true, value: raw.n };
  if (convention === "asked") {
    // the officer is asked which: a number that depends on it is not read until then
    const dot = parseDecimal(raw ?? "", "dot_decimal");
    const comma = parseDecimal(raw ?? "", "comma_decimal");
    if (dot.ok && comma.ok && dot.value === comma.value) return { ok: true, value: dot.value };
    if (!dot.ok && (dot.code === "empty" || dot.code === "dash")) return { ok: "skip" };
    return { ok: "pending" };
  }
  const parsed = parseDecimal(raw ?? "", convention);
  if (parsed.ok) return { ok: true, value: parsed.value };
  if (parsed.code === "empty" || parsed.code === "dash") return { ok: "skip" };
  if (parsed.code === "ambiguous") {
    const [a, b] = parsed.candidates ?? ["?", "?"];
    return { ok: false, code: "ambiguous_number", detail: [`${a} hoặc ${b}`, `${a} or ${b}`] };
  }
  return { ok: false, code: "not_a_number", detail: "" };
}

function unitFor(
  text: string | null,
  indicator: ReportIndicator,
): { unit: UnitDef | null; to: UnitDef | null; error: [string, string] | null } {
  const to = findUnit(indicator.unit);
  if (text === null || text === "") return { unit: null, to, error: null }; // the indicator's own unit (answered)
  const from = findUnit(text);
  if (from && to) {
    if (from.dimension !== to.dimension)
      return {
        unit: from,
        to,
        error: [`"${text}" → "${indicator.unit}"`, `"${text}" → "${indicator.unit}"`],
      };
    return { unit: from, to, error: null };
  }
  if (unitKey(text) === unitKey(indicator.unit)) return { unit: null, to: null, error: null };
  return { unit: from, to, error: [`"${text}" → "${indicator.unit}"`, `"${text}" → "${indicator.unit}"`] };
}

function convertValue(value: string, from: UnitDef, to: UnitDef): string {
  const c = convertUnit(value, from, to);
  return c.ok ? c.value : value;
}

/** The reported ratio against value / base × 100, to the reported precision; null when they agree. */
export function ratioMismatch(value: string, base: string, reported: string): string | null {
  const b = dec(base);
  if (b.isZero()) return null;
  const computed = dec(value).div(b).times(100);
  const decimals = (reported.split(".")[1] ?? "").length;
  const tolerance = dec(5).times(dec(10).pow(-(decimals + 1)));
  if (computed.minus(dec(reported)).abs().lessThanOrEqualTo(tolerance)) return null;
  return decToString(computed.toDecimalPlaces(Math.max(decimals, 1) + 1));
}

export function describePeriod(code: string): string {
  return code;
}

export { formatPeriodVi };

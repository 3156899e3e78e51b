import {
  containsPeriod,
  type Decimal,
  dec,
  type NumberConvention,
  nfc,
  type Period,
  parseDecimal,
  periodCode,
  periodEnd,
  periodStart,
  previousPeriod,
} from "@chitieu/domain";
import type { ObservationBasis, ObservationStatus } from "@chitieu/storage";
import type { CatalogLookup, IndicatorInfo } from "./catalog-lookup.ts";
import {
  type PeriodColumn,
  parseBasis,
  parsePeriodHeader,
  parseStatus,
  periodWithBasis,
  yearInTitle,
} from "./headers.ts";
import type { FileLayout } from "./layout.ts";
import { excerpt, type ImportProblem, type ProblemCode, problem } from "./problems.ts";
import { type Cell, cellText, type SheetRow } from "./rows.ts";

// Turns one spreadsheet row into observation records, or into every problem it has. Pure: the
// catalog, locks and permissions arrive as in-memory lookups, so a row costs map look-ups only.

/** A figure's note: one or two sentences of context, never a document (README, "Limits"). */
export const MAX_NOTE_CHARS = 2_000;

export type CanWrite = (indicatorId: number, orgUnitId: number) => boolean;

export interface StagedRecord {
  row: number;
  /** 0-based column of the value cell */
  col: number;
  indicatorId: number;
  orgUnitId: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  basis: ObservationBasis;
  value: string;
  status: ObservationStatus;
  note: string | null;
  /** previous period of the same kind, for the large-jump warning (period basis only) */
  prevPeriod: string | null;
}

export interface RowResult {
  records: StagedRecord[];
  problems: ImportProblem[];
  /** cells that held a value (or tried to): what "rows" counts */
  read: number;
  /** records that had at least one error */
  invalid: number;
  /** empty or dash values: no observation, not an error */
  skipped: number;
}

export interface ValidatorOptions {
  convention: NumberConvention;
  today: string;
  canWrite: CanWrite;
  defaultStatus: ObservationStatus;
}

export interface ResolvedPeriod {
  period: Period;
  code: string;
  start: string;
  end: string;
  basis: ObservationBasis | null;
  prev: string | null;
}

type Field<T> = { ok: true; value: T } | { ok: false; problems: ImportProblem[] };

interface RowFields {
  year: number | null;
  indicator: Field<IndicatorInfo>;
  orgUnit: Field<number>;
  basis: Field<ObservationBasis | null>;
  problems: ImportProblem[];
}

interface CellFields {
  value: Field<string>;
  period: Field<ResolvedPeriod>;
  status: Field<ObservationStatus>;
  valueCol: number;
  basisFromPeriod: ObservationBasis | null;
}

const FREQUENCY_TEXT: Record<IndicatorInfo["frequency"], [string, string]> = {
  monthly: ["chỉ tiêu công bố hằng tháng", "a monthly indicator"],
  quarterly: [
    "chỉ tiêu chỉ công bố theo quý, 6 tháng, 9 tháng và năm",
    "published only for quarters, halves, nine months and years",
  ],
  annual: ["chỉ tiêu chỉ công bố theo năm", "published only yearly"],
};

export class RowValidator {
  private readonly periodMemo = new Map<string, ResolvedPeriod | null>();
  private readonly permitMemo = new Map<string, boolean>();
  private readonly lockMemo = new Map<string, string | null>();
  // a file says "chính thức" a million times: each distinct word is read once
  private readonly statusMemo = new Map<string, ObservationStatus | null>();
  private readonly basisMemo = new Map<string, ObservationBasis | null>();

  constructor(
    private readonly layout: FileLayout,
    private readonly lookup: CatalogLookup,
    private readonly options: ValidatorOptions,
  ) {}

  /** The convention of the values read from now on (an import in one reading, see import-service). */
  useConvention(convention: NumberConvention): void {
    this.options.convention = convention;
  }

  validate(r: SheetRow): RowResult {
    return this.layout.layout === "long" ? this.validateLong(r) : this.validateWide(r);
  }

  private validateLong(r: SheetRow): RowResult {
    const result: RowResult = { records: [], problems: [], read: 0, invalid: 0, skipped: 0 };
    const cols = this.layout.cols;
    const valueCol = cols.value as number;
    const value = this.value(r.row, valueCol, r.cells[valueCol]);
    if (value === "skip") {
      result.skipped = 1;
      return result;
    }
    result.read = 1;
    const row = this.rowFields(r, false);
    const periodCol = cols.period as number;
    const period = this.periodCell(r.row, periodCol, cellText(r.cells[periodCol]), row.year);
    const cell: CellFields = {
      value,
      period,
      status: this.statusCell(r, null),
      valueCol,
      basisFromPeriod: null,
    };
    this.emit(r, row, cell, this.cellProblems(r, row, cell), result, true);
    return result;
  }

  private validateWide(r: SheetRow): RowResult {
    const result: RowResult = { records: [], problems: [], read: 0, invalid: 0, skipped: 0 };
    let row: RowFields | null = null;
    for (const pc of this.layout.periodColumns) {
      const raw = r.cells[pc.col];
      if (raw === undefined || cellText(raw).trim() === "") continue; // an empty cell is no observation
      const value = this.value(r.row, pc.col, raw);
      if (value === "skip") {
        result.skipped++;
        continue;
      }
      result.read++;
      if (!row) {
        // row-level problems (indicator, unit, year, permission) are listed once, not once per cell
        row = this.rowFields(
          r,
          this.layout.periodColumns.some((c) => c.relative),
        );
        result.problems.push(...row.problems);
      }
      const period = this.periodColumn(r.row, pc, row.year);
      const cell: CellFields = {
        value,
        period,
        status: this.statusCell(r, pc.status),
        valueCol: pc.col,
        basisFromPeriod: pc.basis,
      };
      this.emit(r, row, cell, this.cellProblems(r, row, cell), result, false);
    }
    return result;
  }

  private rowFields(r: SheetRow, yearRequired: boolean): RowFields {
    const problems: ImportProblem[] = [];
    const year = this.rowYear(r, problems, yearRequired);
    const indicator = this.resolveIndicator(r);
    const orgUnit = this.resolveOrgUnit(r);
    const basis = this.basisCell(r);
    for (const field of [indicator, orgUnit, basis]) if (!field.ok) problems.push(...field.problems);
    if (indicator.ok && orgUnit.ok && !this.permitted(indicator.value.id, orgUnit.value)) {
      const ic = this.layout.cols.indicator ?? (this.layout.cols.indicator_name as number);
      const what = `${indicator.value.code} × ${this.lookup.orgUnitById.get(orgUnit.value)?.code}`;
      problems.push(
        problem("not_permitted", {
          row: r.row,
          col: ic,
          header: this.layout.headers[ic] ?? null,
          value: what,
        }),
      );
    }
    const noteCol = this.layout.cols.note;
    const note = noteCol === undefined ? "" : cellText(r.cells[noteCol]).trim();
    if (note.length > MAX_NOTE_CHARS)
      problems.push(
        problem(
          "text_too_long",
          {
            row: r.row,
            col: noteCol as number,
            header: this.layout.headers[noteCol as number] ?? null,
            value: excerpt(note),
          },
          [
            `${note.length}; ghi chú tối đa ${MAX_NOTE_CHARS}`,
            `${note.length}; a note has at most ${MAX_NOTE_CHARS}`,
          ],
        ),
      );
    return { year, indicator, orgUnit, basis, problems };
  }

  /** Checks of one value: its own parse, then against the indicator, the calendar and the locks. */
  private cellProblems(r: SheetRow, row: RowFields, f: CellFields): ImportProblem[] {
    const problems: ImportProblem[] = [];
    for (const field of [f.period, f.value, f.status]) if (!field.ok) problems.push(...field.problems);
    const cols = this.layout.cols;
    const periodCol = cols.period ?? f.valueCol;
    const periodText =
      cols.period !== undefined ? cellText(r.cells[cols.period]) : (this.layout.headers[f.valueCol] ?? "");
    const at = (col: number, value: string) => ({
      row: r.row,
      col,
      header: this.layout.headers[col] ?? null,
      value,
    });
    const { indicator, orgUnit } = row;
    if (indicator.ok && f.period.ok && frequencyMismatch(indicator.value, f.period.value.period)) {
      problems.push(
        problem("frequency_mismatch", at(periodCol, periodText), FREQUENCY_TEXT[indicator.value.frequency]),
      );
    }
    if (indicator.ok && f.value.ok) {
      const range = outOfRange(indicator.value, f.value.value);
      if (range) problems.push(problem("out_of_range", at(f.valueCol, cellText(r.cells[f.valueCol])), range));
    }
    if (f.period.ok && f.period.value.start > this.options.today) {
      problems.push(problem("future_period", at(periodCol, periodText)));
    }
    if (orgUnit.ok && f.period.ok) {
      const lock = this.lockOf(orgUnit.value, f.period.value);
      if (lock)
        problems.push(
          problem("locked_period", at(periodCol, periodText), [`khóa kỳ ${lock}`, `locked period ${lock}`]),
        );
    }
    return problems;
  }

  /** A record when nothing is wrong; else its problems (a wide row lists its row-level ones once, itself). */
  private emit(
    r: SheetRow,
    row: RowFields,
    f: CellFields,
    problems: ImportProblem[],
    result: RowResult,
    withRow: boolean,
  ) {
    const { indicator, orgUnit, basis } = row;
    const bad = row.problems.length > 0 || problems.length > 0;
    if (bad || !indicator.ok || !orgUnit.ok || !f.period.ok || !f.value.ok || !f.status.ok || !basis.ok) {
      if (withRow) result.problems.push(...row.problems);
      result.problems.push(...problems);
      result.invalid++;
      return;
    }
    const cols = this.layout.cols;
    const p = f.period.value;
    const recordBasis = p.basis ?? f.basisFromPeriod ?? basis.value ?? "period";
    const noteText = cols.note === undefined ? "" : cellText(r.cells[cols.note]).trim();
    result.records.push({
      row: r.row,
      col: f.valueCol,
      indicatorId: indicator.value.id,
      orgUnitId: orgUnit.value,
      period: p.code,
      periodStart: p.start,
      periodEnd: p.end,
      basis: recordBasis,
      value: f.value.value,
      status: f.status.value,
      note: noteText === "" ? null : nfc(noteText),
      prevPeriod: recordBasis === "period" ? p.prev : null,
    });
  }

  private value(row: number, col: number, raw: Cell | undefined): Field<string> | "skip" {
    if (raw !== undefined && typeof raw !== "string") return { ok: true, value: raw.n };
    const text = raw ?? "";
    const parsed = parseDecimal(text, this.options.convention);
    if (parsed.ok) return { ok: true, value: parsed.value };
    if (parsed.code === "empty" || parsed.code === "dash") return "skip";
    const place = { row, col, header: this.layout.headers[col] ?? null, value: text };
    if (parsed.code === "ambiguous") {
      const [a, b] = parsed.candidates ?? ["?", "?"];
      return {
        ok: false,
        problems: [problem("ambiguous_number", place, [`${a} hoặc ${b}`, `${a} or ${b}`])],
      };
    }
    return { ok: false, problems: [problem("not_a_number", place)] };
  }

  private resolveIndicator(r: SheetRow): Field<IndicatorInfo> {
    const res = this.resolveName(r, "indicator");
    if (!res.ok) return res;
    return { ok: true, value: this.lookup.indicatorById.get(res.value) as IndicatorInfo };
  }

  private resolveOrgUnit(r: SheetRow): Field<number> {
    return this.resolveName(r, "org_unit");
  }

  /** The code column first; the name column when there is no code column or its cell is empty. */
  private resolveName(r: SheetRow, what: "indicator" | "org_unit"): Field<number> {
    const cols = this.layout.cols;
    const codeCol = cols[what];
    const nameCol = cols[`${what}_name`];
    const codeText = codeCol === undefined ? "" : cellText(r.cells[codeCol]).trim();
    const col = codeText !== "" || nameCol === undefined ? (codeCol as number) : nameCol;
    const text = cellText(r.cells[col]).trim();
    const index = what === "indicator" ? this.lookup.indicators : this.lookup.orgUnits;
    const res = index.resolve(text);
    if (res.ok) return { ok: true, value: res.id };
    const code: ProblemCode = `${res.reason}_${what}`;
    const place = { row: r.row, col, header: this.layout.headers[col] ?? null, value: text };
    return { ok: false, problems: [problem(code, place, res.candidates.join(", "))] };
  }

  private rowYear(r: SheetRow, problems: ImportProblem[], required: boolean): number | null {
    const col = this.layout.cols.year;
    if (col !== undefined) {
      const text = cellText(r.cells[col]).trim();
      if (text !== "") {
        const y = /^\d{4}$/.test(text) ? Number(text) : yearInTitle(text);
        if (y !== null) return y;
        problems.push(
          problem("unknown_period", {
            row: r.row,
            col,
            header: this.layout.headers[col] ?? null,
            value: text,
          }),
        );
        return null;
      }
    }
    if (this.layout.year === null && required && col !== undefined) {
      problems.push(
        problem("unknown_period", { row: r.row, col, header: this.layout.headers[col] ?? null, value: "" }, [
          "thiếu năm",
          "no year",
        ]),
      );
    }
    return this.layout.year;
  }

  private periodCell(row: number, col: number, text: string, year: number | null): Field<ResolvedPeriod> {
    const key = `${year ?? ""}|${text}`;
    let resolved = this.periodMemo.get(key);
    if (resolved === undefined) {
      resolved = readPeriodCell(text, year);
      this.periodMemo.set(key, resolved);
    }
    if (resolved) return { ok: true, value: resolved };
    const isPlan = /\d{4}\s*[-–]\s*\d{4}/.test(text);
    const detail: [string, string] = isPlan
      ? ["số liệu không gắn với giai đoạn kế hoạch", "observations are not for plan periods"]
      : ["", ""];
    return {
      ok: false,
      problems: [
        problem(
          "unknown_period",
          { row, col, header: this.layout.headers[col] ?? null, value: text },
          detail,
        ),
      ],
    };
  }

  private periodColumn(row: number, pc: PeriodColumn, year: number | null): Field<ResolvedPeriod> {
    if (pc.relative && year === null) {
      const col = this.layout.cols.year ?? pc.col;
      return {
        ok: false,
        problems: [
          problem(
            "unknown_period",
            { row, col, header: this.layout.headers[col] ?? null, value: pc.header },
            ["thiếu năm", "no year"],
          ),
        ],
      };
    }
    const baseYear = pc.relative ? (year as number) : pc.period.year;
    const y = pc.lastYear ? baseYear - 1 : baseYear;
    const key = `${pc.col}|${y}`;
    let resolved = this.periodMemo.get(key);
    if (resolved === undefined) {
      resolved = toResolved({ ...pc.period, year: y }, pc.basis);
      this.periodMemo.set(key, resolved);
    }
    return { ok: true, value: resolved as ResolvedPeriod };
  }

  private statusCell(r: SheetRow, fromHeader: ObservationStatus | null): Field<ObservationStatus> {
    const col = this.layout.cols.status;
    const text = col === undefined ? "" : cellText(r.cells[col]).trim();
    if (fromHeader) return { ok: true, value: fromHeader };
    if (text === "") return { ok: true, value: this.options.defaultStatus };
    let status = this.statusMemo.get(text);
    if (status === undefined) {
      status = parseStatus(text);
      this.statusMemo.set(text, status);
    }
    if (status) return { ok: true, value: status };
    return {
      ok: false,
      problems: [
        problem("invalid_status", {
          row: r.row,
          col: col as number,
          header: this.layout.headers[col as number] ?? null,
          value: text,
        }),
      ],
    };
  }

  private basisCell(r: SheetRow): Field<ObservationBasis | null> {
    const col = this.layout.cols.basis;
    const text = col === undefined ? "" : cellText(r.cells[col]).trim();
    if (text === "") return { ok: true, value: null };
    let basis = this.basisMemo.get(text);
    if (basis === undefined) {
      basis = parseBasis(text);
      this.basisMemo.set(text, basis);
    }
    if (basis) return { ok: true, value: basis };
    return {
      ok: false,
      problems: [
        problem("invalid_basis", {
          row: r.row,
          col: col as number,
          header: this.layout.headers[col as number] ?? null,
          value: text,
        }),
      ],
    };
  }

  private permitted(indicatorId: number, orgUnitId: number): boolean {
    const key = `${indicatorId}|${orgUnitId}`;
    let ok = this.permitMemo.get(key);
    if (ok === undefined) {
      ok = this.options.canWrite(indicatorId, orgUnitId);
      this.permitMemo.set(key, ok);
    }
    return ok;
  }

  /** A lock on a period closes every period inside it (a locked year locks its months). */
  private lockOf(orgUnitId: number, p: ResolvedPeriod): string | null {
    const locks = this.lookup.locks.get(orgUnitId);
    if (!locks) return null;
    const key = `${orgUnitId}|${p.code}`;
    let lock = this.lockMemo.get(key);
    if (lock === undefined) {
      lock = locks.find((l) => containsPeriod(l.period, p.period))?.code ?? null;
      this.lockMemo.set(key, lock);
    }
    return lock;
  }
}

/** A period cell of the long layout; "Tháng 3" without a year takes the row's or the file's year. */
export function readPeriodCell(text: string, year: number | null): ResolvedPeriod | null {
  const found = periodWithBasis(text.trim());
  if (found) return toResolved(found.period, found.basis);
  if (year === null) return null;
  const relative = parsePeriodHeader(text);
  if (!relative || relative === "same_period_bare" || !relative.relative) return null;
  return toResolved({ ...relative.period, year: relative.lastYear ? year - 1 : year }, relative.basis);
}

export function toResolved(period: Period, basis: ObservationBasis | null): ResolvedPeriod | null {
  if (period.kind === "plan") return null;
  return {
    period,
    code: periodCode(period),
    start: periodStart(period),
    end: periodEnd(period),
    basis,
    prev: periodCode(previousPeriod(period)),
  };
}

/** Monthly indicators take any period; quarterly ones Q/H/9M/year; annual ones the year only. */
export function frequencyMismatch(indicator: IndicatorInfo, p: Period): boolean {
  if (indicator.frequency === "annual") return p.kind !== "year";
  if (indicator.frequency === "quarterly") return p.kind === "month";
  return false;
}

/** The indicator's plausible range, exactly: a bound itself is inside. */
export function outOfRange(indicator: IndicatorInfo, value: string): [string, string] | null {
  const low = indicator.min;
  const high = indicator.max;
  if (!low && !high) return null;
  const v = Number(value);
  if (
    (low && beyond(value, v, low, indicator.minNumber, -1)) ||
    (high && beyond(value, v, high, indicator.maxNumber, 1))
  ) {
    const bounds = `${low?.toString() ?? "−∞"} … ${high?.toString() ?? "+∞"}`;
    return [`khoảng ${bounds}`, `range ${bounds}`];
  }
  return null;
}

/**
 * Whether `value` is beyond `bound` (side −1: below a minimum, +1: above a maximum), exactly.
 * Doubles decide when the two are clearly apart (a double is within 2⁻⁵² of its decimal); only a
 * value near its bound is compared as a decimal.
 */
function beyond(value: string, v: number, bound: Decimal, b: number, side: -1 | 1): boolean {
  if (
    Number.isFinite(v) &&
    Number.isFinite(b) &&
    Math.abs(v - b) > 1e-9 * Math.max(Math.abs(v), Math.abs(b), 1)
  )
    return side === -1 ? v < b : v > b;
  return side === -1 ? dec(value).lessThan(bound) : dec(value).greaterThan(bound);
}

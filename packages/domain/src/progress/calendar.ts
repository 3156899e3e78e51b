import { daysBetween as daysBetweenIso, endOfMonth } from "../date.ts";
import { monthRange, parsePeriod } from "../period.ts";

// Period codes reduced to what the engine needs: the year, the last month covered, and
// whether the period runs from January (then it is a year-to-date value by definition).
// Canonical codes take a regex fast path (the packer reads one per observation); anything
// else ("Quý III/2024", "giai đoạn 2021-2025") goes through ../period.ts.

export interface PeriodSpan {
  year: number;
  /** last year covered (plan periods) */
  endYear: number;
  firstMonth: number;
  lastMonth: number;
  kind: "month" | "quarter" | "half" | "nine_months" | "year" | "plan";
}

const CODE = /^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12])|-(9M)|-(\d{4}))?$/;

const spans = new Map<string, Readonly<PeriodSpan> | null>();

/**
 * The months a period code covers. Remembered per code (a scorecard asks for the same few
 * dozen periods tens of thousands of times): the answer is frozen, callers only read it.
 */
export function spanOf(code: string): PeriodSpan | null {
  let span = spans.get(code);
  if (span === undefined) {
    span = readSpan(code);
    if (span) Object.freeze(span);
    if (spans.size >= 4096) spans.clear();
    spans.set(code, span);
  }
  return span as PeriodSpan | null;
}

function readSpan(code: string): PeriodSpan | null {
  const m = CODE.exec(code.trim());
  if (!m) return fromPeriodText(code);
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { year, endYear: year, firstMonth: month, lastMonth: month, kind: "month" };
  }
  if (m[3] !== undefined) {
    const q = Number(m[3]);
    return { year, endYear: year, firstMonth: q * 3 - 2, lastMonth: q * 3, kind: "quarter" };
  }
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    return { year, endYear: year, firstMonth: h * 6 - 5, lastMonth: h * 6, kind: "half" };
  }
  if (m[5] !== undefined) return { year, endYear: year, firstMonth: 1, lastMonth: 9, kind: "nine_months" };
  if (m[6] !== undefined) {
    const endYear = Number(m[6]);
    if (endYear < year) return null;
    return { year, endYear, firstMonth: 1, lastMonth: 12, kind: "plan" };
  }
  return { year, endYear: year, firstMonth: 1, lastMonth: 12, kind: "year" };
}

function fromPeriodText(text: string): PeriodSpan | null {
  const p = parsePeriod(text);
  if (!p) return null;
  if (p.kind === "plan") {
    return { year: p.year, endYear: p.endYear ?? p.year, firstMonth: 1, lastMonth: 12, kind: "plan" };
  }
  const r = monthRange(p);
  return { year: p.year, endYear: p.year, firstMonth: r.from, lastMonth: r.to, kind: p.kind };
}

export function monthsStep(frequency: "monthly" | "quarterly" | "annual"): number {
  return frequency === "monthly" ? 1 : frequency === "quarterly" ? 3 : 12;
}

/** Last month of the year whose figure is due by month `month` at the given cadence. */
export function dueCutoff(month: number, step: number): number {
  return Math.floor(month / step) * step;
}

export function monthEndIso(year: number, month: number): string {
  return endOfMonth(year, month);
}

/** ISO date → yyyymmdd integer, comparable with < and >. */
export function isoToInt(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

export function intToIso(n: number): string {
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return daysBetweenIso(fromIso, toIso);
}

/** Canonical code of the stretch a figure covers: "2024-9M", "2024-H1", "2024-Q1", "2024", else the month. */
export function coverageCode(year: number, month: number, cumulative: boolean): string {
  if (cumulative) {
    if (month === 12) return String(year);
    if (month === 9) return `${year}-9M`;
    if (month === 6) return `${year}-H1`;
    if (month === 3) return `${year}-Q1`;
  }
  return `${year}-${String(month).padStart(2, "0")}`;
}

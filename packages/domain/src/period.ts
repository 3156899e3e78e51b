// Period algebra: the calendar of Vietnamese statistical reporting.
// Canonical codes: "2024-03" (month), "2024-Q3" (quarter), "2024-H1" (first half; "6 tháng
// đầu năm"), "2024-9M" (first nine months; "9 tháng"), "2024" (year), "2021-2025" (plan period).
// H1 and 9M always run from January (they are cumulative by definition); a quarter and a month
// are the period alone. Dates are ISO strings (YYYY-MM-DD): no Date objects, no time zones.

import { daysInMonth, isoDate, parseIsoDate } from "./date.ts";
import { foldForParse, pad2, quarterNumber } from "./parse-text.ts";

export type PeriodKind = "month" | "quarter" | "half" | "nine_months" | "year" | "plan";

export interface Period {
  kind: PeriodKind;
  /** calendar year; for a plan period, its first year */
  year: number;
  /** month 1–12, quarter 1–4, half 1–2; absent for nine_months, year, plan */
  index?: number;
  /** last year of a plan period */
  endYear?: number;
}

/** The kinds that lie inside one calendar year. */
export type YearPeriodKind = Exclude<PeriodKind, "plan">;
/** The kinds that tile a year, so every date belongs to exactly one period of the kind. */
export type CalendarPeriodKind = "month" | "quarter" | "half" | "year";

/**
 * Cumulative from January through the end of `throughMonth` ("lũy kế", "cộng dồn"): "5 tháng
 * đầu năm 2024" is { year: 2024, throughMonth: 5 }. Where a Period covers the same months
 * (1 → month 1, 3 → Q1, 6 → H1, 9 → 9M, 12 → year), `ytdAsPeriod` returns it, and that Period is
 * the canonical name; other months have no Period of their own.
 */
export interface YtdPeriod {
  year: number;
  throughMonth: number;
}

export class PeriodParseError extends Error {
  override name = "PeriodParseError";
  constructor(readonly text: string) {
    super(`Not a period: ${JSON.stringify(text)}`);
  }
}

const INDEX_COUNT: Record<PeriodKind, number> = {
  month: 12,
  quarter: 4,
  half: 2,
  nine_months: 0,
  year: 0,
  plan: 0,
};

const ROMAN_NUMERALS = ["", "I", "II", "III", "IV"];
const MONTHS_EN: readonly string[] = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

// ---- construction and validation -------------------------------------------------------------

function isYear(y: unknown): y is number {
  return Number.isInteger(y) && (y as number) >= 1000 && (y as number) <= 9999;
}

export function isValidPeriod(p: Period): boolean {
  if (!isYear(p.year) || !(p.kind in INDEX_COUNT)) return false;
  const count = INDEX_COUNT[p.kind];
  const indexOk =
    count === 0
      ? p.index === undefined
      : Number.isInteger(p.index) && (p.index as number) >= 1 && (p.index as number) <= count;
  const endOk =
    p.kind === "plan" ? isYear(p.endYear) && (p.endYear as number) > p.year : p.endYear === undefined;
  return indexOk && endOk;
}

function checked(p: Period): Period {
  if (!isValidPeriod(p)) throw new RangeError(`Invalid period: ${JSON.stringify(p)}`);
  return p;
}

export const monthPeriod = (year: number, month: number): Period =>
  checked({ kind: "month", year, index: month });
export const quarterPeriod = (year: number, quarter: number): Period =>
  checked({ kind: "quarter", year, index: quarter });
export const halfPeriod = (year: number, half: number): Period =>
  checked({ kind: "half", year, index: half });
export const nineMonthsPeriod = (year: number): Period => checked({ kind: "nine_months", year });
export const yearPeriod = (year: number): Period => checked({ kind: "year", year });
export const planPeriod = (startYear: number, endYear: number): Period =>
  checked({ kind: "plan", year: startYear, endYear });

function tryPeriod(p: Period): Period | null {
  return isValidPeriod(p) ? p : null;
}

// ---- codes and parsing -----------------------------------------------------------------------

/** "March" for 3 */
export function monthNameEn(month: number): string {
  return MONTHS_EN[month - 1] ?? "";
}

export function periodCode(p: Period): string {
  checked(p);
  switch (p.kind) {
    case "month":
      return `${p.year}-${pad2(p.index as number)}`;
    case "quarter":
      return `${p.year}-Q${p.index}`;
    case "half":
      return `${p.year}-H${p.index}`;
    case "nine_months":
      return `${p.year}-9M`;
    case "year":
      return `${p.year}`;
    case "plan":
      return `${p.year}-${p.endYear}`;
  }
}

type Rule = [RegExp, (m: RegExpExecArray) => Period | null];

const n = (s: string | undefined): number => Number(s);
const month = (y: string | undefined, m: number): Period | null =>
  tryPeriod({ kind: "month", year: n(y), index: m });
const ytd = (y: string | undefined, m: string | undefined): Period | null =>
  isYear(n(y)) && n(m) >= 1 && n(m) <= 12 ? ytdAsPeriod({ year: n(y), throughMonth: n(m) }) : null;

const MONTH_WORDS: Record<string, number> = {
  mot: 1,
  gieng: 1,
  hai: 2,
  ba: 3,
  tu: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
  "muoi mot": 11,
  "muoi hai": 12,
  chap: 12,
};
const MONTH_WORD_RE = Object.keys(MONTH_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const EN_MONTH_RE = MONTHS_EN.map(
  (m) => `${m.slice(0, 3).toLowerCase()}(?:${m.slice(3).toLowerCase()})?`,
).join("|");
// Separator between a month or quarter and its year: "3/2024", "3-2024", "3 năm 2024".
const SEP = "(?:/|-| nam )";

const RULES: Rule[] = [
  [/^(\d{4})-(\d{2})$/, (m) => month(m[1], n(m[2]))],
  [/^(\d{4})-m(\d{1,2})$/, (m) => month(m[1], n(m[2]))],
  [/^(\d{4})-q(\d)$/, (m) => tryPeriod({ kind: "quarter", year: n(m[1]), index: n(m[2]) })],
  [/^(\d{4})-h(\d)$/, (m) => tryPeriod({ kind: "half", year: n(m[1]), index: n(m[2]) })],
  [/^(\d{4})-9m$/, (m) => tryPeriod({ kind: "nine_months", year: n(m[1]) })],
  [/^(?:nam |ca nam |year |fy ?)?(\d{4})$/, (m) => tryPeriod({ kind: "year", year: n(m[1]) })],
  [
    /^(?:(?:giai doan|thoi ky|ky|nam|nhiem ky|ke hoach|period) )?(\d{4})-(\d{4})$/,
    (m) => tryPeriod({ kind: "plan", year: n(m[1]), endYear: n(m[2]) }),
  ],
  [new RegExp(`^(?:thang|t) ?(\\d{1,2})${SEP}(\\d{4})$`), (m) => month(m[2], n(m[1]))],
  [
    new RegExp(`^thang (${MONTH_WORD_RE})(?:/|-| nam )(\\d{4})$`),
    (m) => month(m[2], MONTH_WORDS[m[1] ?? ""] ?? 0),
  ],
  [/^(\d{1,2})[/-](\d{4})$/, (m) => month(m[2], n(m[1]))],
  [
    new RegExp(`^(${EN_MONTH_RE})\\.?,? ?(\\d{4})$`),
    (m) => month(m[2], MONTHS_EN.findIndex((x) => x.toLowerCase().startsWith(m[1]?.slice(0, 3) ?? "-")) + 1),
  ],
  [new RegExp(`^(?:quy|q) ?(iv|iii|ii|i|\\d)(?:${SEP}| )(\\d{4})$`), (m) => quarter(m[2], m[1])],
  [/^(\d{4}) ?q(\d)$/, (m) => quarter(m[1], m[2])],
  [/^6 ?(?:thang|t) cuoi nam (\d{4})$/, (m) => tryPeriod({ kind: "half", year: n(m[1]), index: 2 })],
  [/^(\d{1,2}) ?(?:thang|t) (?:dau )?nam (\d{4})$/, (m) => ytd(m[2], m[1])],
  [/^(\d{1,2}) ?(?:thang|t)[/-](\d{4})$/, (m) => ytd(m[2], m[1])],
  // report headers: "6 tháng 2024", "Lũy kế đến tháng 6/2024", "đến hết tháng 9 năm 2024"
  [/^(\d{1,2}) ?(?:thang|t) (\d{4})$/, (m) => ytd(m[2], m[1])],
  [
    /^(?:luy ke |cong don )?(?:tu dau nam )?(?:den|toi) (?:het )?(?:thang|t) ?(\d{1,2})(?:[/-]| nam )(\d{4})$/,
    (m) => ytd(m[2], m[1]),
  ],
  [/^h(\d)(?:[/-]| )(\d{4})$/, (m) => tryPeriod({ kind: "half", year: n(m[2]), index: n(m[1]) })],
  [/^(\d{4}) ?h(\d)$/, (m) => tryPeriod({ kind: "half", year: n(m[1]), index: n(m[2]) })],
  [/^9 ?m(?:[/-]| )(\d{4})$/, (m) => tryPeriod({ kind: "nine_months", year: n(m[1]) })],
  [/^nine months(?: of)? (\d{4})$/, (m) => tryPeriod({ kind: "nine_months", year: n(m[1]) })],
  [/^(\d{1,2}) months?(?: of)? (\d{4})$/, (m) => ytd(m[2], m[1])],
];

function quarter(y: string | undefined, q: string | undefined): Period | null {
  const index = quarterNumber(q ?? "");
  return index === null ? null : tryPeriod({ kind: "quarter", year: n(y), index });
}

/**
 * Reads a canonical code or a Vietnamese or English period, in any case, with or without
 * diacritics: "2024-Q3", "Quý III/2024", "T3/2024", "6 tháng đầu năm 2024", "giai đoạn
 * 2021-2025", "Q1 2024", "March 2024". "3 tháng đầu năm 2024" is Q1. Null when not a period.
 */
export function parsePeriod(text: string): Period | null {
  const s = foldForParse(text);
  for (const [re, build] of RULES) {
    const m = re.exec(s);
    if (m) return build(m);
  }
  return null;
}

export function parsePeriodOrThrow(text: string): Period {
  const p = parsePeriod(text);
  if (!p) throw new PeriodParseError(text);
  return p;
}

// ---- formatting ------------------------------------------------------------------------------

/** "Tháng 3/2024", "Quý I/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024", "Giai đoạn 2021-2025". */
export function formatPeriodVi(p: Period): string {
  checked(p);
  switch (p.kind) {
    case "month":
      return `Tháng ${p.index}/${p.year}`;
    case "quarter":
      return `Quý ${ROMAN_NUMERALS[p.index as number]}/${p.year}`;
    case "half":
      return `6 tháng ${p.index === 1 ? "đầu" : "cuối"} năm ${p.year}`;
    case "nine_months":
      return `9 tháng năm ${p.year}`;
    case "year":
      return `Năm ${p.year}`;
    case "plan":
      return `Giai đoạn ${p.year}-${p.endYear}`;
  }
}

/** "March 2024", "Q1 2024", "H1 2024", "9 months 2024", "2024", "2021–2025". */
export function formatPeriodEn(p: Period): string {
  checked(p);
  switch (p.kind) {
    case "month":
      return `${MONTHS_EN[(p.index as number) - 1]} ${p.year}`;
    case "quarter":
      return `Q${p.index} ${p.year}`;
    case "half":
      return `H${p.index} ${p.year}`;
    case "nine_months":
      return `9 months ${p.year}`;
    case "year":
      return `${p.year}`;
    case "plan":
      return `${p.year}–${p.endYear}`;
  }
}

// ---- calendar --------------------------------------------------------------------------------

/** First and last month (1–12) of a period inside one year; throws for a plan period. */
export function monthRange(p: Period): { from: number; to: number } {
  checked(p);
  const i = p.index ?? 0;
  switch (p.kind) {
    case "month":
      return { from: i, to: i };
    case "quarter":
      return { from: 3 * i - 2, to: 3 * i };
    case "half":
      return { from: 6 * i - 5, to: 6 * i };
    case "nine_months":
      return { from: 1, to: 9 };
    case "year":
      return { from: 1, to: 12 };
    case "plan":
      throw new RangeError("A plan period spans several years: it has no month range");
  }
}

export function periodStart(p: Period): string {
  if (p.kind === "plan") return isoDate(checked(p).year, 1, 1);
  return isoDate(p.year, monthRange(p).from, 1);
}

export function periodEnd(p: Period): string {
  if (p.kind === "plan") return isoDate(checked(p).endYear as number, 12, 31);
  const last = monthRange(p).to;
  return isoDate(p.year, last, daysInMonth(p.year, last));
}

/** Whether `inner` lies wholly inside `outer` (a period contains itself). */
export function containsPeriod(outer: Period, inner: Period): boolean {
  return periodStart(outer) <= periodStart(inner) && periodEnd(inner) <= periodEnd(outer);
}

/**
 * Total order: by end date, then the shorter period first (2024-03 < 2024-Q1 < 2024-04 … <
 * 2024-12 < 2024-Q4 < 2024-H2 < 2024 < 2021-2024). Start and end identify a period uniquely.
 */
export function comparePeriods(a: Period, b: Period): number {
  const ea = periodEnd(a);
  const eb = periodEnd(b);
  if (ea !== eb) return ea < eb ? -1 : 1;
  const sa = periodStart(a);
  const sb = periodStart(b);
  return sa === sb ? 0 : sa > sb ? -1 : 1;
}

export function samePeriod(a: Period, b: Period): boolean {
  return comparePeriods(a, b) === 0;
}

/** The period `steps` periods of the same kind away (a plan moves by its own length). */
export function shiftPeriod(p: Period, steps: number): Period {
  checked(p);
  const count = INDEX_COUNT[p.kind];
  if (p.kind === "plan") {
    const length = (p.endYear as number) - p.year + 1;
    return planPeriod(p.year + steps * length, (p.endYear as number) + steps * length);
  }
  if (count === 0) return checked({ kind: p.kind, year: p.year + steps });
  const total = p.year * count + ((p.index as number) - 1) + steps;
  const year = Math.floor(total / count);
  return checked({ kind: p.kind, year, index: total - year * count + 1 });
}

export const previousPeriod = (p: Period): Period => shiftPeriod(p, -1);
export const nextPeriod = (p: Period): Period => shiftPeriod(p, 1);

/** "Cùng kỳ": the same months one year earlier (a plan period also moves by one year). */
export function sameTimeLastYear(p: Period): Period {
  checked(p);
  return p.kind === "plan"
    ? planPeriod(p.year - 1, (p.endYear as number) - 1)
    : checked({ ...p, year: p.year - 1 });
}

/** Every period of a kind in a year, in order: 12 months, 4 quarters, 2 halves, one 9M, one year. */
export function periodsOfKindInYear(kind: YearPeriodKind, year: number): Period[] {
  const count = INDEX_COUNT[kind];
  if (count === 0) return [checked({ kind, year })];
  return Array.from({ length: count }, (_, i) => checked({ kind, year, index: i + 1 }));
}

/** The period of a kind that contains a date. */
export function periodOf(kind: CalendarPeriodKind, dateIso: string): Period {
  const { year, month: m } = parseIsoDate(dateIso);
  const size = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  return kind === "year" ? yearPeriod(year) : checked({ kind, year, index: Math.ceil(m / size) });
}

export function monthOf(dateIso: string): Period {
  return periodOf("month", dateIso);
}

export function periodContainsDate(p: Period, dateIso: string): boolean {
  parseIsoDate(dateIso);
  return periodStart(p) <= dateIso && dateIso <= periodEnd(p);
}

// ---- cumulative (year-to-date) ---------------------------------------------------------------

/** Whether the period runs from January: H1, 9M, the year, and trivially Q1 and January. */
export function isCumulativeFromJanuary(p: Period): boolean {
  return p.kind !== "plan" && monthRange(p).from === 1;
}

export function cumulativeThrough(year: number, throughMonth: number): YtdPeriod {
  if (!isYear(year) || !Number.isInteger(throughMonth) || throughMonth < 1 || throughMonth > 12) {
    throw new RangeError(`Invalid cumulative period: ${throughMonth}/${year}`);
  }
  return { year, throughMonth };
}

/** January through the end of p: March → 3 months, Q3 → 9 months, H1 → 6 months. */
export function yearToDate(p: Period): YtdPeriod {
  return cumulativeThrough(p.year, monthRange(p).to);
}

/** The Period covering the same months, where one exists (1, 3, 6, 9, 12); else null. */
export function ytdAsPeriod(ytd: YtdPeriod): Period | null {
  const { year, throughMonth } = cumulativeThrough(ytd.year, ytd.throughMonth);
  switch (throughMonth) {
    case 1:
      return monthPeriod(year, 1);
    case 3:
      return quarterPeriod(year, 1);
    case 6:
      return halfPeriod(year, 1);
    case 9:
      return nineMonthsPeriod(year);
    case 12:
      return yearPeriod(year);
    default:
      return null;
  }
}

export function ytdEnd(ytd: YtdPeriod): string {
  const { year, throughMonth } = cumulativeThrough(ytd.year, ytd.throughMonth);
  return isoDate(year, throughMonth, daysInMonth(year, throughMonth));
}

/** "Quý I/2024", "5 tháng đầu năm 2024", "6 tháng đầu năm 2024", "10 tháng năm 2024", "Năm 2024". */
export function formatYtdVi(ytd: YtdPeriod): string {
  const p = ytdAsPeriod(ytd);
  if (p) return formatPeriodVi(p);
  return `${ytd.throughMonth} tháng ${ytd.throughMonth < 6 ? "đầu " : ""}năm ${ytd.year}`;
}

/** "Q1 2024", "5 months 2024", "H1 2024", "2024". */
export function formatYtdEn(ytd: YtdPeriod): string {
  const p = ytdAsPeriod(ytd);
  return p ? formatPeriodEn(p) : `${ytd.throughMonth} months ${ytd.year}`;
}

/** Reads "5 tháng đầu năm 2024", "10 tháng năm 2024", "5T/2024", or any period from January. */
export function parseYtd(text: string): YtdPeriod | null {
  const s = foldForParse(text);
  const m =
    /^(\d{1,2}) ?(?:thang|t)(?: (?:dau )?nam |[/-]| )(\d{4})$/.exec(s) ??
    /^(\d{1,2}) months? (\d{4})$/.exec(s) ??
    /^(?:luy ke |cong don )?(?:tu dau nam )?(?:den|toi) (?:het )?(?:thang|t) ?(\d{1,2})(?:[/-]| nam )(\d{4})$/.exec(
      s,
    );
  if (m) {
    const through = Number(m[1]);
    const year = Number(m[2]);
    return isYear(year) && through >= 1 && through <= 12 ? { year, throughMonth: through } : null;
  }
  const p = parsePeriod(text);
  return p && isCumulativeFromJanuary(p) ? yearToDate(p) : null;
}

/** Share of the year elapsed at the end of the period: Q1 → 0.25, 9M → 0.75, March → 0.25. */
export function elapsedShareOfYear(p: Period): number {
  return monthRange(p).to / 12;
}

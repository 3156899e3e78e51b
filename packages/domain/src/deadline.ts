// Task deadlines ("tiến độ thực hiện", "thời gian hoàn thành") as the plans write them. The
// original text is always kept; what cannot be read becomes kind "none" with a review flag.

import { addDays, addMonths, daysInMonth, isoDate, parseIsoDate, tryIsoDate } from "./date.ts";
import { foldForParse, quarterNumber } from "./parse-text.ts";
import {
  type CalendarPeriodKind,
  monthOf,
  monthRange,
  nextPeriod,
  type Period,
  parsePeriod,
  parsePeriodOrThrow,
  periodCode,
  periodEnd,
  periodOf,
  periodStart,
  shiftPeriod,
} from "./period.ts";

export type DeadlineKind = "date" | "recurring" | "window" | "none";
export type Recurrence = "monthly" | "quarterly" | "half_yearly" | "annual";
export type DeadlineReviewCode =
  | "missing"
  | "unparsed"
  | "implausible_year"
  | "invalid_date"
  | "year_inferred"
  | "vague"
  | "partial";

export interface DeadlineReview {
  code: DeadlineReviewCode;
  reason_vi: string;
  reason_en: string;
}

export interface Deadline {
  /** the text exactly as written */
  text: string;
  kind: DeadlineKind;
  due?: string;
  /** start of the named period or window */
  from?: string;
  /** end of the named period or window */
  to?: string;
  /** code of the period the text names ("Quý III năm 2024" → "2024-Q3"; "Quý III, IV" → "2024-H2") */
  period?: string;
  recurrence?: Recurrence;
  startYear?: number;
  endYear?: number;
  /** recurring: the stated day ("trước ngày 20 hằng tháng" → 20; "trước ngày 15/11 hằng năm" → 15) */
  dueDay?: number;
  /** annual recurring: the stated month ("trước ngày 15/11 hằng năm" → 11) */
  dueMonth?: number;
  /** recurring: the stated day falls in the month (annual: the year) after the period ("tháng sau") */
  dueAfterPeriod?: boolean;
  /** the text names no deadline: the document's horizon applies ("Đến năm 2030" → 31/12/2030) */
  inherited?: boolean;
  /** "(nếu cần thiết)": done only if the need arises; never overdue until the condition is met */
  condition?: string;
  /** "phấn đấu hoàn thành …": an aspiration, shown as such */
  aspiration?: boolean;
  /** "tầm nhìn đến năm 2045": the vision beyond the deadline, not a deadline */
  visionYear?: number;
  /** several cadences in one phrase ("hàng tháng, quý, 9 tháng và cả năm"), most frequent first */
  cadences?: Cadence[];
  /**
   * "thường xuyên … báo cáo UBND tỉnh trước ngày 30/4/2024": an ongoing duty with a dated part. The
   * deadline is the dated part's (it can be late); `ongoing` and `parts` keep the rest.
   */
  ongoing?: boolean;
  parts?: Deadline[];
  review?: DeadlineReview;
}

/** The cadences a phrase may name; `nine_months` is the 9-month report ("9 tháng"). */
export type Cadence = Recurrence | "nine_months";

export interface DeadlineContext {
  /** year of the document that set the task; years far from it are flagged as typos */
  documentYear?: number;
  /** date of that document; starts "những tháng cuối năm" windows and implies documentYear */
  documentDate?: string;
  /**
   * last year the document covers (a programme for 2024 → 2024; "Đến năm 2030" → 2030): a task
   * whose text names no deadline is due at its end, marked as inherited
   */
  horizonYear?: number;
}

/** What a document tells the deadlines of its tasks: its date, and the last year it covers. */
export function deadlineContextOf(doc: {
  issuedOn?: string | null;
  periodFrom?: number | null;
  periodTo?: number | null;
}): DeadlineContext {
  const ctx: DeadlineContext = {};
  if (doc.issuedOn) ctx.documentDate = doc.issuedOn;
  else if (doc.periodFrom != null) ctx.documentYear = doc.periodFrom;
  if (doc.periodTo != null) ctx.horizonYear = doc.periodTo;
  return ctx;
}

export interface Occurrence {
  /** period code: "2024", "2024-Q3", "2024-H1", "2024-03" */
  period: string;
  due: string;
}

type Parsed = Omit<Deadline, "text">;

/** A year more than this many years before the document's is taken for a typo ("Năm 2002" in 2022). */
export const IMPLAUSIBLE_YEARS_BEFORE = 10;
/** …or more than this many after. */
export const IMPLAUSIBLE_YEARS_AFTER = 30;

// ---- parsing ---------------------------------------------------------------------------------

export function parseDeadline(text: string, ctx: DeadlineContext = {}): Deadline {
  const framed = readFrame(clean(text));
  const s = framed.rest;
  const frame = framed.frame;
  if (s === "") {
    if (ctx.horizonYear !== undefined && plausibleYear(ctx.horizonYear))
      return { text, kind: "date", due: isoDate(ctx.horizonYear, 12, 31), inherited: true, ...frame };
    return { text, kind: "none", ...frame, review: missing() };
  }
  const documentYear =
    ctx.documentYear ?? (ctx.documentDate ? parseIsoDate(ctx.documentDate).year : undefined);
  const parsed =
    parseVague(s) ??
    parseWindow(s, ctx.documentDate) ??
    parseRecurring(s) ??
    parseDated(s, documentYear) ??
    parseEmbeddedDate(s);
  if (!parsed) return { text, kind: "none", ...frame, review: unparsed(text) };
  Object.assign(parsed, frame);
  if (documentYear !== undefined) {
    const bad = yearsOf(parsed).find(
      (y) => y < documentYear - IMPLAUSIBLE_YEARS_BEFORE || y > documentYear + IMPLAUSIBLE_YEARS_AFTER,
    );
    if (bad !== undefined) return { text, kind: "none", review: implausibleYear(bad, documentYear) };
  }
  return { text, ...parsed };
}

function clean(text: string): string {
  return foldForParse(text.replace(/[*"“”‘’()[\]]/g, " "));
}

function plausibleYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1900 && year <= 2200;
}

type Frame = Pick<Deadline, "condition" | "aspiration" | "visionYear">;

// What frames a deadline without being one: a condition, an aspiration, a vision year.
const CONDITION = /,? ?\b(neu can thiet|neu co|khi can thiet|truong hop can thiet)\b ?/;
const VISION = /,? ?\btam nhin (?:den|toi) (?:nam )?(\d{4})\b/;
const ASPIRATION = /^(?:(?:tien do(?: thuc hien)?|thoi gian(?: hoan thanh)?):? )?phan dau\b ?/;

function readFrame(s: string): { rest: string; frame: Frame } {
  const frame: Frame = {};
  let rest = s;
  const condition = CONDITION.exec(rest);
  if (condition?.[1]) {
    frame.condition = CONDITION_WORDS[condition[1]] ?? condition[1];
    rest = rest.replace(CONDITION, " ");
  }
  const vision = VISION.exec(rest);
  if (vision?.[1]) {
    frame.visionYear = Number(vision[1]);
    rest = rest.replace(VISION, " ");
  }
  if (ASPIRATION.test(rest)) {
    frame.aspiration = true;
    rest = rest.replace(ASPIRATION, "");
  }
  return { rest: rest.replace(/\s+/g, " ").replace(/^[ ,;.-]+|[ ,;.-]+$/g, ""), frame };
}

const CONDITION_WORDS: Record<string, string> = {
  "neu can thiet": "nếu cần thiết",
  "neu co": "nếu có",
  "khi can thiet": "khi cần thiết",
  "truong hop can thiet": "trường hợp cần thiết",
};

const LEAD_IN =
  /^(?:tien do(?: thuc hien)?|thoi gian(?: hoan thanh| thuc hien)?|thoi han(?: hoan thanh)?|han hoan thanh|phan dau|hoan thanh|bao cao(?: ubnd tinh| uy ban nhan dan tinh)?|tham muu(?: ubnd tinh| uy ban nhan dan tinh)?|dam bao|bao dam|xong)(?::|,)? ?/;

function stripLeadIns(s: string): string {
  let rest = s;
  for (let prev = ""; prev !== rest; ) {
    prev = rest;
    rest = rest.replace(LEAD_IN, "");
  }
  return rest;
}

const VAGUE =
  /^(?:som|cang som cang tot|kip thoi|theo quy dinh|theo tien do|dung tien do|theo ke hoach|dinh ky|dot xuat|khi co yeu cau|khong thoi han)$/;

function parseVague(s: string): Parsed | null {
  return VAGUE.test(stripLeadIns(s)) ? { kind: "none", review: vague() } : null;
}

function parseWindow(s: string, documentDate: string | undefined): Parsed | null {
  const m = /^(?:thuong xuyen|lien tuc)(?:,? (?:va )?(?:thuong xuyen|lien tuc))?(.*)$/.exec(stripLeadIns(s));
  if (!m) return null;
  const rest = (m[1] ?? "").replace(/^[ ,;-]+/, "").replace(/^(?:trong|tu nay den) /, "");
  if (rest === "") return { kind: "window" };
  const late = /^(?:nhung |cac )?thang cuoi nam (\d{4})$/.exec(rest);
  if (late) {
    const year = Number(late[1]);
    // "Những tháng cuối năm": from the document's date when it is in that year, else from July.
    const from = documentDate?.startsWith(`${year}-`) ? documentDate : isoDate(year, 7, 1);
    return { kind: "window", from, to: isoDate(year, 12, 31) };
  }
  const p = parsePeriod(rest);
  if (p) return { kind: "window", from: periodStart(p), to: periodEnd(p), period: periodCode(p) };
  // "thường xuyên …, báo cáo UBND tỉnh trước ngày 30/4/2024": an ongoing duty and a dated report
  const dated = datedParts(rest);
  const last = dated.at(-1);
  if (last?.due) return { kind: "date", due: last.due, ongoing: true, parts: dated };
  return { kind: "window", review: partial() };
}

function datedParts(s: string): Deadline[] {
  const out: Deadline[] = [];
  for (const m of s.matchAll(
    /\b(?:truoc|cham nhat(?: la)?|den) (?:het )?(?:ngay )?(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g,
  )) {
    const due = tryIsoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (due) out.push({ text: m[0], kind: "date", due });
  }
  return out;
}

const RECURRENCES: Array<[Recurrence, RegExp]> = [
  ["monthly", /\b(?:hang|moi) thang\b|\bdinh ky thang\b/],
  ["quarterly", /\b(?:hang|moi) quy\b|\bdinh ky quy\b/],
  ["half_yearly", /\b(?:dinh ky|hang|moi) 6 thang\b|\b6 thang (?:mot|1) lan\b|\b6 thang\/lan\b/],
  ["annual", /\b(?:hang|moi) nam\b|\bdinh ky nam\b|\bcac nam tiep theo\b/],
];

// "hàng tháng, quý, 9 tháng và cả năm": one phrase, several reports
const CADENCE_LIST =
  /\b(?:hang|moi|dinh ky) (thang|quy|6 thang|9 thang|nam|ca nam)((?:(?:, ?| va | hoac )(?:thang|quy|6 thang|9 thang|nam|ca nam))+)\b/;
const CADENCE_WORD: Record<string, Cadence> = {
  thang: "monthly",
  quy: "quarterly",
  "6 thang": "half_yearly",
  "9 thang": "nine_months",
  nam: "annual",
  "ca nam": "annual",
};
const CADENCE_ORDER: Cadence[] = ["monthly", "quarterly", "half_yearly", "nine_months", "annual"];

function cadenceList(s: string): Cadence[] | null {
  const m = CADENCE_LIST.exec(s);
  if (!m) return null;
  const words = [m[1] ?? "", ...(m[2] ?? "").split(/, ?| va | hoac /)].filter((w) => w !== "");
  const set = new Set(words.map((w) => CADENCE_WORD[w]).filter((c): c is Cadence => c !== undefined));
  return CADENCE_ORDER.filter((c) => set.has(c));
}

function parseRecurring(s: string): Parsed | null {
  const cadences = cadenceList(s);
  const recurrence =
    (cadences?.find((c): c is Recurrence => c !== "nine_months") as Recurrence | undefined) ??
    RECURRENCES.find(([, re]) => re.test(s))?.[0];
  if (!recurrence) return null;
  const out: Parsed = { kind: "recurring", recurrence };
  if (cadences && cadences.length > 1) out.cadences = cadences;
  const range = /(?:giai doan |nam )?(\d{4})-(\d{4})/.exec(s);
  const start = /(\d{4}) va cac nam tiep theo/.exec(s) ?? /\btu (?:nam )?(\d{4})/.exec(s);
  const end = /\bden (?:het )?(?:nam )?(\d{4})/.exec(s);
  if (range) {
    out.startYear = Number(range[1]);
    out.endYear = Number(range[2]);
  }
  if (start) out.startYear = Number(start[1]);
  if (end) out.endYear = Number(end[1]);
  const day = /\bngay (\d{1,2})(?:\/(\d{1,2})| thang (\d{1,2}))?(?![\d/])/.exec(s);
  if (day) {
    const dueDay = Number(day[1]);
    const dueMonth = Number(day[2] ?? day[3] ?? 0);
    const dayOk = dueDay >= 1 && dueDay <= (dueMonth ? daysInMonth(2024, dueMonth) : 31);
    if (!dayOk || dueMonth > 12) return { kind: "none", review: invalidDate(s) };
    if (recurrence !== "annual") out.dueDay = dueDay;
    else if (dueMonth) Object.assign(out, { dueDay, dueMonth });
  }
  const after = /\b(?:thang|quy|nam|ky) (?:sau|tiep theo|ke tiep)\b/.test(
    s.replace(/cac nam tiep theo/g, ""),
  );
  if (after && (out.dueDay !== undefined || recurrence === "annual")) out.dueAfterPeriod = true;
  return out;
}

const QUARTER = "(?:iv|iii|ii|i|[1-4])";
const QUARTER_LIST = new RegExp(
  `^quy (${QUARTER}(?:(?:, ?|-| va | den | den quy )${QUARTER})*)(?:/|-| nam )(\\d{4})$`,
);

function parseDated(s: string, documentYear: number | undefined): Parsed | null {
  const q = /^(truoc|cham nhat(?: la)?|den het|den|trong|vao|cuoi)? ?(.*)$/.exec(stripLeadIns(s));
  const qualifier = q?.[1] ?? "";
  const rest = q?.[2] ?? "";
  const date = parseFullDate(rest);
  if (date)
    return date === "invalid" ? { kind: "none", review: invalidDate(rest) } : { kind: "date", due: date };
  const partialDate = parseDateWithoutYear(rest, documentYear);
  if (partialDate) return partialDate;
  const span = parseQuarterList(rest) ?? periodSpan(parsePeriod(rest));
  if (!span) return null;
  if (qualifier === "truoc") return { kind: "date", due: addDays(span.from, -1) };
  if (qualifier === "" || qualifier === "trong" || qualifier === "vao")
    return { kind: "date", due: span.to, ...span };
  return span.period ? { kind: "date", due: span.to, period: span.period } : { kind: "date", due: span.to };
}

function parseFullDate(rest: string): string | "invalid" | null {
  const m =
    /^(?:ngay )?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(rest) ??
    /^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(rest);
  if (!m) return null;
  return tryIsoDate(Number(m[3]), Number(m[2]), Number(m[1])) ?? "invalid";
}

function parseDateWithoutYear(rest: string, documentYear: number | undefined): Parsed | null {
  const day =
    /^(?:ngay )?(\d{1,2})[/.-](\d{1,2})$/.exec(rest) ?? /^ngay (\d{1,2}) thang (\d{1,2})$/.exec(rest);
  const month = /^thang (\d{1,2})$/.exec(rest);
  if ((!day && !month) || documentYear === undefined) return null;
  const y = documentYear;
  const due = day
    ? tryIsoDate(y, Number(day[2]), Number(day[1]))
    : Number(month?.[1]) >= 1 && Number(month?.[1]) <= 12
      ? isoDate(y, Number(month?.[1]), daysInMonth(y, Number(month?.[1])))
      : null;
  if (!due) return { kind: "none", review: invalidDate(rest) };
  return { kind: "date", due, review: yearInferred(y) };
}

/** Last resort: one "trước ngày 30/4/2024" inside a longer sentence; flagged as partly read. */
function parseEmbeddedDate(s: string): Parsed | null {
  const all = [...s.matchAll(/\b(?:truoc|cham nhat(?: la)?) (?:ngay )?(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g)];
  const m = all.length === 1 ? all[0] : undefined;
  const due = m && tryIsoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return due ? { kind: "date", due, review: partial() } : null;
}

interface Span {
  from: string;
  to: string;
  period?: string;
}

function periodSpan(p: Period | null): Span | null {
  return p && { from: periodStart(p), to: periodEnd(p), period: periodCode(p) };
}

/** "Quý III, IV năm 2024" → July–December 2024, named "2024-H2" (the period with the same months). */
function parseQuarterList(rest: string): Span | null {
  const m = QUARTER_LIST.exec(rest);
  if (!m) return null;
  const year = Number(m[2]);
  const quarters = (m[1] ?? "").split(/, ?|-| va | den quy | den /).map(quarterNumber);
  if (quarters.some((x) => x === null)) return null;
  const first = Math.min(...(quarters as number[]));
  const last = Math.max(...(quarters as number[]));
  const from = isoDate(year, 3 * first - 2, 1);
  const to = isoDate(year, 3 * last, daysInMonth(year, 3 * last));
  const named = [`${year}-Q${first}`, `${year}-H${first === 1 ? 1 : 2}`, `${year}-9M`, `${year}`]
    .map((code) => parsePeriodOrThrow(code))
    .find((p) => periodStart(p) === from && periodEnd(p) === to);
  return named ? { from, to, period: periodCode(named) } : { from, to };
}

function yearsOf(d: Parsed): number[] {
  const dates = [d.due, d.from, d.to].filter((x): x is string => x !== undefined);
  const years = dates.map((x) => parseIsoDate(x).year);
  if (d.startYear !== undefined) years.push(d.startYear);
  if (d.endYear !== undefined) years.push(d.endYear);
  return years;
}

// ---- review reasons --------------------------------------------------------------------------

const missing = (): DeadlineReview => ({
  code: "missing",
  reason_vi: "Chưa ghi thời gian hoàn thành",
  reason_en: "No deadline given",
});
const unparsed = (text: string): DeadlineReview => ({
  code: "unparsed",
  reason_vi: `Không đọc được thời gian hoàn thành: «${text.trim()}»`,
  reason_en: `Deadline not understood: «${text.trim()}»`,
});
const implausibleYear = (year: number, documentYear: number): DeadlineReview => ({
  code: "implausible_year",
  reason_vi: `Năm ${year} quá xa năm của văn bản (${documentYear}), có thể gõ nhầm`,
  reason_en: `Year ${year} is far from the document's year (${documentYear}); probably a typo`,
});
const invalidDate = (text: string): DeadlineReview => ({
  code: "invalid_date",
  reason_vi: `Ngày không có thật: «${text}»`,
  reason_en: `No such date: «${text}»`,
});
const yearInferred = (year: number): DeadlineReview => ({
  code: "year_inferred",
  reason_vi: `Không ghi năm; lấy năm của văn bản (${year})`,
  reason_en: `No year given; the document's year (${year}) assumed`,
});
const vague = (): DeadlineReview => ({
  code: "vague",
  reason_vi: "Thời gian hoàn thành không cụ thể",
  reason_en: "Deadline is not specific",
});
const partial = (): DeadlineReview => ({
  code: "partial",
  reason_vi: "Chỉ đọc được một phần thời gian hoàn thành",
  reason_en: "Deadline only partly understood",
});

// ---- occurrences and lateness ----------------------------------------------------------------

const RECURRENCE_KIND: Record<Recurrence, CalendarPeriodKind> = {
  monthly: "month",
  quarterly: "quarter",
  half_yearly: "half",
  annual: "year",
};

/**
 * The occurrences due between two dates (inclusive), selected by due date: a recurring deadline
 * gives one per period (within startYear–endYear), a dated one gives itself; a window or none
 * gives nothing.
 */
export function occurrences(d: Deadline, fromIso: string, toIso: string): Occurrence[] {
  parseIsoDate(fromIso);
  parseIsoDate(toIso);
  const inRange = (due: string) => fromIso <= due && due <= toIso;
  if (d.kind === "date" && d.due) {
    return inRange(d.due) ? [{ period: d.period ?? periodCode(monthOf(d.due)), due: d.due }] : [];
  }
  if (d.kind !== "recurring" || !d.recurrence) return [];
  const out: Occurrence[] = [];
  // Two periods back: a due date can fall after its period ends.
  let p = shiftPeriod(periodOf(RECURRENCE_KIND[d.recurrence], fromIso), -2);
  for (; periodStart(p) <= toIso; p = nextPeriod(p)) {
    if (
      (d.startYear !== undefined && p.year < d.startYear) ||
      (d.endYear !== undefined && p.year > d.endYear)
    ) {
      continue;
    }
    const due = occurrenceDue(d, p);
    if (inRange(due)) out.push({ period: periodCode(p), due });
  }
  return out;
}

function occurrenceDue(d: Deadline, p: Period): string {
  if (d.recurrence === "annual") {
    if (d.dueMonth === undefined) return periodEnd(p);
    const y = p.year + (d.dueAfterPeriod ? 1 : 0);
    return isoDate(y, d.dueMonth, Math.min(d.dueDay ?? 31, daysInMonth(y, d.dueMonth)));
  }
  if (d.dueDay === undefined) return periodEnd(p);
  const month = addMonths(isoDate(p.year, monthRange(p).to, 1), d.dueAfterPeriod ? 1 : 0);
  const { year, month: m } = parseIsoDate(month);
  return isoDate(year, m, Math.min(d.dueDay, daysInMonth(year, m)));
}

/**
 * A dated task is overdue when it is not completed and today is after its due date. A recurring
 * task is overdue when its latest occurrence due before today has no completion on or after that
 * occurrence's period start (`completedOn` is the latest completion). Windows and none never are.
 */
export function isOverdue(d: Deadline, completedOn: string | null, todayIso: string): boolean {
  parseIsoDate(todayIso);
  if (completedOn !== null) parseIsoDate(completedOn);
  // a task "nếu cần thiết" is owed only once its condition is recorded as met
  if (d.condition !== undefined) return false;
  if (d.kind === "date" && d.due) return completedOn === null && todayIso > d.due;
  if (d.kind !== "recurring") return false;
  const latest = occurrences(d, addMonths(todayIso, -25), addDays(todayIso, -1)).at(-1);
  if (!latest) return false;
  return completedOn === null || completedOn < periodStart(parsePeriodOrThrow(latest.period));
}

/** Whether a dated task was completed after its due date; other kinds are judged per occurrence. */
export function completedLate(d: Deadline, completedOn: string): boolean {
  parseIsoDate(completedOn);
  return d.kind === "date" && d.due !== undefined && completedOn > d.due;
}

// Reporting duties ("chế độ báo cáo"): who reports what, how often, by when; and for each period
// whether each reporting unit delivered on time, late, or not at all.

import { addDays, daysInMonth, isoDate, parseIsoDate } from "../date.ts";
import { type DeadlineContext, parseDeadline } from "../deadline.ts";
import {
  containsPeriod,
  type Period,
  parsePeriodOrThrow,
  periodCode,
  periodEnd,
  periodStart,
  periodsOfKindInYear,
  type YearPeriodKind,
} from "../period.ts";

export const DUTY_CADENCES = [
  "monthly",
  "quarterly",
  "half_yearly",
  "nine_months",
  "annual",
  "once",
] as const;
export type DutyCadence = (typeof DUTY_CADENCES)[number];

/**
 * When a duty's text states no day ("định kỳ hàng quý", "đúng thời gian quy định"), its report is
 * due on this day of the period's last month: provincial socio-economic reports carry estimates
 * for the month and go to the People's Committee's monthly meeting around the 20th. A setting of
 * the caller (`defaultDueDay`) overrides it.
 */
export const DEFAULT_DUTY_DUE_DAY = 20;

export interface DutyRule {
  cadence: DutyCadence;
  /** day of the month the report is due */
  dueDay: number;
  /** annual: month of the due date (the last month of the period otherwise) */
  dueMonth?: number;
  /** due in the month (year) after the period ends ("… tháng sau") */
  dueAfterPeriod: boolean;
  /** "once": the date the text gives */
  onceDue?: string;
  /** "text": read from due_text; "default": the documented default */
  source: "text" | "default";
}

/**
 * The due rule of a duty: the day (and month) its text states, read with parseDeadline
 * ("trước ngày 30 tháng 11 hàng năm" → 30/11; "trước ngày 15/11" under an annual cadence →
 * 15/11 every year; "trước ngày 20 hằng tháng" → the 20th), else DEFAULT_DUTY_DUE_DAY.
 */
export function dutyRule(
  cadence: DutyCadence,
  dueText: string | null,
  ctx: DeadlineContext = {},
  options: { defaultDueDay?: number } = {},
): DutyRule {
  const fallback: DutyRule = {
    cadence,
    dueDay: options.defaultDueDay ?? DEFAULT_DUTY_DUE_DAY,
    dueAfterPeriod: false,
    source: "default",
  };
  if (cadence === "annual") fallback.dueMonth = 12;
  if (!dueText) return fallback;
  const d = parseDeadline(dueText, ctx);
  if (d.kind === "recurring" && d.dueDay !== undefined) {
    const rule: DutyRule = {
      cadence,
      dueDay: d.dueDay,
      dueAfterPeriod: d.dueAfterPeriod ?? false,
      source: "text",
    };
    if (cadence === "annual") rule.dueMonth = d.dueMonth ?? 12;
    return rule;
  }
  if (d.kind === "date" && d.due && (d.from === undefined || d.from === d.due)) {
    const { month, day } = parseIsoDate(d.due);
    if (cadence === "once") return { ...fallback, dueDay: day, onceDue: d.due, source: "text" };
    if (cadence === "annual")
      return { cadence, dueDay: day, dueMonth: month, dueAfterPeriod: false, source: "text" };
  }
  return fallback;
}

export interface DutyOccurrence {
  /** the period reported on: "2024-07", "2024-Q3", "2024-H1", "2024-9M", "2024" */
  period: string;
  due: string;
  /** the previous occurrence's due date: uploads after it and up to `due` count for this one */
  opensAfter: string;
}

const KIND: Record<Exclude<DutyCadence, "once">, YearPeriodKind> = {
  monthly: "month",
  quarterly: "quarter",
  half_yearly: "half",
  nine_months: "nine_months",
  annual: "year",
};

function dueOf(rule: DutyRule, p: Period): string {
  const lastMonth = parseIsoDate(periodEnd(p)).month;
  let year = p.year;
  let month = rule.cadence === "annual" ? (rule.dueMonth ?? 12) : lastMonth;
  if (rule.dueAfterPeriod) {
    if (rule.cadence === "annual") year += 1;
    else if (++month > 12) {
      month = 1;
      year += 1;
    }
  }
  return isoDate(year, month, Math.min(rule.dueDay, daysInMonth(year, month)));
}

function periodsOf(rule: DutyRule, year: number): Period[] {
  if (rule.cadence === "once") return [];
  return periodsOfKindInYear(KIND[rule.cadence], year);
}

/** The occurrences of a duty whose reported period lies within `within` (a period code). */
export function dutyOccurrences(rule: DutyRule, within: string): DutyOccurrence[] {
  const outer = parsePeriodOrThrow(within);
  if (rule.cadence === "once") {
    if (!rule.onceDue) return [];
    const { year, month } = parseIsoDate(rule.onceDue);
    const p = parsePeriodOrThrow(`${year}-${String(month).padStart(2, "0")}`);
    return containsPeriod(outer, p)
      ? [{ period: periodCode(p), due: rule.onceDue, opensAfter: addDays(periodStart(p), -1) }]
      : [];
  }
  const firstYear = parseIsoDate(periodStart(outer)).year;
  const lastYear = parseIsoDate(periodEnd(outer)).year;
  const all: Period[] = [];
  for (let y = firstYear - 1; y <= lastYear; y++) all.push(...periodsOf(rule, y));
  const out: DutyOccurrence[] = [];
  for (let i = 1; i < all.length; i++) {
    const p = all[i] as Period;
    if (!containsPeriod(outer, p)) continue;
    out.push({ period: periodCode(p), due: dueOf(rule, p), opensAfter: dueOf(rule, all[i - 1] as Period) });
  }
  return out;
}

export type DeliveryStatus = "on_time" | "late" | "missing" | "not_due";

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, { vi: string; en: string }> = {
  on_time: { vi: "Đúng hạn", en: "On time" },
  late: { vi: "Trễ hạn", en: "Late" },
  missing: { vi: "Chưa gửi", en: "Not delivered" },
  not_due: { vi: "Chưa đến hạn", en: "Not yet due" },
};

export interface Delivery {
  agencyId: number;
  deliveredOn: string;
  /** explicit: an officer marked the report sent (report_delivery); upload / status_report: implied by activity */
  source: "explicit" | "upload" | "status_report";
  /** explicit deliveries name their period; implied ones are placed by date */
  period?: string | null;
  /** what proves it: a document number, a batch id, a report id */
  evidence: string;
}

export interface ComplianceRow {
  period: string;
  due: string;
  agencyId: number;
  status: DeliveryStatus;
  deliveredOn: string | null;
  evidence: Delivery | null;
}

/**
 * For each occurrence and each reporting unit: on_time, late, missing, or not_due.
 * - An explicit delivery (report_delivery) names its period: on time when delivered on or before
 *   the due date, late otherwise; the earliest one counts.
 * - Activity of the unit (a committed upload, a task status report by one of its users) counts as
 *   the report of the occurrence whose window (previous due date, this due date] holds its date,
 *   so it is always on time: an upload after a due date cannot tell a late report from the next
 *   period's one, and lateness is therefore recorded explicitly.
 * - Without either: missing once the due date has passed (as of `today`), else not_due.
 */
export function dutyCompliance(input: {
  occurrences: DutyOccurrence[];
  reporters: number[];
  deliveries: Delivery[];
  today: string;
}): ComplianceRow[] {
  const rows: ComplianceRow[] = [];
  const byAgency = new Map<number, Delivery[]>();
  for (const d of input.deliveries) {
    const list = byAgency.get(d.agencyId) ?? [];
    list.push(d);
    byAgency.set(d.agencyId, list);
  }
  for (const o of input.occurrences) {
    for (const agencyId of input.reporters) {
      const mine = byAgency.get(agencyId) ?? [];
      const explicit = mine
        .filter((d) => d.source === "explicit" && d.period === o.period)
        .sort((a, b) => (a.deliveredOn < b.deliveredOn ? -1 : a.deliveredOn > b.deliveredOn ? 1 : 0))[0];
      const implied = mine
        .filter((d) => d.source !== "explicit" && d.deliveredOn > o.opensAfter && d.deliveredOn <= o.due)
        .sort((a, b) => (a.deliveredOn < b.deliveredOn ? -1 : a.deliveredOn > b.deliveredOn ? 1 : 0))[0];
      const best =
        explicit && implied
          ? implied.deliveredOn < explicit.deliveredOn
            ? implied
            : explicit
          : (explicit ?? implied);
      let status: DeliveryStatus;
      if (best) status = best.deliveredOn <= o.due ? "on_time" : "late";
      else status = input.today > o.due ? "missing" : "not_due";
      rows.push({
        period: o.period,
        due: o.due,
        agencyId,
        status,
        deliveredOn: best?.deliveredOn ?? null,
        evidence: best ?? null,
      });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// When a duty owes anything (issue 16, items 1 and 5)

/** A span of days, either end open (null). */
export interface Validity {
  from: string | null;
  to: string | null;
}

const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * The days a duty can owe reports: from its document's issue (or the first day of the document's
 * period when it has no date, or the duty's own start), to the last day of the document's period
 * ("những tháng cuối năm 2024" → 31/12/2024; "đến năm 2030" → 31/12/2030), the duty's own end,
 * the day before a later document ended it, and the last day any recipient exists (an agency
 * with a successor passes the reports on and never ends a duty; a province that ceased does).
 */
export function dutyWindow(input: {
  issuedOn: string | null;
  periodFrom: number | null;
  periodTo: number | null;
  own?: Validity;
  endedOn?: string | null;
  /** each recipient's validity (successors already taken into account); none: no bound */
  recipients?: Validity[];
  /** the validity of the document's org unit (a province that ceased) */
  documentUnit?: Validity;
}): Validity {
  let from = input.issuedOn ?? (input.periodFrom !== null ? `${input.periodFrom}-01-01` : null);
  let to = input.periodTo !== null ? `${input.periodTo}-12-31` : null;
  from = maxDate(from, input.own?.from ?? null);
  to = minDate(to, input.own?.to ?? null);
  if (input.endedOn) to = minDate(to, addDays(input.endedOn, -1));
  if (input.documentUnit) to = minDate(to, input.documentUnit.to);
  const recipients = input.recipients ?? [];
  if (recipients.length > 0) {
    // the duty lasts while at least one recipient exists
    const ends = recipients.map((r) => r.to);
    const last = ends.includes(null) ? null : ends.reduce((a, b) => maxDate(a, b));
    to = minDate(to, last);
  }
  return { from, to };
}

/**
 * Whether a reporter owes an occurrence: its period began within the duty's window and it falls
 * due on or after the window's first day (nothing is owed for a period due before the document
 * was issued); the reporter existed on the due day (an agency, or the province of an agency, that
 * ceased owes nothing due after) and before the period ended.
 */
export function occurrenceOwed(o: DutyOccurrence, window: Validity, reporter: Validity = ALWAYS): boolean {
  const p = parsePeriodOrThrow(o.period);
  if (window.to !== null && periodStart(p) > window.to) return false;
  if (window.from !== null && o.due < window.from) return false;
  if (reporter.to !== null && o.due > reporter.to) return false;
  if (reporter.from !== null && periodEnd(p) < reporter.from) return false;
  return true;
}

export const ALWAYS: Validity = { from: null, to: null };

/** The validity of an agency: its own, cut by its org unit's and that unit's ancestors'. */
export function agencyValidity(own: Validity, units: Validity[]): Validity {
  let v = own;
  for (const u of units) v = { from: maxDate(v.from, u.from), to: minDate(v.to, u.to) };
  return v;
}

/**
 * An event-driven duty ("trường hợp phát sinh khó khăn, vướng mắc … kịp thời báo cáo … tại các
 * phiên họp thường kỳ hàng tháng") has no calendar slots; each recorded event makes one: the
 * report is due on the rule's day of the event's month, or of the next month when the event came
 * after that day.
 */
export function eventOccurrence(rule: DutyRule, occurredOn: string): DutyOccurrence {
  const { year, month, day } = parseIsoDate(occurredOn);
  let y = year;
  let m = month;
  if (day > rule.dueDay) {
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  const due = isoDate(y, m, Math.min(rule.dueDay, daysInMonth(y, m)));
  return {
    period: periodCode(parsePeriodOrThrow(`${year}-${String(month).padStart(2, "0")}`)),
    due,
    opensAfter: addDays(occurredOn, -1),
  };
}

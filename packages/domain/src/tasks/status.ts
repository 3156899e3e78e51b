// The status of a task as people read it. What an agency reports is stored (not started, in
// progress, done with a date, cancelled, replaced); "overdue" and "done late" are never stored:
// they follow from the deadline in force and today, so a moved deadline or a new day changes
// them without anyone touching the task.

import { addDays, parseIsoDate } from "../date.ts";
import { type Deadline, type DeadlineContext, isOverdue, occurrences, parseDeadline } from "../deadline.ts";
import { parsePeriodOrThrow, periodStart } from "../period.ts";

export const STORED_TASK_STATUSES = ["not_started", "in_progress", "done", "cancelled", "replaced"] as const;
export type StoredTaskStatus = (typeof STORED_TASK_STATUSES)[number];

/** Derived only: refused whenever a person tries to set them. */
export const DERIVED_TASK_STATUSES = ["overdue", "done_late"] as const;
export type DerivedTaskStatus = (typeof DERIVED_TASK_STATUSES)[number];

export const TASK_STATUSES = [...STORED_TASK_STATUSES, ...DERIVED_TASK_STATUSES] as const;
export type TaskStatus = StoredTaskStatus | DerivedTaskStatus;

export const TASK_STATUS_LABELS: Record<TaskStatus, { vi: string; en: string }> = {
  not_started: { vi: "Chưa thực hiện", en: "Not started" },
  in_progress: { vi: "Đang thực hiện", en: "In progress" },
  done: { vi: "Hoàn thành đúng hạn", en: "Done on time" },
  done_late: { vi: "Hoàn thành trễ hạn", en: "Done late" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
  cancelled: { vi: "Dừng thực hiện", en: "Cancelled" },
  replaced: { vi: "Được thay thế", en: "Replaced" },
};

/** Days ahead within which an open task counts as "due soon" (lists put these right after the overdue ones). */
export const DUE_SOON_DAYS = 30;

export function isStoredTaskStatus(s: string): s is StoredTaskStatus {
  return (STORED_TASK_STATUSES as readonly string[]).includes(s);
}

export function isDerivedTaskStatus(s: string): s is DerivedTaskStatus {
  return (DERIVED_TASK_STATUSES as readonly string[]).includes(s);
}

/** What was reported for one occurrence of a recurring task ("2024-Q3") or for the task itself (occurrence null). */
export interface StatusReport {
  occurrence: string | null;
  status: StoredTaskStatus;
  completedOn: string | null;
  /** when it was reported; the latest report of an occurrence is the one in force */
  reportedOn: string;
  /** tie-breaker among reports of one day (insertion order) */
  seq?: number;
}

export interface TaskStatusInput {
  stored: StoredTaskStatus;
  completedOn: string | null;
  deadline: Deadline;
  today: string;
  /** recurring tasks: the reports per occurrence; when given they decide overdue */
  reports?: StatusReport[];
}

/**
 * The status shown for a task as a whole:
 * - cancelled and replaced stay as reported;
 * - a dated task done after its due date is done_late; open after its due date, overdue;
 * - a recurring task is overdue when its latest occurrence due before today is overdue (from
 *   the per-occurrence reports when given, else from the latest completion date);
 * - windows ("thường xuyên") and deadlines that could not be read are never late;
 * - a conditional task ("nếu cần thiết") is never overdue: it is owed once the need arises.
 */
export function taskStatus(input: TaskStatusInput): TaskStatus {
  const { stored, completedOn, deadline: d, today } = input;
  parseIsoDate(today);
  if (stored === "cancelled" || stored === "replaced") return stored;
  if (d.kind === "date" && d.due) {
    if (stored === "done") return completedOn !== null && completedOn > d.due ? "done_late" : "done";
    return today > d.due && d.condition === undefined ? "overdue" : stored;
  }
  if (d.kind === "recurring") {
    if (input.reports) {
      const past = occurrenceStatuses({
        deadline: d,
        reports: input.reports,
        from: addDays(today, -800),
        to: addDays(today, -1),
        today,
      }).at(-1);
      if (past?.status === "overdue") return "overdue";
      return stored === "done" ? "in_progress" : stored;
    }
    if (isOverdue(d, stored === "done" ? completedOn : null, today)) return "overdue";
    // a recurring task is never finished as a whole: "done" speaks for one occurrence
    return stored === "done" ? "in_progress" : stored;
  }
  return stored;
}

export interface OccurrenceStatus {
  period: string;
  due: string;
  status: TaskStatus;
  completedOn: string | null;
  reportedOn: string | null;
}

/** The latest report of each occurrence (a report without occurrence applies to none). */
export function latestReports(reports: StatusReport[]): Map<string, StatusReport> {
  const out = new Map<string, StatusReport>();
  for (const r of reports) {
    if (r.occurrence === null) continue;
    const prev = out.get(r.occurrence);
    if (
      !prev ||
      r.reportedOn > prev.reportedOn ||
      (r.reportedOn === prev.reportedOn && (r.seq ?? 0) >= (prev.seq ?? 0))
    )
      out.set(r.occurrence, r);
  }
  return out;
}

/**
 * One status per occurrence due between `from` and `to` (inclusive): a recurring task gives one
 * per period, a dated task gives itself (its period is the one the deadline names). Each
 * occurrence is judged alone: done after its own due date is done_late, open past it overdue.
 * A dated task also takes a report without occurrence (the usual case) as its own.
 */
export function occurrenceStatuses(input: {
  deadline: Deadline;
  reports: StatusReport[];
  from: string;
  to: string;
  today: string;
}): OccurrenceStatus[] {
  const { deadline: d, today } = input;
  const latest = latestReports(input.reports);
  const whole = latestOf(input.reports.filter((r) => r.occurrence === null));
  return occurrences(d, input.from, input.to).map((o) => {
    const r = latest.get(o.period) ?? (d.kind === "date" ? whole : undefined);
    const stored = r?.status ?? "not_started";
    const completedOn = stored === "done" ? (r?.completedOn ?? null) : null;
    const status = judge(stored, completedOn, o.due, today);
    return { period: o.period, due: o.due, status, completedOn, reportedOn: r?.reportedOn ?? null };
  });
}

function latestOf(reports: StatusReport[]): StatusReport | undefined {
  let best: StatusReport | undefined;
  for (const r of reports)
    if (
      !best ||
      r.reportedOn > best.reportedOn ||
      (r.reportedOn === best.reportedOn && (r.seq ?? 0) >= (best.seq ?? 0))
    )
      best = r;
  return best;
}

function judge(stored: StoredTaskStatus, completedOn: string | null, due: string, today: string): TaskStatus {
  if (stored === "cancelled" || stored === "replaced") return stored;
  if (stored === "done") return completedOn !== null && completedOn > due ? "done_late" : "done";
  return today > due ? "overdue" : stored;
}

/**
 * The date a list sorts and filters by: a dated task's due date, a recurring task's next
 * occurrence due on or after today (or its latest past one when it has ended), a window's end.
 */
export function effectiveDue(d: Deadline, today: string): string | null {
  if (d.kind === "date") return d.due ?? null;
  if (d.kind === "window") return d.to ?? null;
  if (d.kind !== "recurring") return null;
  const next = occurrences(d, today, addDays(today, 800))[0];
  if (next) return next.due;
  return occurrences(d, addDays(today, -800), today).at(-1)?.due ?? null;
}

/** Open (not done, not cancelled) and due within DUE_SOON_DAYS from today. */
export function isDueSoon(
  status: TaskStatus,
  due: string | null,
  today: string,
  days = DUE_SOON_DAYS,
): boolean {
  if (due === null || (status !== "not_started" && status !== "in_progress")) return false;
  return due >= today && due <= addDays(today, days);
}

/** List order: overdue first, then due soon, then the rest; within each, earliest due first. */
export function urgencyRank(status: TaskStatus, due: string | null, today: string): number {
  if (status === "overdue") return 0;
  if (isDueSoon(status, due, today)) return 1;
  if (status === "not_started" || status === "in_progress") return 2;
  return 3;
}

/** A deadline as stored (task_deadline): the columns are the truth; the text gives the stated day. */
export interface DeadlineRow {
  deadline_text: string | null;
  kind: Deadline["kind"];
  due_date: string | null;
  window_from: string | null;
  window_to: string | null;
  recurrence: Deadline["recurrence"] | null;
  start_year: number | null;
  end_year: number | null;
  review_code: string | null;
  review_reason: string | null;
  provenance?: "stated" | "inferred" | "assumption";
  condition_text?: string | null;
  aspiration?: boolean;
  vision_year?: number | null;
}

export function deadlineFromRow(row: DeadlineRow, ctx: DeadlineContext = {}): Deadline {
  const d: Deadline = { text: row.deadline_text ?? "", kind: row.kind };
  if (row.due_date) d.due = row.due_date;
  if (row.window_from) d.from = row.window_from;
  if (row.window_to) d.to = row.window_to;
  if (row.recurrence) d.recurrence = row.recurrence;
  if (row.start_year !== null) d.startYear = row.start_year;
  if (row.end_year !== null) d.endYear = row.end_year;
  if (row.provenance === "inferred") d.inherited = true;
  if (row.condition_text) d.condition = row.condition_text;
  if (row.aspiration) d.aspiration = true;
  if (row.vision_year != null) d.visionYear = row.vision_year;
  if (row.review_code) {
    const [vi = "", en = ""] = (row.review_reason ?? "").split(" / ");
    d.review = {
      code: row.review_code as NonNullable<Deadline["review"]>["code"],
      reason_vi: vi,
      reason_en: en,
    };
  }
  // the stated day of a recurring deadline and the period a date names are not columns: read them again
  if (row.deadline_text && (row.kind === "recurring" || row.kind === "date")) {
    const p = parseDeadline(row.deadline_text, ctx);
    if (p.kind === "recurring" && row.kind === "recurring" && p.recurrence === row.recurrence) {
      if (p.cadences) d.cadences = p.cadences;
      if (p.dueDay !== undefined) d.dueDay = p.dueDay;
      if (p.dueMonth !== undefined) d.dueMonth = p.dueMonth;
      if (p.dueAfterPeriod) d.dueAfterPeriod = true;
    }
    if (p.kind === "date" && row.kind === "date" && p.due === row.due_date && p.period) d.period = p.period;
    if (p.kind === "date" && row.kind === "date" && p.due === row.due_date && p.ongoing) {
      d.ongoing = true;
      if (p.parts) d.parts = p.parts;
    }
  }
  // "Hàng năm" with no first year starts with the document, not at the beginning of time
  if (d.kind === "recurring" && d.startYear === undefined) {
    const year = ctx.documentYear ?? (ctx.documentDate ? parseIsoDate(ctx.documentDate).year : undefined);
    if (year !== undefined) d.startYear = year;
  }
  return d;
}

/** Start of the period an occurrence code names ("2024-Q3" → 2024-07-01). */
export function occurrenceStart(code: string): string {
  return periodStart(parsePeriodOrThrow(code));
}

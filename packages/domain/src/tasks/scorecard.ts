// Agency scorecard: for one agency and one year, the work it leads that falls due in the year and
// how it went, and the reports it owed in the year and whether they came in on time. Every
// number comes with the list behind it.

import type { Deadline } from "../deadline.ts";
import type { ComplianceRow } from "./duties.ts";
import {
  occurrenceStatuses,
  type StatusReport,
  type StoredTaskStatus,
  type TaskStatus,
  taskStatus,
} from "./status.ts";

/** One unit of work judged in a year: a dated task, one occurrence of a recurring task, or a window. */
export interface WorkItem {
  taskId: number;
  /** the occurrence's period for recurring tasks; the named period or due month otherwise; null for windows */
  occurrence: string | null;
  due: string | null;
  status: TaskStatus;
  completedOn: string | null;
}

export interface ScorecardTask {
  taskId: number;
  deadline: Deadline;
  stored: StoredTaskStatus;
  completedOn: string | null;
  reports: StatusReport[];
}

/**
 * The work of a task that belongs to `year`:
 * - dated: the task, when its due date is in the year;
 * - recurring: each occurrence due in the year, judged on its own report;
 * - window ("thường xuyên"): the task, when the window overlaps the year (never late);
 * - no readable deadline: nothing (it is on the review list, not on anyone's scorecard).
 */
export function workItems(t: ScorecardTask, year: number, today: string): WorkItem[] {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const d = t.deadline;
  if (d.kind === "date") {
    if (!d.due || d.due < from || d.due > to) return [];
    const status = taskStatus({ stored: t.stored, completedOn: t.completedOn, deadline: d, today });
    const done = status === "done" || status === "done_late";
    return [
      {
        taskId: t.taskId,
        occurrence: d.period ?? d.due.slice(0, 7),
        due: d.due,
        status,
        completedOn: done ? t.completedOn : null,
      },
    ];
  }
  if (d.kind === "recurring") {
    return occurrenceStatuses({ deadline: d, reports: t.reports, from, to, today }).map((o) => ({
      taskId: t.taskId,
      occurrence: o.period,
      due: o.due,
      status: o.status,
      completedOn: o.completedOn,
    }));
  }
  if (d.kind === "window") {
    if ((d.from && d.from > to) || (d.to && d.to < from)) return [];
    const status = taskStatus({ stored: t.stored, completedOn: t.completedOn, deadline: d, today });
    return [{ taskId: t.taskId, occurrence: null, due: d.to ?? null, status, completedOn: t.completedOn }];
  }
  return [];
}

export interface AgencyScore {
  agencyId: number;
  year: number;
  tasksLed: number;
  doneOnTime: number;
  doneLate: number;
  overdue: number;
  /** not done and not yet due */
  open: number;
  /** cancelled or replaced */
  closed: number;
  reportsDue: number;
  reportsOnTime: number;
  reportsLate: number;
  reportsMissing: number;
  lists: {
    tasksLed: WorkItem[];
    doneOnTime: WorkItem[];
    doneLate: WorkItem[];
    overdue: WorkItem[];
    open: WorkItem[];
    closed: WorkItem[];
    reportsDue: DutyRow[];
    reportsOnTime: DutyRow[];
    reportsLate: DutyRow[];
    reportsMissing: DutyRow[];
  };
}

export interface DutyRow extends ComplianceRow {
  dutyId: number;
}

/**
 * One score per agency: `lead` says which agencies lead which task; a task with several leads
 * counts for each of them. Reports count when due in the year on or before `today` (one sent
 * early for a later due date is not yet owed).
 */
export function agencyScorecard(input: {
  year: number;
  today: string;
  items: WorkItem[];
  lead: Array<{ taskId: number; agencyId: number }>;
  duties: DutyRow[];
  agencyIds?: number[];
}): AgencyScore[] {
  const leadsOf = new Map<number, number[]>();
  for (const l of input.lead) {
    const list = leadsOf.get(l.agencyId) ?? [];
    list.push(l.taskId);
    leadsOf.set(l.agencyId, list);
  }
  const ids = new Set<number>(input.agencyIds ?? [...leadsOf.keys(), ...input.duties.map((d) => d.agencyId)]);
  const byTask = new Map<number, WorkItem[]>();
  for (const it of input.items) {
    const list = byTask.get(it.taskId) ?? [];
    list.push(it);
    byTask.set(it.taskId, list);
  }
  const out: AgencyScore[] = [];
  for (const agencyId of [...ids].sort((a, b) => a - b)) {
    const led = [...new Set(leadsOf.get(agencyId) ?? [])].flatMap((id) => byTask.get(id) ?? []);
    const pick = (...s: TaskStatus[]) => led.filter((i) => s.includes(i.status));
    const reports = input.duties.filter(
      (d) => d.agencyId === agencyId && d.due <= input.today && d.due.startsWith(`${input.year}-`),
    );
    const rep = (s: ComplianceRow["status"]) => reports.filter((r) => r.status === s);
    const lists = {
      tasksLed: led,
      doneOnTime: pick("done"),
      doneLate: pick("done_late"),
      overdue: pick("overdue"),
      open: pick("not_started", "in_progress"),
      closed: pick("cancelled", "replaced"),
      reportsDue: reports,
      reportsOnTime: rep("on_time"),
      reportsLate: rep("late"),
      reportsMissing: rep("missing"),
    };
    out.push({
      agencyId,
      year: input.year,
      tasksLed: lists.tasksLed.length,
      doneOnTime: lists.doneOnTime.length,
      doneLate: lists.doneLate.length,
      overdue: lists.overdue.length,
      open: lists.open.length,
      closed: lists.closed.length,
      reportsDue: lists.reportsDue.length,
      reportsOnTime: lists.reportsOnTime.length,
      reportsLate: lists.reportsLate.length,
      reportsMissing: lists.reportsMissing.length,
      lists,
    });
  }
  return out;
}

import type { Lang } from "$lib/i18n";
import { type Api, ApiError, type SessionUser } from "./api.ts";
import * as fmt from "./format.ts";

// An agency officer's own work first (issue 16, item 6): the tasks their agency leads and the
// reports it owes, as "overdue", "due this month" and "reported", from the agency scorecards of
// every year with something due (GET /reporting-duties/years, GET /agencies/{code}/scorecard):
// an overdue task of an earlier year is still theirs.

interface ItemView {
  taskId: number;
  taskCode: string;
  textVi: string;
  occurrence: string | null;
  due: string | null;
}
interface ReportView {
  duty: string;
  period: string;
  due: string;
  status: string;
  deliveredOn: string | null;
}
interface Score {
  agency?: { code: string; nameVi: string };
  lists: { overdue: ItemView[]; open: ItemView[]; reportsDue: ReportView[]; reportsMissing: ReportView[] };
}

export interface HomeTask {
  key: string;
  href: string;
  code: string;
  text: string;
  due: string;
  dueIso: string;
  occurrence: string | null;
}
export interface HomeReport {
  key: string;
  duty: string;
  subject: string;
  period: string;
  due: string;
  dueIso: string;
  deliveredOn: string;
  href: string;
}

export async function loadOfficerHome(client: Api, lang: Lang, user: SessionUser, day = fmt.today()) {
  const agency = (await client.agencies()).find((a) => a.id === user.agencyId);
  if (!agency) return { agency: null } as const;
  const [years, duties] = await Promise.all([
    client.calendarYears().then(
      (r) => r.years,
      (e) => {
        if (e instanceof ApiError) return [Number(day.slice(0, 4))];
        throw e;
      },
    ),
    client.reportingDuties().then(
      (b) => (b.items ?? []) as Array<{ code: string; subjectVi: string }>,
      () => [] as Array<{ code: string; subjectVi: string }>,
    ),
  ]);
  const subject = new Map(duties.map((d) => [d.code, d.subjectVi]));
  const scores = (await Promise.all(
    years.map((y) => client.agencyScorecard(agency.code, y)),
  )) as unknown as Score[];
  const month = day.slice(0, 7);
  const seen = new Set<string>();
  const task = (i: ItemView): HomeTask | null => {
    const key = `${i.taskId}/${i.occurrence ?? ""}`;
    if (seen.has(key)) return null;
    seen.add(key);
    return {
      key,
      href: `/app/nhiem-vu/${i.taskId}`,
      code: i.taskCode,
      text: i.textVi,
      due: fmt.date(lang, i.due),
      dueIso: i.due ?? "",
      occurrence: i.occurrence,
    };
  };
  const report = (r: ReportView): HomeReport => ({
    key: `${r.duty}|${agency.code}|${r.period}`,
    duty: r.duty,
    subject: subject.get(r.duty) ?? r.duty,
    period: fmt.period(lang, r.period),
    due: fmt.date(lang, r.due),
    dueIso: r.due,
    deliveredOn: fmt.date(lang, r.deliveredOn),
    href: `/app/bao-cao?period=${encodeURIComponent(r.period)}&ghi-nhan=${encodeURIComponent(`${r.duty}|${agency.code}|${r.period}`)}`,
  });
  const byDue = <T extends { dueIso: string }>(a: T, b: T) => a.dueIso.localeCompare(b.dueIso);
  const all = scores.filter((s) => s?.lists);
  const overdueTasks = all
    .flatMap((s) => s.lists.overdue.map(task))
    .filter((x) => x !== null)
    .sort(byDue);
  const open = all.flatMap((s) => s.lists.open.map(task)).filter((x) => x !== null);
  const dueThisMonth = open.filter((x) => x.dueIso.startsWith(month)).sort(byDue);
  const laterTasks = open.filter((x) => !x.dueIso.startsWith(month)).sort(byDue);
  const reports = all.flatMap((s) => s.lists.reportsDue);
  const uniq = (list: ReportView[]) => [...new Map(list.map((r) => [`${r.duty}|${r.period}`, r])).values()];
  return {
    agency: { code: agency.code, name: agency.nameVi },
    month: fmt.period(lang, month),
    tasks: { overdue: overdueTasks, dueThisMonth, later: laterTasks },
    reports: {
      overdue: uniq(reports.filter((r) => r.status === "missing"))
        .map(report)
        .sort(byDue),
      dueThisMonth: uniq(reports.filter((r) => r.status === "not_due" && r.due.startsWith(month)))
        .map(report)
        .sort(byDue),
      later: uniq(reports.filter((r) => r.status === "not_due" && !r.due.startsWith(month)))
        .map(report)
        .sort(byDue),
      reported: uniq(reports.filter((r) => r.status === "on_time" || r.status === "late"))
        .map(report)
        .sort((a, b) => b.dueIso.localeCompare(a.dueIso))
        .slice(0, 20),
    },
  } as const;
}

import { compareVi, DELIVERY_STATUS_LABELS } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import { type Api, ApiError } from "./api.ts";
import { unitLabels } from "./figure-duties.ts";
import * as fmt from "./format.ts";
import { taskStatusLabels } from "./tasks.ts";

// Agency scorecards (GET /api/v1/agency-scorecard and /agencies/{code}/scorecard): each agency's
// tasks led that fall due in the year and how they went, and the reports it owed and how they
// came in. The API counts (packages/domain/src/tasks/scorecard.ts); this only orders and lays out.

export const TASK_COUNTS = ["tasksLed", "doneOnTime", "doneLate", "overdue", "open"] as const;
export const REPORT_COUNTS = ["reportsOnTime", "reportsLate", "reportsMissing"] as const;
/** who owes figures (issue 16, item 4): the figures of the indicators it leads, counted by the API */
export const FIGURE_COUNTS = [
  "figuresOwed",
  "figuresOnTime",
  "figuresLate",
  "figuresMissing",
  "figuresNotDue",
] as const;
/** the figure slots behind each count, by the state GET /figure-duties gives them */
const FIGURE_STATE: Record<Exclude<(typeof FIGURE_COUNTS)[number], "figuresOwed">, string> = {
  figuresMissing: "late",
  figuresLate: "received_late",
  figuresOnTime: "received",
  figuresNotDue: "not_due",
};
export const FIGURE_LISTS = ["figuresMissing", "figuresLate", "figuresOnTime", "figuresNotDue"] as const;
export type CountKey =
  | (typeof TASK_COUNTS)[number]
  | (typeof REPORT_COUNTS)[number]
  | (typeof FIGURE_COUNTS)[number]
  | "reportsDue"
  | "closed";

/** one agency's scorecard as the API documents it (AgencyScorecard) */
type Entry = Awaited<ReturnType<Api["agencyScorecard"]>>;
type WorkItemView = Entry["lists"]["tasksLed"][number];
type ReportView = Entry["lists"]["reportsDue"][number];

export interface ScoreRow {
  code: string;
  name: string;
  group: boolean;
  counts: Record<CountKey, number>;
}

function countsOf(e: Entry): Record<CountKey, number> {
  const keys: CountKey[] = [...TASK_COUNTS, ...REPORT_COUNTS, ...FIGURE_COUNTS, "reportsDue", "closed"];
  return Object.fromEntries(keys.map((k) => [k, Number(e[k] ?? 0)])) as Record<CountKey, number>;
}

/** worst first: overdue tasks and missing reports, then late ones, then the name */
function worstFirst(a: ScoreRow, b: ScoreRow): number {
  const bad = (r: ScoreRow) => r.counts.overdue + r.counts.reportsMissing + r.counts.figuresMissing;
  const late = (r: ScoreRow) => r.counts.doneLate + r.counts.reportsLate + r.counts.figuresLate;
  return bad(b) - bad(a) || late(b) - late(a) || compareVi(a.name, b.name);
}

export function thisYear(): number {
  return Number(fmt.today().slice(0, 4));
}

/** The year asked (?nam=), else `fallback` (the latest year with tasks or reports due), else this year. */
/**
 * The year of the agency view from ?nam=, else the latest year up to today with data (figures,
 * tasks or reports that fell due: `defaultYear` of GET /reporting-duties/years), never an empty
 * future year. `defaulted` says the page chose it; `prev`/`next` and `withData` are the links to
 * move between years (next never past next year).
 */
export function chosenYear(
  url: URL,
  calendar?: { defaultYear: number; years: number[] },
): {
  year: number;
  years: number[];
  defaulted: boolean;
  withData: number[];
  prev: number | null;
  next: number | null;
} {
  const now = thisYear();
  const asked = Number(url.searchParams.get("nam"));
  const valid = url.searchParams.has("nam") && Number.isInteger(asked) && asked >= 2000 && asked <= 2100;
  const year = valid ? asked : (calendar?.defaultYear ?? now);
  const years: number[] = [];
  for (let y = Math.max(now + 1, year); y >= Math.min(2021, year); y--) years.push(y);
  return {
    year,
    years,
    defaulted: !valid,
    withData: calendar?.years ?? [],
    prev: year > 2000 ? year - 1 : null,
    next: year < now + 1 ? year + 1 : null,
  };
}

export async function loadScorecards(client: Api, year: number) {
  let body: Awaited<ReturnType<Api["agencyScorecards"]>>;
  try {
    body = await client.agencyScorecards(year);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { available: false as const };
    throw e;
  }
  const rows: ScoreRow[] = body.items.map((e) => ({
    code: e.agency.code,
    name: e.agency.nameVi,
    group: e.agency.kind === "group",
    counts: countsOf(e),
  }));
  const active = rows
    .filter((r) => r.counts.tasksLed > 0 || r.counts.reportsDue > 0 || r.counts.figuresOwed > 0)
    .sort(worstFirst);
  const total = (k: CountKey) => active.reduce((s, r) => s + r.counts[k], 0);
  return {
    available: true as const,
    rows: active,
    idle: rows.length - active.length,
    totals: Object.fromEntries(
      [...TASK_COUNTS, ...REPORT_COUNTS, ...FIGURE_COUNTS, "reportsDue" as const].map((k) => [k, total(k)]),
    ) as Record<CountKey, number>,
  };
}

export async function loadAgencyScore(client: Api, lang: Lang, code: string, year: number) {
  const [e, duties, figureSlots] = await Promise.all([
    client.agencyScorecard(code, year),
    client.reportingDuties().then(
      (b): Array<{ code: string; subjectVi: string }> => b.items,
      () => [],
    ),
    client.figureDuties({ year, agency: code }).then(
      (b) => b.items,
      () => [],
    ),
  ]);
  if (!e.agency) return null;
  const dutyName = new Map(duties.map((d) => [d.code, d.subjectVi]));
  const statusLabel = taskStatusLabels(lang);
  const task = (i: WorkItemView) => ({
    key: `${i.taskId}/${i.occurrence ?? ""}`,
    id: i.taskId,
    text: i.textVi,
    occurrence: i.occurrence ? fmt.period(lang, i.occurrence) : null,
    due: fmt.date(lang, i.due),
    status: i.status,
    statusLabel: statusLabel[i.status] ?? i.status,
    completedOn: fmt.date(lang, i.completedOn),
  });
  const report = (r: ReportView) => ({
    key: `${r.duty}/${r.period}`,
    duty: dutyName.get(r.duty) ?? r.duty,
    period: fmt.period(lang, r.period),
    due: fmt.date(lang, r.due),
    status: r.status,
    statusLabel: DELIVERY_STATUS_LABELS[r.status]?.[lang] ?? r.status,
    deliveredOn: fmt.date(lang, r.deliveredOn),
  });
  const lists = e.lists;
  const units = unitLabels(figureSlots.map((f) => ({ code: f.orgUnit, nameVi: f.orgUnitNameVi })));
  const figure = (f: (typeof figureSlots)[number]) => ({
    key: `${f.indicator.code}|${f.orgUnit}|${f.period}`,
    indicator: f.indicator.nameVi,
    href: `/app/chi-tieu/${encodeURIComponent(f.indicator.code)}?unit=${encodeURIComponent(f.orgUnit)}`,
    orgUnit: units.get(f.orgUnit) ?? f.orgUnitNameVi,
    period: fmt.period(lang, f.period),
    due: fmt.date(lang, f.due),
    receivedOn: fmt.date(lang, f.receivedOn),
  });
  return {
    code: e.agency.code,
    name: e.agency.nameVi,
    counts: countsOf(e),
    tasks: Object.fromEntries(TASK_COUNTS.map((k) => [k, lists[k].map(task)])) as Record<
      (typeof TASK_COUNTS)[number],
      ReturnType<typeof task>[]
    >,
    reports: Object.fromEntries(REPORT_COUNTS.map((k) => [k, lists[k].map(report)])) as Record<
      (typeof REPORT_COUNTS)[number],
      ReturnType<typeof report>[]
    >,
    figures: Object.fromEntries(
      FIGURE_LISTS.map((k) => [k, figureSlots.filter((f) => f.state === FIGURE_STATE[k]).map(figure)]),
    ) as Record<(typeof FIGURE_LISTS)[number], ReturnType<typeof figure>[]>,
  };
}

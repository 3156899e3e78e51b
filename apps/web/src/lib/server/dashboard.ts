import { compareVi, EXPLANATION_REQUIRED, parsePeriod, periodEnd, summarizeStatuses } from "@chitieu/domain";
import { bulletFigures, isBulletRow } from "$lib/charts/bullet.ts";
import { cadence, nextPeriod, w } from "$lib/dashboard-words.ts";
import type { Lang } from "$lib/i18n";
import { CATEGORY_ORDER } from "$lib/portal/categories";
import { targetNoteOf } from "$lib/target-note";
import type { Api, ScorecardRow, Status } from "./api.ts";
import * as fmt from "./format.ts";

// The leadership dashboard's view model: the API's scorecard, grouped and formatted for the page.

export const STATUSES: Status[] = [
  "exceeded",
  "achieved",
  "on_track",
  "at_risk",
  "off_track",
  "not_achieved",
  "no_data",
  "not_due",
];
export const SUB_PERIODS = [
  "Y",
  "9M",
  "H1",
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
];

export interface Card {
  code: string;
  name: string;
  seq: string | null;
  status: Status;
  statusLabel: string;
  explanation: string;
  estimate: boolean;
  illustrative: boolean;
  actual: string;
  actualPeriod: string;
  target: string;
  /** issue #13: a revised target (original, document, date) and a value not stated as such */
  targetNote: string | null;
  agency: string | null;
  chart: ChartRowData;
  /** milestones and categories draw as a gauge (taller box) */
  gauge: boolean;
  chartLabel: string;
  unit: string;
  /** issue #17: no figure for the period yet: the last known one and its verdict ("Năm 2023: đạt 60,1%") */
  lastKnown: string | null;
  /** issue #17: the period the next figure is for, and how often it is published */
  nextDue: string | null;
  /** the chart draws marker lines (expected by now, forecast): it needs its legend */
  marked: boolean;
}

/** One line of the attention list (issue #17 item 1). */
export interface AttentionItem {
  code: string;
  name: string;
  status: Status;
  statusLabel: string;
  actual: string;
  actualPeriod: string;
  target: string;
  reason: string;
  agency: string | null;
  agencyCode: string | null;
  /** overdue tasks of the lead agency this year; null when not known */
  overdue: number | null;
  href: string;
  /** share of the target reached (%, an exact decimal string), the "how far behind" of the ordering */
  progress: string | null;
  estimate: boolean;
  /** missing group: the year the last figure is from, when stale */
  staleSince: number | null;
}

/** how bad a status is, for the attention list and the order of the cards: worst first */
export const SEVERITY: Record<Status, number> = {
  not_achieved: 0,
  off_track: 1,
  at_risk: 2,
  no_data: 3,
  on_track: 4,
  achieved: 5,
  exceeded: 6,
  not_due: 7,
};
export const ATTENTION: Status[] = ["not_achieved", "off_track", "at_risk"];

/** what the shared chart builders read ($lib/charts ChartRow), and nothing more */
export interface ChartRowData {
  indicator: {
    code: string;
    nameVi: string;
    nameEn: string | null;
    unit: string;
    decimals: number;
    measureKind: string;
  };
  target: {
    form: string;
    period: string;
    low?: string | null;
    high?: string | null;
    tolerance?: string | null;
  } | null;
  evaluation: Pick<ScorecardRow["evaluation"], "status" | "basedOnEstimate" | "label" | "figures" | "asOf">;
}

export function chartRow(row: ScorecardRow): ChartRowData {
  const i = row.indicator;
  const t = row.target;
  const e = row.evaluation;
  return {
    indicator: {
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      unit: i.unit,
      decimals: i.decimals,
      measureKind: i.measureKind,
    },
    target: t
      ? {
          form: t.form,
          period: t.period,
          low: t.low ?? null,
          high: t.high ?? null,
          tolerance: t.tolerance ?? null,
        }
      : null,
    evaluation: {
      status: e.status,
      basedOnEstimate: e.basedOnEstimate,
      label: e.label,
      figures: e.figures,
      asOf: e.asOf,
    },
  };
}

export interface Group {
  category: string;
  cards: Card[];
}

export function periodCode(year: number, sub: string): string {
  return sub === "Y" ? String(year) : `${year}-${sub}`;
}

export function splitPeriod(code: string): { year: number; sub: string } | null {
  const m = /^(\d{4})(?:-(\d{2}|Q[1-4]|H1|9M))?$/.exec(code);
  if (!m) return null;
  return { year: Number(m[1]), sub: m[2] ?? "Y" };
}

function card(
  lang: Lang,
  row: ScorecardRow,
  labels: { actual: string; target: string; plan: string; expected: string },
): Card {
  const ind = row.indicator;
  const e = row.evaluation;
  const f = e.figures;
  const unit = ind.unit;
  const isMilestone = row.target?.form === "milestone";
  const actual = isMilestone
    ? fmt.date(lang, f.doneOn)
    : fmt.withUnit(fmt.num(lang, f.actual, undefined), unit);
  const t = row.target;
  const targetText = t
    ? fmt.target(
        lang,
        {
          form: t.form,
          low: t.low ?? null,
          high: t.high ?? null,
          lowInclusive: t.lowInclusive ?? true,
          highInclusive: t.highInclusive ?? true,
          tolerance: t.tolerance ?? null,
          changeUnit: t.changeUnit ?? null,
          baselinePeriod: t.baselinePeriod ?? null,
          categoryValue: t.categoryValue ?? null,
          dueDate: t.dueDate ?? null,
          period: t.period,
        },
        unit,
        ind.direction,
      )
    : "–";
  let chartLabel = `${labels.actual}: ${actual}; ${labels.target}: ${targetText}`;
  if (f.progress !== null) chartLabel += `; ${labels.plan}: ${fmt.num(lang, f.progress, 1)}%`;
  if (f.expected !== null && Number(f.expected) < 100)
    chartLabel += `; ${labels.expected}: ${fmt.num(lang, f.expected, 1)}%`;
  return {
    code: ind.code,
    name: lang === "en" ? (ind.nameEn ?? ind.nameVi) : ind.nameVi,
    seq: ind.seq,
    status: e.status,
    statusLabel: e.label[lang],
    explanation: e.explanation[lang],
    estimate: e.basedOnEstimate,
    illustrative: row.illustrative,
    actual,
    actualPeriod: fmt.period(lang, f.actualPeriod),
    target: targetText,
    targetNote: targetNoteOf(lang, row),
    agency: ind.leadAgency?.nameVi ?? null,
    chart: chartRow(row),
    gauge: isMilestone || row.target?.form === "category" || ind.measureKind === "milestone",
    chartLabel: `${chartLabel}. ${e.label[lang]}.`,
    unit,
    lastKnown: null,
    nextDue: null,
    marked: isBulletRow(chartRow(row) as Parameters<typeof isBulletRow>[0]) && hasMarks(chartRow(row)),
  };
}

function hasMarks(row: ChartRowData): boolean {
  const f = bulletFigures(row as Parameters<typeof bulletFigures>[0]);
  return f.expected !== null || f.forecast !== null;
}

function isMissing(row: ScorecardRow): boolean {
  return row.evaluation.status === "no_data" || row.evaluation.figures.staleSince !== null;
}

function attentionItem(
  row: ScorecardRow,
  c: Card,
  overdue: Map<string, number> | null,
  href: string,
): AttentionItem {
  const agencyCode = row.indicator.leadAgency?.code ?? null;
  return {
    code: c.code,
    name: c.name,
    status: c.status,
    statusLabel: c.statusLabel,
    actual: c.actual,
    actualPeriod: c.actualPeriod,
    target: c.target,
    reason: c.explanation,
    agency: c.agency,
    agencyCode,
    overdue: overdue && agencyCode ? (overdue.get(agencyCode) ?? 0) : null,
    href,
    progress: row.evaluation.figures.progress,
    estimate: c.estimate,
    staleSince: row.evaluation.figures.staleSince,
  };
}

/** A derived percent (an exact decimal string) as a sort key: absent sorts last. */
function orderOf(progress: string | null): number {
  return progress === null ? Number.POSITIVE_INFINITY : Number(progress);
}

/** worst status first, then the furthest behind (smallest share of the target), then by name */
export function attentionOrder(a: AttentionItem, b: AttentionItem): number {
  return (
    SEVERITY[a.status] - SEVERITY[b.status] ||
    orderOf(a.progress) - orderOf(b.progress) ||
    compareVi(a.name, b.name)
  );
}

export interface DashboardQuery {
  unit: string | null;
  period: string | null;
  category: string | null;
  status: string | null;
  agency: string | null;
}

export async function loadDashboard(
  client: Api,
  lang: Lang,
  q: DashboardQuery,
  labels: { actual: string; target: string; plan: string; expected: string },
) {
  const targets = await client.targets();
  const unitsByCode = new Map<string, string>();
  for (const t of targets) unitsByCode.set(t.orgUnitCode, t.orgUnitNameVi);
  const units = [...unitsByCode]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => compareVi(a.name, b.name));
  const unit = q.unit && unitsByCode.has(q.unit) ? q.unit : (units[0]?.code ?? "p49");

  // default period: the latest month up to today this unit has a figure for (issue 16, item 6: a
  // leader's page opens on the latest period with data, never on a period still ahead — a plan
  // figure for a later year does not move it); any figure when none ended yet
  const observations = await client.observations({ orgUnit: unit });
  const years = new Set<number>();
  const day = fmt.today();
  let latest = "";
  let latestAny = "";
  for (const o of observations) {
    years.add(Number(o.period.slice(0, 4)));
    if (o.periodEnd > latestAny) latestAny = o.periodEnd;
    if (o.periodEnd <= day && o.periodEnd > latest) latest = o.periodEnd;
  }
  latest ||= latestAny;
  for (const t of targets)
    if (t.orgUnitCode === unit && /^\d{4}$/.test(t.period)) years.add(Number(t.period));
  const fallback = latest ? latest.slice(0, 7) : String(new Date().getFullYear());
  const asked = q.period && splitPeriod(q.period) && fmt.isPeriod(q.period) ? q.period : null;
  const asOf = asked ?? fallback;
  const parts = splitPeriod(asOf) ?? { year: new Date().getFullYear(), sub: "Y" };
  years.add(parts.year);

  const filtered = Boolean(q.category || q.status || q.agency);
  const [all, shown] = await Promise.all([
    client.scorecard({ orgUnit: unit, asOf }),
    filtered
      ? client.scorecard({
          orgUnit: unit,
          asOf,
          category: q.category ?? undefined,
          status: q.status && (STATUSES as string[]).includes(q.status) ? q.status : undefined,
          agency: q.agency ?? undefined,
        })
      : null,
  ]);
  const rows = (shown ?? all).rows;
  const [overdue, frequencies] = await Promise.all([
    client
      .agencyScorecards(parts.year)
      .then((r) => new Map(r.items.map((i) => [i.agency.code, i.overdue])))
      .catch(() => null),
    client
      .indicators()
      .then((list) => new Map(list.map((i) => [i.code, i.frequency as string])))
      .catch(() => new Map<string, string>()),
  ]);
  const cardOf = new Map<string, Card>();
  for (const r of all.rows) cardOf.set(r.indicator.code, card(lang, r, labels));
  for (const r of rows)
    if (!cardOf.has(r.indicator.code)) cardOf.set(r.indicator.code, card(lang, r, labels));
  await betweenReleases(client, lang, unit, asOf, all.rows, cardOf, observations, frequencies);
  const href = (code: string) => `/app/chi-tieu/${code}?unit=${unit}&period=${asOf}`;

  // issue #17 item 1: what needs attention, worst first; missing or stale figures apart
  const attention = all.rows
    .filter((r) => ATTENTION.includes(r.evaluation.status))
    .map((r) => attentionItem(r, cardOf.get(r.indicator.code) as Card, overdue, href(r.indicator.code)))
    .sort(attentionOrder);
  const missing = all.rows
    .filter((r) => isMissing(r) && !ATTENTION.includes(r.evaluation.status))
    .map((r) => attentionItem(r, cardOf.get(r.indicator.code) as Card, overdue, href(r.indicator.code)))
    .sort((a, b) => compareVi(a.name, b.name));

  const groups: Group[] = [];
  const cats = [...new Set([...CATEGORY_ORDER, ...rows.map((r) => r.indicator.category)])];
  for (const category of cats) {
    const cards = rows
      .filter((r) => r.indicator.category === category)
      .map((r) => cardOf.get(r.indicator.code) as Card)
      .sort(
        (a, b) =>
          SEVERITY[a.status] - SEVERITY[b.status] ||
          orderOf(a.chart.evaluation.figures.progress) - orderOf(b.chart.evaluation.figures.progress) ||
          compareVi(a.seq ?? "", b.seq ?? "") ||
          compareVi(a.name, b.name),
      );
    if (cards.length) groups.push({ category, cards });
  }
  // issue #13 item 9: the summary counts what the province publishes, as the portal does (it said
  // 15/24 here and 15/23 there: an unpublished indicator was counted); the others are said apart
  const publishedRows = all.rows.filter((r) => r.indicator.published);
  const { counts: publishedCounts, ...publishedSummary } = summarizeStatuses(
    publishedRows.map((r) => r.evaluation),
  );
  const agencies = new Map<string, string>();
  for (const r of all.rows)
    if (r.indicator.leadAgency) agencies.set(r.indicator.leadAgency.code, r.indicator.leadAgency.nameVi);
  return {
    unit,
    unitName: all.orgUnit.nameVi,
    units,
    asOf,
    asOfText: fmt.period(lang, asOf),
    year: parts.year,
    sub: parts.sub,
    years: [...years].sort((a, b) => b - a),
    filters: { category: q.category ?? "", status: q.status ?? "", agency: q.agency ?? "" },
    categories: cats.filter((c) => all.rows.some((r) => r.indicator.category === c)),
    agencies: [...agencies].map(([code, name]) => ({ code, name })).sort((a, b) => compareVi(a.name, b.name)),
    summary: publishedSummary,
    counts: publishedCounts,
    /** indicators tracked inside the administration only, not in the summary */
    unpublished: all.rows.length - publishedRows.length,
    shown: rows.length,
    filtered,
    illustrative: all.rows.some((r) => r.illustrative),
    groups,
    attention,
    missing,
    /** the status chips: each a link that filters (issue #17) */
    chips: STATUSES.filter((st) => all.rows.some((r) => r.evaluation.status === st)).map((st) => ({
      status: st,
      count: all.rows.filter((r) => r.evaluation.status === st).length,
      href: `?unit=${unit}&period=${asOf}&status=${st}`,
      current: q.status === st,
    })),
    /** targets that owe the lead agency's explanation (issue #20) */
    owedExplanation: all.rows
      .filter((r) => (EXPLANATION_REQUIRED as readonly string[]).includes(r.evaluation.status))
      .map((r) => r.indicator.code),
  };
}

/**
 * Issue #17 item 2: a card with no figure for the period shows the indicator's last known figure
 * (the newest observation up to the period's end) with the verdict the scorecard of that period
 * gives it, and the period the next figure is for.
 */
async function betweenReleases(
  client: Api,
  lang: Lang,
  unit: string,
  asOf: string,
  rows: ScorecardRow[],
  cards: Map<string, Card>,
  observations: Awaited<ReturnType<Api["observations"]>>,
  frequencies: Map<string, string>,
): Promise<void> {
  const parsed = parsePeriod(asOf);
  const end = parsed ? periodEnd(parsed) : `${asOf}-31`;
  const empty = rows.filter(
    (r) =>
      r.evaluation.figures.actual === null && r.target?.form !== "milestone" && r.target?.form !== "category",
  );
  if (empty.length === 0) return;
  const latest = new Map<string, (typeof observations)[number]>();
  for (const o of observations) {
    if (o.periodEnd > end) continue;
    const seen = latest.get(o.indicatorCode);
    // the newest period; at the same end the longest span (the year before its December)
    if (
      !seen ||
      o.periodEnd > seen.periodEnd ||
      (o.periodEnd === seen.periodEnd && o.period.length < seen.period.length)
    )
      latest.set(o.indicatorCode, o);
  }
  const periods = [
    ...new Set(empty.map((r) => latest.get(r.indicator.code)?.period).filter((p): p is string => !!p)),
  ];
  const verdicts = new Map<string, ScorecardRow>();
  await Promise.all(
    periods.slice(0, 3).map(async (p) => {
      const card = await client.scorecard({ orgUnit: unit, asOf: p }).catch(() => null);
      for (const r of card?.rows ?? []) verdicts.set(`${p}|${r.indicator.code}`, r);
    }),
  );
  for (const r of empty) {
    const c = cards.get(r.indicator.code);
    if (!c) continue;
    const freq = frequencies.get(r.indicator.code) ?? "annual";
    const o = latest.get(r.indicator.code);
    if (o) {
      const figure = fmt.withUnit(fmt.num(lang, o.value, r.indicator.decimals), r.indicator.unit);
      const v = verdicts.get(`${o.period}|${r.indicator.code}`);
      const word =
        v?.target && !["no_data", "not_due"].includes(v.evaluation.status)
          ? `${v.evaluation.label[lang].toLocaleLowerCase(lang)} `
          : "";
      c.lastKnown = `${fmt.period(lang, o.period)}: ${word}${figure}`;
    }
    const next = o ? nextPeriod(o.period, freq) : (r.target?.period ?? null);
    if (next) c.nextDue = w(lang, "nextDue", { p: fmt.period(lang, next), c: cadence(lang, freq) });
  }
}

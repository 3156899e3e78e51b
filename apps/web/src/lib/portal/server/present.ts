import {
  dec,
  decToString,
  describeTarget,
  formatDateVi,
  formatNumberEn,
  formatNumberVi,
  formatPeriodEn,
  formatPeriodVi,
  parsePeriod,
  unitName,
} from "@chitieu/domain";
import type { ChartRow, ChartTarget, TrendSeries } from "$lib/charts/index.ts";
import {
  bulletFigures,
  bulletOption,
  renderSvg,
  STATUS_COLORS,
  trendData,
  trendOption,
} from "$lib/charts/index.ts";
import { type Lang, type MessageKey, translate } from "$lib/i18n/index.ts";
import { targetNoteOf } from "$lib/target-note";
import { targetWords } from "../target-words.ts";
import type {
  PublicIndicator,
  PublicIndicatorDetail,
  PublicTarget,
  Scorecard,
  ScorecardRow,
} from "../types.ts";
import { urls } from "../urls.ts";
import { categoryRank } from "./data.ts";

// View models for the portal's Svelte components: every string formatted, every chart rendered
// to SVG here on the server, so the pages need no JavaScript.

export interface TableRow {
  label: string;
  value: string;
}

export interface ChartView {
  svg: string;
  /** issue #17: the same chart drawn for a phone (fewer ticks, 11 px text at its real size) */
  svgNarrow?: string;
  alt: string;
  table: TableRow[];
}

export interface RowView {
  code: string;
  name: string;
  href: string;
  child: boolean;
  status: string;
  statusLabel: string;
  colors: { fill: string; tint: string; text: string };
  figure: string | null;
  figurePeriod: string | null;
  illustrative: boolean;
  estimate: boolean;
  target: string;
  targetPeriod: string;
  /** issue #13: a revised target (original, document, date) and a value not stated as such */
  targetNote: string | null;
  explanation: string;
  chart: ChartView;
}

export interface CategoryView {
  category: string;
  title: string;
  rows: RowView[];
}

export const t = (lang: Lang, key: MessageKey, params?: Record<string, string | number>) =>
  translate(lang, key, params);

export function num(value: string | number, lang: Lang, decimals?: number): string {
  const v = typeof value === "number" ? Number(value.toPrecision(12)) : value;
  return lang === "vi" ? formatNumberVi(v, decimals) : formatNumberEn(v, decimals);
}

/**
 * A stored figure as a person reads it in the page's language: at least the indicator's decimals
 * ("8" of a one-decimal indicator reads "8,0"), never fewer than stored: nothing is rounded.
 */
export function figureNum(value: string, lang: Lang, decimals: number): string {
  const stored = /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
  return num(value, lang, Math.max(decimals, stored));
}

/** The unit in the page's language, from the units registry ("hộ" → "households"); never guessed. */
export function unitIn(unit: string, lang: Lang): string {
  return lang === "en" ? unitName(unit, "en") : unit;
}

export function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit.startsWith("%") ? `${text}${unit}` : `${text} ${unit}`;
}

export function periodText(code: string | null | undefined, lang: Lang): string {
  if (!code) return "";
  const p = parsePeriod(code);
  if (!p) return code;
  return lang === "vi" ? formatPeriodVi(p) : formatPeriodEn(p);
}

export function dateText(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const day = iso.slice(0, 10);
  return lang === "vi" ? formatDateVi(day) : day;
}

export function categoryTitle(lang: Lang, category: string): string {
  const key = `category.${category}` as MessageKey;
  const text = translate(lang, key);
  return text === key ? translate(lang, "category.other") : text;
}

export function indicatorName(lang: Lang, i: { nameVi?: string; nameEn?: string | null }): string {
  const vi = i.nameVi ?? "";
  const en = i.nameEn ?? null;
  return lang === "en" && en ? en : vi;
}

function chartRow(row: ScorecardRow): ChartRow {
  return { indicator: row.indicator, target: row.target, evaluation: row.evaluation };
}

/** The target as the portal's catalog states it (snake_case, as the public list gives it). */
export function publicTargetOf(
  indicator: PublicIndicator | PublicIndicatorDetail | undefined,
  orgUnit: string,
  period?: string,
): PublicTarget | undefined {
  const ts = indicator?.targets ?? [];
  return (
    ts.find((x) => x.orgUnitCode === orgUnit && (!period || x.period === period)) ??
    ts.find((x) => x.orgUnitCode === orgUnit)
  );
}

export function targetText(
  target: PublicTarget | undefined,
  unit: string,
  lang: Lang,
  direction: string | null,
): string {
  return target ? describeTarget(targetWords(target, direction), unit, lang) : "";
}

function figureText(row: ScorecardRow, lang: Lang): string | null {
  const f = row.evaluation.figures;
  const form = row.target?.form;
  const unit = unitIn(row.indicator.unit, lang);
  if (form === "milestone")
    return f.doneOn
      ? t(lang, "row.done", { date: dateText(f.doneOn, lang) })
      : f.actual === null
        ? null
        : t(lang, "row.notDone");
  if (f.actual === null) return null;
  // the value may itself say "nhóm 2": never "nhóm nhóm 2"
  if (form === "category")
    return t(lang, "row.group", { value: f.actual.replace(/^\s*(?:nhóm|group)\s+/iu, "") });
  if (form === "avg_annual_growth" && f.achievedSoFar !== null)
    return `${withUnit(num(f.achievedSoFar, lang, 2), unit)} (${t(lang, "row.avgGrowth", { period: f.actualPeriod ?? "" })})`;
  return withUnit(num(f.actual, lang, row.indicator.decimals), unit);
}

/**
 * Where the figure should stand by now, as the exact decimal the bullet's mark stands for: the
 * expected share (%), the path's value, or the expected share of the annual amount (exact).
 */
function expectedText(figs: ReturnType<typeof bulletFigures>, f: ScorecardRow["evaluation"]["figures"]) {
  if (figs.expected === null) return null;
  if (figs.scale === "%") return f.expected;
  if (f.expectedMethod === "path") return f.pathValue;
  const amount = f.target.amount ?? f.target.low;
  return f.expected === null || amount === null ? null : decToString(dec(f.expected).times(amount).div(100));
}

export function bulletView(row: ScorecardRow, lang: Lang, size = { width: 280, height: 64 }): ChartView {
  const name = indicatorName(lang, row.indicator);
  const status = row.evaluation.label[lang];
  const explanation = row.evaluation.explanation[lang];
  const alt = t(lang, "chart.bulletAlt", { name, status, explanation });
  const option = bulletOption(chartRow(row), lang);
  const figs = bulletFigures(chartRow(row));
  const f = row.evaluation.figures;
  const unit = figs.scale === "%" ? "%" : unitIn(row.indicator.unit, lang);
  const table: TableRow[] = [];
  const figure = figureText(row, lang);
  table.push({ label: t(lang, "row.figure"), value: figure ?? t(lang, "row.noFigure") });
  // the words read the exact decimal strings; the chart's numbers only place its marks
  if (f.progress !== null)
    table.push({ label: t(lang, "row.progress"), value: `${num(f.progress, lang, 1)}%` });
  const expected = expectedText(figs, f);
  if (expected !== null)
    table.push({
      label: t(lang, "row.expected"),
      value: withUnit(num(expected, lang, figs.scale === "%" ? 1 : row.indicator.decimals), unit),
    });
  if (figs.forecast !== null && f.forecast !== null)
    table.push({
      label: t(lang, "row.forecast"),
      value: withUnit(num(f.forecast, lang, row.indicator.decimals), unit),
    });
  table.push({ label: t(lang, "row.status"), value: status });
  return { svg: renderSvg(option, { ...size, label: alt }), alt, table };
}

export function rowView(
  row: ScorecardRow,
  indicator: PublicIndicator | undefined,
  orgUnit: string,
  lang: Lang,
): RowView {
  const target = publicTargetOf(indicator, orgUnit, row.target?.period);
  const status = row.evaluation.status;
  return {
    code: row.indicator.code,
    name: indicatorName(lang, row.indicator),
    href: urls.indicator(lang, row.indicator.code),
    child: row.indicator.parentCode !== null,
    status,
    statusLabel: row.evaluation.label[lang],
    colors: STATUS_COLORS[status],
    figure: figureText(row, lang),
    figurePeriod: row.evaluation.figures.actualPeriod
      ? periodText(row.evaluation.figures.actualPeriod, lang) || row.evaluation.figures.actualPeriod
      : null,
    illustrative: row.illustrative,
    estimate: row.evaluation.basedOnEstimate,
    target: targetText(target, row.indicator.unit, lang, row.indicator.direction),
    targetPeriod: periodText(row.target?.period, lang),
    targetNote: targetNoteOf(lang, row),
    explanation: row.evaluation.explanation[lang],
    chart: bulletView(row, lang),
  };
}

export function scorecardView(
  card: Scorecard,
  byCode: Map<string, PublicIndicator>,
  lang: Lang,
): CategoryView[] {
  const groups = new Map<string, RowView[]>();
  for (const row of card.rows) {
    const rows = groups.get(row.indicator.category) ?? [];
    rows.push(rowView(row, byCode.get(row.indicator.code), card.orgUnit.code, lang));
    groups.set(row.indicator.category, rows);
  }
  return [...groups]
    .sort((a, b) => categoryRank(a[0]) - categoryRank(b[0]))
    .map(([category, rows]) => ({ category, title: categoryTitle(lang, category), rows }));
}

export function summaryView(card: Scorecard, lang: Lang) {
  const s = card.summary;
  return {
    // the domain's one line, as the dashboard and the API say it
    achieved: s.line[lang],
    total: t(lang, "summary.total", { total: s.total, notJudged: s.total - s.judged }),
    counts: Object.entries(card.counts)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => ({
        status,
        n,
        label: card.rows.find((r) => r.evaluation.status === status)?.evaluation.label[lang] ?? status,
        colors: STATUS_COLORS[status as keyof typeof STATUS_COLORS],
      })),
  };
}

/** The series a trend draws: the unit's figures, ytd when the indicator reports cumulatively. */
export function trendSeries(detail: PublicIndicatorDetail, orgUnit: string): TrendSeries {
  const obs = detail.observations.filter((o) => o.orgUnit === orgUnit);
  const ytd = obs.filter((o) => o.basis === "ytd");
  const period = obs.filter((o) => o.basis === "period");
  const basis = period.length >= ytd.length ? "period" : "ytd";
  return {
    indicator: {
      code: detail.code,
      nameVi: detail.nameVi,
      nameEn: detail.nameEn,
      unit: detail.unit,
      decimals: detail.decimals,
      measureKind: detail.measureKind,
    },
    basis,
    points: (basis === "period" ? period : ytd).map((o) => ({
      period: o.period,
      value: o.value,
      status: o.status,
      illustrative: o.illustrative,
    })),
  };
}

export function chartTargetOf(target: PublicTarget | undefined): ChartTarget | null {
  return target
    ? {
        form: target.form,
        period: target.period,
        low: target.low,
        high: target.high,
        tolerance: target.tolerance,
      }
    : null;
}

/** the width a phone's trend chart is drawn at: a 360 px screen less the page's margins */
const NARROW_WIDTH = 280;

export function canTrend(detail: PublicIndicatorDetail): boolean {
  return detail.measureKind !== "milestone" && detail.measureKind !== "category";
}

export function trendView(
  detail: PublicIndicatorDetail,
  orgUnit: string,
  lang: Lang,
  size = { width: 640, height: 300 },
): (ChartView & { flow: boolean }) | null {
  if (!canTrend(detail)) return null;
  const series = trendSeries(detail, orgUnit);
  if (series.points.length === 0) return null;
  const target = publicTargetOf(detail, orgUnit);
  const data = trendData(series, lang);
  const name = indicatorName(lang, detail);
  const tText = targetText(target, detail.unit, lang, detail.direction);
  const fmt = (v: number) => withUnit(num(v, lang, detail.decimals), unitIn(detail.unit, lang));
  let alt: string;
  if (data.layout === "months") {
    const latest = data.lines[0];
    const values = latest?.values ?? [];
    let lastIdx = -1;
    values.forEach((v, i) => {
      if (v !== null) lastIdx = i;
    });
    alt = t(lang, "chart.trendAltFlow", {
      name,
      years: data.lines
        .map((l) => l.name)
        .reverse()
        .join(", "),
      year: latest?.name ?? "",
      last: lastIdx >= 0 ? fmt(values[lastIdx] as number) : "–",
      month: data.categories[lastIdx] ?? "",
      target: tText,
    });
  } else {
    const sorted = data.lines[0]?.values ?? [];
    const nums = sorted.filter((v): v is number => v !== null);
    alt = t(lang, "chart.trendAlt", {
      name,
      from: data.categories[0] ?? "",
      to: data.categories[data.categories.length - 1] ?? "",
      min: nums.length ? fmt(Math.min(...nums)) : "–",
      max: nums.length ? fmt(Math.max(...nums)) : "–",
      last: nums.length ? fmt(nums[nums.length - 1] as number) : "–",
      target: tText,
    });
  }
  const table: TableRow[] =
    data.layout === "months"
      ? data.lines.flatMap((l) =>
          l.values.flatMap((v, i) =>
            v === null ? [] : [{ label: `${data.categories[i]}/${l.name}`, value: fmt(v) }],
          ),
        )
      : data.categories.map((c, i) => ({
          label: c,
          value: data.lines[0]?.values[i] == null ? "–" : fmt(data.lines[0]?.values[i] as number),
        }));
  const option = trendOption(series, chartTargetOf(target), lang);
  const narrow = { width: NARROW_WIDTH, height: Math.round(size.height * 0.9) };
  const narrowOption = trendOption(series, chartTargetOf(target), lang, narrow.width);
  return {
    svg: renderSvg(option, { ...size, label: alt }),
    svgNarrow: renderSvg(narrowOption, { ...narrow, label: alt }),
    alt,
    table,
    flow: data.layout === "months",
  };
}

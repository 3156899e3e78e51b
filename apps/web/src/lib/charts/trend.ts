import { dec, parsePeriod } from "@chitieu/domain";
import { translate } from "$lib/i18n/index.ts";
import { extent, targetShape } from "./bands.ts";
import { CHART } from "./colors.ts";
import type { ChartOption } from "./echarts.ts";
import { num, shortPeriodLabel } from "./format.ts";
import type { ChartLang, ChartTarget, TrendPoint, TrendSeries } from "./types.ts";

// The trend of one indicator with its target band shaded. A monthly flow (revenue, new jobs)
// is drawn the way the province reports it: cumulative from January, one line per year, so
// the annual target reads as a band from the floor up.

export interface TrendLine {
  name: string;
  /** x label → value (null: gap) */
  values: Array<number | null>;
}

export interface TrendData {
  layout: "months" | "periods";
  categories: string[];
  lines: TrendLine[];
}

/** Year → cumulative month values (exact sums in decimal, numbers only for plotting). */
export function cumulativeByYear(points: TrendPoint[]): Map<number, Array<string | null>> {
  const years = new Map<number, Array<string | null>>();
  const byYear = new Map<number, Map<number, string>>();
  for (const pt of points) {
    const p = parsePeriod(pt.period);
    if (p?.kind !== "month") continue;
    const m = byYear.get(p.year) ?? new Map<number, string>();
    m.set(p.index as number, pt.value);
    byYear.set(p.year, m);
  }
  for (const [year, months] of [...byYear].sort((a, b) => a[0] - b[0])) {
    const out: Array<string | null> = [];
    let sum = dec(0);
    let broken = false;
    for (let m = 1; m <= 12; m++) {
      const v = months.get(m);
      if (v === undefined) broken = true;
      if (broken || v === undefined) {
        out.push(null);
        continue;
      }
      sum = sum.plus(dec(v));
      out.push(sum.toString());
    }
    years.set(year, out);
  }
  return years;
}

/** Months layout for monthly flows, else one line over the periods in time order. */
export function trendData(series: TrendSeries, lang: ChartLang): TrendData {
  const monthly =
    series.points.length > 0 && series.points.every((p) => parsePeriod(p.period)?.kind === "month");
  if (series.indicator.measureKind === "flow" && series.basis === "period" && monthly) {
    const years = cumulativeByYear(series.points);
    const categories = Array.from({ length: 12 }, (_, i) =>
      translate(lang, "chart.monthShort", { m: i + 1 }),
    );
    const lines = [...years].map(([year, values]) => ({
      name: String(year),
      values: values.map((v) => (v === null ? null : Number(v))),
    }));
    return { layout: "months", categories, lines: lines.reverse() };
  }
  const sorted = [...series.points].sort((a, b) => periodOrder(a.period) - periodOrder(b.period));
  return {
    layout: "periods",
    categories: sorted.map((p) => shortPeriodLabel(p.period, lang)),
    lines: [{ name: series.indicator.code, values: sorted.map((p) => toNumber(p.value)) }],
  };
}

function toNumber(v: string): number | null {
  const x = Number(v);
  return Number.isFinite(x) ? x : null;
}

/** Sort key: period end month, then the longer period first (Q3 before 9 months). */
function periodOrder(code: string): number {
  const p = parsePeriod(code);
  if (!p) return 0;
  const endMonth =
    p.kind === "month"
      ? (p.index as number)
      : p.kind === "quarter"
        ? (p.index as number) * 3
        : p.kind === "half"
          ? (p.index as number) * 6
          : p.kind === "nine_months"
            ? 9
            : 12;
  const length =
    p.kind === "month"
      ? 1
      : p.kind === "quarter"
        ? 3
        : p.kind === "half"
          ? 6
          : p.kind === "nine_months"
            ? 9
            : 12;
  return p.year * 10000 + endMonth * 100 + length;
}

/**
 * `width`: the box the chart is drawn in (CSS px), when known; a narrow box (a phone) gets fewer
 * ticks and shorter axis labels so that the 11 px text still fits (issue #17).
 */
export function trendOption(
  series: TrendSeries,
  target: ChartTarget | null,
  lang: ChartLang,
  width?: number,
): ChartOption {
  const narrow = width !== undefined && width < 480;
  const data = trendData(series, lang);
  const shape = targetShape(target);
  // a share-of-plan or change target is not a level: no band on a chart of levels
  const bands = shape.percentScale ? [] : shape.bands;
  const values = data.lines.flatMap((l) => l.values);
  const { min, max } = extent(values, bands, data.layout === "months");
  const unit = series.indicator.unit;
  return {
    grid: { left: 12, right: 20, top: data.layout === "months" ? 34 : 16, bottom: 28 },
    legend:
      data.layout === "months"
        ? { top: 4, right: 8, itemWidth: 18, itemHeight: 8, textStyle: { color: CHART.text, fontSize: 11 } }
        : { show: false },
    xAxis: {
      type: "category",
      data: data.categories,
      boundaryGap: false,
      axisLine: { lineStyle: { color: CHART.axis } },
      axisLabel: {
        color: CHART.muted,
        fontSize: 11,
        hideOverlap: true,
        // a phone shows every other month or period; the labels never rotate into 6 px text
        ...(narrow ? { interval: data.categories.length > 6 ? 1 : 0 } : {}),
      },
    },
    yAxis: {
      type: "value",
      min,
      max,
      splitNumber: narrow ? 3 : 4,
      name: unit,
      nameTextStyle: { color: CHART.muted, fontSize: 11, align: "left" },
      splitLine: { lineStyle: { color: CHART.grid } },
      axisLabel: { color: CHART.muted, fontSize: 11, formatter: (v: number) => num(v, lang) },
    },
    series: data.lines.map((line, i) => ({
      type: "line",
      name: line.name,
      data: line.values,
      connectNulls: false,
      symbol: "circle",
      symbolSize: i === 0 ? 6 : 4,
      lineStyle: {
        width: i === 0 ? 2.5 : 1.5,
        color: CHART.series[i % CHART.series.length],
        type: i === 0 ? "solid" : "dashed",
      },
      itemStyle: { color: CHART.series[i % CHART.series.length] },
      ...(i === 0
        ? {
            markArea: {
              silent: true,
              data: bands.map((b) => [
                {
                  yAxis: b.from ?? min,
                  itemStyle: { color: b.kind === "target" ? CHART.band : CHART.bandBeyond },
                },
                { yAxis: b.to ?? max },
              ]),
            },
          }
        : {}),
    })),
  };
}

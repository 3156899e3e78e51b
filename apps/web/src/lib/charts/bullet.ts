import { translate } from "$lib/i18n/index.ts";
import { extent, targetShape } from "./bands.ts";
import { CHART, STATUS_COLORS } from "./colors.ts";
import type { ChartOption } from "./echarts.ts";
import { num } from "./format.ts";
import { rowGaugeOption } from "./gauge.ts";
import type { ChartLang, ChartRow } from "./types.ts";

// A bullet chart per scorecard row: the figure as a bar in its status colour, the target as a
// shaded band, and where the figure should stand by now (flows, paths) as a thin line.

export interface BulletFigures {
  /** value on the chart's scale, null when there is no figure yet */
  value: number | null;
  /** "unit": the indicator's unit; "%": share of the target (share_of_plan, change) */
  scale: "unit" | "%";
  expected: number | null;
  forecast: number | null;
}

/** What a bullet plots for a row, on the scale it uses. */
export function bulletFigures(row: ChartRow): BulletFigures {
  const f = row.evaluation.figures;
  const shape = targetShape(row.target);
  // the figures are exact decimal strings; a chart places them, so here (and only here) they
  // become numbers: a position on an axis, never a figure a person reads
  if (shape.percentScale)
    return { value: numOrNull(f.progress), scale: "%", expected: numOrNull(f.expected), forecast: null };
  const form = row.target?.form;
  const actual =
    form === "avg_annual_growth" ? (numOrNull(f.achievedSoFar) ?? numOrNull(f.actual)) : numOrNull(f.actual);
  const flow = f.expectedMethod === "linear" || f.expectedMethod === "seasonal";
  const amount = numOrNull(f.target.amount) ?? numOrNull(f.target.low);
  const share = numOrNull(f.expected);
  const expected =
    flow && share !== null && amount !== null && share < 100
      ? (share / 100) * amount
      : f.expectedMethod === "path"
        ? numOrNull(f.pathValue)
        : null;
  return { value: actual, scale: "unit", expected, forecast: flow ? numOrNull(f.forecast) : null };
}

function numOrNull(v: string | null | undefined): number | null {
  if (v === null || v === undefined || v === "") return null;
  const x = Number(v);
  return Number.isFinite(x) ? x : null;
}

/** True when the row is drawn as a bullet (a number against a bound); milestones and categories are gauges. */
export function isBulletRow(row: ChartRow): boolean {
  const form = row.target?.form;
  return form !== "milestone" && form !== "category" && row.indicator.measureKind !== "milestone";
}

export function bulletOption(row: ChartRow, lang: ChartLang): ChartOption {
  if (!isBulletRow(row)) return rowGaugeOption(row, lang);
  const shape = targetShape(row.target);
  const fig = bulletFigures(row);
  const decimals = fig.scale === "%" ? 0 : row.indicator.decimals;
  const startAtZero = true;
  const { min, max } = extent([fig.value, fig.expected, fig.forecast], shape.bands, startAtZero);
  const color = STATUS_COLORS[row.evaluation.status].fill;
  const marks: Array<{ xAxis: number; name: string; lineStyle: Record<string, unknown> }> = [];
  if (fig.expected !== null)
    marks.push({
      xAxis: fig.expected,
      name: translate(lang, "chart.expected"),
      lineStyle: { color: CHART.expected, width: 2, type: "solid" },
    });
  if (fig.forecast !== null)
    marks.push({
      xAxis: fig.forecast,
      name: translate(lang, "chart.forecast"),
      lineStyle: { color: CHART.forecast, width: 1.5, type: "dashed" },
    });
  // issue #17: the marker lines (expected by now, forecast) are named in a legend under the axis,
  // drawn from empty line series that carry the same line styles
  const legend = marks.length > 0;
  return {
    grid: { left: 10, right: 18, top: 6, bottom: legend ? 40 : 22 },
    legend: legend
      ? {
          bottom: 0,
          left: 4,
          itemWidth: 18,
          itemHeight: 2,
          itemGap: 10,
          icon: "rect",
          selectedMode: false,
          textStyle: { color: CHART.text, fontSize: 11 },
          data: marks.map((m) => m.name),
        }
      : { show: false },
    xAxis: {
      type: "value",
      min,
      max,
      // issue #17: a lower-is-better target (stunting under 20,3%) keeps the axis in its natural
      // direction, 0 on the left; the band from 0 to the ceiling says where "good" is. A reversed
      // axis made the bar grow from the right and the numbers read backwards.
      inverse: false,
      splitNumber: 3,
      axisLine: { show: true, lineStyle: { color: CHART.axis } },
      axisTick: { show: true },
      splitLine: { show: false },
      axisLabel: {
        color: CHART.muted,
        fontSize: 11,
        hideOverlap: true,
        formatter: (v: number) => num(v, lang) + (fig.scale === "%" ? "%" : ""),
      },
    },
    yAxis: { type: "category", data: [""], show: false },
    series: [
      {
        type: "bar",
        name: row.indicator.code,
        data: fig.value === null ? [] : [Number(fig.value.toFixed(Math.min(decimals + 2, 10)))],
        barWidth: 12,
        itemStyle: { color },
        z: 3,
        markArea: {
          silent: true,
          data: shape.bands.map((b) => [
            {
              xAxis: b.from ?? min,
              itemStyle: { color: b.kind === "target" ? CHART.band : CHART.bandBeyond },
            },
            { xAxis: b.to ?? max },
          ]),
        },
        markLine: {
          silent: true,
          symbol: "none",
          label: { show: false },
          data: marks.map((m) => ({ xAxis: m.xAxis, name: m.name, lineStyle: m.lineStyle })),
        },
      },
      ...marks.map((m) => ({
        type: "line" as const,
        name: m.name,
        data: [],
        symbol: "none",
        silent: true,
        lineStyle: m.lineStyle,
        itemStyle: { color: (m.lineStyle as { color: string }).color },
      })),
    ],
  };
}

import type { Status } from "@chitieu/domain";
import { translate } from "$lib/i18n/index.ts";
import { CHART, STATUS_COLORS } from "./colors.ts";
import type { ChartOption } from "./echarts.ts";
import { num } from "./format.ts";
import type { ChartLang, ChartRow } from "./types.ts";

// A half-ring gauge: share of the target reached (capped at the ring's end), or done / not done.

export interface GaugeInput {
  /** 0..max; null: no figure */
  value: number | null;
  max?: number;
  /** the text in the middle ("94%", "Hoàn thành", "nhóm 2") */
  label: string;
  status: Status;
}

export function gaugeOption(input: GaugeInput, _lang: ChartLang): ChartOption {
  const max = input.max ?? 100;
  const value = input.value === null ? 0 : Math.max(0, Math.min(max, input.value));
  const color = STATUS_COLORS[input.status].fill;
  return {
    series: [
      {
        type: "gauge",
        startAngle: 200,
        endAngle: -20,
        min: 0,
        max,
        // issue #17: the label stands under the ring, between its two ends, never over the arc
        radius: "78%",
        center: ["50%", "48%"],
        progress: { show: true, width: 12, itemStyle: { color } },
        axisLine: { lineStyle: { width: 12, color: [[1, CHART.grid]] } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        title: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, "78%"],
          fontSize: 14,
          fontWeight: 600,
          color: CHART.text,
          formatter: () => input.label,
        },
        data: [{ value }],
      },
    ],
  };
}

/** The gauge of a scorecard row: milestones done/not done, categories in/out, else % of target. */
export function rowGaugeOption(row: ChartRow, lang: ChartLang): ChartOption {
  return gaugeOption(rowGaugeInput(row, lang), lang);
}

export function rowGaugeInput(row: ChartRow, lang: ChartLang): GaugeInput {
  const f = row.evaluation.figures;
  const status = row.evaluation.status;
  const form = row.target?.form;
  if (form === "milestone" || row.indicator.measureKind === "milestone") {
    const done = f.doneOn !== null;
    return { value: done ? 100 : 0, label: translate(lang, done ? "chart.done" : "chart.notDone"), status };
  }
  if (form === "category") {
    const ok = status === "achieved" || status === "exceeded";
    const label = f.actual === null ? "–" : translate(lang, "chart.category", { value: f.actual });
    return { value: f.actual === null ? null : ok ? 100 : 30, label, status };
  }
  const p = f.progress;
  // the arc's length is a number; the words under it are the exact decimal string
  return {
    value: p === null ? null : Number(p),
    max: 120,
    label: p === null ? "–" : `${num(p, lang, 1)}%`,
    status,
  };
}

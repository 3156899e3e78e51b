import { CHART } from "./colors.ts";
import type { ChartOption } from "./echarts.ts";

// Standalone images travel without the page: they carry their title, source and date on them.

export interface Stamp {
  title: string;
  subtitle?: string;
  /** "Nguồn: … · Cập nhật 22/11/2026 · Số liệu minh hoạ" */
  footer: string;
}

export const STAMP_TOP = 52;
export const STAMP_BOTTOM = 26;

/** The option with a title block on top and the source line at the bottom; the plot is moved to fit. */
export function stampOption(
  option: ChartOption,
  stamp: Stamp,
  size: { width: number; height: number },
): ChartOption {
  const grid = (option.grid ?? {}) as Record<string, number | boolean | string>;
  const top = typeof grid.top === "number" ? grid.top : 16;
  const bottom = typeof grid.bottom === "number" ? grid.bottom : 24;
  const legend = option.legend as Record<string, unknown> | undefined;
  const series = (option.series as Array<Record<string, unknown>> | undefined) ?? [];
  const isGauge = series.some((s) => s.type === "gauge");
  const moved: ChartOption = {
    ...option,
    backgroundColor: "#fff",
    title: {
      text: wrap(stamp.title, Math.floor(size.width / 8.5)),
      subtext: stamp.subtitle ?? "",
      left: 12,
      top: 8,
      textStyle: { fontSize: 14, fontWeight: 600, color: CHART.text },
      subtextStyle: { fontSize: 12, color: CHART.muted },
    },
    graphic: [
      {
        type: "text",
        left: 12,
        bottom: 8,
        style: { text: stamp.footer, fill: CHART.muted, fontSize: 11 },
      },
    ],
  };
  if (!isGauge) moved.grid = { ...grid, top: top + STAMP_TOP, bottom: bottom + STAMP_BOTTOM };
  if (legend && legend.show !== false) moved.legend = { ...legend, top: STAMP_TOP + 6 };
  if (isGauge) moved.series = series.map((s) => ({ ...s, center: ["50%", "64%"], radius: "62%" }));
  return moved;
}

function wrap(text: string, width: number): string {
  if (text.length <= width) return text;
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (`${line} ${w}`.trim().length > width && line) {
      lines.push(line);
      line = w;
    } else line = `${line} ${w}`.trim();
  }
  if (line) lines.push(line);
  return lines.slice(0, 2).join("\n") + (lines.length > 2 ? "…" : "");
}

import type { Status } from "@chitieu/domain";

// Status colours: each has at least 3:1 contrast against white (WCAG 1.4.11 graphical objects),
// and the text colour on its tint at least 4.5:1. Status is never shown by colour alone: every
// chart carries the status label in its text alternative and the page prints it beside the chart.
export const STATUS_COLORS: Readonly<Record<Status, { fill: string; tint: string; text: string }>> =
  Object.freeze({
    exceeded: { fill: "#1a7f37", tint: "#dafbe1", text: "#0f5323" },
    achieved: { fill: "#2b8a3e", tint: "#e6f4ea", text: "#1e5e2b" },
    on_track: { fill: "#0b62c4", tint: "#ddeeff", text: "#0a4a94" },
    at_risk: { fill: "#9a6700", tint: "#fff4d6", text: "#6b4a00" },
    off_track: { fill: "#c2410c", tint: "#ffeadb", text: "#8a2d08" },
    not_achieved: { fill: "#b42318", tint: "#fde8e6", text: "#8a1a12" },
    no_data: { fill: "#6e7781", tint: "#eef0f2", text: "#424a53" },
    not_due: { fill: "#6e7781", tint: "#eef0f2", text: "#424a53" },
  });

export const CHART = Object.freeze({
  text: "#1b1f24",
  muted: "#57606a",
  axis: "#8c959f",
  grid: "#e3e6ea",
  /** the target band (what "đạt" covers) and the zone beyond it ("vượt") */
  band: "rgba(43, 138, 62, 0.16)",
  bandBeyond: "rgba(43, 138, 62, 0.07)",
  expected: "#1b1f24",
  forecast: "#57606a",
  series: ["#0b62c4", "#8c959f", "#9a6700", "#6f42c1"],
});

import { monthRange, parsePeriod } from "./period.ts";

// Issue #13 item 6: one current figure per indicator × org unit × span, whatever basis it came
// with. A figure's span is the months it covers: its period alone ("period" basis) or from
// January through the period's end ("ytd" basis). "2024-H1" as period and "2024-H1" as ytd cover
// January–June both; so do "2024-06" as ytd and "2024-H1"; "2024-9M" and "2024-09" as ytd cover
// January–September. Two figures with one span are one figure: the later replaces the earlier.

/** "2024:1-6": year, first and last month covered; null for a plan span or an unreadable code. */
export function figureSpanKey(period: string, basis: "period" | "ytd"): string | null {
  const p = parsePeriod(period);
  if (!p || p.kind === "plan") return null;
  const { from, to } = monthRange(p);
  return `${p.year}:${basis === "ytd" ? 1 : from}-${to}`;
}

/** Do two figures cover the same months (and so stand for one figure)? */
export function sameFigureSpan(
  a: { period: string; basis: "period" | "ytd" },
  b: { period: string; basis: "period" | "ytd" },
): boolean {
  const ka = figureSpanKey(a.period, a.basis);
  return ka !== null && ka === figureSpanKey(b.period, b.basis);
}

import type { Status, Thresholds } from "./types.ts";
import { STATUSES } from "./types.ts";

/**
 * Status order, best first: exceeded > achieved > on_track > at_risk > off_track >
 * not_achieved. no_data and not_due say nothing about performance and are outside the order
 * (rank 0).
 */
export const STATUS_RANK: Readonly<Record<Status, number>> = Object.freeze({
  exceeded: 6,
  achieved: 5,
  on_track: 4,
  at_risk: 3,
  off_track: 2,
  not_achieved: 1,
  no_data: 0,
  not_due: 0,
});

/** Numeric codes for the columnar scorecard output (index into STATUSES). */
export const STATUS_CODE: Readonly<Record<Status, number>> = Object.freeze(
  Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<Status, number>,
);

export const EXCEEDED = 0;
export const ACHIEVED = 1;
export const ON_TRACK = 2;
export const AT_RISK = 3;
export const OFF_TRACK = 4;
export const NOT_ACHIEVED = 5;
export const NO_DATA = 6;
export const NOT_DUE = 7;

export function statusOfCode(code: number): Status {
  const s = STATUSES[code];
  if (s === undefined) throw new RangeError(`unknown status code ${code}`);
  return s;
}

/** > 0 when a is better than b; undefined when either is outside the order. */
export function compareStatus(a: Status, b: Status): number | undefined {
  const ra = STATUS_RANK[a];
  const rb = STATUS_RANK[b];
  if (ra === 0 || rb === 0) return undefined;
  return ra - rb;
}

/**
 * In-progress status from a score in points: progress − expected for higher-is-better,
 * expected − progress for lower-is-better (0 = exactly on pace).
 */
export function statusFromScore(score: number, t: Thresholds): number {
  if (score >= -t.onTrackPoints) return ON_TRACK;
  if (score >= -t.atRiskPoints) return AT_RISK;
  return OFF_TRACK;
}

export const LABELS: Readonly<Record<Status, { vi: string; en: string }>> = Object.freeze({
  exceeded: { vi: "Vượt", en: "Exceeded" },
  achieved: { vi: "Đạt", en: "Achieved" },
  on_track: { vi: "Đúng tiến độ", en: "On track" },
  at_risk: { vi: "Có nguy cơ không đạt", en: "At risk" },
  off_track: { vi: "Chậm tiến độ", en: "Off track" },
  not_achieved: { vi: "Không đạt", en: "Not achieved" },
  no_data: { vi: "Chưa có số liệu", en: "No data" },
  not_due: { vi: "Chưa đến kỳ đánh giá", en: "Not due" },
});

/** The label shown with a status; estimates read "Ước đạt" / "Ước vượt". */
export function statusLabel(status: Status, basedOnEstimate: boolean): { vi: string; en: string } {
  const base = LABELS[status];
  if (!basedOnEstimate) return base;
  if (status === "achieved") return { vi: "Ước đạt", en: "Estimated achieved" };
  if (status === "exceeded") return { vi: "Ước vượt", en: "Estimated exceeded" };
  if (status === "not_achieved") return { vi: "Ước không đạt", en: "Estimated not achieved" };
  return { vi: `${base.vi} (số ước)`, en: `${base.en} (estimate)` };
}

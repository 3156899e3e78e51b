import { type Decimal, dec, decToString } from "./decimal.ts";
import { formatNumberEn, formatNumberVi } from "./number.ts";
import type { MeasureKind } from "./progress/types.ts";
import { findUnit } from "./units.ts";

// Issue #15 item 7: a jump is judged by what the figure measures, against a figure that measures
// the same thing: the same span of the previous year, or the previous span of the same length
// and basis. Never a growth rate against a monthly flow, never a month against a year to date.
// - flows, counts, levels in money or people: a relative change (default more than 50%);
// - growth rates, ratios and anything in %, ‰ or percentage points: a change in points (default
//   more than 5 points): 7,2% → 10,8% is 3,6 points, not "50% more";
// - milestones and categories: no jump (done / not done, a group).

export type JumpMode = "relative" | "points" | "none";

export interface JumpRule {
  mode: JumpMode;
  /** relative: a fraction (0.5 = 50%); points: in the indicator's unit (5 = 5 percentage points) */
  threshold: string;
}

export const DEFAULT_RELATIVE_JUMP = "0.5";
export const DEFAULT_POINTS_JUMP = "5";

const POINT_DIMENSIONS = new Set(["share", "percentage_points", "rate_per_year"]);

/** The jump rule of an indicator, from its measure kind and unit. */
export function jumpRule(
  measureKind: MeasureKind,
  unit: string | null,
  thresholds: { relative?: string; points?: string } = {},
): JumpRule {
  if (measureKind === "milestone" || measureKind === "category") return { mode: "none", threshold: "0" };
  const dimension = unit ? findUnit(unit)?.dimension : undefined;
  const inPoints =
    measureKind === "growth_rate" ||
    measureKind === "ratio" ||
    (dimension !== undefined && POINT_DIMENSIONS.has(dimension)) ||
    (unit !== null && /[%‰]/.test(unit));
  return inPoints
    ? { mode: "points", threshold: thresholds.points ?? DEFAULT_POINTS_JUMP }
    : { mode: "relative", threshold: thresholds.relative ?? DEFAULT_RELATIVE_JUMP };
}

/** What a figure is compared with: the same months a year before, or the months just before. */
export type JumpBasis = "same_period_last_year" | "previous_period";

export interface JumpFinding {
  /** the change: "+400%" (relative) or "+3.6" (points), dot decimals */
  change: string;
  vi: string;
  en: string;
}

/**
 * Whether a change from `previous` to `value`, both as doubles, may exceed `judgeJump`'s threshold
 * (given as a number): false only where it certainly does not. The margin lies far above a
 * double's rounding (1e-9 of the magnitudes against some 1e-16), so every real jump passes and
 * `judgeJump` decides in exact decimals; a million figures are sifted without a decimal each.
 */
export function mayBeJump(mode: JumpMode, threshold: number, value: number, previous: number): boolean {
  if (mode === "none") return false;
  if (!Number.isFinite(value) || !Number.isFinite(previous)) return true;
  const diff = Math.abs(value - previous);
  const margin = 1e-9 * (Math.abs(value) + Math.abs(previous) + threshold * Math.abs(previous) + threshold);
  return mode === "points" ? diff > threshold - margin : diff > threshold * Math.abs(previous) - margin;
}

/**
 * Is `value` a jump from `previous` under `rule`? Exact decimals: 0,5 → 0,75 is exactly 50% and
 * is not more than 50%. A relative change from 0 is not judged (no ratio to a zero).
 */
export function judgeJump(
  rule: JumpRule,
  value: string,
  previous: string,
  against: { basis: JumpBasis; period: string },
): JumpFinding | null {
  if (rule.mode === "none") return null;
  const v = dec(value);
  const p = dec(previous);
  const diff = v.minus(p);
  const plus = (d: Decimal) => (d.isNegative() ? "" : "+");
  const lastYear = against.basis === "same_period_last_year";
  const whereVi = `so với ${lastYear ? "cùng kỳ năm trước" : "kỳ trước"} (${against.period}: ${formatNumberVi(previous)})`;
  const whereEn = `against ${lastYear ? "the same period last year" : "the previous period"} (${against.period}: ${formatNumberEn(previous)})`;
  if (rule.mode === "points") {
    if (diff.abs().lte(dec(rule.threshold))) return null;
    return {
      change: `${plus(diff)}${decToString(diff)}`,
      vi: `${plus(diff)}${formatNumberVi(diff)} điểm (quá ${formatNumberVi(rule.threshold)} điểm) ${whereVi}`,
      en: `by ${plus(diff)}${formatNumberEn(diff)} points (more than ${formatNumberEn(rule.threshold)}) ${whereEn}`,
    };
  }
  if (p.isZero()) return null;
  if (diff.abs().lte(dec(rule.threshold).times(p.abs()))) return null;
  const pct = diff.div(p.abs()).times(100).toDecimalPlaces(1);
  const limit = dec(rule.threshold).times(100);
  return {
    change: `${plus(pct)}${decToString(pct)}%`,
    vi: `${plus(pct)}${formatNumberVi(pct)}% (quá ${formatNumberVi(limit)}%) ${whereVi}`,
    en: `by ${plus(pct)}${formatNumberEn(pct)}% (more than ${formatNumberEn(limit)}%) ${whereEn}`,
  };
}

import { isoToInt, type PeriodSpan, spanOf } from "./calendar.ts";
import { modelOf, type Sense, senseOf, type TargetModel } from "./model.ts";
import type { Indicator, Target, TargetForm } from "./types.ts";

export type { Sense };

/** A target reduced to plain numbers once, before the per-series loop. NaN = absent. */
export interface CompiledTarget {
  form: TargetForm;
  sense: Sense;
  /** governing bound of an up/down target (the floor of a range_floor) */
  bound: number;
  boundInclusive: boolean;
  low: number;
  high: number;
  lowInclusive: boolean;
  highInclusive: boolean;
  tolerance: number;
  changeUnit: "absolute" | "percent";
  baselineValue: number;
  baselineYear: number;
  baselineMonth: number;
  /** share_of_plan: the plan amount in force on the evaluation day */
  planAmount: number;
  planAmountText: string | null;
  planAmountOriginal: string | null;
  category: string | null;
  due: number;
  startYear: number;
  endYear: number;
  multiYear: boolean;
  /** the exact bands (model.ts): every verdict is read from here */
  model: TargetModel;
  source: Target;
}

const NO_PLAN = { amount: null, original: null } as const;

function num(s: string | undefined): number {
  return s === undefined || s === "" ? Number.NaN : Number(s);
}

/** The plan amount in force on `today` (a mid-year revision does not erase the original). */
export function planAmountOn(
  target: Target,
  today: string,
): { amount: string | null; original: string | null } {
  const original = target.planAmount ?? null;
  let amount = original;
  let latest = "";
  for (const r of target.planRevisions ?? []) {
    if (r.effectiveFrom <= today && r.effectiveFrom >= latest) {
      latest = r.effectiveFrom;
      amount = r.amount;
    }
  }
  return { amount, original };
}

// a scorecard holds thousands of targets over a handful of period codes
const spanCache = new Map<string, PeriodSpan | null>();
function cachedSpan(code: string): PeriodSpan | null {
  let span = spanCache.get(code);
  if (span === undefined) {
    span = spanOf(code);
    if (spanCache.size > 10_000) spanCache.clear();
    spanCache.set(code, span);
  }
  return span;
}

function requireFields(target: Target, hasLow: boolean, hasHigh: boolean): void {
  let missing: string | null = null;
  switch (target.form) {
    case "at_least":
    case "above":
    case "range_floor":
    case "avg_annual_growth":
    case "change":
      if (!hasLow) missing = "low";
      break;
    case "at_most":
    case "below":
      if (!hasHigh) missing = "high";
      break;
    case "range_inside":
      if (!hasLow || !hasHigh) missing = "low and high";
      break;
    case "approximately":
    case "level_by_year":
      if (!hasLow && !hasHigh) missing = "low or high";
      break;
    case "milestone":
      if (target.dueDate === undefined) missing = "dueDate";
      break;
    case "category":
      if (target.categoryValue === undefined) missing = "categoryValue";
      break;
    case "share_of_plan":
      break;
  }
  if (missing) throw new RangeError(`target form ${target.form} needs ${missing}`);
}

export function newCompiledTarget(): CompiledTarget {
  return {
    form: "at_least",
    sense: 1,
    bound: Number.NaN,
    boundInclusive: true,
    low: Number.NaN,
    high: Number.NaN,
    lowInclusive: true,
    highInclusive: true,
    tolerance: 0,
    changeUnit: "absolute",
    baselineValue: Number.NaN,
    baselineYear: Number.NaN,
    baselineMonth: Number.NaN,
    planAmount: Number.NaN,
    planAmountText: null,
    planAmountOriginal: null,
    category: null,
    due: Number.NaN,
    startYear: 0,
    endYear: 0,
    multiYear: false,
    model: modelOf({ form: "at_least", period: "2000", low: "0" }, { direction: "higher_better" }),
    source: { form: "at_least", period: "" },
  };
}

export function compileTarget(
  target: Target,
  indicator: Pick<Indicator, "direction">,
  today: string,
): CompiledTarget {
  return compileTargetInto(target, indicator, today, newCompiledTarget());
}

/** compileTarget into an existing record: the scorecard loop reuses one and allocates nothing. */
export function compileTargetInto(
  target: Target,
  indicator: Pick<Indicator, "direction">,
  today: string,
  out: CompiledTarget,
): CompiledTarget {
  const span = cachedSpan(target.period);
  if (!span) throw new RangeError(`target period "${target.period}" is not a period code`);
  const form = target.form;
  const low = num(target.low);
  const high = num(target.high);
  const hasLow = !Number.isNaN(low);
  const hasHigh = !Number.isNaN(high);
  const sense = senseOf(form, indicator.direction, hasLow, hasHigh);

  let lowInclusive = target.lowInclusive ?? true;
  let highInclusive = target.highInclusive ?? true;
  if (form === "at_least") lowInclusive = true;
  if (form === "above") lowInclusive = false;
  if (form === "at_most") highInclusive = true;
  if (form === "below") highInclusive = false;

  requireFields(target, hasLow, hasHigh);

  let bound = Number.NaN;
  let boundInclusive = true;
  if (sense === 1) {
    bound = hasLow ? low : high;
    boundInclusive = hasLow ? lowInclusive : highInclusive;
  } else if (sense === -1) {
    bound = hasHigh ? high : low;
    boundInclusive = hasHigh ? highInclusive : lowInclusive;
  }
  if (form === "share_of_plan") {
    bound = hasLow ? low : 100;
    boundInclusive = target.lowInclusive ?? true;
  }

  const baseSpan = target.baselinePeriod ? cachedSpan(target.baselinePeriod) : null;
  const plan =
    target.planAmount !== undefined || target.planRevisions !== undefined
      ? planAmountOn(target, today)
      : NO_PLAN;
  out.form = form;
  out.sense = sense;
  out.bound = bound;
  out.boundInclusive = boundInclusive;
  out.low = form === "approximately" && !hasLow ? high : low;
  out.high = form === "approximately" && !hasHigh ? low : high;
  out.lowInclusive = lowInclusive;
  out.highInclusive = highInclusive;
  out.tolerance = num(target.tolerance) || 0;
  out.changeUnit = target.changeUnit ?? "absolute";
  out.baselineValue = num(target.baselineValue);
  out.baselineYear = baseSpan ? baseSpan.endYear : Number.NaN;
  out.baselineMonth = baseSpan ? baseSpan.lastMonth : Number.NaN;
  out.planAmount = num(plan.amount ?? undefined);
  out.planAmountText = plan.amount;
  out.planAmountOriginal = plan.original;
  out.category = target.categoryValue ?? null;
  out.due = target.dueDate ? isoToInt(target.dueDate) : Number.NaN;
  out.startYear = span.year;
  out.endYear = span.endYear;
  out.multiYear = span.kind === "plan" || form === "level_by_year";
  out.model = modelOf(target, indicator, plan.amount);
  out.source = target;
  return out;
}

// ---- bounds -------------------------------------------------------------------------------

export function meetsLow(x: number, low: number, inclusive: boolean): boolean {
  return x > low || (inclusive && x === low);
}

export function meetsHigh(x: number, high: number, inclusive: boolean): boolean {
  return x < high || (inclusive && x === high);
}

/** Does x satisfy a one-sided bound in the given sense? */
export function meetsBound(sense: Sense, x: number, bound: number, inclusive: boolean): boolean {
  return sense === 1 ? meetsLow(x, bound, inclusive) : meetsHigh(x, bound, inclusive);
}

/** Inside low..high (approximately widens both ends by the tolerance). */
export function insideBand(t: CompiledTarget, x: number): boolean {
  const tol = t.form === "approximately" ? t.tolerance : 0;
  return meetsLow(x, t.low - tol, t.lowInclusive) && meetsHigh(x, t.high + tol, t.highInclusive);
}

/** How far outside the band, as % of the nearest end (0 inside). */
export function bandDistancePct(t: CompiledTarget, x: number): number {
  const tol = t.form === "approximately" ? t.tolerance : 0;
  const lo = t.low - tol;
  const hi = t.high + tol;
  if (x < lo) return lo === 0 ? 100 : ((lo - x) / Math.abs(lo)) * 100;
  if (x > hi) return hi === 0 ? 100 : ((x - hi) / Math.abs(hi)) * 100;
  return 0;
}

/**
 * Beyond the target far enough to call it "vượt": range_floor above its upper end; other
 * up/down targets past an inclusive bound by more than marginPct % of it (a strict bound
 * already means "beyond", so it needs a positive margin).
 */
export function isExceeded(
  t: CompiledTarget,
  x: number,
  bound: number,
  boundInclusive: boolean,
  marginPct: number,
): boolean {
  if (t.sense === 0) return false;
  if (t.form === "range_floor" && !Number.isNaN(t.high)) {
    return t.highInclusive ? x > t.high : x >= t.high;
  }
  if (!boundInclusive && marginPct <= 0) return false;
  const margin = (Math.abs(bound) * marginPct) / 100;
  return t.sense === 1 ? x > bound + margin : x < bound - margin;
}

// ---- plan periods -------------------------------------------------------------------------

/** (Π(1+gᵢ))^(1/k) − 1, rates as fractions. */
export function compoundAverage(product: number, years: number): number {
  return years > 0 ? product ** (1 / years) - 1 : Number.NaN;
}

/** ((1+g*)^n ÷ Π(1+gᵢ))^(1/(n−k)) − 1: the yearly rate the remaining years still need. */
export function stillRequiredRate(target: number, n: number, product: number, k: number): number {
  if (k >= n) return Number.NaN;
  return ((1 + target) ** n / product) ** (1 / (n - k)) - 1;
}

/** The straight path from (t0, v0) to (t1, v1) at time t (times in months). */
export function pathValueAt(v0: number, t0: number, v1: number, t1: number, t: number): number {
  if (t1 <= t0) return v1;
  const share = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
  return v0 + (v1 - v0) * share;
}

/** Effective bound of a change target from its baseline. */
export function changeBound(t: CompiledTarget, baseline: number): number {
  const amount = t.low;
  if (t.changeUnit === "percent") return baseline * (1 + (t.sense * amount) / 100);
  return baseline + t.sense * amount;
}

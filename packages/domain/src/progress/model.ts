// The target model: for every target form, the bands a figure falls into, in exact decimal
// arithmetic. The engine (scorecard.ts), the wording (explain.ts) and the chart bands read
// the verdict of a figure from here and nowhere else.
//
// Numbers are exact decimals n ÷ 10^s with n a BigInt. No binary floating point takes part
// in a comparison, a bound or a "still required" figure: +8% on 30.000 is exactly 32.400,
// and the compound average of yearly rates is compared through exact powers, never roots.

import type { Direction, Indicator, Target, TargetForm } from "./types.ts";

/** An exact decimal: n ÷ 10^s. */
export interface Exact {
  n: bigint;
  s: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
const TEN = 10n;
const P10: bigint[] = Array.from({ length: 40 }, (_, i) => TEN ** BigInt(i));
function p10(k: number): bigint {
  return P10[k] ?? TEN ** BigInt(k);
}

export function exact(text: string): Exact {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`not a dot-decimal number: "${text}"`);
  const frac = m[3] ?? "";
  const n = BigInt((m[2] ?? "0") + frac);
  return { n: m[1] ? -n : n, s: frac.length };
}

/** A scaled integer held in a double (exact below 2^53), as the packed planes keep figures. */
export function fromScaled(value: number, scale: number): Exact {
  return { n: BigInt(Math.round(value)), s: scale };
}

export function toText(x: Exact): string {
  const neg = x.n < 0n;
  let digits = (neg ? -x.n : x.n).toString();
  if (x.s > 0) {
    digits = digits.padStart(x.s + 1, "0");
    const int = digits.slice(0, digits.length - x.s);
    const frac = digits.slice(digits.length - x.s).replace(/0+$/, "");
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && digits !== "0" ? `-${digits}` : digits;
}

/** Decimals a number is stated with ("58.92" → 2, "23600" → 0). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.trim().length - dot - 1;
}

function align(a: Exact, b: Exact): [bigint, bigint, number] {
  if (a.s === b.s) return [a.n, b.n, a.s];
  if (a.s > b.s) return [a.n, b.n * p10(a.s - b.s), a.s];
  return [a.n * p10(b.s - a.s), b.n, b.s];
}

export function cmp(a: Exact, b: Exact): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a: Exact, b: Exact): Exact {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
}

export function sub(a: Exact, b: Exact): Exact {
  const [x, y, s] = align(a, b);
  return { n: x - y, s };
}

export function mul(a: Exact, b: Exact): Exact {
  return { n: a.n * b.n, s: a.s + b.s };
}

/** Rounds half-up (ties toward +∞: 24,95 → 25,0; −2,45 → −2,4) to `decimals`. */
export function roundHalfUp(x: Exact, decimals: number): Exact {
  if (x.s <= decimals) return x;
  const d = p10(x.s - decimals);
  return { n: floorDiv(x.n * 2n + d, 2n * d), s: decimals };
}

/** num ÷ den rounded half-up to `decimals` (den ≠ 0). */
export function divRound(num: Exact, den: Exact, decimals: number): Exact {
  // num/den = (num.n · 10^den.s) / (den.n · 10^num.s)
  let a = num.n * p10(den.s) * p10(decimals);
  let b = den.n * p10(num.s);
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  return { n: floorDiv(a * 2n + b, 2n * b), s: decimals };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// ---- the model ----------------------------------------------------------------------------

/** Where a figure falls against its target. */
export type Band =
  | "not_achieved"
  /** "xấp xỉ đạt": below an "approximately" band, within its tolerance */
  | "nearly"
  | "achieved"
  | "exceeded"
  /** stay-inside forms */
  | "below"
  | "inside"
  | "above";

/** Which way is better: up (+1), down (−1), or stay inside a band (0). */
export type Sense = 1 | -1 | 0;

/**
 * A target reduced to its bands, once. `floor`..`top` are in the judged quantity: the figure
 * itself, the % of the plan amount (share_of_plan), or the average yearly rate in %
 * (avg_annual_growth). A change target's bands are placed once its baseline is known.
 */
export interface TargetModel {
  form: TargetForm;
  sense: Sense;
  /** achieved from here (sense 1), or the lower end of a stay-inside band */
  floor: Exact | null;
  floorInclusive: boolean;
  /** exceeded beyond here (sense 1), achieved up to here (sense −1), upper end of a band */
  top: Exact | null;
  topInclusive: boolean;
  /** approximately: how far past the worse end still reads "xấp xỉ đạt" */
  tolerance: Exact | null;
  /** the figure is rounded half-up to this many decimals before it is compared; null = exact */
  precision: number | null;
  /** change: the stated amount and whether it is a % of the baseline */
  change: { amount: Exact; percent: boolean } | null;
  /** share_of_plan: the plan amount the share is of (null: the figure is already a %) */
  plan: Exact | null;
}

/** Default tolerance of "khoảng" when the document states none: 2% of the nearer end. */
export const APPROXIMATELY_DEFAULT_TOLERANCE_PCT = 2;

function opt(text: string | undefined): Exact | null {
  return text === undefined || text === "" ? null : exact(text);
}

/** Which way is better for this target: up (+1), down (−1), or stay inside a band (0). */
export function senseOf(form: TargetForm, direction: Direction, hasLow: boolean, hasHigh: boolean): Sense {
  switch (form) {
    case "at_least":
    case "above":
    case "range_floor":
    case "share_of_plan":
    case "avg_annual_growth":
      return 1;
    case "at_most":
    case "below":
      return -1;
    case "range_inside":
    case "category":
    case "milestone":
      return 0;
    case "approximately":
      return direction === "in_range" ? 0 : direction === "lower_better" ? -1 : 1;
    case "change":
      return direction === "lower_better" ? -1 : 1;
    case "level_by_year":
      if (direction === "in_range" && hasLow && hasHigh) return 0;
      if (direction === "lower_better") return -1;
      return hasLow ? 1 : -1;
  }
}

/** The precision a target is judged at: stated override, else the decimals its bound is written with. */
export function precisionOf(target: Target): number | null {
  if (target.precision !== undefined) return target.precision;
  if (target.form === "change") return null;
  const stated = [target.low, target.high].filter((v): v is string => v !== undefined && v !== "");
  if (stated.length === 0) return target.form === "share_of_plan" ? 0 : null;
  return Math.max(...stated.map(decimalsOf));
}

export function modelOf(
  target: Target,
  indicator: Pick<Indicator, "direction">,
  planAmount: string | null = target.planAmount ?? null,
): TargetModel {
  const low = opt(target.low);
  const high = opt(target.high);
  const form = target.form;
  const sense = senseOf(form, indicator.direction, low !== null, high !== null);
  let floor: Exact | null = null;
  let top: Exact | null = null;
  let floorInclusive = target.lowInclusive ?? true;
  let topInclusive = target.highInclusive ?? true;
  if (form === "above") floorInclusive = false;
  if (form === "at_least") floorInclusive = true;
  if (form === "below") topInclusive = false;
  if (form === "at_most") topInclusive = true;
  if (sense === 1) {
    floor = low ?? high;
    if (low === null) floorInclusive = topInclusive;
    top = low !== null ? high : null;
  } else if (sense === -1) {
    top = high ?? low;
    if (high === null) topInclusive = floorInclusive;
    floor = high !== null ? low : null;
  } else {
    floor = low ?? high;
    top = high ?? low;
  }
  if (form === "share_of_plan") {
    floor = low ?? exact("100");
    top = high;
  }
  const change =
    form === "change" && low !== null ? { amount: low, percent: target.changeUnit === "percent" } : null;
  return {
    form,
    sense,
    floor,
    floorInclusive,
    top,
    topInclusive,
    tolerance: opt(target.tolerance),
    precision: precisionOf(target),
    change,
    plan: form === "share_of_plan" && planAmount ? exact(planAmount) : null,
  };
}

/** A change target's bound once its baseline is known: baseline ± amount (or ± amount % of it). */
export function changeBound(m: TargetModel, baseline: Exact): Exact | null {
  if (!m.change) return null;
  const dir = m.sense === -1 ? -1n : 1n;
  if (!m.change.percent) return add(baseline, { n: dir * m.change.amount.n, s: m.change.amount.s });
  // baseline × (100 ± p) ÷ 100, exact
  const factor = add({ n: 100n, s: 0 }, { n: dir * m.change.amount.n, s: m.change.amount.s });
  const prod = mul(baseline, factor);
  return { n: prod.n, s: prod.s + 2 };
}

export interface Verdict {
  band: Band;
  /** the quantity compared (the figure, or its % of the plan), after rounding */
  judged: Exact;
  /** the same before rounding, when rounding changed it */
  unrounded: Exact | null;
  /** the bound that decided (floor or top), after a change target's baseline is applied */
  bound: Exact | null;
}

function meetsFloor(x: Exact, floor: Exact, inclusive: boolean): boolean {
  const c = cmp(x, floor);
  return c > 0 || (inclusive && c === 0);
}
function meetsTop(x: Exact, top: Exact, inclusive: boolean): boolean {
  const c = cmp(x, top);
  return c < 0 || (inclusive && c === 0);
}

function toleranceAt(m: TargetModel, end: Exact): Exact {
  if (m.tolerance) return m.tolerance;
  // 2% of |end|, exact
  const abs = end.n < 0n ? { n: -end.n, s: end.s } : end;
  return { n: abs.n * BigInt(APPROXIMATELY_DEFAULT_TOLERANCE_PCT), s: abs.s + 2 };
}

/**
 * The band of a figure. `baseline` places a change target; share_of_plan with a plan amount
 * compares figure ÷ plan × 100. Returns null when the target cannot be judged (a change
 * without its baseline, a form judged elsewhere: milestone, category).
 */
export function judge(
  m: TargetModel,
  figure: Exact,
  baseline: Exact | null = null,
  /** thresholds.exceededMarginPct: "vượt" past a one-sided bound by more than this % of it */
  marginPct = 0,
): Verdict | null {
  let x = figure;
  let unrounded: Exact | null = null;
  let floor = m.floor;
  let top = m.top;
  if (m.form === "milestone" || m.form === "category") return null;
  if (m.form === "change") {
    if (!baseline) return null;
    const b = changeBound(m, baseline);
    if (m.sense === -1) {
      top = b;
      floor = null;
    } else {
      floor = b;
      top = null;
    }
  }
  if (m.form === "share_of_plan" && m.plan) {
    if (m.plan.n === 0n) return null;
    const digits = m.precision ?? 6;
    x = divRound(mul(figure, { n: 100n, s: 0 }), m.plan, digits);
    // the share itself, exactly, to say whether rounding changed it
    const finer = divRound(mul(figure, { n: 100n, s: 0 }), m.plan, digits + 6);
    if (cmp(finer, x) !== 0) unrounded = finer;
  } else if (m.precision !== null) {
    const r = roundHalfUp(figure, m.precision);
    if (cmp(r, figure) !== 0) unrounded = figure;
    x = r;
  }
  const verdict = (band: Band, bound: Exact | null): Verdict => ({ band, judged: x, unrounded, bound });

  if (m.sense === 0) {
    if (m.form === "approximately" && m.tolerance) {
      // "khoảng" on an indicator that must stay in a range: a stated tolerance widens both ends
      floor = floor && sub(floor, m.tolerance);
      top = top && add(top, m.tolerance);
    }
    if (floor && !meetsFloor(x, floor, m.floorInclusive)) return verdict("below", floor);
    if (top && !meetsTop(x, top, m.topInclusive)) return verdict("above", top);
    return verdict("inside", floor);
  }
  if (m.sense === 1) {
    if (!floor) return null;
    if (!meetsFloor(x, floor, m.floorInclusive)) {
      if (m.form === "approximately" && meetsFloor(x, sub(floor, toleranceAt(m, floor)), true))
        return verdict("nearly", floor);
      return verdict("not_achieved", floor);
    }
    if (top && !meetsTop(x, top, m.topInclusive)) return verdict("exceeded", top);
    if (!top && m.floorInclusive && m.form !== "approximately" && cmp(x, beyond(floor, marginPct, 1)) > 0)
      return verdict("exceeded", floor);
    return verdict("achieved", floor);
  }
  // sense −1: lower is better
  if (!top) return null;
  if (!meetsTop(x, top, m.topInclusive)) {
    if (m.form === "approximately" && meetsTop(x, add(top, toleranceAt(m, top)), true))
      return verdict("nearly", top);
    return verdict("not_achieved", top);
  }
  if (floor && !meetsFloor(x, floor, m.floorInclusive)) return verdict("exceeded", floor);
  if (!floor && m.topInclusive && m.form !== "approximately" && cmp(x, beyond(top, marginPct, -1)) < 0)
    return verdict("exceeded", top);
  return verdict("achieved", top);
}

/** bound ± marginPct % of |bound|, exact (marginPct is a short decimal such as 0, 2 or 2.5). */
function beyond(bound: Exact, marginPct: number, sense: 1 | -1): Exact {
  if (marginPct === 0) return bound;
  const pct = exact(String(marginPct));
  const abs = bound.n < 0n ? { n: -bound.n, s: bound.s } : bound;
  const margin = mul(abs, pct);
  return add(bound, { n: BigInt(sense) * margin.n, s: margin.s + 2 });
}

// ---- average yearly growth, exactly ------------------------------------------------------

/** Exact rational p/q with q > 0. */
export interface Ratio {
  p: bigint;
  q: bigint;
}

/** Π(1 + gᵢ/100) over yearly rates in % as exact decimals. */
export function growthProduct(rates: readonly Exact[]): Ratio {
  let p = 1n;
  let q = 1n;
  for (const g of rates) {
    // 1 + g/100 = (10^(s+2) + n) / 10^(s+2)
    const d = p10(g.s + 2);
    p *= d + g.n;
    q *= d;
  }
  return { p, q };
}

/** (1 + r/100)^k as a ratio, r an exact decimal %. */
function powerOf(rate: Exact, k: number): Ratio {
  const d = p10(rate.s + 2);
  return { p: (d + rate.n) ** BigInt(k), q: d ** BigInt(k) };
}

function ratioCmp(a: Ratio, b: Ratio): number {
  const x = a.p * b.q;
  const y = b.p * a.q;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Does the compound average of k yearly rates (product P) reach `rate` %/year?
 * (Π(1+gᵢ))^(1/k) ≥ 1 + r ⇔ Π(1+gᵢ) ≥ (1 + r)^k: exact, no root taken.
 */
export function averageCompare(product: Ratio, k: number, rate: Exact): number {
  return ratioCmp(product, powerOf(rate, k));
}

/** floor(10^digits × (p/q)^(1/k)) exactly (p/q ≥ 0), by an integer k-th root. */
export function rootFloor(r: Ratio, k: number, digits: number): bigint {
  if (r.p <= 0n) return 0n;
  const y = (r.p * p10(digits * k)) / r.q;
  return intRoot(y, k);
}

function intRoot(y: bigint, k: number): bigint {
  if (y < 2n || k === 1) return y;
  const K = BigInt(k);
  // start above the root: 2^(ceil(bits/k))
  let x = 1n << BigInt(Math.ceil(y.toString(2).length / k));
  for (;;) {
    const next = ((K - 1n) * x + y / x ** (K - 1n)) / K;
    if (next >= x) break;
    x = next;
  }
  while (x ** K > y) x -= 1n;
  while ((x + 1n) ** K <= y) x += 1n;
  return x;
}

/** The compound average in %/year, floored at `digits` decimals: (P^(1/k) − 1) × 100. */
export function averageRate(product: Ratio, k: number, digits: number): Exact {
  const root = rootFloor(product, k, digits + 2);
  return { n: root - p10(digits + 2), s: digits };
}

/**
 * The yearly rate the `left` remaining years need so that all `k + left` years average
 * `target` %: ((1+g*)^(k+left) ÷ P)^(1/left) − 1, in %, floored at `digits` decimals.
 */
export function requiredRate(
  target: Exact,
  product: Ratio,
  k: number,
  left: number,
  digits: number,
): Exact | null {
  if (left <= 0) return null;
  const need = powerOf(target, k + left);
  const r: Ratio = { p: need.p * product.q, q: need.q * product.p };
  if (r.q <= 0n) return null;
  return averageRate(r, left, digits);
}

// ---- the documents' words -----------------------------------------------------------------

/**
 * The verb a target's own quote uses, as the wording must repeat it: "giảm 2.900 hộ" is
 * worded "giảm", never "thay đổi".
 */
export const DOCUMENT_VERBS = [
  "giảm",
  "tăng",
  "duy trì",
  "đạt",
  "hoàn thành",
  "thành lập",
  "trên",
  "dưới",
  "không quá",
  "tối đa",
  "khoảng",
  "bình quân",
  "giải ngân",
] as const;

// What every evaluator shares: the scorecard input and result, the per-series detail record
// reused across series, the evaluation context, and the readers and verdict helpers.
import { Decimal } from "../../decimal.ts";
import {
  newReading,
  type Planes,
  type Reading,
  readFlow,
  readLevel,
  readRatio,
  slotOf,
  valueAt,
} from "../actual.ts";
import { isoToInt, monthEndIso, monthsStep, spanOf } from "../calendar.ts";
import { newSeasonal } from "../expected.ts";
import { type Band, type Exact, exact, fromScaled, type Verdict } from "../model.ts";
import { POW10 } from "../scaled.ts";
import { ACHIEVED, EXCEEDED, NO_DATA, NOT_ACHIEVED, NOT_DUE } from "../status.ts";
import { type CompiledTarget, compileTargetInto, newCompiledTarget } from "../target-forms.ts";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "../thresholds.ts";
import type { AsOf, Evaluation, Indicator, Status, Target, Thresholds } from "../types.ts";

/**
 * A whole scorecard, pre-grouped into flat typed arrays (see Planes for the layout).
 * Built by buildScorecardInput from observation objects, or directly by a caller that
 * already holds columns (the storage layer, the benchmark).
 */
export interface ScorecardInput extends Planes {
  asOf: AsOf;
  indicators: Indicator[];
  /** decimal digits of each indicator's scaled values (value = scaled ÷ 10^scale) */
  scales: ArrayLike<number>;
  orgUnits: string[];
  targets: Target[];
  seriesIndicator: Uint32Array;
  seriesOrgUnit: Uint32Array;
  /** index into targets, −1 = no target */
  seriesTarget: Int32Array;
  /** category indicators: the labels their values index (value k = labels[k]) */
  categoryLabels?: (string[] | undefined)[];
  /** notes about each series gathered while packing (ignored figures, duplicates) */
  packNotes?: Map<number, string[]>;
  /** replaces DEFAULT_THRESHOLDS as the base that per-indicator overrides apply to */
  thresholds?: Thresholds;
}

/** Columnar result: one entry per series; evaluation(s) gives the full record of one. */
export interface ScorecardResult {
  count: number;
  /** index into STATUSES */
  status: Uint8Array;
  basedOnEstimate: Uint8Array;
  /** the actual as a number (the exact decimal is in evaluation(s).figures.actual) */
  actual: Float64Array;
  progress: Float64Array;
  expected: Float64Array;
  forecast: Float64Array;
  counts: Record<Status, number>;
  evaluation(series: number): Evaluation;
}

export const KIND_FLOW = 0;

export const KIND_GROWTH = 2;

export const KIND_RATIO = 3;

export const KIND_MILESTONE = 4;

export const KIND_CATEGORY = 5;

export const KIND_CODE = { flow: 0, stock: 1, growth_rate: 2, ratio: 3, milestone: 4, category: 5 } as const;

export const METHOD_NONE = 0;

export const METHOD_LINEAR = 1;

export const METHOD_SEASONAL = 2;

export const METHOD_PATH = 3;

export const METHOD_LEVEL = 4;

export const METHODS = [null, "linear", "seasonal", "path", "level"] as const;

export interface IndicatorCtx {
  indicator: Indicator;
  kind: number;
  step: number;
  scale: number;
  pow: number;
  multiplier: number;
  thresholds: Thresholds;
}

/** Everything one series evaluation produces; one instance is reused for all series. */
export interface Detail {
  status: number;
  worst: number;
  value: number;
  valueYear: number;
  valueMonth: number;
  cumulative: boolean;
  inexact: boolean;
  bound: number;
  amount: number;
  expected: number;
  method: number;
  forecast: number;
  progress: number;
  gap: number;
  lastYear: number;
  lastYearShare: number;
  changeVsLastYear: number;
  baseline: number;
  pathValue: number;
  achievedSoFar: number;
  stillRequired: number;
  yearsWithData: number;
  firstYearWithData: number;
  lastYearWithData: number;
  doneOn: number;
  late: boolean;
  closed: boolean;
  numerator: number;
  denominator: number;
  /** the exact verdict of the target model, when one was reached */
  verdict: Verdict | null;
  /** exact baseline (change targets, paths) */
  baselineExact: Exact | null;
  /**
   * how `progress` was formed, for its exact decimal in record.ts: 0 none, 1 figure ÷ bound,
   * 2 (figure − baseline) ÷ (bound − baseline), 3 average growth ÷ the target rate
   */
  progressForm: number;
  /** a path target: months from the baseline to now and to the target, compound or straight */
  pathNow: number;
  pathSpan: number;
  pathCompound: boolean;
  /** same period last year, exactly: scaled value, or ratio components (NaN: none) */
  lastYearScaled: number;
  lastYearNumerator: number;
  lastYearDenominator: number;
  /** flows: last year's full-year total (scaled), the base of sameTimeLastYearShare */
  lastYearTotal: number;
  /** avg_annual_growth: the exact average so far and the rate still required */
  achievedExact: Exact | null;
  requiredExact: Exact | null;
  staleSince: number;
  /** compound targets: index of the deciding clause (−1: the first, main clause) */
  decides: number;
  notes: string[] | null;
}

export function newDetail(): Detail {
  return {
    status: NO_DATA,
    worst: -1,
    value: Number.NaN,
    valueYear: 0,
    valueMonth: 0,
    cumulative: false,
    inexact: false,
    bound: Number.NaN,
    amount: Number.NaN,
    expected: Number.NaN,
    method: METHOD_NONE,
    forecast: Number.NaN,
    progress: Number.NaN,
    gap: Number.NaN,
    lastYear: Number.NaN,
    lastYearShare: Number.NaN,
    changeVsLastYear: Number.NaN,
    baseline: Number.NaN,
    pathValue: Number.NaN,
    achievedSoFar: Number.NaN,
    stillRequired: Number.NaN,
    yearsWithData: 0,
    firstYearWithData: 0,
    lastYearWithData: 0,
    doneOn: Number.NaN,
    late: false,
    closed: false,
    numerator: Number.NaN,
    denominator: Number.NaN,
    verdict: null,
    baselineExact: null,
    progressForm: 0,
    pathNow: 0,
    pathSpan: 0,
    pathCompound: false,
    lastYearScaled: Number.NaN,
    lastYearNumerator: Number.NaN,
    lastYearDenominator: Number.NaN,
    lastYearTotal: Number.NaN,
    achievedExact: null,
    requiredExact: null,
    staleSince: 0,
    decides: -1,
    notes: null,
  };
}

export function clearDetail(d: Detail): void {
  d.status = NO_DATA;
  d.worst = -1;
  d.value = Number.NaN;
  d.valueYear = 0;
  d.valueMonth = 0;
  d.cumulative = false;
  d.inexact = false;
  d.bound = Number.NaN;
  d.amount = Number.NaN;
  d.expected = Number.NaN;
  d.method = METHOD_NONE;
  d.forecast = Number.NaN;
  d.progress = Number.NaN;
  d.gap = Number.NaN;
  d.lastYear = Number.NaN;
  d.lastYearShare = Number.NaN;
  d.changeVsLastYear = Number.NaN;
  d.baseline = Number.NaN;
  d.pathValue = Number.NaN;
  d.achievedSoFar = Number.NaN;
  d.stillRequired = Number.NaN;
  d.yearsWithData = 0;
  d.firstYearWithData = 0;
  d.lastYearWithData = 0;
  d.doneOn = Number.NaN;
  d.late = false;
  d.closed = false;
  d.numerator = Number.NaN;
  d.denominator = Number.NaN;
  d.verdict = null;
  d.baselineExact = null;
  d.progressForm = 0;
  d.pathNow = 0;
  d.pathSpan = 0;
  d.pathCompound = false;
  d.lastYearScaled = Number.NaN;
  d.lastYearNumerator = Number.NaN;
  d.lastYearDenominator = Number.NaN;
  d.lastYearTotal = Number.NaN;
  d.achievedExact = null;
  d.requiredExact = null;
  d.staleSince = 0;
  d.decides = -1;
}

export function note(d: Detail, text: string): void {
  if (d.notes) d.notes.push(text);
}

/** Evaluation context shared by every series of one scorecard. */
export interface Ctx {
  input: ScorecardInput;
  indicators: IndicatorCtx[];
  /** the one compiled target record, reloaded when the series' target changes */
  target: CompiledTarget;
  targetIndex: number;
  targetIndicator: Indicator | null;
  /** year and month a target is judged at (see judgedAt) */
  atYear: number;
  atMonth: number;
  asOfYear: number;
  asOfMonth: number;
  today: string;
  todayInt: number;
  reading: Reading;
  scratch: Reading;
  seasonal: ReturnType<typeof newSeasonal>;
  components: { numerator: number; denominator: number };
  /** compiled clauses of compound targets, by clause object */
  clauses: Map<Target, { indicator: Indicator; ct: CompiledTarget }>;
  clauseDetail: Detail;
}

export function defaultMultiplier(ind: Indicator): number {
  return ind.ratioMultiplier ?? (ind.unit.includes("%") ? 100 : 1);
}

export function makeCtx(input: ScorecardInput): Ctx {
  const span = spanOf(input.asOf.period);
  if (!span || span.kind === "plan")
    throw new RangeError(`asOf period "${input.asOf.period}" is not a period code`);
  const today = input.asOf.today ?? monthEndIso(span.endYear, span.lastMonth);
  const base = input.thresholds ?? DEFAULT_THRESHOLDS;
  const indicators = input.indicators.map((indicator, i): IndicatorCtx => {
    const scale = input.scales[i] ?? 0;
    return {
      indicator,
      kind: KIND_CODE[indicator.measureKind],
      step: monthsStep(indicator.frequency),
      scale,
      pow: POW10[scale] ?? 10 ** scale,
      multiplier: defaultMultiplier(indicator),
      thresholds: resolveThresholds(indicator, base),
    };
  });
  return {
    input,
    indicators,
    target: newCompiledTarget(),
    targetIndex: -1,
    targetIndicator: null,
    atYear: 0,
    atMonth: 0,
    asOfYear: span.endYear,
    asOfMonth: span.lastMonth,
    today,
    todayInt: isoToInt(today),
    reading: newReading(),
    scratch: newReading(),
    seasonal: newSeasonal(),
    components: { numerator: Number.NaN, denominator: Number.NaN },
    clauses: new Map(),
    clauseDetail: newDetail(),
  };
}

export function compiledClause(ctx: Ctx, clause: Target, ind: Indicator): CompiledTarget {
  const hit = ctx.clauses.get(clause);
  if (hit && hit.indicator === ind) return hit.ct;
  const ct = compileTargetInto(clause, ind, ctx.today, newCompiledTarget());
  ctx.clauses.set(clause, { indicator: ind, ct });
  return ct;
}

export function compiledTarget(ctx: Ctx, t: number, ind: Indicator): CompiledTarget {
  if (ctx.targetIndex !== t || ctx.targetIndicator !== ind) {
    const target = ctx.input.targets[t];
    if (!target) throw new RangeError(`series points at missing target ${t}`);
    compileTargetInto(target, ind, ctx.today, ctx.target);
    ctx.targetIndex = t;
    ctx.targetIndicator = ind;
  }
  return ctx.target;
}

/** Is a status a judgement (not "no data" or "not due")? */
export function judgedStatus(status: number): boolean {
  return status !== NO_DATA && status !== NOT_DUE;
}

/** Year and month the target is judged at: the as-of month, or December once the period is over. */
export function judgedAt(ctx: Ctx, ct: CompiledTarget): boolean {
  if (ctx.asOfYear < ct.startYear && !ct.multiYear) return false;
  if (ctx.asOfYear > ct.endYear) {
    ctx.atYear = ct.endYear;
    ctx.atMonth = 12;
  } else {
    ctx.atYear = ctx.asOfYear;
    ctx.atMonth = ctx.asOfMonth;
  }
  return true;
}

/**
 * Nothing in the year yet. A quarterly or annual figure for the period that closes in the
 * as-of month itself is published weeks later: not due yet, rather than missing.
 */
export function missingStatus(ctx: Ctx, ic: IndicatorCtx, cutoff: number, d: Detail): number {
  if (ic.step > 1 && ctx.atYear === ctx.asOfYear && cutoff === ctx.asOfMonth) {
    note(
      d,
      "Kỳ vừa kết thúc, số liệu chưa công bố / the period just closed; its figure is not yet published",
    );
    return NOT_DUE;
  }
  return NO_DATA;
}

export function worse(d: Detail, status: number): void {
  if (status > d.worst) d.worst = status;
}

/** The status of a closed target from its band. */
export function bandStatus(band: Band): number {
  switch (band) {
    case "exceeded":
      return EXCEEDED;
    case "achieved":
    case "inside":
      return ACHIEVED;
    default:
      return NOT_ACHIEVED;
  }
}

export function met(v: Verdict | null): boolean {
  return v !== null && (v.band === "achieved" || v.band === "exceeded" || v.band === "inside");
}

/** The figure as an exact decimal: the scaled integer of the planes, or decimal.js past 2^53. */
export function exactFigure(ctx: Ctx, s: number, ic: IndicatorCtx, r: Reading, cumulative: boolean): Exact {
  if (ic.kind === KIND_RATIO && !Number.isNaN(ctx.components.numerator)) {
    return exact(
      new Decimal(ctx.components.numerator)
        .div(ctx.components.denominator)
        .times(ic.multiplier)
        .toDecimalPlaces(ic.indicator.decimals + 6)
        .toFixed(),
    );
  }
  if (cumulative && r.inexact)
    return exact(exactFlowSum(ctx.input, s, r.year, r.month).div(ic.pow).toFixed());
  return fromScaled(r.value, ic.scale);
}

// ---- flows --------------------------------------------------------------------------------

/** The flow sum again in decimal.js, for the rare series whose sum leaves 2^53. */
export function exactFlowSum(p: Planes, s: number, year: number, upto: number): Decimal {
  let sum = new Decimal(0);
  for (let m = 1; m <= upto; m++) {
    const j = slotOf(p, s, year, m);
    const y = p.ytd[j] as number;
    if (!Number.isNaN(y)) sum = new Decimal(y);
    else if (!Number.isNaN(p.period[j])) sum = sum.plus(p.period[j] as number);
  }
  return sum;
}

export function baselineOf(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): number {
  d.baselineExact = null;
  if (!Number.isNaN(ct.baselineValue)) {
    d.baselineExact = exact(ct.source.baselineValue as string);
    return ct.baselineValue;
  }
  if (Number.isNaN(ct.baselineYear)) return Number.NaN;
  if (ic.kind === KIND_FLOW) {
    const r = readFlow(ctx.input, s, ct.baselineYear, ct.baselineMonth, ic.step, ctx.scratch);
    if (r.month !== ct.baselineMonth || Number.isNaN(r.value)) return Number.NaN;
    worse(d, r.status);
    d.baselineExact = fromScaled(r.value, ic.scale);
    return r.value / ic.pow;
  }
  const v = valueAt(ctx.input, s, ct.baselineYear, ct.baselineMonth);
  if (!Number.isNaN(v)) d.baselineExact = fromScaled(v, ic.scale);
  return v / ic.pow;
}

// ---- stocks, rates, ratios ------------------------------------------------------------------

export function readLatest(
  ctx: Ctx,
  s: number,
  ic: IndicatorCtx,
  fromYear: number,
  fromMonth: number,
  toYear: number,
  toMonth: number,
): Reading {
  if (ic.kind === KIND_RATIO) {
    return readRatio(
      ctx.input,
      s,
      fromYear,
      fromMonth,
      toYear,
      toMonth,
      ic.multiplier,
      ic.pow,
      ctx.reading,
      ctx.components,
    );
  }
  return readLevel(ctx.input, s, fromYear, fromMonth, toYear, toMonth, ic.kind === KIND_GROWTH, ctx.reading);
}

export function progressOf(x: number, bound: number, base: number, d?: Detail): number {
  if (!Number.isNaN(base) && bound !== base) {
    if (d) d.progressForm = 2;
    return ((x - base) / (bound - base)) * 100;
  }
  if (d) d.progressForm = 1;
  return bound > 0 ? (x / bound) * 100 : Number.NaN;
}

export function lastYearContext(
  ctx: Ctx,
  s: number,
  ic: IndicatorCtx,
  year: number,
  month: number,
  d: Detail,
): void {
  if (month < 1) return;
  let v: number;
  if (ic.kind === KIND_RATIO && ctx.input.numerator && ctx.input.denominator && year >= ctx.input.startYear) {
    const k = slotOf(ctx.input, s, year, month);
    const a = ctx.input.numerator[k] as number;
    const b = ctx.input.denominator[k] as number;
    if (!Number.isNaN(a) && !Number.isNaN(b) && b !== 0) {
      v = (a / b) * ic.multiplier;
      d.lastYearNumerator = a;
      d.lastYearDenominator = b;
    } else {
      d.lastYearScaled = valueAt(ctx.input, s, year, month);
      v = d.lastYearScaled / ic.pow;
    }
  } else if (ic.kind === KIND_GROWTH) {
    if (year < ctx.input.startYear) return;
    const k = slotOf(ctx.input, s, year, month);
    d.lastYearScaled = ctx.input.ytd[k] as number;
    v = d.lastYearScaled / ic.pow;
  } else {
    d.lastYearScaled = valueAt(ctx.input, s, year, month);
    v = d.lastYearScaled / ic.pow;
  }
  d.lastYear = v;
  if (!Number.isNaN(d.value)) d.changeVsLastYear = d.value - v;
}

// ---- average annual growth over a plan period ------------------------------------------------

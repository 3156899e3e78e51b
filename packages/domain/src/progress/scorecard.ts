import { Decimal } from "../decimal.ts";
import {
  newReading,
  type Planes,
  type Reading,
  readFlow,
  readLevel,
  readRatio,
  STATUS_ESTIMATE,
  slotOf,
  valueAt,
} from "./actual.ts";
import { coverageCode, dueCutoff, intToIso, isoToInt, monthEndIso, monthsStep, spanOf } from "./calendar.ts";
import { forecastYearEnd, linearShare, newSeasonal, seasonalShare } from "./expected.ts";
import { explain } from "./explain.ts";
import { POW10, scaledToString } from "./scaled.ts";
import {
  ACHIEVED,
  EXCEEDED,
  NO_DATA,
  NOT_ACHIEVED,
  NOT_DUE,
  OFF_TRACK,
  ON_TRACK,
  statusFromScore,
  statusLabel,
  statusOfCode,
} from "./status.ts";
import {
  bandDistancePct,
  type CompiledTarget,
  changeBound,
  compileTargetInto,
  compoundAverage,
  insideBand,
  isExceeded,
  meetsBound,
  meetsLow,
  newCompiledTarget,
  pathValueAt,
  stillRequiredRate,
} from "./target-forms.ts";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds.ts";
import type {
  AsOf,
  Evaluation,
  Figures,
  Indicator,
  ObservationStatus,
  Status,
  Target,
  Thresholds,
} from "./types.ts";
import { STATUSES } from "./types.ts";

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

const KIND_FLOW = 0;
const KIND_GROWTH = 2;
const KIND_RATIO = 3;
const KIND_MILESTONE = 4;
const KIND_CATEGORY = 5;
const KIND_CODE = { flow: 0, stock: 1, growth_rate: 2, ratio: 3, milestone: 4, category: 5 } as const;

const METHOD_NONE = 0;
const METHOD_LINEAR = 1;
const METHOD_SEASONAL = 2;
const METHOD_PATH = 3;
const METHOD_LEVEL = 4;
const METHODS = [null, "linear", "seasonal", "path", "level"] as const;

interface IndicatorCtx {
  indicator: Indicator;
  kind: number;
  step: number;
  scale: number;
  pow: number;
  multiplier: number;
  thresholds: Thresholds;
}

/** Everything one series evaluation produces; one instance is reused for all series. */
interface Detail {
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
  notes: string[] | null;
}

function newDetail(): Detail {
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
    notes: null,
  };
}

function clearDetail(d: Detail): void {
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
}

function note(d: Detail, text: string): void {
  if (d.notes) d.notes.push(text);
}

/** Evaluation context shared by every series of one scorecard. */
interface Ctx {
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
}

function defaultMultiplier(ind: Indicator): number {
  return ind.ratioMultiplier ?? (ind.unit.includes("%") ? 100 : 1);
}

function makeCtx(input: ScorecardInput): Ctx {
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
  };
}

function compiledTarget(ctx: Ctx, t: number, ind: Indicator): CompiledTarget {
  if (ctx.targetIndex !== t || ctx.targetIndicator !== ind) {
    const target = ctx.input.targets[t];
    if (!target) throw new RangeError(`series points at missing target ${t}`);
    compileTargetInto(target, ind, ctx.today, ctx.target);
    ctx.targetIndex = t;
    ctx.targetIndicator = ind;
  }
  return ctx.target;
}

/**
 * Evaluates every series. The loop allocates nothing per series: readings, the seasonal
 * scratch and the detail record are reused, sums run on scaled integers, and comparisons
 * use plain numbers (exact for figures of up to 15 significant digits, since both sides
 * are the nearest double of a short decimal).
 */
export function evaluateScorecard(input: ScorecardInput): ScorecardResult {
  const ctx = makeCtx(input);
  const count = input.seriesIndicator.length;
  const status = new Uint8Array(count);
  const estimate = new Uint8Array(count);
  const actual = new Float64Array(count);
  const progress = new Float64Array(count);
  const expected = new Float64Array(count);
  const forecast = new Float64Array(count);
  const tally = new Uint32Array(STATUSES.length);
  const d = newDetail();
  for (let s = 0; s < count; s++) {
    evaluateSeries(ctx, s, d);
    status[s] = d.status;
    tally[d.status] = (tally[d.status] as number) + 1;
    estimate[s] = d.worst === STATUS_ESTIMATE ? 1 : 0;
    actual[s] = d.value;
    progress[s] = d.progress;
    expected[s] = d.expected;
    forecast[s] = d.forecast;
  }
  const counts = Object.fromEntries(STATUSES.map((st, i) => [st, tally[i] as number])) as Record<
    Status,
    number
  >;
  return {
    count,
    status,
    basedOnEstimate: estimate,
    actual,
    progress,
    expected,
    forecast,
    counts,
    evaluation: (s: number) => materialize(ctx, s),
  };
}

function evaluateSeries(ctx: Ctx, s: number, d: Detail): void {
  clearDetail(d);
  const input = ctx.input;
  const ic = ctx.indicators[input.seriesIndicator[s] as number];
  if (!ic) throw new RangeError(`series ${s} points at a missing indicator`);
  const t = input.seriesTarget[s] as number;
  if (t < 0) {
    d.status = NOT_DUE;
    note(d, "Không có chỉ tiêu cho đơn vị và kỳ này / no target for this unit and period");
    return;
  }
  const ct = compiledTarget(ctx, t, ic.indicator);
  if (ct.form === "milestone" || ic.kind === KIND_MILESTONE) evaluateMilestone(ctx, s, ct, d);
  else if (ct.form === "avg_annual_growth") evaluateAverageGrowth(ctx, s, ic, ct, d);
  else if (ic.kind === KIND_CATEGORY || ct.form === "category") evaluateCategory(ctx, s, ic, ct, d);
  else if ((ic.kind === KIND_FLOW && !ct.multiYear) || ct.form === "share_of_plan")
    evaluateFlow(ctx, s, ic, ct, d);
  else evaluateLevel(ctx, s, ic, ct, d);
}

/** Year and month the target is judged at: the as-of month, or December once the period is over. */
function judgedAt(ctx: Ctx, ct: CompiledTarget): boolean {
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
function missingStatus(ctx: Ctx, ic: IndicatorCtx, cutoff: number, d: Detail): number {
  if (ic.step > 1 && ctx.atYear === ctx.asOfYear && cutoff === ctx.asOfMonth) {
    note(
      d,
      "Kỳ vừa kết thúc, số liệu chưa công bố / the period just closed; its figure is not yet published",
    );
    return NOT_DUE;
  }
  return NO_DATA;
}

function worse(d: Detail, status: number): void {
  if (status > d.worst) d.worst = status;
}

function finalStatus(
  ct: CompiledTarget,
  ok: boolean,
  x: number,
  bound: number,
  incl: boolean,
  th: Thresholds,
) {
  if (!ok) return NOT_ACHIEVED;
  return isExceeded(ct, x, bound, incl, th.exceededMarginPct) ? EXCEEDED : ACHIEVED;
}

// ---- flows --------------------------------------------------------------------------------

function evaluateFlow(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  if (!judgedAt(ctx, ct)) {
    d.status = NOT_DUE;
    return;
  }
  const year = ctx.atYear;
  const cutoff = dueCutoff(ctx.atMonth, ic.step);
  const p = ctx.input;
  const th = ic.thresholds;

  // the annual amount the cumulative is measured against
  let amount = ct.bound;
  if (ct.form === "share_of_plan") {
    if (!Number.isNaN(ct.planAmount)) amount = (ct.planAmount * ct.bound) / 100;
    else
      note(
        d,
        "Chưa có số kế hoạch giao: so sánh trực tiếp tỷ lệ báo cáo / no plan amount: the reported % is used",
      );
  } else if (ct.form === "change") {
    const base = baselineOf(ctx, s, ic, ct, d);
    if (Number.isNaN(base)) {
      d.status = NO_DATA;
      note(d, "Thiếu giá trị kỳ gốc / baseline missing");
      return;
    }
    d.baseline = base;
    amount = changeBound(ct, base);
  } else if (ct.sense === 0) {
    amount = ct.low;
  }
  d.amount = amount;
  d.bound = amount;

  if (cutoff === 0) {
    d.status = NOT_DUE;
    note(d, "Chưa đến kỳ công bố số liệu / no figure is due yet at this cadence");
    return;
  }
  const r = readFlow(p, s, year, cutoff, ic.step, ctx.reading);
  if (Number.isNaN(r.value)) {
    d.status = missingStatus(ctx, ic, cutoff, d);
    return;
  }
  const month = r.month;
  d.value = r.value / ic.pow;
  d.valueYear = year;
  d.valueMonth = month;
  d.cumulative = true;
  d.inexact = r.inexact;
  worse(d, r.status);
  if (r.missing > 0)
    note(d, `Thiếu ${r.missing} kỳ số liệu trong lũy kế / ${r.missing} period(s) missing inside the sum`);
  if (month < cutoff) note(d, `Số liệu mới đến tháng ${month} / figures only up to month ${month}`);
  const x = d.value;

  const se = seasonalShare(
    p,
    s,
    year,
    month,
    ic.step,
    th.seasonalMinYears,
    th.seasonalMaxYears,
    ctx.scratch,
    ctx.seasonal,
  );
  let share = linearShare(month);
  d.method = METHOD_LINEAR;
  if (!Number.isNaN(se.share)) {
    share = se.share;
    d.method = METHOD_SEASONAL;
  }
  d.expected = share * 100;
  d.forecast = forecastYearEnd(x, share);
  d.lastYear = se.lastYearCumulative / ic.pow;
  d.lastYearShare = se.lastYearShare * 100;
  d.progress = amount !== 0 ? (x / amount) * 100 : Number.NaN;
  d.gap = x - amount;
  d.closed = month === 12;

  if (ct.sense === 0) {
    const judged = d.closed ? x : d.forecast;
    const ok = insideBand(ct, judged);
    d.status = d.closed
      ? ok
        ? ACHIEVED
        : NOT_ACHIEVED
      : ok
        ? ON_TRACK
        : statusFromScore(-bandDistancePct(ct, judged), th);
    return;
  }
  const ok = meetsBound(ct.sense, x, amount, ct.boundInclusive);
  if (d.closed) {
    d.status = finalStatus(ct, ok, x, amount, ct.boundInclusive, th);
  } else if (ct.sense === 1) {
    // a cumulative amount does not fall back, so reaching the annual amount early counts
    d.status = ok
      ? finalStatus(ct, ok, x, amount, ct.boundInclusive, th)
      : statusFromScore(d.progress - d.expected, th);
  } else {
    d.status = ok ? statusFromScore(d.expected - d.progress, th) : OFF_TRACK;
  }
}

function baselineOf(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): number {
  if (!Number.isNaN(ct.baselineValue)) return ct.baselineValue;
  if (Number.isNaN(ct.baselineYear)) return Number.NaN;
  if (ic.kind === KIND_FLOW) {
    const r = readFlow(ctx.input, s, ct.baselineYear, ct.baselineMonth, ic.step, ctx.scratch);
    if (r.month !== ct.baselineMonth) return Number.NaN;
    worse(d, r.status);
    return r.value / ic.pow;
  }
  const v = valueAt(ctx.input, s, ct.baselineYear, ct.baselineMonth);
  return v / ic.pow;
}

// ---- stocks, rates, ratios ------------------------------------------------------------------

function readLatest(
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

function evaluateLevel(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  if (!judgedAt(ctx, ct)) {
    d.status = NOT_DUE;
    return;
  }
  const th = ic.thresholds;
  const cutoff = dueCutoff(ctx.atMonth, ic.step);
  let toYear = ctx.atYear;
  let toMonth = cutoff;
  if (cutoff === 0) {
    if (!ct.multiYear) {
      d.status = NOT_DUE;
      note(d, "Chưa đến kỳ công bố số liệu / no figure is due yet at this cadence");
      lastYearContext(ctx, s, ic, ctx.atYear - 1, 12, d);
      return;
    }
    toYear -= 1;
    toMonth = 12;
  }
  const fromYear = ct.multiYear ? ctx.input.startYear : ctx.atYear;
  const r = readLatest(ctx, s, ic, fromYear, 1, toYear, toMonth);
  if (Number.isNaN(r.value)) {
    d.status = ct.multiYear ? NO_DATA : missingStatus(ctx, ic, cutoff, d);
    if (ic.kind === KIND_GROWTH)
      note(
        d,
        "Tốc độ tăng chỉ tính cho kỳ lũy kế từ đầu năm / growth rates count for year-to-date periods only",
      );
    return;
  }
  const x = r.value / ic.pow;
  d.value = x;
  d.valueYear = r.year;
  d.valueMonth = r.month;
  d.cumulative = r.cumulative;
  d.numerator = ctx.components.numerator;
  d.denominator = ctx.components.denominator;
  worse(d, r.status);
  d.closed = r.year === ct.endYear && r.month === 12;
  lastYearContext(ctx, s, ic, r.year - 1, r.month, d);

  if (ct.sense === 0) {
    const ok = insideBand(ct, x);
    const dist = bandDistancePct(ct, x);
    d.gap = x < ct.low ? x - ct.low : x > ct.high ? x - ct.high : 0;
    d.expected = 100;
    d.method = METHOD_LEVEL;
    d.status = d.closed ? (ok ? ACHIEVED : NOT_ACHIEVED) : ok ? ON_TRACK : statusFromScore(-dist, th);
    return;
  }

  let bound = ct.bound;
  let base = Number.NaN;
  if (ct.form === "change" || ct.form === "level_by_year") {
    base = baselineOf(ctx, s, ic, ct, d);
    if (ct.form === "change") {
      if (Number.isNaN(base)) {
        d.status = NO_DATA;
        note(d, "Thiếu giá trị kỳ gốc / baseline missing");
        return;
      }
      bound = changeBound(ct, base);
    }
  }
  d.bound = bound;
  d.baseline = base;
  d.gap = x - bound;
  const ok = meetsBound(ct.sense, x, bound, ct.boundInclusive);
  if (d.closed) {
    d.status = finalStatus(ct, ok, x, bound, ct.boundInclusive, th);
    d.progress = progressOf(x, bound, base);
    return;
  }
  if (!Number.isNaN(base) && bound !== base) {
    // on the way: compare with the straight path from the baseline to the target
    const t0 = ct.baselineYear * 12 + ct.baselineMonth;
    const t1 = ct.endYear * 12 + 12;
    const now = r.year * 12 + r.month;
    if (!Number.isNaN(t0) && t1 > t0) {
      d.pathValue = pathValueAt(base, t0, bound, t1, now);
      d.expected = Math.min(100, Math.max(0, ((now - t0) / (t1 - t0)) * 100));
      d.progress = ((x - base) / (bound - base)) * 100;
      d.method = METHOD_PATH;
      d.status = ok ? ON_TRACK : statusFromScore(d.progress - d.expected, th);
      return;
    }
  }
  d.progress = bound > 0 ? (x / bound) * 100 : Number.NaN;
  d.expected = 100;
  d.method = METHOD_LEVEL;
  const score =
    bound !== 0 ? (ct.sense * (x - bound) * 100) / Math.abs(bound) : ok ? 0 : Number.NEGATIVE_INFINITY;
  d.status = ok ? ON_TRACK : statusFromScore(score, th);
}

function progressOf(x: number, bound: number, base: number): number {
  if (!Number.isNaN(base) && bound !== base) return ((x - base) / (bound - base)) * 100;
  return bound > 0 ? (x / bound) * 100 : Number.NaN;
}

function lastYearContext(
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
    v =
      !Number.isNaN(a) && !Number.isNaN(b) && b !== 0
        ? (a / b) * ic.multiplier
        : valueAt(ctx.input, s, year, month) / ic.pow;
  } else if (ic.kind === KIND_GROWTH) {
    if (year < ctx.input.startYear) return;
    const k = slotOf(ctx.input, s, year, month);
    v = (ctx.input.ytd[k] as number) / ic.pow;
  } else {
    v = valueAt(ctx.input, s, year, month) / ic.pow;
  }
  d.lastYear = v;
  if (!Number.isNaN(d.value)) d.changeVsLastYear = d.value - v;
}

// ---- average annual growth over a plan period ------------------------------------------------

function evaluateAverageGrowth(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  const th = ic.thresholds;
  const n = ct.endYear - ct.startYear + 1;
  const lastClosed = ctx.asOfMonth === 12 ? ctx.asOfYear : ctx.asOfYear - 1;
  const until = Math.min(lastClosed, ct.endYear);
  let product = 1;
  let k = 0;
  let first = 0;
  let last = 0;
  for (let y = ct.startYear; y <= until; y++) {
    if (y < ctx.input.startYear || (y - ctx.input.startYear) * 12 + 12 > ctx.input.months) continue;
    const j = slotOf(ctx.input, s, y, 12);
    const v = ctx.input.ytd[j] as number;
    if (Number.isNaN(v)) {
      note(d, `Thiếu tốc độ tăng năm ${y} / no growth rate for ${y}`);
      continue;
    }
    product *= 1 + v / ic.pow / 100;
    worse(d, ((ctx.input.flags[j] as number) >> 2) & 3);
    k++;
    if (!first) first = y;
    last = y;
  }
  if (k === 0) {
    d.status = until < ct.startYear ? NOT_DUE : NO_DATA;
    return;
  }
  // rounding to 1e-9 keeps 7,25 × k years from reading as 7,2499999…
  const achieved = Math.round(compoundAverage(product, k) * 1e11) / 1e9;
  d.achievedSoFar = achieved;
  d.value = achieved;
  d.yearsWithData = k;
  d.firstYearWithData = first;
  d.lastYearWithData = last;
  d.valueYear = last;
  d.valueMonth = 12;
  d.bound = ct.low;
  d.stillRequired = stillRequiredRate(ct.low / 100, n, product, k) * 100;
  d.progress = ct.low > 0 ? (achieved / ct.low) * 100 : Number.NaN;
  d.expected = 100;
  d.method = METHOD_LEVEL;
  d.gap = achieved - ct.low;
  d.closed = ctx.asOfYear > ct.endYear || (ctx.asOfYear === ct.endYear && ctx.asOfMonth === 12);
  const ok = meetsLow(achieved, ct.low, ct.lowInclusive);
  if (d.closed) {
    if (k < n) note(d, `Chỉ có ${k}/${n} năm có số liệu / only ${k} of ${n} years have figures`);
    d.status = finalStatus(ct, ok, achieved, ct.low, ct.lowInclusive, th);
    return;
  }
  const score =
    ct.low !== 0 ? ((achieved - ct.low) * 100) / Math.abs(ct.low) : ok ? 0 : Number.NEGATIVE_INFINITY;
  d.status = ok ? ON_TRACK : statusFromScore(score, th);
}

// ---- milestones and categories ----------------------------------------------------------------

function evaluateMilestone(ctx: Ctx, s: number, ct: CompiledTarget, d: Detail): void {
  const p = ctx.input;
  const todayYear = Math.floor(ctx.todayInt / 10000);
  const todayMonth = Math.floor(ctx.todayInt / 100) % 100;
  const r = readLevel(p, s, p.startYear, 1, todayYear, todayMonth, false, ctx.reading);
  d.bound = ct.due;
  const overdue = ctx.todayInt > ct.due;
  if (Number.isNaN(r.value)) {
    d.status = overdue ? NO_DATA : NOT_DUE;
    if (overdue) note(d, "Quá hạn, chưa có báo cáo / overdue, no report");
    return;
  }
  worse(d, r.status);
  d.valueYear = r.year;
  d.valueMonth = r.month;
  if (r.value > 0 && r.value <= ctx.todayInt) {
    d.value = 1;
    d.doneOn = r.value;
    d.closed = true;
    d.late = r.value > ct.due;
    d.status = d.late ? NOT_ACHIEVED : ACHIEVED;
    return;
  }
  d.value = 0;
  d.status = overdue ? NOT_ACHIEVED : NOT_DUE;
  d.closed = overdue;
}

function evaluateCategory(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  if (!judgedAt(ctx, ct)) {
    d.status = NOT_DUE;
    return;
  }
  const cutoff = dueCutoff(ctx.atMonth, ic.step);
  const toYear = cutoff === 0 ? ctx.atYear - 1 : ctx.atYear;
  const toMonth = cutoff === 0 ? 12 : cutoff;
  const fromYear = ct.multiYear ? ctx.input.startYear : ctx.atYear;
  if (cutoff === 0 && !ct.multiYear) {
    d.status = NOT_DUE;
    return;
  }
  const r = readLevel(ctx.input, s, fromYear, 1, toYear, toMonth, false, ctx.reading);
  if (Number.isNaN(r.value)) {
    d.status = ct.multiYear ? NO_DATA : missingStatus(ctx, ic, cutoff, d);
    return;
  }
  worse(d, r.status);
  d.value = r.value;
  d.valueYear = r.year;
  d.valueMonth = r.month;
  d.closed = r.year === ct.endYear && r.month === 12;
  const label = ctx.input.categoryLabels?.[ctx.input.seriesIndicator[s] as number]?.[r.value];
  const ok = label !== undefined && sameCategory(label, ct.category ?? "");
  d.status = d.closed ? (ok ? ACHIEVED : NOT_ACHIEVED) : ok ? ON_TRACK : OFF_TRACK;
}

export function sameCategory(a: string, b: string): boolean {
  const x = a.trim().normalize("NFC").toLowerCase();
  const y = b.trim().normalize("NFC").toLowerCase();
  if (x === y) return true;
  const nx = Number(x);
  const ny = Number(y);
  return x !== "" && y !== "" && !Number.isNaN(nx) && nx === ny;
}

// ---- the full record of one series -------------------------------------------------------------

function materialize(ctx: Ctx, s: number): Evaluation {
  const d = newDetail();
  d.notes = [...(ctx.input.packNotes?.get(s) ?? [])];
  evaluateSeries(ctx, s, d);
  const input = ctx.input;
  const ic = ctx.indicators[input.seriesIndicator[s] as number] as IndicatorCtx;
  const t = input.seriesTarget[s] as number;
  const target = t >= 0 ? input.targets[t] : undefined;
  const ct = t >= 0 ? ctx.target : undefined;
  const status = statusOfCode(d.status);
  const basedOnEstimate = d.worst === STATUS_ESTIMATE;
  const hasValue = !Number.isNaN(d.value);

  let actual: string | null = null;
  let actualPeriod: string | null = null;
  if (hasValue) {
    if (ct?.form === "avg_annual_growth") {
      actual = new Decimal(d.achievedSoFar).toDecimalPlaces(ic.indicator.decimals + 2).toString();
      actualPeriod =
        d.firstYearWithData === d.lastYearWithData
          ? `${d.firstYearWithData}`
          : `${d.firstYearWithData}-${d.lastYearWithData}`;
    } else if (ic.kind === KIND_MILESTONE || ct?.form === "milestone") {
      actual = Number.isNaN(d.doneOn) ? null : intToIso(d.doneOn);
      actualPeriod = coverageCode(d.valueYear, d.valueMonth, false);
    } else if (ic.kind === KIND_CATEGORY || ct?.form === "category") {
      actual = input.categoryLabels?.[input.seriesIndicator[s] as number]?.[d.value] ?? null;
      actualPeriod = coverageCode(d.valueYear, d.valueMonth, d.cumulative);
    } else {
      actual = exactActual(ctx, s, ic, d);
      actualPeriod = coverageCode(d.valueYear, d.valueMonth, d.cumulative);
    }
  }

  const boundText = ct && target ? exactBound(ct, target, d) : null;
  const gap =
    actual !== null && boundText !== null && ct?.sense !== 0 && !Number.isNaN(d.gap)
      ? new Decimal(actual).minus(boundText).toString()
      : Number.isNaN(d.gap)
        ? null
        : new Decimal(d.gap).toDecimalPlaces(ic.indicator.decimals + 2).toString();

  const figures: Figures = {
    actual,
    actualPeriod,
    target: { low: target?.low ?? null, high: target?.high ?? null, amount: boundText },
    expected: nn(d.expected),
    expectedMethod: METHODS[d.method] ?? null,
    seasonalYears: d.method === METHOD_SEASONAL ? [...ctx.seasonal.years] : [],
    forecast: nn(d.forecast),
    progress: nn(d.progress),
    gap,
    sameTimeLastYear: nn(d.lastYear),
    sameTimeLastYearShare: nn(d.lastYearShare),
    changeVsLastYear: nn(d.changeVsLastYear),
    planAmount: ct?.form === "share_of_plan" ? ct.planAmountText : null,
    planAmountOriginal: ct?.form === "share_of_plan" ? ct.planAmountOriginal : null,
    baseline: Number.isNaN(d.baseline)
      ? null
      : (target?.baselineValue ?? new Decimal(d.baseline).toDecimalPlaces(ic.scale).toString()),
    achievedSoFar: nn(d.achievedSoFar),
    stillRequired: nn(d.stillRequired),
    yearsWithData: d.yearsWithData || null,
    pathValue: nn(d.pathValue),
    doneOn: Number.isNaN(d.doneOn) ? null : intToIso(d.doneOn),
    dueDate: target?.dueDate ?? null,
    late: d.late,
    closed: d.closed,
    worstObservationStatus: d.worst < 0 ? null : (OBS_STATUS[d.worst] ?? null),
  };
  const evaluation: Evaluation = {
    indicator: ic.indicator.code,
    orgUnit: input.orgUnits[input.seriesOrgUnit[s] as number] ?? "",
    period: target?.period ?? "",
    asOf: input.asOf.period,
    status,
    basedOnEstimate,
    label: statusLabel(status, basedOnEstimate),
    figures,
    explanation: { vi: "", en: "" },
    notes: d.notes ?? [],
  };
  evaluation.explanation = explain(evaluation, ic.indicator, target);
  return evaluation;
}

const OBS_STATUS: readonly ObservationStatus[] = ["official", "preliminary", "estimate"];

function nn(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function exactActual(ctx: Ctx, s: number, ic: IndicatorCtx, d: Detail): string {
  const p = ctx.input;
  if (ic.kind === KIND_RATIO && !Number.isNaN(d.numerator)) {
    return new Decimal(d.numerator)
      .div(d.denominator)
      .times(ic.multiplier)
      .toDecimalPlaces(ic.indicator.decimals + 2)
      .toString();
  }
  if (d.cumulative && ic.kind === KIND_FLOW) {
    const r = readFlow(p, s, d.valueYear, d.valueMonth, ic.step, newReading());
    if (!r.inexact) return scaledToString(r.value, ic.scale);
    return exactFlowSum(p, s, d.valueYear, d.valueMonth).div(ic.pow).toString();
  }
  const k = slotOf(p, s, d.valueYear, d.valueMonth);
  const y = p.ytd[k] as number;
  const v = !Number.isNaN(y) ? y : (p.period[k] as number);
  return scaledToString(v, ic.scale);
}

/** The flow sum again in decimal.js, for the rare series whose sum leaves 2^53. */
function exactFlowSum(p: Planes, s: number, year: number, upto: number): Decimal {
  let sum = new Decimal(0);
  for (let m = 1; m <= upto; m++) {
    const j = slotOf(p, s, year, m);
    const y = p.ytd[j] as number;
    if (!Number.isNaN(y)) sum = new Decimal(y);
    else if (!Number.isNaN(p.period[j])) sum = sum.plus(p.period[j] as number);
  }
  return sum;
}

function exactBound(ct: CompiledTarget, target: Target, d: Detail): string | null {
  switch (ct.form) {
    case "share_of_plan":
      return ct.planAmountText
        ? new Decimal(ct.planAmountText)
            .times(target.low ?? "100")
            .div(100)
            .toString()
        : (target.low ?? "100");
    case "change": {
      if (Number.isNaN(d.baseline)) return null;
      const base = new Decimal(target.baselineValue ?? d.baseline);
      const amount = new Decimal(target.low ?? "0").times(ct.sense);
      return (
        ct.changeUnit === "percent" ? base.times(amount.div(100).plus(1)) : base.plus(amount)
      ).toString();
    }
    case "milestone":
      return target.dueDate ?? null;
    case "category":
      return target.categoryValue ?? null;
    default:
      if (ct.sense === 1) return target.low ?? target.high ?? null;
      if (ct.sense === -1) return target.high ?? target.low ?? null;
      return null;
  }
}

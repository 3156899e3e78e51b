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
import {
  averageCompare,
  averageRate,
  type Band,
  type Exact,
  exact,
  fromScaled,
  growthProduct,
  judge,
  changeBound as modelChangeBound,
  requiredRate,
  toText,
  type Verdict,
} from "./model.ts";
import { POW10, scaledToString } from "./scaled.ts";
import {
  ACHIEVED,
  AT_RISK,
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
  insideBand,
  newCompiledTarget,
  pathValueAt,
} from "./target-forms.ts";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds.ts";
import type {
  AsOf,
  ClauseEvaluation,
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
  /** the exact verdict of the target model, when one was reached */
  verdict: Verdict | null;
  /** exact baseline (change targets, paths) */
  baselineExact: Exact | null;
  staleSince: number;
  /** compound targets: index of the deciding clause (−1: the first, main clause) */
  decides: number;
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
    verdict: null,
    baselineExact: null,
    staleSince: 0,
    decides: -1,
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
  d.verdict = null;
  d.baselineExact = null;
  d.staleSince = 0;
  d.decides = -1;
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
  /** compiled clauses of compound targets, by clause object */
  clauses: Map<Target, { indicator: Indicator; ct: CompiledTarget }>;
  clauseDetail: Detail;
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
    clauses: new Map(),
    clauseDetail: newDetail(),
  };
}

function compiledClause(ctx: Ctx, clause: Target, ind: Indicator): CompiledTarget {
  const hit = ctx.clauses.get(clause);
  if (hit && hit.indicator === ind) return hit.ct;
  const ct = compileTargetInto(clause, ind, ctx.today, newCompiledTarget());
  ctx.clauses.set(clause, { indicator: ind, ct });
  return ct;
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
  dispatch(ctx, s, ic, ct, d);
  const clauses = ct.source.clauses;
  if (clauses && clauses.length > 0) combineClauses(ctx, s, ic, clauses, d);
}

/** Is a status a judgement (not "no data" or "not due")? */
function judgedStatus(status: number): boolean {
  return status !== NO_DATA && status !== NOT_DUE;
}

/**
 * A compound target: every clause is judged; the verdict is the worst judged clause (all must
 * be met), and a clause that cannot be judged (no baseline) does not hide the others.
 */
function combineClauses(ctx: Ctx, s: number, ic: IndicatorCtx, clauses: Target[], d: Detail): void {
  const c = ctx.clauseDetail;
  let status = d.status;
  let decides = -1;
  let worst = d.worst;
  for (let i = 0; i < clauses.length; i++) {
    clearDetail(c);
    dispatch(ctx, s, ic, compiledClause(ctx, clauses[i] as Target, ic.indicator), c);
    if (!judgedStatus(c.status)) continue;
    if (c.worst > worst) worst = c.worst;
    if (!judgedStatus(status) || c.status > status) {
      status = c.status;
      decides = i;
    }
  }
  d.status = status;
  d.decides = decides;
  d.worst = worst;
}

function dispatch(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
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

/** The status of a closed target from its band. */
function bandStatus(band: Band): number {
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

function met(v: Verdict | null): boolean {
  return v !== null && (v.band === "achieved" || v.band === "exceeded" || v.band === "inside");
}

/** The figure as an exact decimal: the scaled integer of the planes, or decimal.js past 2^53. */
function exactFigure(ctx: Ctx, s: number, ic: IndicatorCtx, r: Reading, cumulative: boolean): Exact {
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
    else if (!ic.indicator.unit.includes("%")) {
      // never read a head count or an amount in tỷ đồng as a percent
      d.status = NO_DATA;
      note(
        d,
        `Chưa có số kế hoạch giao (${ic.indicator.unit}): không tính được tỷ lệ % kế hoạch / no plan amount in ${ic.indicator.unit}: the share of the plan cannot be computed`,
      );
      return;
    } else
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
  const v = judge(ct.model, exactFigure(ctx, s, ic, r, true), d.baselineExact, th.exceededMarginPct);
  d.verdict = v;
  const ok = met(v);
  if (d.closed) {
    d.status = v ? bandStatus(v.band) : NOT_ACHIEVED;
  } else if (ct.sense === 1) {
    // a cumulative amount does not fall back, so reaching the annual amount early counts
    d.status = ok && v ? bandStatus(v.band) : statusFromScore(d.progress - d.expected, th);
  } else {
    d.status = ok ? statusFromScore(d.expected - d.progress, th) : OFF_TRACK;
  }
}

function baselineOf(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): number {
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

  // a figure older than the cadence allows says nothing about now ("chưa có số liệu từ năm 2021")
  if (ct.multiYear && !d.closed) {
    const lag = ctx.atYear * 12 + ctx.atMonth - (r.year * 12 + r.month);
    if (lag > 12 + ic.step) {
      d.staleSince = r.year;
      d.status = NO_DATA;
      note(d, `Chưa có số liệu từ năm ${r.year} / no figure since ${r.year}`);
      return;
    }
  }
  const xe = exactFigure(ctx, s, ic, r, r.cumulative);

  if (ct.sense === 0) {
    const v = judge(ct.model, xe);
    d.verdict = v;
    const ok = met(v);
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
  const v = judge(ct.model, xe, d.baselineExact, th.exceededMarginPct);
  d.verdict = v;
  const ok = met(v);
  if (d.closed) {
    d.status = v ? bandStatus(v.band) : NOT_ACHIEVED;
    d.progress = progressOf(x, bound, base);
    return;
  }
  if (ok && v && ct.form === "level_by_year") {
    // a level met before its year is met
    d.status = bandStatus(v.band);
    d.progress = progressOf(x, bound, base);
    note(d, `Đã đạt mức của năm ${ct.endYear} / already at the ${ct.endYear} level`);
    return;
  }
  if (!Number.isNaN(base) && bound !== base) {
    // on the way: compare with the path from the baseline to the target (straight, or
    // compound for money and per-capita amounts)
    const t0 = ct.baselineYear * 12 + ct.baselineMonth;
    const t1 = ct.endYear * 12 + 12;
    const now = r.year * 12 + r.month;
    if (!Number.isNaN(t0) && t1 > t0) {
      const share = Math.min(1, Math.max(0, (now - t0) / (t1 - t0)));
      const compound =
        (ct.source.path ?? (/đồng|USD/i.test(ic.indicator.unit) ? "compound" : "straight")) === "compound" &&
        base > 0 &&
        bound > 0;
      d.pathValue = compound ? base * (bound / base) ** share : pathValueAt(base, t0, bound, t1, now);
      d.expected = Math.min(100, Math.max(0, ((d.pathValue - base) / (bound - base)) * 100));
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
  d.status = ok ? ON_TRACK : v?.band === "nearly" ? AT_RISK : statusFromScore(score, th);
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
  const rates: Exact[] = [];
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
    rates.push(fromScaled(v, ic.scale));
    worse(d, ((ctx.input.flags[j] as number) >> 2) & 3);
    k++;
    if (!first) first = y;
    last = y;
  }
  if (k === 0) {
    d.status = until < ct.startYear ? NOT_DUE : NO_DATA;
    return;
  }
  // exact: Π(1+gᵢ) against (1+g*)^k, no root taken; the shown average is floored at 10 decimals
  const product = growthProduct(rates);
  const achieved = Number(toText(averageRate(product, k, 10)));
  d.achievedSoFar = achieved;
  d.value = achieved;
  d.yearsWithData = k;
  d.firstYearWithData = first;
  d.lastYearWithData = last;
  d.valueYear = last;
  d.valueMonth = 12;
  d.bound = ct.low;
  // the years actually left after the last closed year; missing past years are named above
  const left = ct.endYear - Math.max(until, ct.startYear - 1);
  const low = ct.model.floor;
  const req = low ? requiredRate(low, product, k, left, 10) : null;
  d.stillRequired = req ? Number(toText(req)) : Number.NaN;
  if (k + left < n) {
    note(
      d,
      `Mức cần đạt tính cho ${left} năm còn lại; ${n - k - left} năm đã qua thiếu số liệu / the required rate is for the ${left} years left; ${n - k - left} past year(s) lack figures`,
    );
  }
  d.progress = ct.low > 0 ? (achieved / ct.low) * 100 : Number.NaN;
  d.expected = 100;
  d.method = METHOD_LEVEL;
  d.gap = achieved - ct.low;
  d.closed = ctx.asOfYear > ct.endYear || (ctx.asOfYear === ct.endYear && ctx.asOfMonth === 12);
  const band = averageBand(ct, product, k);
  const ok = band === "achieved" || band === "exceeded";
  d.verdict = { band, judged: averageRate(product, k, 6), unrounded: null, bound: ct.model.floor };
  if (d.closed) {
    if (k < n) note(d, `Chỉ có ${k}/${n} năm có số liệu / only ${k} of ${n} years have figures`);
    d.status = bandStatus(band);
    return;
  }
  const score =
    ct.low !== 0 ? ((achieved - ct.low) * 100) / Math.abs(ct.low) : ok ? 0 : Number.NEGATIVE_INFINITY;
  d.status = ok ? ON_TRACK : statusFromScore(score, th);
}

/**
 * The band of a compound average, exactly: the average rounded half-up to the target's
 * precision reaches g* ⇔ the average reaches g* − ½·10^−p ⇔ Π(1+gᵢ) ≥ (1 + g* − ½·10^−p)^k.
 */
function averageBand(ct: CompiledTarget, product: ReturnType<typeof growthProduct>, k: number): Band {
  const m = ct.model;
  const p = m.precision;
  const half = (x: Exact, sign: 1n | -1n): Exact => shiftHalf(x, p, sign);
  if (!m.floor) return "not_achieved";
  const floorCmp = averageCompare(product, k, half(m.floor, -1n));
  if (floorCmp < 0 || (floorCmp === 0 && !m.floorInclusive && p === null)) return "not_achieved";
  if (m.top) {
    const topCmp = averageCompare(product, k, half(m.top, 1n));
    if (p === null ? topCmp > 0 : topCmp >= 0) return "exceeded";
  }
  return "achieved";
}

/** x ± ½·10^−p, exact. */
function shiftHalf(x: Exact, p: number | null, sign: 1n | -1n): Exact {
  if (p === null) return x;
  const s = Math.max(x.s, p + 1);
  const n = x.n * 10n ** BigInt(s - x.s) + sign * 5n * 10n ** BigInt(s - p - 1);
  return { n, s };
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
  const clauses = target?.clauses;
  if (!target || !ct || !clauses || clauses.length === 0) return record(ctx, s, ic, ct, target, d);

  // a compound target: the record of the whole, then each clause on its own
  const parts: { target: Target; ct: CompiledTarget }[] = [
    { target, ct: compileTargetInto(target, ic.indicator, ctx.today, newCompiledTarget()) },
    ...clauses.map((c) => ({ target: c, ct: compiledClause(ctx, c, ic.indicator) })),
  ];
  const each = parts.map((part, i): ClauseEvaluation => {
    const cd = newDetail();
    cd.notes = [];
    dispatch(ctx, s, ic, part.ct, cd);
    const e = record(ctx, s, ic, part.ct, part.target, cd);
    return {
      form: part.target.form,
      status: e.status,
      label: e.label,
      explanation: e.explanation,
      judged: judgedStatus(cd.status),
      decides: i === d.decides + 1,
    };
  });
  const whole = record(ctx, s, ic, ct, target, d);
  const deciding = each.find((c) => c.decides);
  whole.clauses = each;
  whole.explanation = {
    vi: each
      .map(
        (c, i) =>
          `(${i + 1}) ${c.label.vi}: ${c.judged ? c.explanation.vi : `chưa đánh giá được — ${c.explanation.vi}`}`,
      )
      .concat(deciding ? [`kết luận theo vế (${each.indexOf(deciding) + 1})`] : [])
      .join("; "),
    en: each
      .map(
        (c, i) =>
          `(${i + 1}) ${c.label.en}: ${c.judged ? c.explanation.en : `cannot be judged — ${c.explanation.en}`}`,
      )
      .concat(deciding ? [`verdict from clause (${each.indexOf(deciding) + 1})`] : [])
      .join("; "),
  };
  return whole;
}

function record(
  ctx: Ctx,
  s: number,
  ic: IndicatorCtx,
  ct: CompiledTarget | undefined,
  target: Target | undefined,
  d: Detail,
): Evaluation {
  const input = ctx.input;
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

  const v = d.verdict;
  // the rounded figure is shown beside the exact one when the rounding decided the verdict
  let unrounded: string | null = null;
  if (v?.unrounded && ct) {
    const exactBand = judge({ ...ct.model, precision: null, plan: null }, v.unrounded, d.baselineExact);
    if (exactBand && exactBand.band !== v.band) unrounded = toText(v.unrounded);
  }
  const figures: Figures = {
    band: v ? v.band : null,
    judged: v ? toText(v.judged) : null,
    unrounded,
    staleSince: d.staleSince || null,
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
    label:
      v?.band === "nearly" && status === "not_achieved"
        ? basedOnEstimate
          ? { vi: "Ước xấp xỉ đạt", en: "Estimated nearly achieved" }
          : { vi: "Xấp xỉ đạt", en: "Nearly achieved" }
        : statusLabel(status, basedOnEstimate),
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
      if (!d.baselineExact) return null;
      const b = modelChangeBound(ct.model, d.baselineExact);
      return b ? toText(b) : null;
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

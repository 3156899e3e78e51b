// The full record of one series: exact figures, the verdict, the wording.
import {
  Decimal,
  decToString,
  decToTrimmed,
  type Rational,
  rat,
  ratAdd,
  ratDiv,
  ratMul,
  ratSub,
  ratToString,
} from "../decimal.ts";
import { newReading, readFlow, STATUS_ESTIMATE, slotOf } from "./actual.ts";
import { coverageCode, intToIso } from "./calendar.ts";
import {
  type Ctx,
  compiledClause,
  type Detail,
  exactFlowSum,
  type IndicatorCtx,
  judgedStatus,
  KIND_CATEGORY,
  KIND_FLOW,
  KIND_MILESTONE,
  KIND_RATIO,
  METHOD_LEVEL,
  METHOD_LINEAR,
  METHOD_PATH,
  METHOD_SEASONAL,
  METHODS,
  newDetail,
} from "./evaluators/context.ts";
import { dispatch, evaluateSeries } from "./evaluators/dispatch.ts";
import { explain } from "./explain.ts";
import { type Exact, judge, changeBound as modelChangeBound, toText } from "./model.ts";
import { scaledToString } from "./scaled.ts";
import { statusLabel, statusOfCode } from "./status.ts";
import { type CompiledTarget, compileTargetInto, newCompiledTarget } from "./target-forms.ts";
import type { ClauseEvaluation, Evaluation, Figures, ObservationStatus, Target } from "./types.ts";

export function materialize(ctx: Ctx, s: number): Evaluation {
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

export function record(
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
      actual = d.achievedExact ? ratToString(ofExact(d.achievedExact), ic.indicator.decimals + 2) : null;
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
  const gap = Number.isNaN(d.gap)
    ? null
    : actual !== null && boundText !== null && ct?.sense !== 0
      ? new Decimal(actual).minus(boundText).toString()
      : (bandGap(ct, target, d, actual) ??
        new Decimal(d.gap).toDecimalPlaces(ic.indicator.decimals + 2).toString());

  const v = d.verdict;
  // the rounded figure is shown beside the exact one when the rounding decided the verdict
  let unrounded: string | null = null;
  if (v?.unrounded && ct) {
    const exactBand = judge({ ...ct.model, precision: null, plan: null }, v.unrounded, d.baselineExact);
    if (exactBand && exactBand.band !== v.band) unrounded = toText(v.unrounded);
  }
  const derived = derivedFigures(ctx, ic, ct, target, d, actual);
  const figures: Figures = {
    band: v ? v.band : null,
    judged: v ? toText(v.judged) : null,
    unrounded,
    staleSince: d.staleSince || null,
    actual,
    actualPeriod,
    target: { low: target?.low ?? null, high: target?.high ?? null, amount: boundText },
    expected: derived.expected,
    expectedMethod: METHODS[d.method] ?? null,
    seasonalYears: d.method === METHOD_SEASONAL ? [...ctx.seasonal.years] : [],
    forecast: derived.forecast,
    progress: derived.progress,
    gap,
    sameTimeLastYear: derived.sameTimeLastYear,
    sameTimeLastYearShare: derived.sameTimeLastYearShare,
    changeVsLastYear: derived.changeVsLastYear,
    planAmount: ct?.form === "share_of_plan" ? ct.planAmountText : null,
    planAmountOriginal: ct?.form === "share_of_plan" ? ct.planAmountOriginal : null,
    baseline: Number.isNaN(d.baseline)
      ? null
      : (target?.baselineValue ?? new Decimal(d.baseline).toDecimalPlaces(ic.scale).toString()),
    achievedSoFar: derived.achievedSoFar,
    stillRequired: derived.stillRequired,
    yearsWithData: d.yearsWithData || null,
    pathValue: derived.pathValue,
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

/**
 * The gap of a band target (range_inside, approximately) from the exact figure: a flow against
 * the band's low end, a level against the nearer end it is outside (0 inside).
 */
function bandGap(
  ct: CompiledTarget | undefined,
  target: Target | undefined,
  d: Detail,
  actual: string | null,
): string | null {
  if (ct?.sense !== 0 || !target || actual === null || !/^-?\d+(\.\d+)?$/.test(actual)) return null;
  const lo = target.low ?? target.high;
  const hi = target.high ?? target.low;
  if (lo === undefined || hi === undefined) return null;
  const x = new Decimal(actual);
  if (!Number.isNaN(d.amount)) return decToString(x.minus(lo));
  if (x.lt(lo)) return decToString(x.minus(lo));
  if (x.gt(hi)) return decToString(x.minus(hi));
  return "0";
}

export const OBS_STATUS: readonly ObservationStatus[] = ["official", "preliminary", "estimate"];

export function exactActual(ctx: Ctx, s: number, ic: IndicatorCtx, d: Detail): string {
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

export function exactBound(ct: CompiledTarget, target: Target, d: Detail): string | null {
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

// ---- derived figures, exactly ---------------------------------------------------------------

/**
 * Decimals the derived figures are given to. Each is computed as an exact BigInt fraction of the
 * exact inputs (decimal.ts) and rounded once, half away from zero, trailing zeros dropped; a
 * figure that is exact in fewer digits keeps exactly those ("108", "107.5").
 * - `percent`: progress, expected, sameTimeLastYearShare: 2 decimals ("33.33");
 * - amounts in the indicator's unit (forecast, sameTimeLastYear, changeVsLastYear, pathValue,
 *   achievedSoFar, stillRequired): the indicator's decimals + 2, and never fewer than the
 *   stored figures carry, so a stored figure passes through unrounded.
 * The compound path (base × (bound ÷ base)^share) is irrational: it is computed in decimal.js to
 * 40 significant digits before the same rounding.
 */
export const DERIVED_DECIMALS = { percent: 2, unitExtra: 2 } as const;

type Derived = Pick<
  Figures,
  | "expected"
  | "forecast"
  | "progress"
  | "sameTimeLastYear"
  | "sameTimeLastYearShare"
  | "changeVsLastYear"
  | "achievedSoFar"
  | "stillRequired"
  | "pathValue"
>;

const HUNDRED: Rational = { n: 100n, d: 1n };

function ofExact(x: Exact): Rational {
  return rat(x.n, x.s);
}

/** A scaled integer of the planes (past 2^53 a sum is already approximate: read as it stands). */
function ofScaled(v: number, scale = 0): Rational {
  return Number.isSafeInteger(v)
    ? rat(v, scale)
    : (ratDiv(ofDouble(v), { n: 10n ** BigInt(scale), d: 1n }) as Rational);
}

/** A finite double read back as the decimal it was parsed from (shortest round-trip form). */
function ofDouble(x: number): Rational {
  return rat(new Decimal(x).toFixed());
}

function clamp(r: Rational, lo: bigint, hi: bigint): Rational {
  if (r.n < lo * r.d) return { n: lo, d: 1n };
  if (r.n > hi * r.d) return { n: hi, d: 1n };
  return r;
}

export function derivedFigures(
  ctx: Ctx,
  ic: IndicatorCtx,
  ct: CompiledTarget | undefined,
  target: Target | undefined,
  d: Detail,
  actual: string | null,
): Derived {
  const pct = DERIVED_DECIMALS.percent;
  const unit = Math.max(ic.indicator.decimals + DERIVED_DECIMALS.unitExtra, ic.scale);
  const str = (r: Rational | null, decimals: number) => (r === null ? null : ratToString(r, decimals));
  const multiplier = ofDouble(ic.multiplier);
  const growthForm = ct?.form === "avg_annual_growth";

  // the figure: the ratio of its components, or the exact actual
  let x: Rational | null = null;
  if (growthForm) x = d.achievedExact ? ofExact(d.achievedExact) : null;
  else if (ic.kind === KIND_RATIO && !Number.isNaN(d.numerator) && !Number.isNaN(d.denominator)) {
    const q = ratDiv(ofDouble(d.numerator), ofDouble(d.denominator));
    x = q && ratMul(q, multiplier);
  } else if (actual !== null && /^-?\d+(\.\d+)?$/.test(actual)) x = rat(actual);

  const boundText =
    ct && target ? (ct.sense === 0 ? (target.low ?? target.high ?? null) : exactBound(ct, target, d)) : null;
  const bound = boundText !== null && /^-?\d+(\.\d+)?$/.test(boundText) ? rat(boundText) : null;
  const base = d.baselineExact ? ofExact(d.baselineExact) : null;

  // progress: as the evaluator formed it (d.progressForm), from the exact operands
  let progress: Rational | null = null;
  if (Number.isFinite(d.progress) && x) {
    if (d.progressForm === 1 && bound) progress = ratDiv(x, bound);
    else if (d.progressForm === 2 && bound && base) progress = ratDiv(ratSub(x, base), ratSub(bound, base));
    else if (d.progressForm === 3 && target?.low !== undefined) progress = ratDiv(x, rat(target.low));
    if (progress) progress = ratMul(progress, HUNDRED);
  }

  // expected and the flow forecast: the share of the year (linear, seasonal) or of the path
  let expected: string | null = null;
  let forecast: Rational | null = null;
  let pathValue: string | null = null;
  if (Number.isFinite(d.expected)) {
    let share: Rational | null = null;
    if (d.method === METHOD_LINEAR) share = { n: BigInt(d.valueMonth), d: 12n };
    else if (d.method === METHOD_SEASONAL) {
      const se = ctx.seasonal;
      let sum: Rational = { n: 0n, d: 1n };
      for (let i = 0; i < se.parts.length; i++)
        sum = ratAdd(
          sum,
          ratDiv(ofScaled(se.parts[i] as number), ofScaled(se.totals[i] as number)) as Rational,
        );
      share = se.parts.length > 0 ? ratDiv(sum, rat(se.parts.length)) : null;
    } else if (d.method === METHOD_LEVEL) expected = "100";
    else if (d.method === METHOD_PATH && d.pathSpan > 0 && bound && base) {
      const along = clamp({ n: BigInt(d.pathNow), d: BigInt(d.pathSpan) }, 0n, 1n);
      if (d.pathCompound) {
        // base × (bound ÷ base)^share: irrational, 40 significant digits in decimal.js
        const b = new Decimal(toRatText(base));
        const t = new Decimal(toRatText(bound));
        const pv = b.times(t.div(b).pow(new Decimal(along.n.toString()).div(along.d.toString())));
        pathValue = decToTrimmed(pv, unit);
        const e = pv.minus(b).div(t.minus(b)).times(100);
        expected = decToTrimmed(Decimal.min(100, Decimal.max(0, e)), pct);
      } else {
        pathValue = str(ratAdd(base, ratMul(ratSub(bound, base), along)), unit);
        expected = str(ratMul(along, HUNDRED), pct);
      }
    }
    if (share) {
      expected = str(ratMul(share, HUNDRED), pct);
      if (Number.isFinite(d.forecast) && x) forecast = ratDiv(x, share);
    }
  }

  // same time last year and the change against it
  let lastYear: Rational | null = null;
  if (Number.isFinite(d.lastYear)) {
    if (!Number.isNaN(d.lastYearNumerator) && !Number.isNaN(d.lastYearDenominator)) {
      const q = ratDiv(ofDouble(d.lastYearNumerator), ofDouble(d.lastYearDenominator));
      lastYear = q && ratMul(q, multiplier);
    } else if (Number.isFinite(d.lastYearScaled)) lastYear = ofScaled(d.lastYearScaled, ic.scale);
  }
  const lastYearShare =
    Number.isFinite(d.lastYearShare) && Number.isFinite(d.lastYearTotal) && Number.isFinite(d.lastYearScaled)
      ? ratDiv(ratMul(ofScaled(d.lastYearScaled), HUNDRED), ofScaled(d.lastYearTotal))
      : null;
  const change =
    Number.isFinite(d.changeVsLastYear) && x && lastYear && !growthForm ? ratSub(x, lastYear) : null;

  return {
    expected,
    forecast: str(forecast, unit),
    progress: str(progress, pct),
    sameTimeLastYear: str(lastYear, unit),
    sameTimeLastYearShare: str(lastYearShare, pct),
    changeVsLastYear: str(change, unit),
    achievedSoFar:
      d.achievedExact && Number.isFinite(d.achievedSoFar) ? str(ofExact(d.achievedExact), unit) : null,
    stillRequired:
      d.requiredExact && Number.isFinite(d.stillRequired) ? str(ofExact(d.requiredExact), unit) : null,
    pathValue,
  };
}

/** A rational as a decimal.js operand, to 40 significant digits. */
function toRatText(r: Rational): string {
  return new Decimal(r.n.toString()).div(r.d.toString()).toString();
}

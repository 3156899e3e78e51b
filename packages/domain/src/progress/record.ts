// The full record of one series: exact figures, the verdict, the wording.
import { Decimal } from "../decimal.ts";
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
  METHOD_SEASONAL,
  METHODS,
  newDetail,
} from "./evaluators/context.ts";
import { dispatch, evaluateSeries } from "./evaluators/dispatch.ts";
import { explain } from "./explain.ts";
import { judge, changeBound as modelChangeBound, toText } from "./model.ts";
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

export const OBS_STATUS: readonly ObservationStatus[] = ["official", "preliminary", "estimate"];

export function nn(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

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

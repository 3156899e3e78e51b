import { readFlow } from "../actual.ts";
import { dueCutoff } from "../calendar.ts";
import { forecastYearEnd, linearShare, seasonalShare } from "../expected.ts";
import { judge } from "../model.ts";
import { ACHIEVED, NO_DATA, NOT_ACHIEVED, NOT_DUE, OFF_TRACK, ON_TRACK, statusFromScore } from "../status.ts";
import { bandDistancePct, type CompiledTarget, changeBound, insideBand } from "../target-forms.ts";
import {
  bandStatus,
  baselineOf,
  type Ctx,
  type Detail,
  exactFigure,
  type IndicatorCtx,
  judgedAt,
  METHOD_LINEAR,
  METHOD_SEASONAL,
  met,
  missingStatus,
  note,
  worse,
} from "./context.ts";

export function evaluateFlow(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
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
  d.lastYearScaled = se.lastYearCumulative;
  d.lastYearShare = se.lastYearShare * 100;
  d.lastYearTotal = se.lastYearTotal;
  d.progress = amount !== 0 ? (x / amount) * 100 : Number.NaN;
  d.progressForm = 1;
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

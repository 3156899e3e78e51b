import { dueCutoff } from "../calendar.ts";
import { judge } from "../model.ts";
import { ACHIEVED, AT_RISK, NO_DATA, NOT_ACHIEVED, NOT_DUE, ON_TRACK, statusFromScore } from "../status.ts";
import { bandDistancePct, type CompiledTarget, changeBound, pathValueAt } from "../target-forms.ts";
import {
  bandStatus,
  baselineOf,
  type Ctx,
  type Detail,
  exactFigure,
  type IndicatorCtx,
  judgedAt,
  KIND_GROWTH,
  lastYearContext,
  METHOD_LEVEL,
  METHOD_PATH,
  met,
  missingStatus,
  note,
  progressOf,
  readLatest,
  worse,
} from "./context.ts";

export function evaluateLevel(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
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
    d.progress = progressOf(x, bound, base, d);
    return;
  }
  if (ok && v && ct.form === "level_by_year") {
    // a level met before its year is met
    d.status = bandStatus(v.band);
    d.progress = progressOf(x, bound, base, d);
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
      d.pathNow = now - t0;
      d.pathSpan = t1 - t0;
      d.pathCompound = compound;
      d.progressForm = 2;
      d.pathValue = compound ? base * (bound / base) ** share : pathValueAt(base, t0, bound, t1, now);
      d.expected = Math.min(100, Math.max(0, ((d.pathValue - base) / (bound - base)) * 100));
      d.progress = ((x - base) / (bound - base)) * 100;
      d.method = METHOD_PATH;
      d.status = ok ? ON_TRACK : statusFromScore(d.progress - d.expected, th);
      return;
    }
  }
  d.progress = bound > 0 ? (x / bound) * 100 : Number.NaN;
  d.progressForm = 1;
  d.expected = 100;
  d.method = METHOD_LEVEL;
  const score =
    bound !== 0 ? (ct.sense * (x - bound) * 100) / Math.abs(bound) : ok ? 0 : Number.NEGATIVE_INFINITY;
  d.status = ok ? ON_TRACK : v?.band === "nearly" ? AT_RISK : statusFromScore(score, th);
}

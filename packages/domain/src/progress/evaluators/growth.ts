import { slotOf } from "../actual.ts";
import {
  averageCompare,
  averageRate,
  type Band,
  type Exact,
  fromScaled,
  growthProduct,
  requiredRate,
  toText,
} from "../model.ts";
import { NO_DATA, NOT_DUE, ON_TRACK, statusFromScore } from "../status.ts";
import type { CompiledTarget } from "../target-forms.ts";
import {
  bandStatus,
  type Ctx,
  type Detail,
  type IndicatorCtx,
  METHOD_LEVEL,
  note,
  worse,
} from "./context.ts";

export function evaluateAverageGrowth(
  ctx: Ctx,
  s: number,
  ic: IndicatorCtx,
  ct: CompiledTarget,
  d: Detail,
): void {
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
  d.achievedExact = averageRate(product, k, 10);
  const achieved = Number(toText(d.achievedExact));
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
  d.requiredExact = req;
  d.stillRequired = req ? Number(toText(req)) : Number.NaN;
  if (k + left < n) {
    note(
      d,
      `Mức cần đạt tính cho ${left} năm còn lại; ${n - k - left} năm đã qua thiếu số liệu / the required rate is for the ${left} ${left === 1 ? "year" : "years"} left; ${n - k - left === 1 ? "1 past year lacks" : `${n - k - left} past years lack`} figures`,
    );
  }
  d.progress = ct.low > 0 ? (achieved / ct.low) * 100 : Number.NaN;
  d.progressForm = 3;
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
export function averageBand(ct: CompiledTarget, product: ReturnType<typeof growthProduct>, k: number): Band {
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
export function shiftHalf(x: Exact, p: number | null, sign: 1n | -1n): Exact {
  if (p === null) return x;
  const s = Math.max(x.s, p + 1);
  const n = x.n * 10n ** BigInt(s - x.s) + sign * 5n * 10n ** BigInt(s - p - 1);
  return { n, s };
}

// ---- milestones and categories ----------------------------------------------------------------

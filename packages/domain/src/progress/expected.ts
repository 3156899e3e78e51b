import { type Planes, type Reading, readFlow } from "./actual.ts";

// Expected-to-date for flows, as a share of the year (0–1).

export function linearShare(month: number): number {
  return month / 12;
}

export interface SeasonalResult {
  share: number;
  /** the earlier years averaged, most recent first */
  years: number[];
  /** same month last year: cumulative (scaled) and its share of last year's total */
  lastYearCumulative: number;
  lastYearShare: number;
  /** last year's full-year total (scaled), when its share was taken */
  lastYearTotal: number;
  /** the scaled cumulative and full-year total of each year in `years`: the share, exactly */
  parts: number[];
  totals: number[];
}

export function newSeasonal(): SeasonalResult {
  return {
    share: Number.NaN,
    years: [],
    lastYearCumulative: Number.NaN,
    lastYearShare: Number.NaN,
    lastYearTotal: Number.NaN,
    parts: [],
    totals: [],
  };
}

/**
 * Average share of the year's total that earlier years had reached by the same month.
 * A year counts only when both its cumulative at `month` and its full-year total exist
 * (a total needs a December figure); fewer than minYears such years gives NaN.
 */
export function seasonalShare(
  p: Planes,
  series: number,
  year: number,
  month: number,
  step: number,
  minYears: number,
  maxYears: number,
  scratch: Reading,
  out: SeasonalResult,
): SeasonalResult {
  out.share = Number.NaN;
  out.years.length = 0;
  out.lastYearCumulative = Number.NaN;
  out.lastYearShare = Number.NaN;
  out.lastYearTotal = Number.NaN;
  out.parts.length = 0;
  out.totals.length = 0;
  let sum = 0;
  for (let y = year - 1; y >= p.startYear && out.years.length < maxYears; y--) {
    const total = readFlow(p, series, y, 12, step, scratch);
    if (total.month !== 12 || total.missing > 0 || !(total.value > 0)) continue;
    const t = total.value;
    const part = readFlow(p, series, y, month, step, scratch);
    if (part.month !== month || part.missing > 0) continue;
    const share = part.value / t;
    if (y === year - 1) {
      out.lastYearCumulative = part.value;
      out.lastYearShare = share;
      out.lastYearTotal = t;
    }
    out.years.push(y);
    out.parts.push(part.value);
    out.totals.push(t);
    sum += share;
  }
  if (out.years.length >= minYears) out.share = sum / out.years.length;
  if (Number.isNaN(out.lastYearCumulative)) {
    const part = readFlow(p, series, year - 1, month, step, scratch);
    if (part.month === month) out.lastYearCumulative = part.value;
  }
  return out;
}

/** Year-end forecast = cumulative actual ÷ expected share. */
export function forecastYearEnd(actual: number, share: number): number {
  return share > 0 ? actual / share : Number.NaN;
}

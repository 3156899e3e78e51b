import { MAX_SAFE } from "./scaled.ts";

/**
 * Observations of many series, pre-grouped: series s owns slots [s·months, (s+1)·months),
 * slot j is month (j mod 12) + 1 of year startYear + ⌊j / 12⌋. A figure sits in the slot of
 * the last month it covers. Values are scaled integers (see scaled.ts), NaN = no figure.
 *
 * - period: the period alone (a month of a monthly flow, a quarter of a quarterly one)
 * - ytd: cumulative from January (also every period that starts in January: Q1, H1, 9M, year)
 * - flags: bits 0–1 status of the period figure, bits 2–3 of the ytd figure
 *   (0 official, 1 preliminary, 2 estimate)
 * - numerator / denominator: ratio components, when reported
 */
export interface Planes {
  startYear: number;
  months: number;
  period: Float64Array;
  ytd: Float64Array;
  flags: Uint8Array;
  numerator?: Float64Array | undefined;
  denominator?: Float64Array | undefined;
}

export const STATUS_OFFICIAL = 0;
export const STATUS_PRELIMINARY = 1;
export const STATUS_ESTIMATE = 2;

/** Reused result of one read: no allocation per series. */
export interface Reading {
  /** scaled value (flows: cumulative), NaN when none */
  value: number;
  /** month (1–12) and year of the last figure used */
  month: number;
  year: number;
  /** worst status among the figures used (0 official … 2 estimate) */
  status: number;
  /** true when the value comes from a year-to-date figure or a sum from January */
  cumulative: boolean;
  /** months due inside the stretch that had no figure (a hole in a sum) */
  missing: number;
  /** the sum could have left the exact range of doubles: recompute with decimals */
  inexact: boolean;
}

export function newReading(): Reading {
  return { value: Number.NaN, month: 0, year: 0, status: 0, cumulative: false, missing: 0, inexact: false };
}

function reset(r: Reading): void {
  r.value = Number.NaN;
  r.month = 0;
  r.year = 0;
  r.status = 0;
  r.cumulative = false;
  r.missing = 0;
  r.inexact = false;
}

export function slotOf(p: Planes, series: number, year: number, month: number): number {
  return series * p.months + (year - p.startYear) * 12 + month - 1;
}

function inGrid(p: Planes, year: number, month: number): boolean {
  const j = (year - p.startYear) * 12 + month - 1;
  return j >= 0 && j < p.months;
}

/**
 * Cumulative flow of `year` through month `upto`: the latest ytd figure plus the period
 * figures after it. Stops at the last month with a figure, so a late month is "not yet
 * reported", not zero. `step` is the reporting cadence in months.
 */
export function readFlow(
  p: Planes,
  series: number,
  year: number,
  upto: number,
  step: number,
  r: Reading,
): Reading {
  reset(r);
  if (upto < 1 || !inGrid(p, year, 1)) return r;
  const last = Math.min(upto, 12, p.months - (year - p.startYear) * 12);
  const base = slotOf(p, series, year, 1);
  const { period, ytd, flags } = p;
  let cum = 0;
  let sumAbs = 0;
  let have = false;
  let status = 0;
  let pending = 0;
  let missing = 0;
  let lastMonth = 0;
  for (let m = 1; m <= last; m++) {
    const j = base + m - 1;
    const y = ytd[j] as number;
    const v0 = period[j] as number;
    // an official figure is never shadowed by an estimate covering the same months: a 9-month
    // estimate gives way to official monthly figures from January through September, every one
    // due present (issue #13 item 6)
    const ytdWorse =
      !Number.isNaN(y) &&
      !Number.isNaN(v0) &&
      pending === 0 &&
      missing === 0 &&
      Math.max(status, (flags[j] as number) & 3) < (((flags[j] as number) >> 2) & 3);
    if (!Number.isNaN(y) && !ytdWorse) {
      cum = y;
      sumAbs = y < 0 ? -y : y;
      status = ((flags[j] as number) >> 2) & 3;
      have = true;
      lastMonth = m;
      missing = 0;
      pending = 0;
      continue;
    }
    const v = period[j] as number;
    if (!Number.isNaN(v)) {
      cum += v;
      sumAbs += v < 0 ? -v : v;
      const s = (flags[j] as number) & 3;
      if (s > status) status = s;
      have = true;
      lastMonth = m;
      missing += pending;
      pending = 0;
    } else if (m % step === 0) {
      pending++;
    }
  }
  if (!have) return r;
  r.value = cum;
  r.month = lastMonth;
  r.year = year;
  r.status = status;
  r.cumulative = true;
  r.missing = missing;
  r.inexact = sumAbs > MAX_SAFE;
  return r;
}

/**
 * Latest level between (fromYear, fromMonth) and (toYear, toMonth): stocks, rates and
 * categories. `ytdOnly` is for growth rates, which count only for a cumulative period
 * (a quarter-alone rate is a different figure from the 9-month rate).
 */
export function readLevel(
  p: Planes,
  series: number,
  fromYear: number,
  fromMonth: number,
  toYear: number,
  toMonth: number,
  ytdOnly: boolean,
  r: Reading,
): Reading {
  reset(r);
  let hi = (toYear - p.startYear) * 12 + toMonth - 1;
  let lo = (fromYear - p.startYear) * 12 + fromMonth - 1;
  if (hi >= p.months) hi = p.months - 1;
  if (lo < 0) lo = 0;
  const base = series * p.months;
  const { period, ytd, flags } = p;
  for (let j = hi; j >= lo; j--) {
    const k = base + j;
    const y = ytd[k] as number;
    if (!Number.isNaN(y)) {
      return fill(r, p, j, y, ((flags[k] as number) >> 2) & 3, true);
    }
    if (!ytdOnly) {
      const v = period[k] as number;
      if (!Number.isNaN(v)) return fill(r, p, j, v, (flags[k] as number) & 3, false);
    }
  }
  return r;
}

/**
 * Latest ratio from its components, falling back to the reported ratio when none. The
 * result is on the same scale as reported values (× pow) but not an integer.
 */
export function readRatio(
  p: Planes,
  series: number,
  fromYear: number,
  fromMonth: number,
  toYear: number,
  toMonth: number,
  multiplier: number,
  pow: number,
  r: Reading,
  components: { numerator: number; denominator: number },
): Reading {
  components.numerator = Number.NaN;
  components.denominator = Number.NaN;
  const num = p.numerator;
  const den = p.denominator;
  if (num && den) {
    reset(r);
    let hi = (toYear - p.startYear) * 12 + toMonth - 1;
    let lo = (fromYear - p.startYear) * 12 + fromMonth - 1;
    if (hi >= p.months) hi = p.months - 1;
    if (lo < 0) lo = 0;
    const base = series * p.months;
    for (let j = hi; j >= lo; j--) {
      const a = num[base + j] as number;
      const b = den[base + j] as number;
      if (!Number.isNaN(a) && !Number.isNaN(b) && b !== 0) {
        components.numerator = a;
        components.denominator = b;
        const f = p.flags[base + j] as number;
        return fill(r, p, j, (a / b) * multiplier * pow, Math.max(f & 3, (f >> 2) & 3), false);
      }
    }
  }
  return readLevel(p, series, fromYear, fromMonth, toYear, toMonth, false, r);
}

function fill(r: Reading, p: Planes, j: number, value: number, status: number, cumulative: boolean): Reading {
  r.value = value;
  r.year = p.startYear + Math.floor(j / 12);
  r.month = (j % 12) + 1;
  r.status = status;
  r.cumulative = cumulative;
  return r;
}

/** The value in one slot (either plane), NaN when none. */
export function valueAt(p: Planes, series: number, year: number, month: number): number {
  if (!inGrid(p, year, month)) return Number.NaN;
  const k = slotOf(p, series, year, month);
  const y = p.ytd[k] as number;
  return !Number.isNaN(y) ? y : (p.period[k] as number);
}

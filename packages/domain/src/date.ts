// Calendar dates as ISO strings ("YYYY-MM-DD"): no Date objects, no time zones, no clock.

import { pad2 } from "./parse-text.ts";

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1000 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds an ISO date; throws RangeError when the date does not exist (31/2, month 13). */
export function isoDate(year: number, month: number, day: number): string {
  if (!isValidYmd(year, month, day)) throw new RangeError(`No such date: ${day}/${month}/${year}`);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Like isoDate, but returns null for a date that does not exist. */
export function tryIsoDate(year: number, month: number, day: number): string | null {
  return isValidYmd(year, month, day) ? isoDate(year, month, day) : null;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseIsoDate(value: string): CalendarDate {
  const m = ISO_DATE.exec(value);
  const date = m && { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!date || !isValidYmd(date.year, date.month, date.day)) {
    throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
  return date;
}

export function endOfMonth(year: number, month: number): string {
  return isoDate(year, month, daysInMonth(year, month));
}

/** Adds calendar months; the day is clamped to the target month (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(dateIso: string, months: number): string {
  const { year, month, day } = parseIsoDate(dateIso);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addDays(dateIso: string, days: number): string {
  const { year, month, day } = parseIsoDate(dateIso);
  return fromDayNumber(toDayNumber(year, month, day) + days);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const x = parseIsoDate(a);
  const y = parseIsoDate(b);
  return toDayNumber(y.year, y.month, y.day) - toDayNumber(x.year, x.month, x.day);
}

/** ISO dates compare correctly as strings; this also validates them. */
export function compareIsoDates(a: string, b: string): number {
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2024-03-05" → "05/03/2024", the Vietnamese way. */
export function formatDateVi(dateIso: string): string {
  const { year, month, day } = parseIsoDate(dateIso);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** "5/3/2024", "05-03-2024", "05.03.2024" (day first) → "2024-03-05"; null otherwise. */
export function parseDateVi(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$/.exec(text);
  return m ? tryIsoDate(Number(m[4]), Number(m[3]), Number(m[1])) : null;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The calendar date in Vietnam (UTC+7, no daylight saving) at an instant: what "today" means
 * for a deadline, a report or a future period, whatever the server's time zone. 00:30 in Hà Nội
 * on the 1st is already the 1st, though UTC still says the 30th or 31st.
 */
export function vietnamDate(at: Date | string | number = Date.now()): string {
  return new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

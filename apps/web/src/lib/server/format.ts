import {
  describeTarget,
  formatDateVi,
  formatNumberEn,
  formatNumberVi,
  formatPeriodEn,
  formatPeriodVi,
  parsePeriod,
  type TargetText,
  vietnamDate,
} from "@chitieu/domain";
import type { Lang } from "$lib/i18n";

// Numbers, dates and periods as the reader expects them, formatted on the server with the
// domain's functions (the browser never needs the domain package).

export function num(lang: Lang, value: string | number | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || value === "") return "–";
  const v = typeof value === "number" ? (Number.isFinite(value) ? value : null) : value;
  if (v === null) return "–";
  return lang === "en" ? formatNumberEn(v, decimals) : formatNumberVi(v, decimals);
}

export function withUnit(text: string, unit: string): string {
  if (text === "–" || !unit) return text;
  return unit.startsWith("%") ? `${text}${unit}` : `${text} ${unit}`;
}

export function date(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return "–";
  const day = iso.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return iso;
  return lang === "en" ? day : formatDateVi(day);
}

/** Today's date in Vietnam (UTC+7), "2024-11-22". */
export function today(): string {
  return vietnamDate();
}

/** A document as the lists name it: "12/NQ-HĐND · title", or the title alone. */
export function documentName(d: { number: string | null; title_vi: string }): string {
  return `${d.number ? `${d.number} · ` : ""}${d.title_vi}`;
}

/** "22/11/2024 15:30" (Vietnam time), "2024-11-22 15:30" in English. */
export function dateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const local = new Date(d.getTime() + 7 * 3600_000).toISOString();
  const day = local.slice(0, 10);
  return `${lang === "en" ? day : formatDateVi(day)} ${local.slice(11, 16)}`;
}

export function period(lang: Lang, code: string | null | undefined): string {
  if (!code) return "–";
  const p = parsePeriod(code);
  if (!p) return code;
  return lang === "en" ? formatPeriodEn(p) : formatPeriodVi(p);
}

/** A target in words; `direction` is the indicator's (a change reads "giảm" or "tăng" by it). */
export function target(
  lang: Lang,
  t: Omit<TargetText, "direction">,
  unit: string,
  direction: string | null,
): string {
  return describeTarget({ ...t, direction }, unit, lang);
}

export function isPeriod(code: string): boolean {
  return parsePeriod(code) !== null;
}

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
export function documentName(d: { number: string | null; titleVi: string }): string {
  return `${d.number ? `${d.number} · ` : ""}${d.titleVi}`;
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

/** A target as the API spells it (camelCase). */
export interface TargetWords {
  form: string;
  low: string | null;
  high: string | null;
  lowInclusive: boolean;
  highInclusive: boolean;
  tolerance?: string | null;
  changeUnit?: string | null;
  baselinePeriod?: string | null;
  categoryValue?: string | null;
  dueDate?: string | null;
  period?: string | null;
}

/** A target in words; `direction` is the indicator's (a change reads "giảm" or "tăng" by it). */
export function target(lang: Lang, t: TargetWords, unit: string, direction: string | null): string {
  const words: TargetText = {
    form: t.form,
    low: t.low,
    high: t.high,
    low_inclusive: t.lowInclusive,
    high_inclusive: t.highInclusive,
    tolerance: t.tolerance ?? null,
    change_unit: t.changeUnit ?? null,
    baseline_period: t.baselinePeriod ?? null,
    category_value: t.categoryValue ?? null,
    due_date: t.dueDate ?? null,
    period: t.period ?? null,
    direction,
  };
  return describeTarget(words, unit, lang);
}

export function isPeriod(code: string): boolean {
  return parsePeriod(code) !== null;
}

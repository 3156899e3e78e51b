import { formatNumberEn, formatNumberVi, formatPeriodEn, formatPeriodVi, parsePeriod } from "@chitieu/domain";
import type { ChartLang } from "./types.ts";

// Thin wrappers over the domain's formatters so every label on a chart reads the way the page does.

/** A number in the reader's convention; floats from the engine are cleaned of binary noise first. */
export function num(value: number | string, lang: ChartLang, decimals?: number): string {
  const v = typeof value === "number" ? Number(value.toPrecision(12)) : value;
  return lang === "vi" ? formatNumberVi(v, decimals) : formatNumberEn(v, decimals);
}

export function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit.startsWith("%") ? `${text}${unit}` : `${text} ${unit}`;
}

export function periodLabel(code: string, lang: ChartLang): string {
  const p = parsePeriod(code);
  if (!p) return code;
  return lang === "vi" ? formatPeriodVi(p) : formatPeriodEn(p);
}

/** Short labels for a crowded axis: "T3/2024", "Q1/2024", "6T/2024", "9T/2024", "2024". */
export function shortPeriodLabel(code: string, lang: ChartLang): string {
  const p = parsePeriod(code);
  if (!p) return code;
  const vi = lang === "vi";
  switch (p.kind) {
    case "month":
      return vi ? `T${p.index}/${p.year}` : `${p.index}/${p.year}`;
    case "quarter":
      return `Q${p.index}/${p.year}`;
    case "half":
      return vi ? `6T/${p.year}` : `H${p.index}/${p.year}`;
    case "nine_months":
      return vi ? `9T/${p.year}` : `9M/${p.year}`;
    default:
      return lang === "vi" ? formatPeriodVi(p).replace(/^Năm /, "") : formatPeriodEn(p);
  }
}

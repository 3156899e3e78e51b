// Internal helpers of the period, date and deadline parsers. Not exported from index.
import { foldDiacritics } from "./text.ts";

/**
 * Lower case, no diacritics, one space, every dash as "-", no spaces around "/" and "-", no
 * trailing punctuation: "Quý  III / 2024." → "quy iii/2024", "2021 – 2025" → "2021-2025".
 */
export function foldForParse(text: string): string {
  return foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\s\u00a0\u2007\u202f]+/g, " ")
    .replace(/ ?([/-]) ?/g, "$1")
    .replace(/ ?, ?/g, ", ")
    .trim()
    .replace(/[\s.;:,]+$/, "");
}

export const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** "iii" or "3" → 3, for quarter numbers; null otherwise. */
export function quarterNumber(token: string): number | null {
  const n = ROMAN[token] ?? (/^[1-4]$/.test(token) ? Number(token) : null);
  return n ?? null;
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

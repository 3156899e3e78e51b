// Numbers as people type them in Vietnamese and English spreadsheets. Values stay exact decimal
// strings; a JS float never carries a figure.
//
// Canonical value: optional "-", integer digits without leading zeros, then "." and the fraction
// digits exactly as written ("58,920" → "58.920", "7,50" → "7.50"): the digits written are part
// of what the source said, and trailing zeros can be dropped later but not recovered. Zero is
// never negative. An exponent ("1,5E+05", as Excel sometimes exports) is expanded.

import { type Decimal, type DecimalInput, dec, decToFixed, decToString } from "./decimal.ts";

export type NumberConvention = "comma_decimal" | "dot_decimal" | "unknown";

export type ParseDecimalError = "empty" | "dash" | "not_a_number" | "ambiguous";

export type ParsedDecimal =
  | { ok: true; value: string; percent: boolean }
  | {
      ok: false;
      code: ParseDecimalError;
      raw: string;
      /** English, for logs; users see the catalog text for `code`. */
      message: string;
      /** for "ambiguous": the two readings, decimal first ("7.500", "7500") */
      candidates?: [string, string];
    };

/** What one value says about its file's convention. */
export type NumberEvidence = "comma_decimal" | "dot_decimal" | "neutral" | "invalid";

type Separator = "." | "," | " ";

interface Reading {
  value: string;
  decimal?: Separator;
  group?: Separator;
}

type BodyResult = Reading | { ambiguous: [string, string] } | null;

const SPACE = /[\s\u00a0\u2007\u2009\u202f]+/g;
const DASH_ONLY = /^[-\u2010-\u2015\u2212]+$/;
const MINUS = /^[-\u2013\u2212]/;

/** One value's evidence: "7,5" → comma, "1.234.567" → comma, "7.5" → dot, "7.500" or "12" → neutral. */
export function classifyNumberText(raw: string): NumberEvidence {
  // the usual cell, "1234" or "7.5", without the general reading
  if (PLAIN_INT.test(raw)) return "neutral";
  const plain = PLAIN_FRACTION.exec(raw);
  if (plain) {
    if (eitherReading(plain[2] as string, plain[4] as string)) return "neutral";
    return plain[3] === "," ? "comma_decimal" : "dot_decimal";
  }
  const parts = splitAffixes(raw);
  if (!parts) return "invalid";
  const r = readBody(parts.body, "unknown");
  if (r === null) return "invalid";
  if ("ambiguous" in r) return "neutral";
  if (r.decimal === ",") return "comma_decimal";
  if (r.decimal === ".") return "dot_decimal";
  if (r.group === ".") return "comma_decimal";
  if (r.group === ",") return "dot_decimal";
  return "neutral";
}

export function numberConventionEvidence(samples: readonly string[]): Record<NumberEvidence, number> {
  const counts: Record<NumberEvidence, number> = { comma_decimal: 0, dot_decimal: 0, neutral: 0, invalid: 0 };
  for (const s of samples) {
    if (s.trim() === "" || DASH_ONLY.test(s.trim())) continue;
    counts[classifyNumberText(s)]++;
  }
  return counts;
}

/**
 * The convention of a whole column. Unknown when no value decides it or when values contradict
 * each other: the caller must then ask, never guess.
 */
export function detectNumberConvention(samples: readonly string[]): NumberConvention {
  const e = numberConventionEvidence(samples);
  if (e.comma_decimal > 0 && e.dot_decimal === 0) return "comma_decimal";
  if (e.dot_decimal > 0 && e.comma_decimal === 0) return "dot_decimal";
  return "unknown";
}

/**
 * Reads one cell. "-" or "–" alone is an explicit dash (no value); "%" before or after sets
 * `percent` (the value is not divided); a sign (+, -, −, –) or parentheses make it negative;
 * spaces and non-breaking spaces group thousands. With convention "unknown", a value readable
 * two ways ("7.500") is "ambiguous".
 */
export function parseDecimal(raw: string, convention: NumberConvention): ParsedDecimal {
  const plain = plainNumber(raw, convention);
  if (plain !== null) return { ok: true, value: plain, percent: false };
  const trimmed = raw.replace(SPACE, " ").trim();
  if (trimmed === "") return fail("empty", raw, "empty cell");
  if (DASH_ONLY.test(trimmed)) return fail("dash", raw, "dash: explicitly no value");
  const parts = splitAffixes(raw);
  if (!parts) return fail("not_a_number", raw, "not a number");
  const r = readBody(parts.body, convention);
  if (r === null) {
    const hint = convention === "unknown" ? "" : ` in the ${convention} convention`;
    return fail("not_a_number", raw, `not a number${hint}`);
  }
  if ("ambiguous" in r) {
    const [a, b] = r.ambiguous.map((v) => signed(v, parts.negative)) as [string, string];
    return { ok: false, code: "ambiguous", raw, message: `could be ${a} or ${b}`, candidates: [a, b] };
  }
  return { ok: true, value: signed(r.value, parts.negative), percent: parts.percent };
}

// "-1234" and, in a known convention, "-1234.5" or "-1234,5": most cells of most files. Read here
// directly (a regular expression and a slice) with the same result as the general path below.
const PLAIN_INT = /^-?\d+$/;
const PLAIN_FRACTION = /^(-?)(\d+)([.,])(\d+)$/;

function plainNumber(raw: string, convention: NumberConvention): string | null {
  if (PLAIN_INT.test(raw)) {
    const negative = raw.charCodeAt(0) === 45;
    return signed(canonicalInt(negative ? raw.slice(1) : raw), negative);
  }
  if (convention === "unknown") return null;
  const m = PLAIN_FRACTION.exec(raw);
  if (!m || m[3] !== (convention === "dot_decimal" ? "." : ",")) return null;
  return signed(`${canonicalInt(m[2] as string)}.${m[4]}`, m[1] === "-");
}

function fail(code: ParseDecimalError, raw: string, message: string): ParsedDecimal {
  return { ok: false, code, raw, message };
}

function signed(value: string, negative: boolean): string {
  return negative && /[1-9]/.test(value) ? `-${value}` : value;
}

/** Strips sign, parentheses and "%"; what is left must be digits, separators and an exponent. */
function splitAffixes(raw: string): { body: string; negative: boolean; percent: boolean } | null {
  let s = raw.replace(SPACE, " ").trim();
  let negative = false;
  let percent = false;
  if (/^\(.*\)$/.test(s)) {
    s = s.slice(1, -1).trim();
    negative = true;
  }
  if (s.endsWith("%")) {
    s = s.slice(0, -1).trim();
    percent = true;
  } else if (s.startsWith("%")) {
    s = s.slice(1).trim();
    percent = true;
  }
  if (MINUS.test(s) || s.startsWith("+")) {
    if (negative && MINUS.test(s)) return null;
    negative = negative || MINUS.test(s);
    s = s.slice(1).trim();
  }
  if (!percent && s.endsWith("%")) {
    s = s.slice(0, -1).trim();
    percent = true;
  }
  return /^[0-9., ]*[0-9][0-9., ]*(?:e[+-]?\d+)?$/i.test(s) ? { body: s, negative, percent } : null;
}

function readBody(body: string, convention: NumberConvention): BodyResult {
  const exp = /^(.*?)e([+-]?\d+)$/i.exec(body);
  if (exp) return readExponent(exp[1] ?? "", exp[2] ?? "0", convention);
  const decimal = decimalSeparator(body, convention);
  if (decimal === "ambiguous") {
    const [int = "", frac = ""] = body.split(/[.,]/);
    return { ambiguous: [`${canonicalInt(int)}.${frac}`, canonicalInt(int + frac)] };
  }
  return readWith(body, decimal);
}

/** Which character is the decimal separator, or null for an integer. */
function decimalSeparator(body: string, convention: NumberConvention): Separator | null | "ambiguous" {
  if (convention === "comma_decimal") return body.includes(",") ? "," : null;
  if (convention === "dot_decimal") return body.includes(".") ? "." : null;
  const lastDot = body.lastIndexOf(".");
  const lastComma = body.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? "." : ",";
  const sep = lastDot >= 0 ? "." : lastComma >= 0 ? "," : null;
  if (sep === null) return null;
  const pieces = body.split(sep);
  if (pieces.length > 2) return null; // repeated: it groups thousands
  const [int = "", frac = ""] = pieces;
  return eitherReading(int, frac) ? "ambiguous" : sep;
}

/**
 * "7.500": thousands or decimal? Only a leading group of 1–3 digits (not "0") and exactly three
 * digits after one separator could be either.
 */
function eitherReading(int: string, frac: string): boolean {
  return /^[1-9]\d{0,2}$/.test(int) && /^\d{3}$/.test(frac);
}

function readWith(body: string, decimal: Separator | null): Reading | null {
  const pieces = decimal ? body.split(decimal) : [body];
  if (pieces.length > 2) return null;
  const [intRaw = "", frac] = pieces;
  if (frac !== undefined && !/^\d+$/.test(frac)) return null;
  const int = readGroupedInt(intRaw, frac !== undefined);
  if (!int) return null;
  const value = frac === undefined ? int.digits : `${int.digits}.${frac}`;
  const reading: Reading = { value };
  if (decimal) reading.decimal = decimal;
  if (int.group) reading.group = int.group;
  return reading;
}

/** "1.234.567" → 1234567 with group "."; a leading group of 1–3 digits, then groups of 3. */
function readGroupedInt(s: string, hasFraction: boolean): { digits: string; group?: Separator } | null {
  if (s === "") return hasFraction ? { digits: "0" } : null;
  if (/^\d+$/.test(s)) return { digits: canonicalInt(s) };
  const group = /[., ]/.exec(s)?.[0] as Separator;
  const groups = s.split(group);
  const ok = /^[1-9]\d{0,2}$/.test(groups[0] ?? "") && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  return ok ? { digits: canonicalInt(groups.join("")), group } : null;
}

function readExponent(mantissa: string, exponent: string, convention: NumberConvention): BodyResult {
  if (!/^\d*[.,]?\d*$/.test(mantissa)) return null; // a mantissa has no thousands groups
  const sep = /[.,]/.exec(mantissa)?.[0] as Separator | undefined;
  const expected = convention === "comma_decimal" ? "," : convention === "dot_decimal" ? "." : sep;
  if (sep && sep !== expected) return null;
  const r = readWith(mantissa, sep ?? null);
  return r && { ...r, value: decToString(dec(`${r.value}e${exponent}`)) };
}

function canonicalInt(digits: string): string {
  return digits.replace(/^0+(?=\d)/, "");
}

// ---- formatting ------------------------------------------------------------------------------

/**
 * "1234567.89" → "1.234.567,89". Without `decimals` the digits are kept exactly (a string
 * "7.50" stays "7,50"); with `decimals`, rounded half away from zero.
 */
export function formatNumberVi(value: DecimalInput, decimals?: number): string {
  return formatWith(value, decimals, ".", ",");
}

/** "7.5" → "7,5%"; the value is already in percent. */
export function formatPercentVi(value: DecimalInput, decimals?: number): string {
  return `${formatNumberVi(value, decimals)}%`;
}

/** "1234567.89" → "1,234,567.89". */
export function formatNumberEn(value: DecimalInput, decimals?: number): string {
  return formatWith(value, decimals, ",", ".");
}

function formatWith(value: DecimalInput, decimals: number | undefined, group: string, point: string): string {
  const plain = plainDecimal(value, decimals);
  const negative = plain.startsWith("-");
  const [int = "", frac] = (negative ? plain.slice(1) : plain).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, group);
  return `${negative ? "-" : ""}${grouped}${frac === undefined ? "" : point + frac}`;
}

function plainDecimal(value: DecimalInput, decimals: number | undefined): string {
  if (decimals !== undefined && (!Number.isInteger(decimals) || decimals < 0 || decimals > 20)) {
    throw new RangeError(`decimals must be an integer 0–20, got ${decimals}`);
  }
  if (decimals !== undefined) return decToFixed(dec(value), decimals);
  if (typeof value === "string" && /^[+-]?\d+(\.\d+)?$/.test(value.trim())) {
    const s = value.trim().replace(/^\+/, "");
    const neg = s.startsWith("-") && /[1-9]/.test(s);
    return (neg ? "-" : "") + s.replace(/^-/, "").replace(/^0+(?=\d)/, "");
  }
  return decToString(dec(value as string | number | Decimal));
}

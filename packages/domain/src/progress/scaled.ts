// Exact decimals as scaled integers held in doubles: "17700.5" at scale 2 is 1770050.
// Integers below 2^53 add exactly, so sums of flows stay exact without decimal.js or BigInt
// in the hot loop; callers check the running sum of magnitudes against MAX_SAFE and fall
// back to decimal.js when a series could leave that range.

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export function fractionDigits(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** The exact scaled integer of a dot-decimal string; throws when it cannot be exact. */
export function toScaled(value: string, scale: number): number {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new RangeError(`not a dot-decimal number: "${value}"`);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > scale) throw new RangeError(`"${value}" has more than ${scale} decimals`);
  const digits = (m[2] ?? "0") + frac.padEnd(scale, "0");
  const n = Number(digits);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`"${value}" has too many significant digits to be exact`);
  return m[1] && n !== 0 ? -n : n;
}

/**
 * A figure written with more than 15 significant digits that ends in a run of 0s or 9s and a
 * last digit or three ("25960.000000000004", "7.099999999999999645") carries the binary
 * floating-point residue of a spreadsheet: Excel keeps 15 significant digits, so the digits
 * past them say nothing. A long figure without that pattern is kept as written. Returns the figure at 15 significant digits ("25960"), or null
 * when the value is not such an artefact. Callers note the reading: nothing is silent.
 */
export function spreadsheetArtefact(value: string): string | null {
  // 16 characters hold at most 15 digits beside a dot (16 without one: then no fraction)
  if (value.length <= 16) return null;
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  const significant = `${m[2] ?? ""}${m[3] ?? ""}`.replace(/^0+/, "").replace(/0+$/, "");
  // the residue looks like one: a run of six or more 0s or 9s, then at most three digits
  if (significant.length <= 15 || !m[3] || !/(0{6,}|9{6,})\d{1,3}$/.test(m[3])) return null;
  const fixed = Number(value).toPrecision(15);
  if (/e/i.test(fixed)) return null;
  const clean = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  return clean === "-0" ? "0" : clean;
}

/** Exact decimal string of a scaled integer ("1770050", 2 → "17700.5"). */
export function scaledToString(n: number, scale: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an exact scaled integer: ${n}`);
  const neg = n < 0;
  let digits = String(neg ? -n : n);
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    const int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && digits !== "0" ? `-${digits}` : digits;
}

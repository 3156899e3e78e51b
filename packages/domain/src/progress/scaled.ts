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

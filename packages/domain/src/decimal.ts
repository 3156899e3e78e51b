// The project's one exact decimal type. A configured clone, so that other users of decimal.js in
// the same process keep their own settings. ROUND_HALF_UP in decimal.js rounds half away from zero.
import DecimalJs from "decimal.js";

export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = DecimalJs;

export type DecimalInput = string | number | Decimal;

/** Exact decimal from a string, a finite number (by its shortest decimal form) or a Decimal. */
export function dec(x: DecimalInput): Decimal {
  if (typeof x === "number" && !Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  try {
    return new Decimal(typeof x === "string" ? x.trim() : x);
  } catch {
    throw new RangeError(`Not a decimal number: ${JSON.stringify(String(x))}`);
  }
}

/** Plain decimal notation, never an exponent, never "-0". */
export function decToString(d: Decimal): string {
  if (!d.isFinite()) throw new RangeError(`Not a finite decimal: ${d.toString()}`);
  return unsignZero(d.toFixed());
}

/** Rounded to `decimals` places, half away from zero, in plain notation. */
export function decToFixed(d: Decimal, decimals: number): string {
  if (!d.isFinite()) throw new RangeError(`Not a finite decimal: ${d.toString()}`);
  return unsignZero(d.toFixed(decimals, Decimal.ROUND_HALF_UP));
}

function unsignZero(s: string): string {
  return /^-[0.]+$/.test(s) ? s.slice(1) : s;
}

// ---- exact ratios ---------------------------------------------------------------------------
// Derived figures (progress against a target, change from a year earlier, a forecast) are
// quotients of exact decimals. They are computed here as BigInt fractions and leave the domain
// as decimal STRINGS rounded once, half away from zero, to a stated number of decimals, with
// trailing zeros dropped: 108 ÷ 100 × 100 is "108", 43 ÷ 40 × 100 is "107.5", 1 ÷ 3 × 100 at
// 2 decimals is "33.33". No binary floating point takes part, so "107.99999999999999" cannot
// occur.

/** An exact rational n ÷ d, d > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

const RAT_DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

/** Exact rational of a dot-decimal string ("-17.25"), a bigint, or a scaled integer n ÷ 10^s. */
export function rat(x: string | bigint | number, scale = 0): Rational {
  if (typeof x === "bigint") return norm(x, 10n ** BigInt(scale));
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new RangeError(`not an exact integer: ${x}`);
    return norm(BigInt(x), 10n ** BigInt(scale));
  }
  const m = RAT_DECIMAL.exec(x.trim());
  if (!m) throw new RangeError(`Not a decimal number: ${JSON.stringify(x)}`);
  const frac = m[3] ?? "";
  const n = BigInt((m[2] ?? "0") + frac);
  return norm(m[1] ? -n : n, 10n ** BigInt(frac.length + scale));
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function norm(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export function ratAdd(a: Rational, b: Rational): Rational {
  return norm(a.n * b.d + b.n * a.d, a.d * b.d);
}
export function ratSub(a: Rational, b: Rational): Rational {
  return norm(a.n * b.d - b.n * a.d, a.d * b.d);
}
export function ratMul(a: Rational, b: Rational): Rational {
  return norm(a.n * b.n, a.d * b.d);
}
/** a ÷ b; null when b is zero (a ratio against a zero target has no value). */
export function ratDiv(a: Rational, b: Rational): Rational | null {
  return b.n === 0n ? null : norm(a.n * b.d, a.d * b.n);
}
export function ratCmp(a: Rational, b: Rational): number {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}
export function ratSign(a: Rational): number {
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}

/**
 * The decimal string of a rational rounded half away from zero to at most `decimals` places,
 * trailing zeros dropped, never an exponent, never "-0": 1079999/10000 at 2 → "108";
 * 215/2 → "107.5"; −1/8 at 2 → "-0.13"; −1/1000 at 2 → "0".
 */
export function ratToString(r: Rational, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`bad decimals: ${decimals}`);
  const neg = r.n < 0n;
  const a = (neg ? -r.n : r.n) * 10n ** BigInt(decimals);
  // half away from zero on the magnitude: floor((2a + d) / 2d)
  const q = (2n * a + r.d) / (2n * r.d);
  let digits = q.toString();
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, "0");
    const int = digits.slice(0, digits.length - decimals);
    const frac = digits.slice(digits.length - decimals).replace(/0+$/, "");
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && q !== 0n ? `-${digits}` : digits;
}

/** A Decimal (an irrational quantity computed to 40 significant digits) at `decimals`, trimmed. */
export function decToTrimmed(d: Decimal, decimals: number): string {
  const s = decToFixed(d, decimals);
  return s.includes(".") ? unsignZero(s.replace(/0+$/, "").replace(/\.$/, "")) : s;
}

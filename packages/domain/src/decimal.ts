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

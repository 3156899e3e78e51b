import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ratToString } from "../decimal.ts";
import { evaluate } from "./evaluate.ts";
import type { Indicator, Observation, Target } from "./types.ts";

// Issue #17 item 4: the derived figures (progress, expected, forecast, change on a year earlier,
// same time last year) leave the domain as exact decimal strings, rounded once, half away from
// zero, to 2 decimals (percents) or the indicator's decimals + 2 (amounts), trailing zeros
// dropped. The oracle below is independent of the code's arithmetic: it works on the digit
// strings as BigInt scaled integers and rounds by hand, sharing nothing with decimal.ts.

/** "-12.345" → { n: -12345n, s: 3 } */
function scaled(text: string): { n: bigint; s: number } {
  const neg = text.startsWith("-");
  const [int = "", frac = ""] = (neg ? text.slice(1) : text).split(".");
  const n = BigInt(int + frac);
  return { n: neg ? -n : n, s: frac.length };
}

/** a ÷ b (integers, b ≠ 0) at `decimals`, half away from zero, trailing zeros dropped. */
function oracleQuotient(a: bigint, b: bigint, decimals: number): string {
  const neg = a < 0n !== b < 0n && a !== 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  const scaledUp = x * 10n ** BigInt(decimals);
  let q = scaledUp / y;
  const r = scaledUp % y;
  if (r * 2n >= y) q += 1n; // a remainder of half or more goes away from zero
  if (q === 0n) return "0";
  const digits = q.toString().padStart(decimals + 1, "0");
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** p ÷ q × m for decimal strings, at `decimals`. */
function oracleRatio(p: string, q: string, m: bigint, decimals: number): string | null {
  const a = scaled(p);
  const b = scaled(q);
  if (b.n === 0n) return null;
  // (a.n / 10^a.s) / (b.n / 10^b.s) × m = a.n × 10^b.s × m / (b.n × 10^a.s)
  return oracleQuotient(a.n * 10n ** BigInt(b.s) * m, b.n * 10n ** BigInt(a.s), decimals);
}

/** p − q for decimal strings, exactly, trailing zeros dropped. */
function oracleDifference(p: string, q: string): string {
  const a = scaled(p);
  const b = scaled(q);
  const s = Math.max(a.s, b.s);
  return oracleQuotient(a.n * 10n ** BigInt(s - a.s) - b.n * 10n ** BigInt(s - b.s), 10n ** BigInt(s), s);
}

/**
 * A decimal string: tiny to huge magnitudes (up to 15 significant digits, the most a figure is
 * packed with exactly: see scaled.ts), up to `maxDecimals` places, zero and negatives when asked,
 * and values whose ratios land on exact halves.
 */
function decimalText(maxDecimals: number, opts: { negative?: boolean; zero?: boolean; max?: bigint } = {}) {
  return fc
    .tuple(
      fc.oneof(
        fc.bigInt({ min: 1n, max: 999n }),
        fc.bigInt({ min: 1n, max: opts.max ?? 10n ** 15n }),
        fc.constantFrom(1n, 3n, 7n, 8n, 125n, opts.max ?? 999_999_999_999_999n),
      ),
      fc.integer({ min: 0, max: maxDecimals }),
      fc.boolean(),
    )
    .map(([n, s, neg]) => {
      const digits = n.toString().padStart(s + 1, "0");
      const text = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
      return opts.negative && neg ? `-${text}` : text;
    })
    .chain((t) =>
      opts.zero ? fc.oneof({ weight: 5, arbitrary: fc.constant(t) }, fc.constant("0")) : fc.constant(t),
    );
}

/** decimals a figure carries, its trailing zeros aside ("0.320" → 2) */
const decimalsOf = (s: string) => {
  const t = s.includes(".") ? s.replace(/0+$/, "") : s;
  return t.includes(".") ? t.length - t.indexOf(".") - 1 : 0;
};

describe("ratToString, the one rounding of every derived figure", () => {
  it("equals the hand-rounded quotient for any fraction and any number of decimals", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        (n, d, decimals) => {
          expect(ratToString({ n, d }, decimals)).toBe(oracleQuotient(n, d, decimals));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("rounds exact halves away from zero and never writes -0", () => {
    expect(ratToString({ n: 1n, d: 8n }, 2)).toBe("0.13");
    expect(ratToString({ n: -1n, d: 8n }, 2)).toBe("-0.13");
    expect(ratToString({ n: -1n, d: 1000n }, 2)).toBe("0");
    expect(ratToString({ n: 2159999n, d: 20000n }, 2)).toBe("108");
    expect(ratToString({ n: 215n, d: 2n }, 2)).toBe("107.5");
    expect(ratToString({ n: 100n, d: 3n }, 2)).toBe("33.33");
  });
});

const flow = (decimals: number): Indicator => ({
  code: "flow",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals,
  unit: "tỷ đồng",
});
const stock = (decimals: number): Indicator => ({
  code: "stock",
  measureKind: "stock",
  direction: "higher_better",
  frequency: "annual",
  decimals,
  unit: "hộ",
});
const share: Indicator = {
  code: "share",
  measureKind: "ratio",
  direction: "higher_better",
  frequency: "annual",
  decimals: 1,
  unit: "%",
};
const obs = (period: string, value: string, extra: Partial<Observation> = {}): Observation => ({
  period,
  basis: "ytd",
  value,
  status: "official",
  ...extra,
});

describe("derived figures against the oracle, through evaluate()", () => {
  it("a flow: progress = actual ÷ annual amount × 100, expected = month ÷ 12, forecast = actual × 12 ÷ month", () => {
    fc.assert(
      fc.property(
        decimalText(3, { negative: true, zero: true }),
        decimalText(3, { zero: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
        (actual, amount, month, decimals) => {
          const mm = String(month).padStart(2, "0");
          const target: Target = { form: "at_least", period: "2024", low: amount };
          const e = evaluate({
            indicator: flow(decimals),
            target,
            observations: [obs(`2024-${mm}`, actual)],
            asOf: { period: `2024-${mm}` },
          });
          if (e.figures.actual === null) return; // not due at this cadence: nothing derived
          const f = e.figures;
          const unit = Math.max(decimals + 2, decimalsOf(actual));
          expect(f.progress).toBe(oracleRatio(actual, amount, 100n, 2));
          expect(f.expected).toBe(oracleQuotient(BigInt(month) * 100n, 12n, 2));
          expect(f.forecast).toBe(oracleRatio(actual, String(month), 12n, unit));
          for (const v of [f.progress, f.expected, f.forecast])
            if (v !== null) expect(v).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a stock: change on a year earlier exact (negative too), the same time last year as stored, progress against the target", () => {
    fc.assert(
      fc.property(
        decimalText(6, { zero: true }),
        decimalText(6, { zero: true }),
        decimalText(6, { zero: true }),
        fc.integer({ min: 0, max: 6 }),
        (before, now, low, decimals) => {
          // the figures of one indicator share one scale: all must fit it exactly (scaled.ts)
          const common = Math.max(decimalsOf(before), decimalsOf(now));
          for (const v of [before, now])
            fc.pre((scaled(v).n * 10n ** BigInt(common)) / 10n ** BigInt(scaled(v).s) < 2n ** 53n);
          const e = evaluate({
            indicator: stock(decimals),
            target: { form: "at_least", period: "2024", low },
            observations: [obs("2023", before), obs("2024", now)],
            asOf: { period: "2024" },
          });
          const f = e.figures;
          expect(f.sameTimeLastYear).toBe(oracleDifference(before, "0"));
          expect(f.changeVsLastYear).toBe(oracleDifference(now, before));
          // a level is measured against a positive bound only
          expect(f.progress).toBe(scaled(low).n > 0n ? oracleRatio(now, low, 100n, 2) : null);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a ratio from its components: the share and its progress come from numerator ÷ denominator, never from a float", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 999 }).map((n) => (n / 10).toString()),
        (num, den, low) => {
          const e = evaluate({
            indicator: share,
            target: { form: "at_least", period: "2024", low },
            observations: [
              obs("2024", "0", { numerator: String(num), denominator: String(den) }),
              obs("2023", "0", { numerator: String(den), denominator: String(den) }),
            ],
            asOf: { period: "2024" },
          });
          const f = e.figures;
          // progress = (num ÷ den × 100) ÷ low × 100 = num × 10^4 ÷ (den × low)
          const l = scaled(low);
          expect(f.progress).toBe(
            oracleQuotient(BigInt(num) * 10_000n * 10n ** BigInt(l.s), BigInt(den) * l.n, 2),
          );
          // last year 100%: the change is num ÷ den × 100 − 100, at the indicator's 1 decimal + 2
          expect(f.sameTimeLastYear).toBe("100");
          expect(f.changeVsLastYear).toBe(
            oracleQuotient(BigInt(num) * 100n - BigInt(den) * 100n, BigInt(den), 3),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import type { Indicator, Observation, Target } from "./types.ts";

// The engine's verdicts against an oracle written here in rational arithmetic on BigInt
// (p/q, q > 0). It shares nothing with model.ts or decimal.js: decimals are parsed, rounded
// and compared from the strings.

interface Q {
  p: bigint;
  q: bigint;
}
const q = (s: string): Q => {
  const neg = s.startsWith("-");
  const [i, f = ""] = (neg ? s.slice(1) : s).split(".");
  const p = BigInt(`${i}${f}`);
  return { p: neg ? -p : p, q: 10n ** BigInt(f.length) };
};
const int = (n: bigint): Q => ({ p: n, q: 1n });
const cmpQ = (a: Q, b: Q): number => {
  const d = a.p * b.q - b.p * a.q;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
const addQ = (a: Q, b: Q): Q => ({ p: a.p * b.q + b.p * a.q, q: a.q * b.q });
const mulQ = (a: Q, b: Q): Q => ({ p: a.p * b.p, q: a.q * b.q });
const divQ = (a: Q, b: Q): Q =>
  b.p < 0n ? { p: -a.p * b.q, q: a.q * -b.p } : { p: a.p * b.q, q: a.q * b.p };
const powQ = (a: Q, k: number): Q => ({ p: a.p ** BigInt(k), q: a.q ** BigInt(k) });
const floorQ = (a: Q): bigint => {
  const t = a.p / a.q;
  return a.p % a.q !== 0n && a.p < 0n ? t - 1n : t;
};
/** half-up: floor(x·10^n + ½) ÷ 10^n */
const roundQ = (a: Q, n: number): Q => {
  const u = 10n ** BigInt(n);
  return { p: floorQ(addQ(mulQ(a, int(u)), { p: 1n, q: 2n })), q: u };
};
const dec = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);

/** a decimal string with 0–2 places reaching zero and negatives */
const decimal = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.constantFrom(0, 1, 2)).map(([n, places]) => {
    const neg = n < 0;
    const digits = String(Math.abs(n)).padStart(places + 1, "0");
    const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
    return (neg && n !== 0 ? "-" : "") + text;
  });

const level: Indicator = {
  code: "x",
  measureKind: "stock",
  direction: "higher_better",
  frequency: "annual",
  decimals: 3,
  unit: "%",
};
const obs = (period: string, value: string, status: Observation["status"] = "official"): Observation => ({
  period,
  basis: "period",
  value,
  status,
});

function verdict(indicator: Indicator, target: Target, observations: Observation[], asOf = "2024") {
  const e = evaluate({ indicator, target, observations, asOf: { period: asOf } });
  return `${e.status}${e.figures.band === "nearly" ? "~" : ""}`;
}

/** the band of a one-sided or two-sided target on an already-rounded figure */
function oracleBand(x: Q, form: Target["form"], lo: Q | null, hi: Q | null, tol: Q | null): string {
  switch (form) {
    case "at_least":
      return cmpQ(x, lo as Q) < 0 ? "not_achieved" : cmpQ(x, lo as Q) > 0 ? "exceeded" : "achieved";
    case "above":
      return cmpQ(x, lo as Q) <= 0 ? "not_achieved" : "achieved";
    case "at_most":
      return cmpQ(x, hi as Q) > 0 ? "not_achieved" : cmpQ(x, hi as Q) < 0 ? "exceeded" : "achieved";
    case "below":
      return cmpQ(x, hi as Q) >= 0 ? "not_achieved" : "achieved";
    case "range_floor":
      return cmpQ(x, lo as Q) < 0 ? "not_achieved" : cmpQ(x, hi as Q) > 0 ? "exceeded" : "achieved";
    case "range_inside":
      return cmpQ(x, lo as Q) < 0 || cmpQ(x, hi as Q) > 0 ? "not_achieved" : "achieved";
    case "approximately":
      if (cmpQ(x, hi as Q) > 0) return "exceeded";
      if (cmpQ(x, lo as Q) >= 0) return "achieved";
      return cmpQ(x, addQ(lo as Q, { p: -(tol as Q).p, q: (tol as Q).q })) >= 0
        ? "not_achieved~"
        : "not_achieved";
    default:
      throw new Error(form);
  }
}

describe("the target model against a BigInt rational oracle", () => {
  it("levels: every bound form, rounded half-up to the bound's decimals, zero and negative bounds", {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Target["form"]>(
          "at_least",
          "above",
          "at_most",
          "below",
          "range_floor",
          "range_inside",
          "approximately",
        ),
        decimal(-3000, 3000),
        decimal(-3000, 3000),
        decimal(0, 300),
        fc.integer({ min: -400000, max: 400000 }),
        fc.constantFrom("a", "b", "free"),
        (form, a, b, tol, n, near) => {
          const [lo, hi] = cmpQ(q(a), q(b)) <= 0 ? [a, b] : [b, a];
          // near a bound (rounding and ties decide there) or anywhere
          const at =
            near === "free" ? 0n : q(near === "a" ? lo : hi).p * (1000n / q(near === "a" ? lo : hi).q);
          const m = near === "free" ? BigInt(n) : at + BigInt(n % 1500);
          const actual = `${m < 0n ? "-" : ""}${(m < 0n ? -m : m) / 1000n}.${String((m < 0n ? -m : m) % 1000n).padStart(3, "0")}`;
          const target: Target =
            form === "at_least" || form === "above"
              ? { form, period: "2024", low: lo }
              : form === "at_most" || form === "below"
                ? { form, period: "2024", high: hi }
                : form === "approximately"
                  ? { form, period: "2024", low: lo, high: hi, tolerance: tol }
                  : { form, period: "2024", low: lo, high: hi };
          const places = Math.max(
            ...[target.low, target.high].filter((v) => v !== undefined).map((v) => dec(v as string)),
          );
          const x = roundQ(q(actual), places);
          const expected = oracleBand(
            x,
            form,
            target.low ? q(target.low) : null,
            target.high ? q(target.high) : null,
            q(tol),
          );
          const indicator = form === "range_inside" ? { ...level, direction: "in_range" as const } : level;
          expect(verdict(indicator, target, [obs("2024", actual)])).toBe(expected);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("changes in both directions, absolute and percent, exact from the baseline (+8% on 30.000 is 32.400)", {
    timeout: 60_000,
  }, () => {
    expect(
      verdict(
        { ...level, unit: "hộ", decimals: 0 },
        { form: "change", period: "2024", low: "8", changeUnit: "percent", baselinePeriod: "2023" },
        [obs("2023", "30000"), obs("2024", "32400")],
      ),
    ).toBe("achieved");
    fc.assert(
      fc.property(
        decimal(-50000, 50000),
        decimal(0, 3000),
        fc.boolean(),
        fc.boolean(),
        decimal(-60000, 60000),
        (base, amount, percent, down, actual) => {
          const indicator: Indicator = { ...level, direction: down ? "lower_better" : "higher_better" };
          const target: Target = {
            form: "change",
            period: "2024",
            low: amount,
            changeUnit: percent ? "percent" : "absolute",
            baselinePeriod: "2023",
          };
          const sign = down ? -1n : 1n;
          const a = q(amount);
          const bound = percent
            ? mulQ(q(base), divQ(addQ(int(100n), { p: sign * a.p, q: a.q }), int(100n)))
            : addQ(q(base), { p: sign * a.p, q: a.q });
          const c = cmpQ(q(actual), bound) * (down ? -1 : 1);
          const expected = c < 0 ? "not_achieved" : c > 0 ? "exceeded" : "achieved";
          expect(verdict(indicator, target, [obs("2023", base), obs("2024", actual)])).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a change without its baseline is not judged, never a failure", { timeout: 60_000 }, () => {
    const e = evaluate({
      indicator: { ...level, unit: "xã", decimals: 0 },
      target: { form: "change", period: "2024", low: "7", changeUnit: "absolute", baselinePeriod: "2023" },
      observations: [obs("2024", "137")],
      asOf: { period: "2024" },
    });
    expect(e.status).toBe("no_data");
  });

  it("share of a plan amount in the indicator's unit: actual ÷ plan × 100 rounded to the stated decimals", {
    timeout: 60_000,
  }, () => {
    const flow: Indicator = { ...level, measureKind: "flow", unit: "tỷ đồng", decimals: 1 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900000 }).map((n) => (n / 10).toFixed(1)),
        fc.integer({ min: 0, max: 900000 }).map((n) => (n / 10).toFixed(1)),
        fc.constantFrom("100", "95", "87.5"),
        (plan, actual, low) => {
          const target: Target = { form: "share_of_plan", period: "2024", low, planAmount: plan };
          const share = roundQ(divQ(mulQ(q(actual), int(100n)), q(plan)), dec(low));
          const c = cmpQ(share, q(low));
          const expected = c < 0 ? "not_achieved" : c > 0 ? "exceeded" : "achieved";
          expect(verdict(flow, target, [obs("2024", actual)])).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("average yearly growth bands with their top, over years with gaps: Π(1+gᵢ) against (1+g*)^k", {
    timeout: 60_000,
  }, () => {
    const growth: Indicator = { ...level, measureKind: "growth_rate", decimals: 2 };
    fc.assert(
      fc.property(
        fc.array(
          fc.option(
            fc.integer({ min: -500, max: 1500 }).map((n) => (n / 100).toFixed(2)),
            { nil: undefined },
          ),
          {
            minLength: 5,
            maxLength: 5,
          },
        ),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 200 }),
        (rates, lowCents, widthCents) => {
          const low = (lowCents / 100).toFixed(2);
          const high = ((lowCents + widthCents) / 100).toFixed(2);
          const known = rates.flatMap((r, i) => (r === undefined ? [] : [[String(2020 + i), r] as const]));
          const target: Target = { form: "avg_annual_growth", period: "2020-2024", low, high };
          const observations = known.map(([y, r]) => ({ ...obs(y, r), basis: "ytd" as const }));
          const got = verdict(growth, target, observations);
          if (known.length === 0) {
            expect(got).toBe("no_data");
            return;
          }
          const k = known.length;
          const product = known.reduce(
            (acc, [, r]) => mulQ(acc, addQ(int(1n), divQ(q(r), int(100n)))),
            int(1n),
          );
          const half = { p: 5n, q: 1000n };
          // rounded half-up to 2 decimals: avg ≥ low − 0,005 ⇔ Π ≥ (1 + (low − 0,005)/100)^k
          const need = (r: Q) => powQ(addQ(int(1n), divQ(r, int(100n))), k);
          const reaches = cmpQ(product, need(addQ(q(low), { p: -half.p, q: half.q }))) >= 0;
          const beyond = cmpQ(product, need(addQ(q(high), half))) >= 0;
          expect(got).toBe(!reaches ? "not_achieved" : beyond ? "exceeded" : "achieved");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stale data on a path is never on track, whichever the path shape", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2015, max: 2021 }),
        fc.constantFrom<"straight" | "compound">("straight", "compound"),
        decimal(1, 5000),
        (year, path, value) => {
          const e = evaluate({
            indicator: { ...level, unit: "USD", decimals: 2 },
            target: {
              form: "level_by_year",
              period: "2030",
              low: "9000",
              baselinePeriod: "2015",
              baselineValue: "100",
              path,
            },
            observations: [obs(String(year), value)],
            asOf: { period: "2024" },
          });
          expect(e.status).not.toBe("on_track");
          expect(e.status).toBe("no_data");
          expect(e.explanation.vi).toContain(`Chưa có số liệu từ năm ${year}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the exceeded margin (thresholds.exceededMarginPct)", () => {
  it('"vượt" only past the bound by more than the margin, exactly', { timeout: 60_000 }, () => {
    const at = (v: string) =>
      evaluate({
        indicator: { ...level, unit: "tỷ đồng", decimals: 0, thresholds: { exceededMarginPct: 2.5 } },
        target: { form: "at_least", period: "2024", low: "23600" },
        observations: [obs("2024", v)],
        asOf: { period: "2024" },
      }).status;
    // 23.600 × 1,025 = 24.190
    expect([at("23600"), at("24190"), at("24191")]).toEqual(["achieved", "achieved", "exceeded"]);
  });
});

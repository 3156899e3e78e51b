import { describe, expect, it } from "vitest";
import { newReading, readFlow, readLevel, readRatio, valueAt } from "./actual.ts";
import { buildScorecardInput } from "./pack.ts";
import { fractionDigits, scaledToString, toScaled } from "./scaled.ts";
import type { Indicator, Observation } from "./types.ts";

const o = (
  period: string,
  value: string,
  basis: Observation["basis"] = "period",
  status: Observation["status"] = "official",
): Observation => ({
  period,
  basis,
  value,
  status,
});
const ind = (over: Partial<Indicator>): Indicator => ({
  code: "x",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 1,
  unit: "tỷ đồng",
  ...over,
});
function pack(indicator: Indicator, observations: Observation[]) {
  return buildScorecardInput({
    asOf: { period: "2024-12" },
    startYear: 2023,
    indicators: [indicator],
    series: [{ indicator: indicator.code, orgUnit: "u", observations }],
  });
}

describe("scaled integers", () => {
  it("round-trips decimal strings exactly", () => {
    expect(toScaled("17700.5", 2)).toBe(1770050);
    expect(toScaled("-0.1", 1)).toBe(-1);
    expect(toScaled("-0", 2)).toBe(0);
    expect(scaledToString(1770050, 2)).toBe("17700.5");
    expect(scaledToString(-5, 3)).toBe("-0.005");
    expect(scaledToString(0, 2)).toBe("0");
    expect(fractionDigits("7.25")).toBe(2);
  });
  it("refuses what it cannot hold exactly", () => {
    expect(() => toScaled("1.234", 2)).toThrow(RangeError);
    expect(() => toScaled("12345678901234567", 0)).toThrow(RangeError);
    expect(() => toScaled("7,5", 1)).toThrow(RangeError);
  });
});

describe("flows: summed, or the latest cumulative", () => {
  it("0.1 + 0.2 is exactly 0.3", () => {
    const p = pack(ind({}), [o("2024-01", "0.1"), o("2024-02", "0.2")]);
    const r = readFlow(p, 0, 2024, 12, 1, newReading());
    expect(scaledToString(r.value, p.scales[0] as number)).toBe("0.3");
    expect(r.month).toBe(2);
  });
  it("a year-to-date figure replaces the months before it; later months add", () => {
    const p = pack(ind({}), [
      o("2024-01", "5"),
      o("2024-02", "5"),
      o("2024-H1", "100", "ytd", "estimate"),
      o("2024-07", "7"),
    ]);
    const r = readFlow(p, 0, 2024, 9, 1, newReading());
    expect(r.value / 10 ** (p.scales[0] as number)).toBe(107);
    expect(r.month).toBe(7);
    expect(r.status).toBe(2);
    expect(r.cumulative).toBe(true);
  });
  it("counts months missing inside the sum, not those not yet reported", () => {
    const p = pack(ind({}), [o("2024-01", "1"), o("2024-03", "1")]);
    const r = readFlow(p, 0, 2024, 9, 1, newReading());
    expect(r.missing).toBe(1);
    expect(r.month).toBe(3);
  });
  it("a quarterly flow sums its quarters and ignores months", () => {
    const p = pack(ind({ frequency: "quarterly" }), [
      o("2024-Q1", "10"),
      o("2024-Q2", "20"),
      o("2024-05", "99"),
    ]);
    expect(readFlow(p, 0, 2024, 6, 3, newReading()).value).toBe(30);
    expect(p.packNotes?.get(0)?.[0]).toMatch(/2024-05/);
  });
  it("nothing reported is NaN", () => {
    const p = pack(ind({}), []);
    expect(Number.isNaN(readFlow(p, 0, 2024, 9, 1, newReading()).value)).toBe(true);
  });
});

describe("stocks, rates, ratios", () => {
  it("a stock is the latest level in the window", () => {
    const p = pack(ind({ measureKind: "stock", unit: "%" }), [
      o("2024-03", "40"),
      o("2024-06", "42"),
      o("2024-11", "45"),
    ]);
    const r = readLevel(p, 0, 2024, 1, 2024, 9, false, newReading());
    expect(r.value).toBe(42);
    expect(r.month).toBe(6);
  });
  it("a growth rate counts only for a cumulative period", () => {
    const p = pack(ind({ measureKind: "growth_rate", unit: "%" }), [
      o("2024-H1", "7.1"),
      o("2024-Q3", "9.0"),
    ]);
    const r = readLevel(p, 0, 2024, 1, 2024, 9, true, newReading());
    expect(r.value / 10 ** (p.scales[0] as number)).toBe(7.1);
    expect(r.month).toBe(6);
  });
  it("a ratio comes from its components when they are there", () => {
    const p = pack(ind({ measureKind: "ratio", unit: "%" }), [
      { period: "2024", basis: "ytd", value: "29", status: "official", numerator: "31", denominator: "100" },
    ]);
    const c = { numerator: 0, denominator: 0 };
    const r = readRatio(p, 0, 2024, 1, 2024, 12, 100, 1, newReading(), c);
    expect(r.value).toBeCloseTo(31, 12);
    expect(c).toEqual({ numerator: 31, denominator: 100 });
    expect(valueAt(p, 0, 2024, 12)).toBe(29);
  });
});

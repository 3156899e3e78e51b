import DecimalJs from "decimal.js";
import { describe, expect, it } from "vitest";
import { Decimal, dec, decToFixed, decToString } from "./decimal.ts";

describe("decimal", () => {
  it("is exact where floats are not", () => {
    expect(decToString(dec("0.1").plus("0.2"))).toBe("0.3");
    expect(decToString(dec(0.1).plus(0.2))).toBe("0.3");
  });

  it("never writes an exponent or a negative zero", () => {
    expect(decToString(dec("1e-30"))).toBe("0.000000000000000000000000000001");
    expect(decToString(dec("1.5e25"))).toBe("15000000000000000000000000");
    expect(decToString(dec("-0"))).toBe("0");
    expect(dec("1e-30").toString()).toBe("0.000000000000000000000000000001");
  });

  it.each([
    ["2.5", 0, "3"],
    ["-2.5", 0, "-3"],
    ["1.005", 2, "1.01"],
    ["-0.004", 2, "0.00"],
    ["7", 1, "7.0"],
  ])("decToFixed(%s, %i) = %s (half away from zero)", (v, d, expected) => {
    expect(decToFixed(dec(v), d)).toBe(expected);
  });

  it("carries 40 significant digits", () => {
    expect(decToString(dec(1).div(3))).toBe(`0.${"3".repeat(40)}`);
  });

  it("is a configured clone: the global decimal.js keeps its defaults", () => {
    expect(Decimal.precision).toBe(40);
    expect(DecimalJs.precision).toBe(20);
  });

  it("rejects non-numbers", () => {
    expect(() => dec("abc")).toThrow(RangeError);
    expect(() => dec(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => decToString(dec("Infinity"))).toThrow(RangeError);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec } from "./decimal.ts";
import {
  classifyNumberText,
  detectNumberConvention,
  formatNumberEn,
  formatNumberVi,
  formatPercentVi,
  type NumberConvention,
  numberConventionEvidence,
  parseDecimal,
} from "./number.ts";

describe("detectNumberConvention", () => {
  it.each([
    [["7,5", "23.600", "1.234.567,89"], "comma_decimal"],
    [["7,5"], "comma_decimal"],
    [["23.600", "1.234.567"], "comma_decimal"],
    [["0,5", "12"], "comma_decimal"],
    [["7.5", "1,234.5"], "dot_decimal"],
    [["1,234,567"], "dot_decimal"],
    [["7.500", "12"], "unknown"],
    [["12", "345", "-", ""], "unknown"],
    [[], "unknown"],
    [["7,5", "7.5"], "unknown"],
    [["7,5%", "10,25 %", "-"], "comma_decimal"],
  ] as const)("%j → %s", (samples, expected) => {
    expect(detectNumberConvention(samples)).toBe(expected);
  });

  it("counts the evidence of each value", () => {
    expect(numberConventionEvidence(["7,5", "7.5", "7.500", "x", "", "–"])).toEqual({
      comma_decimal: 1,
      dot_decimal: 1,
      neutral: 1,
      invalid: 1,
    });
  });

  it.each([
    ["1.234,5", "comma_decimal"],
    ["1 234,5", "comma_decimal"],
    ["1234,567", "comma_decimal"],
    ["0.500", "dot_decimal"],
    ["1.5E+05", "dot_decimal"],
    ["1 234", "neutral"],
    ["100", "neutral"],
    ["tỷ đồng", "invalid"],
  ] as const)("classifyNumberText(%j) = %s", (raw, expected) => {
    expect(classifyNumberText(raw)).toBe(expected);
  });
});

describe("parseDecimal", () => {
  const ok = (value: string, percent = false) => ({ ok: true, value, percent });

  it.each([
    ["7,5", "comma_decimal", ok("7.5")],
    ["23.600", "comma_decimal", ok("23600")],
    ["1.234.567,89", "comma_decimal", ok("1234567.89")],
    ["58,920", "comma_decimal", ok("58.920")],
    ["7,50", "comma_decimal", ok("7.50")],
    ["0,5", "comma_decimal", ok("0.5")],
    [",5", "comma_decimal", ok("0.5")],
    ["007", "comma_decimal", ok("7")],
    ["1 234 567", "comma_decimal", ok("1234567")],
    ["1\u00a0234,5", "comma_decimal", ok("1234.5")],
    ["1\u202f234\u202f567,25", "comma_decimal", ok("1234567.25")],
    ["  7,5  ", "comma_decimal", ok("7.5")],
    ["7,5%", "comma_decimal", ok("7.5", true)],
    ["7,5 %", "comma_decimal", ok("7.5", true)],
    ["%7,5", "comma_decimal", ok("7.5", true)],
    ["-3", "comma_decimal", ok("-3")],
    ["−3", "comma_decimal", ok("-3")],
    ["–3,5", "comma_decimal", ok("-3.5")],
    ["- 3", "comma_decimal", ok("-3")],
    ["+2,1%", "comma_decimal", ok("2.1", true)],
    ["-2,1%", "comma_decimal", ok("-2.1", true)],
    ["(1.234)", "comma_decimal", ok("-1234")],
    ["(7,5%)", "comma_decimal", ok("-7.5", true)],
    ["-0", "comma_decimal", ok("0")],
    ["-0,00", "comma_decimal", ok("0.00")],
    ["1,5E+05", "comma_decimal", ok("150000")],
    ["7.5", "dot_decimal", ok("7.5")],
    ["1,234.5", "dot_decimal", ok("1234.5")],
    ["23.600", "dot_decimal", ok("23.600")],
    ["1,234,567", "dot_decimal", ok("1234567")],
    ["1.5E+05", "dot_decimal", ok("150000")],
    ["2.5e-3", "dot_decimal", ok("0.0025")],
    ["7,5", "unknown", ok("7.5")],
    ["7.5", "unknown", ok("7.5")],
    ["1.234.567", "unknown", ok("1234567")],
    ["1.234.567,89", "unknown", ok("1234567.89")],
    ["1,234.5", "unknown", ok("1234.5")],
    ["0.500", "unknown", ok("0.500")],
    ["1234,567", "unknown", ok("1234.567")],
    ["1 234.567", "unknown", ok("1234.567")],
    ["12", "unknown", ok("12")],
  ] as const)("%j (%s) → %j", (raw, convention, expected) => {
    expect(parseDecimal(raw, convention)).toEqual(expected);
  });

  it.each([
    ["", "comma_decimal", "empty"],
    ["   ", "unknown", "empty"],
    ["\u00a0", "unknown", "empty"],
    ["-", "comma_decimal", "dash"],
    ["–", "dot_decimal", "dash"],
    ["—", "unknown", "dash"],
    ["7.5", "comma_decimal", "not_a_number"],
    ["1,234.5", "comma_decimal", "not_a_number"],
    ["0.500", "comma_decimal", "not_a_number"],
    ["7,5", "dot_decimal", "not_a_number"],
    ["1.234.567,89", "dot_decimal", "not_a_number"],
    ["12 34", "comma_decimal", "not_a_number"],
    ["1.23.456", "comma_decimal", "not_a_number"],
    ["7,5,5", "comma_decimal", "not_a_number"],
    ["5,", "comma_decimal", "not_a_number"],
    ["23.600 tỷ đồng", "comma_decimal", "not_a_number"],
    ["abc", "unknown", "not_a_number"],
    ["1.2.3,4,5", "unknown", "not_a_number"],
    ["--5", "unknown", "not_a_number"],
    ["-(5)", "unknown", "not_a_number"],
    ["7.500", "unknown", "ambiguous"],
    ["23.600", "unknown", "ambiguous"],
    ["58,920", "unknown", "ambiguous"],
    ["-1.234%", "unknown", "ambiguous"],
  ] as const)("%j (%s) → %s", (raw, convention, code) => {
    const r = parseDecimal(raw, convention);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.raw).toBe(raw);
    }
  });

  it("gives both readings of an ambiguous value, decimal first", () => {
    expect(parseDecimal("-7.500", "unknown")).toMatchObject({
      code: "ambiguous",
      candidates: ["-7.500", "-7500"],
    });
  });
});

describe("formatNumberVi", () => {
  it.each([
    ["1234567.89", undefined, "1.234.567,89"],
    ["7.5", undefined, "7,5"],
    [7.5, undefined, "7,5"],
    ["23600", undefined, "23.600"],
    ["999", undefined, "999"],
    ["1000", undefined, "1.000"],
    ["-1234.5", undefined, "-1.234,5"],
    ["58.920", undefined, "58,920"],
    ["0.1", undefined, "0,1"],
    [0.1, undefined, "0,1"],
    [1e21, undefined, "1.000.000.000.000.000.000.000"],
    ["2.345", 2, "2,35"],
    ["-2.345", 2, "-2,35"],
    ["2.5", 0, "3"],
    ["-2.5", 0, "-3"],
    ["1.005", 2, "1,01"],
    ["7", 2, "7,00"],
    ["-0.001", 2, "0,00"],
    ["1234567.891", 1, "1.234.567,9"],
    ["-0", undefined, "0"],
  ] as const)("%j (decimals %s) → %s", (value, decimals, expected) => {
    expect(formatNumberVi(value, decimals)).toBe(expected);
  });

  it("formats percent and English", () => {
    expect(formatPercentVi("7.5")).toBe("7,5%");
    expect(formatPercentVi("20.345", 1)).toBe("20,3%");
    expect(formatNumberEn("1234567.89")).toBe("1,234,567.89");
  });

  it("rejects what is not a number", () => {
    expect(() => formatNumberVi("abc")).toThrow(RangeError);
    expect(() => formatNumberVi(Number.NaN)).toThrow(RangeError);
    expect(() => formatNumberVi("1", -1)).toThrow(RangeError);
  });
});

// ---- properties ------------------------------------------------------------------------------

const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 15n }),
    fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
  )
  .map(([neg, int, frac]) => {
    const body = frac === undefined ? `${int}` : `${int}.${frac}`;
    return neg && /[1-9]/.test(body) ? `-${body}` : body;
  });

describe("properties", () => {
  it("formatNumberVi then parseDecimal (comma_decimal) returns the value", () => {
    fc.assert(
      fc.property(decimalString, (v) => {
        expect(parseDecimal(formatNumberVi(v), "comma_decimal")).toEqual({
          ok: true,
          value: v,
          percent: false,
        });
      }),
    );
  });

  it("formatNumberEn then parseDecimal (dot_decimal) returns the value", () => {
    fc.assert(
      fc.property(decimalString, (v) => {
        expect(parseDecimal(formatNumberEn(v), "dot_decimal")).toEqual({
          ok: true,
          value: v,
          percent: false,
        });
      }),
    );
  });

  it("with an unknown convention a value is read right or called ambiguous, never misread", () => {
    fc.assert(
      fc.property(
        decimalString,
        fc.constantFrom<(v: string) => string>(formatNumberVi, formatNumberEn),
        (v, fmt) => {
          const r = parseDecimal(fmt(v), "unknown");
          if (r.ok) expect(r.value).toBe(v);
          else expect(r.code === "ambiguous" && r.candidates?.includes(v)).toBe(true);
        },
      ),
    );
  });

  it("a column's detected convention is never the wrong one", () => {
    fc.assert(
      fc.property(fc.array(decimalString, { maxLength: 8 }), fc.boolean(), (values, vi) => {
        const detected: NumberConvention = detectNumberConvention(
          values.map(vi ? formatNumberVi : formatNumberEn),
        );
        expect(detected).not.toBe(vi ? "dot_decimal" : "comma_decimal");
      }),
    );
  });

  it("rounding matches decimal.js half away from zero", () => {
    fc.assert(
      fc.property(decimalString, fc.integer({ min: 0, max: 4 }), (v, d) => {
        const expected = dec(v).toDecimalPlaces(d).abs().toFixed(d);
        expect(formatNumberVi(v, d).replace(/^-/, "").replace(/\./g, "").replace(",", ".")).toBe(expected);
      }),
    );
  });
});

describe("plain cells read by the short path", () => {
  // a leading space sends the same text through the general reading: both must agree
  const plainCell = fc
    .tuple(
      fc.constantFrom("", "-"),
      fc.stringMatching(/^[0-9]{1,9}$/),
      fc.option(fc.tuple(fc.constantFrom(".", ","), fc.stringMatching(/^[0-9]{1,6}$/)), { nil: null }),
    )
    .map(([sign, int, frac]) => `${sign}${int}${frac ? frac[0] + frac[1] : ""}`);

  it("parseDecimal gives what the general reading gives, in every convention", () => {
    fc.assert(
      fc.property(
        plainCell,
        fc.constantFrom("comma_decimal", "dot_decimal", "unknown"),
        (raw, convention) => {
          const short = parseDecimal(raw, convention as "comma_decimal");
          const general = parseDecimal(` ${raw}`, convention as "comma_decimal");
          expect(short.ok).toBe(general.ok);
          if (short.ok && general.ok) expect(short.value).toBe(general.value);
          if (!short.ok && !general.ok) expect(short.code).toBe(general.code);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("classifyNumberText gives what the general reading gives", () => {
    fc.assert(
      fc.property(plainCell, (raw) => {
        expect(classifyNumberText(raw)).toBe(classifyNumberText(` ${raw}`));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["7.500", "dot_decimal", "7.500"],
    ["7.500", "comma_decimal", "7500"],
    ["-0", "unknown", "0"],
    ["-0,0", "comma_decimal", "0.0"],
    ["007,50", "comma_decimal", "7.50"],
  ] as const)("%j in %s is %s", (raw, convention, value) => {
    expect(parseDecimal(raw, convention)).toEqual({ ok: true, value, percent: false });
  });
});

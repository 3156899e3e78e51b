import { dec } from "@chitieu/domain";
import { describe, expect, it } from "vitest";
import { NameIndex } from "./catalog-lookup.ts";
import { frequencyMismatch, outOfRange, readPeriodCell } from "./row-validator.ts";

describe("NameIndex", () => {
  const index = new NameIndex(
    [
      { id: 1, names: ["x-tam-thanh-tk", "Xã Tam Thanh", null] },
      { id: 2, names: ["x-tam-thanh-nt", "Xã Tam Thạnh", null] },
      { id: 3, names: ["p49", "Tỉnh Quảng Nam", "Quang Nam Province"] },
    ],
    String,
  );
  it("matches exactly first, then without diacritics only when unique", () => {
    expect(index.resolve("Xã Tam Thanh")).toEqual({ ok: true, id: 1 });
    expect(index.resolve("xã tam thạnh")).toEqual({ ok: true, id: 2 });
    expect(index.resolve("Xa Tam Thanh")).toEqual({ ok: false, reason: "ambiguous", candidates: ["1", "2"] });
    expect(index.resolve("TINH QUANG NAM")).toEqual({ ok: true, id: 3 });
    expect(index.resolve("quang nam province")).toEqual({ ok: true, id: 3 });
    expect(index.resolve("Quảng Nam")).toMatchObject({ ok: false, reason: "unknown" });
  });
});

describe("periods and frequencies", () => {
  it("reads every form parsePeriod accepts, and a month without a year given the year", () => {
    expect(readPeriodCell("Quý I/2024", null)?.code).toBe("2024-Q1");
    expect(readPeriodCell("5 tháng đầu năm 2024", null)).toMatchObject({ code: "2024-05", basis: "ytd" });
    expect(readPeriodCell("Tháng 3", 2023)?.code).toBe("2023-03");
    expect(readPeriodCell("Tháng 3", null)).toBeNull();
    expect(readPeriodCell("Giai đoạn 2021-2025", null)).toBeNull();
  });
  it("accepts Q/H/9M/year for quarterly indicators and the year only for annual ones", () => {
    const ind = (frequency: "monthly" | "quarterly" | "annual") => ({
      id: 1,
      code: "x",
      frequency,
      min: dec(0),
      max: null,
      minNumber: 0,
      maxNumber: Number.NaN,
    });
    const month = { kind: "month" as const, year: 2024, index: 3 };
    const half = { kind: "half" as const, year: 2024, index: 1 };
    const year = { kind: "year" as const, year: 2024 };
    expect(frequencyMismatch(ind("monthly"), month)).toBe(false);
    expect(frequencyMismatch(ind("quarterly"), month)).toBe(true);
    expect(frequencyMismatch(ind("quarterly"), half)).toBe(false);
    expect(frequencyMismatch(ind("annual"), half)).toBe(true);
    expect(frequencyMismatch(ind("annual"), year)).toBe(false);
  });
});

describe("plausible range", () => {
  const ind = (min: string | null, max: string | null) => ({
    id: 1,
    code: "x",
    frequency: "monthly" as const,
    min: min === null ? null : dec(min),
    max: max === null ? null : dec(max),
    minNumber: min === null ? Number.NaN : Number(min),
    maxNumber: max === null ? Number.NaN : Number(max),
  });
  it("keeps a bound itself inside and refuses the smallest step beyond it, however many digits", () => {
    const pct = ind("0", "100");
    expect(outOfRange(pct, "100")).toBeNull();
    expect(outOfRange(pct, "100.000000000000000000001")).toEqual(["khoảng 0 … 100", "range 0 … 100"]);
    expect(outOfRange(pct, "0")).toBeNull();
    expect(outOfRange(pct, "-0.000000000000000000001")).not.toBeNull();
    expect(outOfRange(pct, "58.92")).toBeNull();
    expect(outOfRange(pct, "250")).not.toBeNull();
    const big = ind("99999999999999999999", null);
    expect(outOfRange(big, "99999999999999999998")).not.toBeNull();
    expect(outOfRange(big, "99999999999999999999")).toBeNull();
    expect(outOfRange(ind(null, null), "-1e30")).toBeNull();
  });
});

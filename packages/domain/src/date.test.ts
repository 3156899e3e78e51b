import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  formatDateVi,
  isIsoDate,
  isoDate,
  parseDateVi,
  parseIsoDate,
  vietnamDate,
} from "./date.ts";

describe("ISO dates", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2024-04-31", false],
    ["2024-13-01", false],
    ["2024-1-01", false],
    ["24-01-01", false],
  ])("isIsoDate(%s) = %s", (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it("builds, validates and measures", () => {
    expect(isoDate(2024, 3, 5)).toBe("2024-03-05");
    expect(() => isoDate(2024, 2, 30)).toThrow(RangeError);
    expect(() => parseIsoDate("2024-02-30")).toThrow(RangeError);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(endOfMonth(2024, 4)).toBe("2024-04-30");
    expect(compareIsoDates("2024-01-02", "2024-01-10")).toBe(-1);
  });

  it.each([
    ["2024-01-31", 1, "2024-02-29"],
    ["2023-01-31", 1, "2023-02-28"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2024-11-15", 2, "2025-01-15"],
    ["2024-01-15", -13, "2022-12-15"],
  ])("addMonths(%s, %i) = %s", (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  it.each([
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2024-01-01", 366, "2025-01-01"],
  ])("addDays(%s, %i) = %s", (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it("writes and reads dates the Vietnamese way", () => {
    expect(formatDateVi("2024-03-05")).toBe("05/03/2024");
    expect(parseDateVi("5/3/2024")).toBe("2024-03-05");
    expect(parseDateVi("05-03-2024")).toBe("2024-03-05");
    expect(parseDateVi("31/2/2024")).toBeNull();
    expect(parseDateVi("5/3-2024")).toBeNull();
  });

  const dateArb = fc
    .tuple(
      fc.integer({ min: 1900, max: 2199 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .map(([y, m, d]) => isoDate(y, m, Math.min(d, daysInMonth(y, m))));

  it("addDays agrees with daysBetween and with the JS calendar", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const moved = addDays(d, n);
        expect(daysBetween(d, moved)).toBe(n);
        const js = new Date(`${d}T00:00:00Z`);
        js.setUTCDate(js.getUTCDate() + n);
        expect(moved).toBe(js.toISOString().slice(0, 10));
      }),
    );
  });

  it("formatDateVi and parseDateVi are inverse", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(parseDateVi(formatDateVi(d))).toBe(d);
      }),
    );
  });
});

describe("vietnamDate", () => {
  it("is the date in Hà Nội (UTC+7), not the server's or UTC's", () => {
    expect(vietnamDate("2024-06-30T16:59:59Z")).toBe("2024-06-30");
    expect(vietnamDate("2024-06-30T17:00:00Z")).toBe("2024-07-01");
    expect(vietnamDate(Date.UTC(2024, 11, 31, 23, 0))).toBe("2025-01-01");
  });
});

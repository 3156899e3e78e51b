import { describe, expect, it } from "vitest";
import { newReading } from "./actual.ts";
import { forecastYearEnd, linearShare, newSeasonal, seasonalShare } from "./expected.ts";
import { buildScorecardInput } from "./pack.ts";
import type { Indicator, Observation } from "./types.ts";

const flow: Indicator = {
  code: "f",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 0,
  unit: "tỷ đồng",
};
const ytd = (period: string, value: string): Observation => ({
  period,
  basis: "ytd",
  value,
  status: "official",
});

function planes(observations: Observation[], indicator = flow) {
  return buildScorecardInput({
    asOf: { period: "2024-09" },
    indicators: [indicator],
    series: [{ indicator: indicator.code, orgUnit: "u", observations }],
  });
}

describe("expected-to-date", () => {
  it("linear share of the year", () => {
    expect(linearShare(9)).toBe(0.75);
    expect(linearShare(12)).toBe(1);
  });
  it("seasonal: average share reached by the same month in earlier complete years", () => {
    const p = planes([
      ytd("2021-9M", "50"),
      ytd("2021", "100"),
      ytd("2022-9M", "60"),
      ytd("2022", "100"),
      ytd("2023-9M", "70"),
      ytd("2023", "100"),
    ]);
    const r = seasonalShare(p, 0, 2024, 9, 1, 2, 3, newReading(), newSeasonal());
    expect(r.share).toBeCloseTo(0.6, 12);
    expect(r.years).toEqual([2023, 2022, 2021]);
    expect(r.lastYearShare).toBeCloseTo(0.7, 12);
    expect(r.lastYearCumulative).toBe(70);
    const two = seasonalShare(p, 0, 2024, 9, 1, 2, 2, newReading(), newSeasonal());
    expect(two.share).toBeCloseTo(0.65, 12);
  });
  it("skips a year without a total, and needs the minimum number of years", () => {
    const p = planes([ytd("2022-9M", "60"), ytd("2022", "100"), ytd("2023-9M", "70")]);
    const r = seasonalShare(p, 0, 2024, 9, 1, 2, 3, newReading(), newSeasonal());
    expect(Number.isNaN(r.share)).toBe(true);
    expect(r.years).toEqual([2022]);
    expect(r.lastYearCumulative).toBe(70);
  });
  it("works on monthly period figures too (a year needs all twelve months)", () => {
    const months = (year: number, values: number[]) =>
      values.map(
        (v, i): Observation => ({
          period: `${year}-${String(i + 1).padStart(2, "0")}`,
          basis: "period",
          value: String(v),
          status: "official",
        }),
      );
    const flat = Array(12).fill(10);
    const p = planes([...months(2022, flat), ...months(2023, flat)]);
    expect(seasonalShare(p, 0, 2024, 3, 1, 2, 3, newReading(), newSeasonal()).share).toBeCloseTo(0.25, 12);
    const gap = planes([...months(2022, flat), ...months(2023, flat.slice(0, 11))]);
    expect(seasonalShare(gap, 0, 2024, 3, 1, 2, 3, newReading(), newSeasonal()).years).toEqual([2022]);
  });
  it("year-end forecast = cumulative ÷ expected share", () => {
    expect(forecastYearEnd(17700, 0.75)).toBeCloseTo(23600, 9);
    expect(Number.isNaN(forecastYearEnd(1, 0))).toBe(true);
  });
});

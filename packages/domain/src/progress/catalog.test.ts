import { describe, expect, it } from "vitest";
import { targetFromCatalogRow } from "./catalog.ts";

describe("targets.csv rows", () => {
  it("maps snake_case columns, empty cells and booleans", () => {
    expect(
      targetFromCatalogRow({
        indicator_code: "trained_labour_rate_2030",
        period: "2030",
        form: "level_by_year",
        low: "75",
        high: "",
        low_inclusive: "false",
        baseline_period: "2020",
        baseline_value: "",
      }),
    ).toEqual({
      form: "level_by_year",
      period: "2030",
      low: "75",
      lowInclusive: false,
      baselinePeriod: "2020",
    });
  });
  it("refuses unknown forms and bad booleans", () => {
    expect(() => targetFromCatalogRow({ form: "reduce_by", period: "2024" })).toThrow();
    expect(() =>
      targetFromCatalogRow({ form: "above", period: "2024", low: "30", low_inclusive: "yes" }),
    ).toThrow(/true or false/);
  });
});

import { describe, expect, it } from "vitest";
import * as progress from "./index.ts";

describe("progress public API", () => {
  it("exports the entry points", () => {
    for (const name of [
      "evaluate",
      "evaluateScorecard",
      "buildScorecardInput",
      "rollUp",
      "rollUpSeries",
      "predecessorsOf",
      "explain",
      "benchScorecard",
      "DEFAULT_THRESHOLDS",
      "STATUS_RANK",
      "targetFromCatalogRow",
    ]) {
      expect(progress).toHaveProperty(name);
    }
  });
  it("validates input at the boundary", () => {
    expect(() =>
      progress.evaluate({
        indicator: {
          code: "x",
          measureKind: "flow",
          direction: "higher_better",
          frequency: "monthly",
          decimals: 0,
          unit: "",
        },
        target: { form: "at_least", period: "2024", low: "7,5" },
        observations: [],
        asOf: { period: "2024-09" },
      }),
    ).toThrow(/dot-decimal/);
  });
});

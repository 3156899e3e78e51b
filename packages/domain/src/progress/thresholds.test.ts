import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds.ts";

describe("thresholds", () => {
  it("documents its defaults", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      onTrackPoints: 5,
      atRiskPoints: 15,
      exceededMarginPct: 0,
      seasonalMinYears: 2,
      seasonalMaxYears: 3,
    });
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
  });
  it("an indicator overrides some and keeps the rest", () => {
    expect(resolveThresholds({ thresholds: { onTrackPoints: 2 } })).toEqual({
      ...DEFAULT_THRESHOLDS,
      onTrackPoints: 2,
    });
    expect(resolveThresholds({})).toBe(DEFAULT_THRESHOLDS);
    expect(resolveThresholds({ thresholds: { onTrackPoints: undefined } })).toEqual(DEFAULT_THRESHOLDS);
  });
  it("applies overrides on a replaced base", () => {
    const base = { ...DEFAULT_THRESHOLDS, atRiskPoints: 20 };
    expect(resolveThresholds({ thresholds: { onTrackPoints: 10 } }, base).atRiskPoints).toBe(20);
  });
  it("refuses an at-risk band narrower than the on-track band, and negative points", () => {
    expect(() => resolveThresholds({ thresholds: { onTrackPoints: 20 } })).toThrow(RangeError);
    expect(() => resolveThresholds({ thresholds: { atRiskPoints: -1 } })).toThrow();
  });
});

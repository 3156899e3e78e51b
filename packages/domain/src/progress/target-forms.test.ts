import { describe, expect, it } from "vitest";
import {
  bandDistancePct,
  changeBound,
  compileTarget,
  compoundAverage,
  insideBand,
  isExceeded,
  meetsBound,
  pathValueAt,
  planAmountOn,
  stillRequiredRate,
} from "./target-forms.ts";
import type { Target } from "./types.ts";

const up = { direction: "higher_better" } as const;
const down = { direction: "lower_better" } as const;
const band = { direction: "in_range" } as const;
const today = "2024-09-30";

describe("compileTarget: every form, strict and inclusive bounds", () => {
  const cases: [string, Target, typeof up | typeof down | typeof band, [number, boolean][]][] = [
    [
      "at_least 23600",
      { form: "at_least", period: "2024", low: "23600" },
      up,
      [
        [23599, false],
        [23600, true],
        [23601, true],
      ],
    ],
    [
      "above 30",
      { form: "above", period: "2024", low: "30" },
      up,
      [
        [30, false],
        [30.01, true],
      ],
    ],
    [
      "at_most 5",
      { form: "at_most", period: "2024", high: "5" },
      down,
      [
        [5, true],
        [5.01, false],
      ],
    ],
    [
      "below 20.3",
      { form: "below", period: "2024", high: "20.3" },
      down,
      [
        [20.3, false],
        [20.29, true],
      ],
    ],
    [
      "range_floor 7.5–8",
      { form: "range_floor", period: "2024", low: "7.5", high: "8" },
      up,
      [
        [7.49, false],
        [7.5, true],
        [9, true],
      ],
    ],
    [
      "share_of_plan 100%",
      { form: "share_of_plan", period: "2024", low: "100" },
      up,
      [
        [99.9, false],
        [100, true],
      ],
    ],
    [
      "avg growth 7.25",
      { form: "avg_annual_growth", period: "2021-2030", low: "7.25", high: "8.25" },
      up,
      [[7.25, true]],
    ],
    [
      "level_by_year above 75",
      { form: "level_by_year", period: "2030", low: "75", lowInclusive: false },
      up,
      [
        [75, false],
        [75.1, true],
      ],
    ],
    [
      "level_by_year at most 10",
      { form: "level_by_year", period: "2030", high: "10" },
      down,
      [
        [10, true],
        [10.1, false],
      ],
    ],
    ["change down 2900", { form: "change", period: "2024", low: "2900" }, down, []],
  ];
  it.each(cases)("%s", (_, target, ind, checks) => {
    const t = compileTarget(target, ind, today);
    for (const [x, ok] of checks) expect(meetsBound(t.sense, x, t.bound, t.boundInclusive)).toBe(ok);
  });

  it("at_least and above fix their inclusivity whatever the columns say", () => {
    expect(
      compileTarget({ form: "above", period: "2024", low: "30", lowInclusive: true }, up, today)
        .boundInclusive,
    ).toBe(false);
    expect(
      compileTarget({ form: "at_least", period: "2024", low: "30", lowInclusive: false }, up, today)
        .boundInclusive,
    ).toBe(true);
  });

  it("bands: range_inside, approximately with a tolerance or a single value", () => {
    const inside = compileTarget(
      { form: "range_inside", period: "2030", low: "36.5", high: "37.5", lowInclusive: false },
      band,
      today,
    );
    expect(insideBand(inside, 36.5)).toBe(false);
    expect(insideBand(inside, 37.5)).toBe(true);
    expect(bandDistancePct(inside, 37.5 * 1.1)).toBeCloseTo(10, 10);
    const approx = compileTarget(
      { form: "approximately", period: "2030", low: "7700", tolerance: "100" },
      band,
      today,
    );
    expect(approx.high).toBe(7700);
    expect(insideBand(approx, 7800)).toBe(true);
    expect(insideBand(approx, 7801)).toBe(false);
  });

  it("reads plan periods, level years and baselines", () => {
    const t = compileTarget(
      { form: "level_by_year", period: "2030", low: "50", baselinePeriod: "2020", baselineValue: "40" },
      up,
      today,
    );
    expect([t.startYear, t.endYear, t.multiYear, t.baselineYear, t.baselineMonth, t.baselineValue]).toEqual([
      2030,
      2030,
      true,
      2020,
      12,
      40,
    ]);
    const plan = compileTarget(
      { form: "avg_annual_growth", period: "giai đoạn 2021-2030", low: "7" },
      up,
      today,
    );
    expect([plan.startYear, plan.endYear]).toEqual([2021, 2030]);
  });

  it("refuses a form without the fields it needs", () => {
    expect(() => compileTarget({ form: "at_least", period: "2024" }, up, today)).toThrow(/needs low/);
    expect(() => compileTarget({ form: "below", period: "2024", low: "1" }, down, today)).toThrow(
      /needs high/,
    );
    expect(() => compileTarget({ form: "milestone", period: "2024" }, up, today)).toThrow(/dueDate/);
    expect(() => compileTarget({ form: "category", period: "2024" }, band, today)).toThrow(/categoryValue/);
    expect(() => compileTarget({ form: "at_least", period: "someday", low: "1" }, up, today)).toThrow(
      /period/,
    );
  });
});

describe("exceeded", () => {
  it("range_floor above its upper end; at_least beyond the bound; strict forms need a margin", () => {
    const rf = compileTarget({ form: "range_floor", period: "2024", low: "7.5", high: "8" }, up, today);
    expect(isExceeded(rf, 8, rf.bound, true, 0)).toBe(false);
    expect(isExceeded(rf, 8.01, rf.bound, true, 0)).toBe(true);
    const al = compileTarget({ form: "at_least", period: "2024", low: "100" }, up, today);
    expect(isExceeded(al, 100, 100, true, 0)).toBe(false);
    expect(isExceeded(al, 100.5, 100, true, 1)).toBe(false);
    expect(isExceeded(al, 101.5, 100, true, 1)).toBe(true);
    const ab = compileTarget({ form: "above", period: "2024", low: "30" }, up, today);
    expect(isExceeded(ab, 40, 30, false, 0)).toBe(false);
    expect(isExceeded(ab, 40, 30, false, 10)).toBe(true);
    const bl = compileTarget({ form: "at_most", period: "2024", high: "10" }, down, today);
    expect(isExceeded(bl, 9, 10, true, 0)).toBe(true);
    const ri = compileTarget({ form: "range_inside", period: "2024", low: "1", high: "2" }, band, today);
    expect(isExceeded(ri, 1.5, Number.NaN, true, 0)).toBe(false);
  });
});

describe("plan-period arithmetic", () => {
  it("compound average and the rate still required", () => {
    const product = 1.07 * 1.08;
    expect(compoundAverage(product, 2)).toBeCloseTo(Math.sqrt(product) - 1, 12);
    expect(stillRequiredRate(0.07, 5, 1.07 ** 2, 2)).toBeCloseTo(0.07, 12);
    expect(Number.isNaN(stillRequiredRate(0.07, 5, 1, 5))).toBe(true);
  });
  it("the straight path from a baseline", () => {
    expect(pathValueAt(60, 2020 * 12 + 12, 75, 2030 * 12 + 12, 2024 * 12 + 12)).toBeCloseTo(66, 12);
    expect(pathValueAt(60, 0, 75, 10, 20)).toBe(75);
  });
  it("change bounds, absolute and percent, up and down", () => {
    const downAbs = compileTarget({ form: "change", period: "2024", low: "2900" }, down, today);
    expect(changeBound(downAbs, 30000)).toBe(27100);
    const downPct = compileTarget(
      { form: "change", period: "2025", low: "20", changeUnit: "percent" },
      down,
      today,
    );
    expect(changeBound(downPct, 100)).toBe(80);
    const upAbs = compileTarget({ form: "change", period: "2025", low: "7" }, up, today);
    expect(changeBound(upAbs, 100)).toBe(107);
  });
  it("the plan amount in force on a day", () => {
    const t: Target = {
      form: "share_of_plan",
      period: "2024",
      planAmount: "5000",
      planRevisions: [
        { amount: "4500", effectiveFrom: "2024-07-01" },
        { amount: "4000", effectiveFrom: "2024-10-01" },
      ],
    };
    expect(planAmountOn(t, "2024-06-30")).toEqual({ amount: "5000", original: "5000" });
    expect(planAmountOn(t, "2024-07-01").amount).toBe("4500");
    expect(planAmountOn(t, "2024-12-31").amount).toBe("4000");
  });
});

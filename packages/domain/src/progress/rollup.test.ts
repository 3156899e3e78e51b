import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../decimal.ts";
import { aggregationOf, rollUp } from "./rollup.ts";

const flow = { measureKind: "flow", unit: "tỷ đồng" } as const;

describe("roll-up across org units", () => {
  it("flows add exactly", () => {
    const r = rollUp(flow, [
      { orgUnit: "a", value: "0.1", status: "official" },
      { orgUnit: "b", value: "0.2", status: "estimate" },
    ]);
    expect(r).toMatchObject({
      kind: "value",
      method: "sum",
      value: "0.3",
      basedOnEstimate: true,
      missing: [],
    });
  });
  it("the parent's own value wins, and the difference is shown", () => {
    const r = rollUp(
      flow,
      [
        { orgUnit: "a", value: "10", status: "official" },
        { orgUnit: "b", value: "5", status: "official" },
      ],
      {
        orgUnit: "p",
        value: "16",
        status: "official",
      },
    );
    expect(r).toMatchObject({ kind: "value", value: "16", childrenValue: "15", difference: "1" });
  });
  it("lists children without a figure", () => {
    const r = rollUp(flow, [
      { orgUnit: "a", value: "10", status: "official" },
      { orgUnit: "b", status: "official" },
    ]);
    expect(r).toMatchObject({ kind: "value", value: "10", missing: ["b"] });
  });
  it("shares weigh by their denominators", () => {
    const r = rollUp({ measureKind: "stock", unit: "%" }, [
      { orgUnit: "a", value: "50", denominator: "100", status: "official" },
      { orgUnit: "b", value: "80", denominator: "300", status: "official" },
    ]);
    expect(r).toMatchObject({ kind: "value", method: "weighted_share", value: "72.5" });
    expect(
      rollUp({ measureKind: "stock", unit: "%" }, [{ orgUnit: "a", value: "50", status: "official" }]).kind,
    ).toBe("not_aggregable");
  });
  it("counts add; per-capita levels do not", () => {
    expect(aggregationOf({ measureKind: "stock", unit: "hộ" })).toBe("sum");
    expect(aggregationOf({ measureKind: "stock", unit: "giường/vạn dân" })).toBe("none");
    expect(rollUp({ measureKind: "stock", unit: "giường/vạn dân" }, []).kind).toBe("not_aggregable");
    expect(aggregationOf({ measureKind: "stock", unit: "USD", aggregation: "sum" })).toBe("sum");
  });
  it("ratios from summed components", () => {
    const r = rollUp({ measureKind: "ratio", unit: "%" }, [
      { orgUnit: "a", numerator: "30", denominator: "100", status: "official" },
      { orgUnit: "b", numerator: "10", denominator: "100", status: "official" },
    ]);
    expect(r).toMatchObject({ kind: "value", method: "ratio_of_sums", value: "20" });
  });
  it("rates are not aggregable from rates; they are from levels", () => {
    const rates = rollUp({ measureKind: "growth_rate", unit: "%" }, [
      { orgUnit: "a", value: "7", status: "official" },
    ]);
    expect(rates.kind).toBe("not_aggregable");
    if (rates.kind === "not_aggregable") expect(rates.reason.vi).toContain("số tuyệt đối");
    const levels = rollUp({ measureKind: "growth_rate", unit: "%" }, [
      { orgUnit: "a", value: "7", numerator: "107", denominator: "100", status: "official" },
      { orgUnit: "b", value: "9", numerator: "109", denominator: "100", status: "official" },
    ]);
    expect(levels).toMatchObject({ kind: "value", method: "growth_from_levels", value: "8" });
  });
  it("milestones count the units done; categories do not aggregate", () => {
    const r = rollUp({ measureKind: "milestone", unit: "" }, [
      { orgUnit: "a", value: "2024-06-01", status: "official" },
      { orgUnit: "b", value: "0", status: "official" },
    ]);
    expect(r).toMatchObject({ kind: "value", method: "count_done", value: "1" });
    expect(rollUp({ measureKind: "category", unit: "nhóm" }, []).kind).toBe("not_aggregable");
  });
  it("property: the roll-up of flows equals the exact sum of the children", () => {
    const value = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
      .map(([n, scale]) => new Decimal(n.toString()).div(new Decimal(10).pow(scale)).toFixed());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        const r = rollUp(
          flow,
          values.map((v, i) => ({ orgUnit: `u${i}`, value: v, status: "official" as const })),
        );
        const expected = values.reduce((s, v) => s.plus(v), new Decimal(0));
        expect(r.kind).toBe("value");
        if (r.kind === "value") expect(new Decimal(r.value).eq(expected)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

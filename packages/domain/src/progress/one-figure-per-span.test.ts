import { describe, expect, it } from "vitest";
import { figureSpanKey, sameFigureSpan } from "../figure-span.ts";
import { evaluate } from "./evaluate.ts";
import type { Indicator, Observation } from "./types.ts";

// Issue #13 item 6: one current figure per span whatever its basis, and an official figure never
// shadowed by an estimate covering the same months.

describe("the span of a figure", () => {
  it("is the months it covers: a half-year as period or as ytd is one span, so are 9M and September ytd", () => {
    expect(figureSpanKey("2024-H1", "period")).toBe("2024:1-6");
    expect(figureSpanKey("2024-H1", "ytd")).toBe("2024:1-6");
    expect(figureSpanKey("2024-06", "ytd")).toBe("2024:1-6");
    expect(figureSpanKey("2024-06", "period")).toBe("2024:6-6");
    expect(figureSpanKey("2024-Q3", "period")).toBe("2024:7-9");
    expect(sameFigureSpan({ period: "2024-9M", basis: "period" }, { period: "2024-09", basis: "ytd" })).toBe(
      true,
    );
    expect(sameFigureSpan({ period: "2024-Q3", basis: "period" }, { period: "2024-Q3", basis: "ytd" })).toBe(
      false,
    );
    expect(figureSpanKey("2021-2025", "period")).toBeNull();
  });
});

describe("an official figure is never shadowed by an estimate of the same months", () => {
  const revenue: Indicator = {
    code: "budget-revenue",
    unit: "tỷ đồng",
    measureKind: "flow",
    direction: "higher_better",
    frequency: "monthly",
    decimals: 0,
  };
  const months = (n: number, value: string): Observation[] =>
    Array.from({ length: n }, (_, k) => ({
      period: `2024-${String(k + 1).padStart(2, "0")}`,
      basis: "period" as const,
      value,
      status: "official" as const,
    }));
  const nineMonthEstimate: Observation = {
    period: "2024-9M",
    basis: "ytd",
    value: "20000",
    status: "estimate",
  };
  const target = { form: "at_least" as const, period: "2024", low: "23600" };

  it("official January–September monthly figures win over a 9-month estimate: 9 × 2.000 = 18.000, not the estimate 20.000", () => {
    const e = evaluate({
      indicator: revenue,
      target,
      observations: [...months(9, "2000"), nineMonthEstimate],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.actual).toBe("18000");
    expect(e.basedOnEstimate).toBe(false);
  });

  it("with a month missing, the 9-month estimate stands (the monthly figures do not cover its months)", () => {
    const some = months(9, "2000").filter((o) => o.period !== "2024-05");
    const e = evaluate({
      indicator: revenue,
      target,
      observations: [...some, nineMonthEstimate],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.actual).toBe("20000");
    expect(e.basedOnEstimate).toBe(true);
  });

  it("an official 9-month figure stands over estimated months", () => {
    const estimated = months(9, "2000").map((o) => ({ ...o, status: "estimate" as const }));
    const e = evaluate({
      indicator: revenue,
      target,
      observations: [...estimated, { ...nineMonthEstimate, status: "official" }],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.actual).toBe("20000");
    expect(e.basedOnEstimate).toBe(false);
  });
});

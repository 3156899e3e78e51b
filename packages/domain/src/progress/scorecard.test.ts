import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { buildScorecardInput, type SeriesInput } from "./pack.ts";
import { evaluateScorecard } from "./scorecard.ts";
import type { Indicator, Observation, Target } from "./types.ts";

const indicators: Indicator[] = [
  {
    code: "flow",
    measureKind: "flow",
    direction: "higher_better",
    frequency: "monthly",
    decimals: 1,
    unit: "tỷ đồng",
  },
  {
    code: "stock",
    measureKind: "stock",
    direction: "lower_better",
    frequency: "quarterly",
    decimals: 1,
    unit: "%",
  },
  {
    code: "rate",
    measureKind: "growth_rate",
    direction: "higher_better",
    frequency: "quarterly",
    decimals: 1,
    unit: "%",
  },
];
const targets: Record<string, Target> = {
  flow: { form: "at_least", period: "2024", low: "1000" },
  stock: { form: "below", period: "2024", high: "20.3" },
  rate: { form: "range_floor", period: "2024", low: "7.5", high: "8" },
};

const obsArb = fc.record({
  period: fc.constantFrom(
    "2023-03",
    "2023-9M",
    "2023",
    "2024-01",
    "2024-02",
    "2024-Q1",
    "2024-H1",
    "2024-07",
    "2024-9M",
    "2024",
  ),
  basis: fc.constantFrom<"period" | "ytd">("period", "ytd"),
  value: fc.integer({ min: 0, max: 99999 }).map((n) => (n / 10).toString()),
  status: fc.constantFrom<Observation["status"]>("official", "preliminary", "estimate"),
});

describe("evaluateScorecard", () => {
  it("agrees with evaluate() series by series", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 2 }), obs: fc.array(obsArb, { maxLength: 8 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.constantFrom("2024-03", "2024-06", "2024-09", "2024-11", "2024"),
        (rows, asOf) => {
          const series: SeriesInput[] = rows.map((r, i) => {
            const ind = indicators[r.k] as Indicator;
            // one figure per key, as storage hands them over
            const seen = new Map<string, Observation>();
            for (const o of r.obs) seen.set(`${o.period}|${o.basis}`, o);
            return {
              indicator: ind.code,
              orgUnit: `u${i}`,
              target: targets[ind.code],
              observations: [...seen.values()],
            };
          });
          const input = buildScorecardInput({
            asOf: { period: asOf },
            indicators,
            series,
            startYear: 2023,
            endYear: 2024,
          });
          const result = evaluateScorecard(input);
          series.forEach((s, i) => {
            const one = evaluate({
              indicator: indicators.find((x) => x.code === s.indicator) as Indicator,
              target: s.target as Target,
              observations: s.observations,
              asOf: { period: asOf },
              orgUnit: s.orgUnit,
            });
            const many = result.evaluation(i);
            expect(many.status).toBe(one.status);
            expect(many.figures.actual).toBe(one.figures.actual);
            expect(many.basedOnEstimate).toBe(one.basedOnEstimate);
            expect(result.basedOnEstimate[i]).toBe(one.basedOnEstimate ? 1 : 0);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("counts statuses and leaves series without a target not due", () => {
    const input = buildScorecardInput({
      asOf: { period: "2024-09" },
      indicators,
      series: [
        {
          indicator: "flow",
          orgUnit: "a",
          target: targets.flow,
          observations: [{ period: "2024-9M", basis: "ytd", value: "750", status: "official" }],
        },
        { indicator: "flow", orgUnit: "b", observations: [] },
      ],
    });
    const r = evaluateScorecard(input);
    expect(r.counts.on_track).toBe(1);
    expect(r.counts.not_due).toBe(1);
    expect(r.evaluation(1).notes[0]).toContain("no target");
    expect(r.actual[0]).toBe(750);
    expect(r.progress[0]).toBeCloseTo(75, 12);
  });

  it("keeps flow sums exact beyond 2^53 in scaled units", () => {
    const big: Indicator = { ...(indicators[0] as Indicator), code: "big", decimals: 3 };
    const months = Array.from(
      { length: 9 },
      (_, i): Observation => ({
        period: `2024-${String(i + 1).padStart(2, "0")}`,
        basis: "period",
        value: "1234567890123.456",
        status: "official",
      }),
    );
    const e = evaluate({
      indicator: big,
      target: { form: "at_least", period: "2024", low: "1" },
      observations: months,
      asOf: { period: "2024-09" },
    });
    expect(e.figures.actual).toBe("11111111011111.104");
  });
});

import { describe, expect, it } from "vitest";
import { benchScorecard, generateScorecard, mulberry32 } from "./bench.ts";
import { evaluateScorecard } from "./scorecard.ts";

describe("benchmark data", () => {
  it("is deterministic", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const x = evaluateScorecard(generateScorecard({ indicators: 20, orgUnits: 5 }));
    const y = evaluateScorecard(generateScorecard({ indicators: 20, orgUnits: 5 }));
    expect([...x.status]).toEqual([...y.status]);
  });
  it("covers every kind and produces a full record for each", () => {
    const input = generateScorecard({ indicators: 50, orgUnits: 3 });
    const r = evaluateScorecard(input);
    expect(r.count).toBe(150);
    const kinds = new Set(input.indicators.map((i) => i.measureKind));
    expect(kinds.size).toBe(6);
    for (let s = 0; s < r.count; s++) expect(r.evaluation(s).explanation.vi.length).toBeGreaterThan(0);
    expect(r.counts.no_data).toBe(0);
  });
  it("reports timings on a small run", () => {
    const b = benchScorecard({ indicators: 20, orgUnits: 10, runs: 2 });
    expect(b.series).toBe(200);
    expect(b.observations).toBe(200 * 24);
    expect(b.ms).toBeGreaterThan(0);
  });
});

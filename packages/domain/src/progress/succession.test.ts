import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { withPredecessors } from "./succession.ts";
import type { Indicator, Observation } from "./types.ts";

const revenue: Indicator = {
  code: "rev",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 0,
  unit: "tỷ đồng",
};
const y = (period: string, value: string): Observation => ({
  period,
  basis: "ytd",
  value,
  status: "official",
});

describe("administrative change: a merged province uses its predecessors' figures", () => {
  // from 1 July 2025 Quảng Nam (p49) is part of Đà Nẵng (p48), which keeps its code
  const predecessors = [
    { orgUnit: "p48", effectiveFrom: "2025-07-01" },
    { orgUnit: "p49", effectiveFrom: "2025-07-01" },
  ];
  const observations = {
    p48: [y("2023", "19000"), y("2024", "20000"), y("2025-9M", "50000")],
    p49: [y("2023", "22000"), y("2024", "25000")],
  };

  it("sums the predecessors for periods before the merger and keeps the successor's own after", () => {
    const r = withPredecessors({ indicator: revenue, successor: "p48", predecessors, observations });
    const byPeriod = Object.fromEntries(r.observations.map((o) => [o.period, o]));
    expect(byPeriod["2024"]).toMatchObject({ value: "45000", sourceOrgUnit: "p48 + p49" });
    expect(byPeriod["2023"]?.value).toBe("41000");
    expect(byPeriod["2025-9M"]).toMatchObject({ value: "50000" });
    expect(byPeriod["2025-9M"]?.sourceOrgUnit).toBeUndefined();
    expect(r.notes.map((n) => n.vi)).toContain(
      "2024: số liệu của p48 + p49 (trước khi hợp nhất ngày 01/07/2025)",
    );
  });

  it("a single predecessor's figure is taken as is, and says so in the evaluation", () => {
    const r = withPredecessors({
      indicator: revenue,
      successor: "new",
      predecessors: [{ orgUnit: "old", effectiveFrom: "2025-01-01" }],
      observations: { old: [y("2024", "100")], new: [y("2025-9M", "90")] },
    });
    const e = evaluate({
      indicator: revenue,
      target: { form: "at_least", period: "2024", low: "90" },
      observations: r.observations,
      asOf: { period: "2024" },
      orgUnit: "new",
    });
    expect(e.status).toBe("exceeded");
    expect(e.notes).toContain("2024: số liệu của old / figure of old");
  });

  it("does not assemble a partial figure or add rates", () => {
    const partial = withPredecessors({
      indicator: revenue,
      successor: "p48",
      predecessors,
      observations: { p48: [y("2022", "1")], p49: [] },
    });
    expect(partial.observations).toEqual([]);
    expect(partial.notes[0]?.vi).toContain("thiếu số liệu của p49");
    const rates = withPredecessors({
      indicator: { measureKind: "growth_rate", unit: "%" },
      successor: "p48",
      predecessors,
      observations: { p48: [y("2024", "7")], p49: [y("2024", "8")] },
    });
    expect(rates.observations).toEqual([]);
    expect(rates.notes[0]?.en).toContain("cannot be derived");
  });
});

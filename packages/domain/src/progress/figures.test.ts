import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { spreadsheetArtefact } from "./scaled.ts";
import type { Indicator, Observation } from "./types.ts";

// Figures as offices send them: spreadsheet float residue, and estimates next to official figures.

const revenue: Indicator = {
  code: "qnam24-budget-revenue",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 0,
  unit: "tỷ đồng",
};
const obs = (period: string, value: string, status: Observation["status"] = "official"): Observation => ({
  period,
  basis: "period",
  value,
  status,
});

describe("spreadsheet float residue", () => {
  it("reads 25960.000000000004 as 25960, says so, and keeps the rest of the series exact", () => {
    const e = evaluate({
      indicator: revenue,
      target: { form: "at_least", period: "2024", low: "23600" },
      observations: [obs("2024-01", "25960.000000000004"), obs("2024-02", "1234.5")],
      asOf: { period: "2024-02" },
    });
    expect(e.status).not.toBe("no_data");
    expect(e.figures.actual).toBe("27194.5");
    expect(e.notes.join(" ")).toContain('"25960.000000000004" đọc là 25960');
  });
  it("leaves figures of 15 significant digits or fewer as written", () => {
    expect(spreadsheetArtefact("25960.5")).toBeNull();
    expect(spreadsheetArtefact("123456789012345")).toBeNull();
    // a long figure of its own (amounts in đồng with decimals) is not residue
    expect(spreadsheetArtefact("11111111011111.104")).toBeNull();
    expect(spreadsheetArtefact("0.30000000000000004")).toBe("0.3");
    expect(spreadsheetArtefact("-7.099999999999999645")).toBe("-7.1");
  });
});

describe("an official figure is never shadowed by an estimate of the same period", () => {
  it("keeps 27.594 (official) whether the estimate 26.000 comes before or after it", () => {
    for (const order of [
      [obs("2024", "26000", "estimate"), obs("2024", "27594")],
      [obs("2024", "27594"), obs("2024", "26000", "estimate")],
    ]) {
      const e = evaluate({
        indicator: { ...revenue, frequency: "annual" },
        target: { form: "at_least", period: "2024", low: "23600" },
        observations: order,
        asOf: { period: "2024" },
      });
      expect([e.status, e.figures.actual, e.basedOnEstimate]).toEqual(["exceeded", "27594", false]);
    }
  });
});

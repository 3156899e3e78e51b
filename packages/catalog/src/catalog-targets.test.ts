import path from "node:path";
import {
  describeTarget,
  evaluate,
  formatNumberVi,
  type Indicator,
  type Observation,
  type Target,
} from "@chitieu/domain";
import { findRepoRoot } from "@chitieu/storage";
import { describe, expect, it } from "vitest";
import { formKindUnitProblem, readCatalog } from "./read-catalog.ts";

// Every target of the catalog, judged over generated series (each cadence, estimates and
// official figures, gaps): no crash, no unreadable value, and wording that repeats the verb of
// the target's own quote.
const catalog = readCatalog(path.join(findRepoRoot(import.meta.dirname), "data/catalog"));
const indicators = new Map(catalog.indicators.map((i) => [i.code, i]));

const VERBS = ["giảm", "tăng", "duy trì", "trên", "dưới", "khoảng", "bình quân"] as const;

function seriesFor(ind: Indicator, gaps: boolean): Observation[] {
  const out: Observation[] = [];
  for (const year of [2020, 2021, 2022, 2023, 2024, 2025]) {
    const steps = ind.frequency === "monthly" ? 12 : ind.frequency === "quarterly" ? 4 : 1;
    for (let k = 1; k <= steps; k++) {
      if (gaps && (k + year) % 3 === 0) continue;
      const period =
        ind.frequency === "monthly"
          ? `${year}-${String(k).padStart(2, "0")}`
          : ind.frequency === "quarterly"
            ? `${year}-Q${k}`
            : `${year}`;
      const value =
        ind.measureKind === "milestone"
          ? "0"
          : ind.measureKind === "category"
            ? "2"
            : String(10 + ((year * 7 + k * 13) % 90));
      out.push({
        period,
        basis: ind.measureKind === "growth_rate" ? "ytd" : "period",
        value,
        status: k === steps ? "estimate" : "official",
      });
    }
  }
  return out;
}

describe("every target of the catalog", () => {
  it("is judged over generated series without a crash or an unreadable value, in its document's words", () => {
    let judged = 0;
    for (const row of catalog.targets) {
      const i = indicators.get(row.indicator_code);
      if (!i) throw new Error(`targets.csv ${row.indicator_code}: no indicator`);
      const indicator: Indicator = {
        code: i.code,
        measureKind: i.measure_kind,
        direction: i.direction,
        frequency: i.frequency,
        decimals: i.decimals,
        unit: i.unit,
      };
      const target: Target = {
        form: row.form,
        period: row.period,
        ...(row.low ? { low: row.low } : {}),
        ...(row.high ? { high: row.high } : {}),
        lowInclusive: row.low_inclusive,
        highInclusive: row.high_inclusive,
        ...(row.tolerance ? { tolerance: row.tolerance } : {}),
        ...(row.change_unit ? { changeUnit: row.change_unit } : {}),
        ...(row.baseline_period ? { baselinePeriod: row.baseline_period } : {}),
        ...(row.baseline_value ? { baselineValue: row.baseline_value } : {}),
        ...(row.plan_amount ? { planAmount: row.plan_amount } : {}),
        ...(row.category_value ? { categoryValue: row.category_value } : {}),
        ...(row.due_date ? { dueDate: row.due_date } : {}),
      };
      const wording = describeTarget(
        {
          form: row.form,
          low: row.low,
          high: row.high,
          low_inclusive: row.low_inclusive,
          high_inclusive: row.high_inclusive,
          tolerance: row.tolerance,
          change_unit: row.change_unit,
          baseline_period: row.baseline_period,
          category_value: row.category_value,
          due_date: row.due_date,
          period: row.period,
          direction: i.direction,
        },
        i.unit,
      );
      let said = wording;
      for (const gaps of [false, true])
        for (const asOf of ["2024-06", "2024", "2025-09"]) {
          const e = evaluate({
            indicator,
            target,
            observations: seriesFor(indicator, gaps),
            asOf: { period: asOf },
          });
          const text = `${e.label.vi} ${e.explanation.vi} ${e.explanation.en}`;
          expect(text, `${row.indicator_code} at ${asOf}`).not.toMatch(
            /NaN|undefined|không đọc được|Infinity/,
          );
          said += ` ${e.explanation.vi}`;
          judged++;
        }
      const quote = (row.quote ?? "").toLowerCase();
      // the verb right before the target's own number ("trên 30%", "giảm 2.900"), not a place
      // ("trên địa bàn") or a unit ("trên 1 vạn dân")
      const bound = row.low ?? row.high;
      const number = bound ? formatNumberVi(bound).replace(/[.,]/g, "[.,]?") : null;
      const verb = number
        ? VERBS.find((v) =>
            new RegExp(`(^|\\s)${v}\\s+(ít nhất\\s+|tối thiểu\\s+)?${number}(\\D|$)`).test(quote),
          )
        : undefined;
      if (verb) expect(said, `${row.indicator_code}: "${row.quote}"`).toContain(verb);
    }
    expect(judged).toBe(catalog.targets.length * 6);
  });
});

describe("form × measure kind × unit at load", () => {
  const t = (form: string, plan_amount: string | null = null) => ({ form, plan_amount });
  it("refuses a share of plan on a head count without its plan amount, saying why in Vietnamese and English", () => {
    expect(formKindUnitProblem(t("share_of_plan"), { measure_kind: "flow", unit: "người" })).toBe(
      '"% kế hoạch" cần số kế hoạch (plan_amount) theo đơn vị người, hoặc chỉ tiêu tính bằng % / a share of plan needs the plan amount in người, or an indicator kept in %',
    );
    expect(formKindUnitProblem(t("share_of_plan", "193"), { measure_kind: "stock", unit: "xã" })).toBeNull();
    expect(formKindUnitProblem(t("share_of_plan"), { measure_kind: "flow", unit: "%" })).toBeNull();
  });
  it('refuses a count on a milestone ("thành lập 02 thị trấn" must be a number to reach)', () => {
    expect(formKindUnitProblem(t("at_least"), { measure_kind: "milestone", unit: "thị trấn" })).toMatch(
      /^dạng at_least cần một số đo/,
    );
    expect(formKindUnitProblem(t("at_least"), { measure_kind: "stock", unit: "thị trấn" })).toBeNull();
    expect(formKindUnitProblem(t("avg_annual_growth"), { measure_kind: "stock", unit: "%" })).toMatch(
      /growth-rate/,
    );
  });
  it("the catalog as shipped passes: no share of plan reads a head count or tỷ đồng as a percent", () => {
    for (const row of catalog.targets) {
      const i = indicators.get(row.indicator_code);
      expect(i && formKindUnitProblem(row, i), row.indicator_code).toBeNull();
    }
  });
});

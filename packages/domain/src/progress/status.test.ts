import { describe, expect, it } from "vitest";
import { parseDeadline } from "../deadline.ts";
import { evaluate } from "./evaluate.ts";
import { compareStatus, STATUS_RANK, statusFromScore, statusLabel } from "./status.ts";
import { DEFAULT_THRESHOLDS } from "./thresholds.ts";
import type { Indicator, Observation, Target } from "./types.ts";

// Indicators and targets of the seed documents (002 Quảng Nam 2024, 004 Quảng Ngãi to 2030,
// 001 Quảng Ngãi disbursement). Observations are invented for the tests.

const obs = (period: string, value: string, extra: Partial<Observation> = {}): Observation => ({
  period,
  basis: "ytd",
  value,
  status: "official",
  ...extra,
});

const revenue: Indicator = {
  code: "i03_budget_revenue_total",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 0,
  unit: "tỷ đồng",
  planNoun: { vi: "dự toán", en: "budget estimate" },
};
const revenueTarget: Target = { form: "at_least", period: "2024", low: "23600" };

const grdp: Indicator = {
  code: "i01_grdp_growth",
  measureKind: "growth_rate",
  direction: "higher_better",
  frequency: "quarterly",
  decimals: 1,
  unit: "%",
};
const grdpTarget: Target = { form: "range_floor", period: "2024", low: "7.5", high: "8" };

const stunting: Indicator = {
  code: "i08_under5_stunting_rate",
  measureKind: "stock",
  direction: "lower_better",
  frequency: "annual",
  decimals: 1,
  unit: "%",
};
const stuntingTarget: Target = { form: "below", period: "2024", high: "20.3" };

const poorHouseholds: Indicator = {
  code: "poor_households",
  measureKind: "stock",
  direction: "lower_better",
  frequency: "annual",
  decimals: 0,
  unit: "hộ",
};
const poorTarget: Target = {
  form: "change",
  period: "2024",
  low: "2900",
  changeUnit: "absolute",
  baselinePeriod: "2023",
};

const grdpAvg: Indicator = { ...grdp, code: "grdp_growth_avg_2021_2030", frequency: "annual", decimals: 2 };
const grdpAvgTarget: Target = { form: "avg_annual_growth", period: "2021-2030", low: "7.25", high: "8.25" };

const trainedLabour: Indicator = {
  code: "trained_labour_rate_2030",
  measureKind: "stock",
  direction: "higher_better",
  frequency: "annual",
  decimals: 1,
  unit: "%",
};
const trainedTarget: Target = {
  form: "level_by_year",
  period: "2030",
  low: "75",
  lowInclusive: false,
  baselinePeriod: "2020",
  baselineValue: "60",
};

const milestone: Indicator = {
  code: "task_q3_2024",
  measureKind: "milestone",
  direction: "done",
  frequency: "monthly",
  decimals: 0,
  unit: "",
};
const due = parseDeadline("Quý III/2024").due as string;
const milestoneTarget: Target = { form: "milestone", period: "2024", dueDate: due };

const disbursement: Indicator = {
  code: "public_investment_disbursement_2024",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 1,
  unit: "tỷ đồng",
  planNoun: { vi: "kế hoạch vốn", en: "capital plan" },
};
const disbursementTarget: Target = {
  form: "share_of_plan",
  period: "2024",
  low: "100",
  planAmount: "5000",
  planRevisions: [{ amount: "4000", effectiveFrom: "2024-07-15", documentCode: "qd-dieu-chinh" }],
};

const hdi: Indicator = {
  code: "hdi_group_2030",
  measureKind: "category",
  direction: "in_range",
  frequency: "annual",
  decimals: 0,
  unit: "nhóm",
};

describe("status order", () => {
  it("ranks exceeded > achieved > on_track > at_risk > off_track > not_achieved; no_data and not_due outside", () => {
    expect(compareStatus("exceeded", "achieved")).toBeGreaterThan(0);
    expect(compareStatus("on_track", "at_risk")).toBeGreaterThan(0);
    expect(compareStatus("off_track", "not_achieved")).toBeGreaterThan(0);
    expect(compareStatus("no_data", "achieved")).toBeUndefined();
    expect(STATUS_RANK.not_due).toBe(0);
  });
  it("reads thresholds: on_track within 5 points, at_risk within 15", () => {
    expect(statusFromScore(-5, DEFAULT_THRESHOLDS)).toBe(2);
    expect(statusFromScore(-5.01, DEFAULT_THRESHOLDS)).toBe(3);
    expect(statusFromScore(-15, DEFAULT_THRESHOLDS)).toBe(3);
    expect(statusFromScore(-15.01, DEFAULT_THRESHOLDS)).toBe(4);
  });
  it("labels estimates 'ước đạt'", () => {
    expect(statusLabel("achieved", true).vi).toBe("Ước đạt");
    expect(statusLabel("achieved", false).vi).toBe("Đạt");
    expect(statusLabel("on_track", true).vi).toContain("số ước");
  });
});

describe("budget revenue 23.600 tỷ đồng, 17.700 cumulative at September", () => {
  const current = obs("2024-9M", "17700");
  it("linear: 75,0% of the year against 75% elapsed is on track", () => {
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: [current],
      asOf: { period: "2024-09" },
    });
    expect(e.status).toBe("on_track");
    expect(e.figures.actual).toBe("17700");
    expect(e.figures.progress).toBe("75");
    expect(e.figures.expected).toBe("75");
    expect(e.figures.expectedMethod).toBe("linear");
    expect(e.figures.forecast).toBe("23600");
    expect(e.figures.gap).toBe("-5900");
  });
  it("seasonal: two earlier years reached 70,0% and 71,2% by September", () => {
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: [
        current,
        obs("2022-9M", "12600"),
        obs("2022", "18000"),
        obs("2023-9M", "14240"),
        obs("2023", "20000"),
      ],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.expectedMethod).toBe("seasonal");
    expect(e.figures.seasonalYears).toEqual([2023, 2022]);
    expect(e.figures.expected).toBe("70.6");
    expect(e.figures.sameTimeLastYearShare).toBe("71.2");
    expect(e.figures.forecast).toBe("25070.82"); // 17.700 ÷ 0,706 = 25.070,8215…
    expect(e.status).toBe("on_track");
    expect(e.explanation.vi.startsWith("Lũy kế 9 tháng đạt 75,0% dự toán năm; cùng kỳ năm trước 71,2%")).toBe(
      true,
    );
  });
  it("one earlier year is not enough for a seasonal profile", () => {
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: [current, obs("2023-9M", "14240"), obs("2023", "20000")],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.expectedMethod).toBe("linear");
    expect(e.figures.sameTimeLastYearShare).toBe("71.2");
  });
  it("sums monthly figures exactly and falls behind when too low", () => {
    const months = Array.from({ length: 9 }, (_, i) =>
      obs(`2024-${String(i + 1).padStart(2, "0")}`, "1800.1", { basis: "period" }),
    );
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: months,
      asOf: { period: "2024-09" },
    });
    expect(e.figures.actual).toBe("16200.9");
    expect(e.status).toBe("at_risk");
  });
  it("reaching the annual amount before December is achieved; beyond it, exceeded", () => {
    const at = (v: string) =>
      evaluate({
        indicator: revenue,
        target: revenueTarget,
        observations: [obs("2024-11", v)],
        asOf: { period: "2024-11" },
      }).status;
    expect(at("23600")).toBe("achieved");
    expect(at("23601")).toBe("exceeded");
    expect(at("15000")).toBe("off_track");
  });
  it("judges the year from the December cumulative; estimates say 'ước đạt'", () => {
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: [obs("2024", "23600", { status: "estimate" })],
      asOf: { period: "2024-12", today: "2024-12-05" },
    });
    expect(e.status).toBe("achieved");
    expect(e.basedOnEstimate).toBe(true);
    expect(e.label.vi).toBe("Ước đạt");
    expect(e.figures.closed).toBe(true);
  });
  it("no figure at all is no_data", () => {
    const e = evaluate({
      indicator: revenue,
      target: revenueTarget,
      observations: [],
      asOf: { period: "2024-09" },
    });
    expect(e.status).toBe("no_data");
  });
});

describe("GRDP growth 7,5–8% (range_floor, quarterly)", () => {
  const at = (value: string, asOf: string, period = "2024-9M") =>
    evaluate({
      indicator: grdp,
      target: grdpTarget,
      observations: [obs(period, value)],
      asOf: { period: asOf },
    });
  it("6,8% for 9 months is at risk (9,3% short of the floor)", () => {
    const e = at("6.8", "2024-09");
    expect(e.status).toBe("at_risk");
    expect(e.figures.actual).toBe("6.8");
    expect(e.figures.actualPeriod).toBe("2024-9M");
    expect(e.figures.gap).toBe("-0.7");
    expect(e.explanation.vi).toContain("9 tháng năm 2024 tăng 6,8%");
    expect(e.explanation.vi).toContain("còn thiếu 0,7 điểm %");
  });
  it("a missing October value of a quarterly indicator is not 'no data'", () => {
    expect(at("6.8", "2024-10").status).toBe("at_risk");
    expect(at("6.8", "2024-11").figures.actualPeriod).toBe("2024-9M");
  });
  it("in March, the first quarter's figure is not yet published: not due, not 'no data'", () => {
    const e = evaluate({
      indicator: grdp,
      target: grdpTarget,
      observations: [],
      asOf: { period: "2024-03" },
    });
    expect(e.status).toBe("not_due");
    expect(
      evaluate({ indicator: grdp, target: grdpTarget, observations: [], asOf: { period: "2024-05" } }).status,
    ).toBe("no_data");
  });
  it("before the first quarter closes nothing is due", () => {
    expect(
      evaluate({ indicator: grdp, target: grdpTarget, observations: [], asOf: { period: "2024-02" } }).status,
    ).toBe("not_due");
  });
  it("year: 7,4 not achieved, 7,5 and 8 achieved, above 8 exceeded", () => {
    expect(at("7.4", "2024", "2024").status).toBe("not_achieved");
    expect(at("7.5", "2024", "2024").status).toBe("achieved");
    expect(at("8", "2024", "2024").status).toBe("achieved");
    expect(at("8.1", "2024", "2024").status).toBe("exceeded");
  });
  it("a quarter-alone rate is not the cumulative rate", () => {
    const e = evaluate({
      indicator: grdp,
      target: grdpTarget,
      observations: [obs("2024-Q3", "9.1", { basis: "period" })],
      asOf: { period: "2024-10" },
    });
    expect(e.status).toBe("no_data");
  });
  it("shows the change against the same period last year in points", () => {
    const e = evaluate({
      indicator: grdp,
      target: grdpTarget,
      observations: [obs("2024-9M", "6.8"), obs("2023-9M", "6.1")],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.changeVsLastYear).toBe("0.7");
  });
});

describe("stunting below 20,3% (annual stock, strict upper bound)", () => {
  const at = (value: string, asOf = "2024", status: Observation["status"] = "official") =>
    evaluate({
      indicator: stunting,
      target: stuntingTarget,
      observations: [obs("2024", value, { status })],
      asOf: { period: asOf },
    });
  it("is not due before the yearly figure", () => {
    expect(at("19", "2024-09").status).toBe("not_due");
  });
  it("20,1 achieved; 20,3 is not below 20,3", () => {
    expect(at("20.1").status).toBe("achieved");
    expect(at("20.3").status).toBe("not_achieved");
  });
  it("an estimate of 20,0 is 'ước đạt'", () => {
    const e = at("20", "2024", "estimate");
    expect(e.label.vi).toBe("Ước đạt");
  });
});

describe("2.900 fewer poor households (change, absolute)", () => {
  const at = (value: string) =>
    evaluate({
      indicator: poorHouseholds,
      target: poorTarget,
      observations: [obs("2023", "30000"), obs("2024", value)],
      asOf: { period: "2024" },
    });
  it("reduction 3.000 exceeds, 2.900 achieves, 2.800 does not", () => {
    expect(at("27000").status).toBe("exceeded");
    const exact = at("27100");
    expect(exact.status).toBe("achieved");
    expect(exact.figures.target.amount).toBe("27100");
    expect(exact.figures.baseline).toBe("30000");
    expect(exact.figures.progress).toBe("100");
    expect(at("27200").status).toBe("not_achieved");
  });
  it("takes the baseline value from the target when stated", () => {
    const e = evaluate({
      indicator: poorHouseholds,
      target: { ...poorTarget, baselineValue: "31000" },
      observations: [obs("2024", "28000")],
      asOf: { period: "2024" },
    });
    expect(e.status).toBe("exceeded");
    expect(e.explanation.vi).toContain("giảm 3.000 hộ");
  });
  it("without a baseline it is no_data, with a note", () => {
    const e = evaluate({
      indicator: poorHouseholds,
      target: poorTarget,
      observations: [obs("2024", "1")],
      asOf: { period: "2024" },
    });
    expect(e.status).toBe("no_data");
    expect(e.notes.join(" ")).toContain("baseline");
  });
});

describe("GRDP 7,25–8,25%/year on average over 2021–2030", () => {
  const rates = { 2021: "6.5", 2022: "8.9", 2023: "7.1", 2024: "8.0" };
  const observations = Object.entries(rates).map(([y, v]) => obs(y, v));
  const product = 1.065 * 1.089 * 1.071 * 1.08;
  it("after four years: achieved so far and still required", () => {
    const e = evaluate({ indicator: grdpAvg, target: grdpAvgTarget, observations, asOf: { period: "2024" } });
    expect(e.figures.yearsWithData).toBe(4);
    // (Π(1+gᵢ))^(1/4) − 1 = 7,62116239…%, ((1,0725^10 ÷ Π)^(1/6) − 1) = 7,00326982…% (50 digits):
    // given to the indicator's 2 decimals + 2, half away from zero
    expect((product ** (1 / 4) - 1) * 100).toBeCloseTo(7.6212, 4);
    expect(e.figures.achievedSoFar).toBe("7.6212");
    expect(e.figures.stillRequired).toBe("7.0033");
    expect(e.figures.actualPeriod).toBe("2021-2024");
    expect(e.status).toBe("on_track");
    expect(e.explanation.vi).toContain("các năm còn lại cần");
  });
  it("9 months into 2025 count only the four closed years", () => {
    const e = evaluate({
      indicator: grdpAvg,
      target: grdpAvgTarget,
      observations: [...observations, obs("2025-9M", "3")],
      asOf: { period: "2025-09" },
    });
    expect(e.figures.yearsWithData).toBe(4);
  });
  it("the whole period at exactly 7,25% a year is achieved", () => {
    const all = Array.from({ length: 10 }, (_, i) => obs(String(2021 + i), "7.25"));
    const e = evaluate({
      indicator: grdpAvg,
      target: grdpAvgTarget,
      observations: all,
      asOf: { period: "2030" },
    });
    expect(e.status).toBe("achieved");
  });
});

describe("trained labour above 75% by 2030 (level_by_year, path from 60% in 2020)", () => {
  const at = (year: string, value: string) =>
    evaluate({
      indicator: trainedLabour,
      target: trainedTarget,
      observations: [obs(year, value)],
      asOf: { period: year },
    });
  it("68% in 2024 is ahead of the 66% path", () => {
    const e = at("2024", "68");
    expect(e.figures.pathValue).toBe("66");
    expect(e.figures.expected).toBe("40");
    expect(e.figures.progress).toBe("53.33"); // 8 ÷ 15 = 53,333…%
    expect(e.figures.expectedMethod).toBe("path");
    expect(e.status).toBe("on_track");
  });
  it("62% in 2024 is off track", () => {
    expect(at("2024", "62").status).toBe("off_track");
  });
  it("in 2030: 75% is not above 75%; 75,5% is", () => {
    expect(at("2030", "75").status).toBe("not_achieved");
    expect(at("2030", "75.5").status).toBe("achieved");
  });
});

describe("milestone due 'Quý III/2024'", () => {
  it("the deadline reads 30/09/2024", () => {
    expect(due).toBe("2024-09-30");
  });
  const at = (today: string, observations: Observation[]) =>
    evaluate({
      indicator: milestone,
      target: milestoneTarget,
      observations,
      asOf: { period: today.slice(0, 7), today },
    });
  it("done on 2 October 2024: done late, not achieved on time", () => {
    const e = at("2024-10-15", [obs("2024-10", "2024-10-02", { basis: "period" })]);
    expect(e.status).toBe("not_achieved");
    expect(e.figures.late).toBe(true);
    expect(e.figures.doneOn).toBe("2024-10-02");
    expect(e.explanation.vi).toBe("Hoàn thành ngày 02/10/2024, trễ 2 ngày so với hạn 30/09/2024");
  });
  it("done on 30 September: achieved", () => {
    expect(at("2024-10-15", [obs("2024-09", "2024-09-30", { basis: "period" })]).status).toBe("achieved");
  });
  it("not done before the deadline: not due; after it: not achieved; no report after it: no data", () => {
    expect(at("2024-09-01", []).status).toBe("not_due");
    expect(at("2024-10-15", [obs("2024-09", "0", { basis: "period" })]).status).toBe("not_achieved");
    expect(at("2024-10-15", []).status).toBe("no_data");
  });
});

describe("disbursement 100% of a revised capital plan (share_of_plan)", () => {
  it("uses the plan amount in force on the evaluation day", () => {
    const e = evaluate({
      indicator: disbursement,
      target: disbursementTarget,
      observations: [obs("2024-9M", "3000")],
      asOf: { period: "2024-09" },
    });
    expect(e.figures.planAmount).toBe("4000");
    expect(e.figures.planAmountOriginal).toBe("5000");
    expect(e.figures.progress).toBe("75");
    expect(e.status).toBe("on_track");
    expect(e.explanation.vi).toContain("kế hoạch điều chỉnh 4.000,0 tỷ đồng (ban đầu 5.000,0 tỷ đồng)");
  });
  it("before the revision the original amount counts", () => {
    const e = evaluate({
      indicator: disbursement,
      target: disbursementTarget,
      observations: [obs("2024-H1", "1500")],
      asOf: { period: "2024-06" },
    });
    expect(e.figures.planAmount).toBe("5000");
    expect(e.figures.progress).toBe("30");
    expect(e.status).toBe("off_track");
  });
  it("the full plan disbursed by December is achieved", () => {
    const e = evaluate({
      indicator: disbursement,
      target: disbursementTarget,
      observations: [obs("2024", "4000")],
      asOf: { period: "2024" },
    });
    expect(e.status).toBe("achieved");
  });
});

describe("HDI in group 2 (category)", () => {
  const at = (value: string, target: Target) =>
    evaluate({ indicator: hdi, target, observations: [obs("2024", value)], asOf: { period: "2024" } }).status;
  it("group 2 for the year is achieved; group 3 is not", () => {
    const year: Target = { form: "category", period: "2024", categoryValue: "2" };
    expect(at("2", year)).toBe("achieved");
    expect(at("3", year)).toBe("not_achieved");
  });
  it("on the way to 2030 it is on or off track", () => {
    const plan: Target = { form: "category", period: "2021-2030", categoryValue: "2" };
    expect(at("2", plan)).toBe("on_track");
    expect(at("3", plan)).toBe("off_track");
  });
});

describe("the remaining forms and kinds", () => {
  const ratio: Indicator = {
    code: "i02_investment_to_grdp_ratio",
    measureKind: "ratio",
    direction: "higher_better",
    frequency: "annual",
    decimals: 1,
    unit: "%",
  };
  it("above 30% (strict) from its components", () => {
    const at = (num: string) =>
      evaluate({
        indicator: ratio,
        target: { form: "above", period: "2024", low: "30" },
        observations: [obs("2024", "", { numerator: num, denominator: "100000" })],
        asOf: { period: "2024" },
      });
    expect(at("30500").status).toBe("achieved");
    expect(at("30500").figures.actual).toBe("30.5");
    expect(at("30000").status).toBe("not_achieved");
  });
  const share: Indicator = { ...stunting, code: "industry_share", direction: "in_range" };
  it("range_inside 36,5–37,5%", () => {
    const at = (v: string) =>
      evaluate({
        indicator: share,
        target: { form: "range_inside", period: "2024", low: "36.5", high: "37.5" },
        observations: [obs("2024", v)],
        asOf: { period: "2024" },
      }).status;
    expect(at("36.5")).toBe("achieved");
    expect(at("37.5")).toBe("achieved");
    expect(at("37.6")).toBe("not_achieved");
    expect(at("36.4")).toBe("not_achieved");
  });
  it("range_inside with exclusive ends", () => {
    const e = evaluate({
      indicator: share,
      target: { form: "range_inside", period: "2024", low: "36.5", high: "37.5", highInclusive: false },
      observations: [obs("2024", "37.5")],
      asOf: { period: "2024" },
    });
    expect(e.status).toBe("not_achieved");
  });
  const perCapita: Indicator = {
    ...stunting,
    code: "grdp_per_capita",
    direction: "higher_better",
    unit: "USD",
    decimals: 0,
  };
  it("approximately 7.700–7.900 USD with a tolerance of 100: inside đạt, above vượt, just below xấp xỉ đạt", () => {
    const at = (v: string) => {
      const e = evaluate({
        indicator: perCapita,
        target: { form: "approximately", period: "2024", low: "7700", high: "7900", tolerance: "100" },
        observations: [obs("2024", v)],
        asOf: { period: "2024" },
      });
      return `${e.status} ${e.label.vi}`;
    };
    expect(at("7700")).toBe("achieved Đạt");
    expect(at("7900")).toBe("achieved Đạt");
    expect(at("8000")).toBe("exceeded Vượt");
    expect(at("7600")).toBe("not_achieved Xấp xỉ đạt");
    expect(at("7599")).toBe("not_achieved Không đạt");
    // on an indicator that must stay in a range (a sector's share of GRDP) both sides miss
    const share = (v: string) =>
      evaluate({
        indicator: { ...perCapita, direction: "in_range", unit: "%", decimals: 1 },
        target: { form: "approximately", period: "2024", low: "36.5", high: "37.5" },
        observations: [obs("2024", v)],
        asOf: { period: "2024" },
      }).figures.band;
    expect([share("36.4"), share("36.5"), share("37.5"), share("37.6")]).toEqual([
      "below",
      "inside",
      "inside",
      "above",
    ]);
  });
  const accidents: Indicator = {
    ...revenue,
    code: "traffic_accidents",
    direction: "lower_better",
    unit: "vụ",
    planNoun: undefined,
  };
  it("at_most for a lower-is-better flow: pace against the cap, cap broken = off track", () => {
    const at = (v: string, asOf: string) =>
      evaluate({
        indicator: accidents,
        target: { form: "at_most", period: "2024", high: "1000" },
        observations: [obs(asOf, v)],
        asOf: { period: asOf },
      }).status;
    expect(at("700", "2024-09")).toBe("on_track");
    expect(at("850", "2024-09")).toBe("at_risk");
    expect(at("1001", "2024-09")).toBe("off_track");
    expect(at("1000", "2024-12")).toBe("achieved");
    expect(at("1001", "2024-12")).toBe("not_achieved");
  });
  it("at_least for a stock mid-year compares the latest level", () => {
    const forest: Indicator = { ...trainedLabour, code: "forest_cover", frequency: "monthly" };
    const at = (v: string) =>
      evaluate({
        indicator: forest,
        target: { form: "at_least", period: "2024", low: "52" },
        observations: [obs("2024-06", v, { basis: "period" })],
        asOf: { period: "2024-09" },
      });
    expect(at("52.1").status).toBe("on_track");
    expect(at("50").status).toBe("on_track");
    expect(at("46").status).toBe("at_risk");
    expect(at("40").status).toBe("off_track");
    expect(at("40").notes).toEqual([]);
  });
  it("a threshold override per indicator changes the verdict", () => {
    const strict: Indicator = { ...revenue, thresholds: { onTrackPoints: 1, atRiskPoints: 3 } };
    const e = evaluate({
      indicator: strict,
      target: revenueTarget,
      observations: [obs("2024-9M", "16500")],
      asOf: { period: "2024-09" },
    });
    expect(e.status).toBe("off_track");
    expect(
      evaluate({
        indicator: revenue,
        target: revenueTarget,
        observations: [obs("2024-9M", "16500")],
        asOf: { period: "2024-09" },
      }).status,
    ).toBe("at_risk");
  });
  it("percent change against a baseline year for a flow", () => {
    const e = evaluate({
      indicator: revenue,
      target: { form: "change", period: "2024", low: "10", changeUnit: "percent", baselinePeriod: "2023" },
      observations: [obs("2023", "20000"), obs("2024", "22000")],
      asOf: { period: "2024" },
    });
    expect(e.figures.target.amount).toBe("22000");
    expect(e.status).toBe("achieved");
  });
  it("a target period not yet begun is not due", () => {
    const e = evaluate({
      indicator: revenue,
      target: { ...revenueTarget, period: "2025" },
      observations: [],
      asOf: { period: "2024-09" },
    });
    expect(e.status).toBe("not_due");
  });
});

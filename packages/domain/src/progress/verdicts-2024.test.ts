import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import type { Indicator, Observation, Target } from "./types.ts";

// The provinces' published 2024 verdicts (year-end sessions and press briefings), judged by
// the domain against the targets as the seeds state them. The API-level version of this test
// needs target creation through the API (issue #13 item 7).

const obs = (period: string, value: string, status: Observation["status"] = "official"): Observation => ({
  period,
  basis: "period",
  value,
  status,
});
const ind = (over: Partial<Indicator> & Pick<Indicator, "code" | "unit">): Indicator => ({
  measureKind: "stock",
  direction: "higher_better",
  frequency: "annual",
  decimals: 2,
  ...over,
});
const at = (indicator: Indicator, target: Target, observations: Observation[], today?: string) =>
  evaluate({ indicator, target, observations, asOf: { period: "2024", ...(today ? { today } : {}) } });

describe("Quảng Nam 2024 (qnam-ctct-2024) and Quảng Ngãi 2024, as the provinces judged them", () => {
  it('"GRDP … tăng 7,5-8%": 7,1% (ước) is "Ước không đạt"', () => {
    const e = at(
      ind({ code: "qnam24-grdp-growth", unit: "%", measureKind: "growth_rate" }),
      { form: "range_floor", period: "2024", low: "7.5", high: "8", quote: "tăng 7,5-8%" },
      [{ ...obs("2024", "7.1", "estimate"), basis: "ytd" }],
    );
    expect([e.status, e.label.vi]).toEqual(["not_achieved", "Ước không đạt"]);
  });

  it('"Thu ngân sách trên địa bàn đạt 23.600 tỷ đồng": 27.594 is "Vượt", the estimate 26.000 replaced', () => {
    const e = at(
      ind({ code: "qnam24-budget-revenue", unit: "tỷ đồng", measureKind: "flow", decimals: 0 }),
      { form: "at_least", period: "2024", low: "23600" },
      [obs("2024", "26000", "estimate"), obs("2024", "27594", "official")],
    );
    expect([e.status, e.label.vi, e.figures.actual]).toEqual(["exceeded", "Vượt", "27594"]);
  });

  it('"Tỷ lệ che phủ rừng đạt 58,92%": 59,63% is "Đạt" and beyond it', () => {
    const e = at(
      ind({ code: "qnam24-forest-cover", unit: "%" }),
      { form: "at_least", period: "2024", low: "58.92" },
      [obs("2024", "59.63")],
    );
    expect(["achieved", "exceeded"]).toContain(e.status);
    expect(e.figures.band).toBe("exceeded");
  });

  it('"có thêm ít nhất 07 xã … nâng số xã đạt chuẩn lên 137 xã/193 xã, đạt tỷ lệ 71%": level and share met, change not judgeable', () => {
    const e = at(
      ind({ code: "qnam24-ntm-communes", unit: "xã", decimals: 0 }),
      {
        form: "at_least",
        period: "2024",
        low: "137",
        quote: "nâng số xã đạt chuẩn nông thôn mới lên 137 xã/193 xã",
        clauses: [
          { form: "change", period: "2024", low: "7", changeUnit: "absolute", baselinePeriod: "2023" },
          { form: "share_of_plan", period: "2024", low: "71", planAmount: "193" },
        ],
      },
      [obs("2024", "137")],
    );
    expect(e.status).toBe("achieved");
    const clauses = e.clauses ?? [];
    expect(clauses.map((c) => [c.form, c.status, c.judged])).toEqual([
      ["at_least", "achieved", true],
      ["change", "no_data", false],
      ["share_of_plan", "achieved", true],
    ]);
    // 137/193 = 70,98…% rounded half-up to 71% as the document states it; both are shown
    expect(e.explanation.vi).toContain("tỷ lệ 70,98");
    expect(e.explanation.vi).toContain("làm tròn 71%");
    expect(e.explanation.vi).toContain("chưa đánh giá được");
  });

  it('"đảm bảo đến ngày 31/12/2024 giải ngân đạt 100% kế hoạch vốn được giao": 86,3% at 31/01/2025 is "Không đạt"', () => {
    const e = at(
      ind({
        code: "cv1468-disbursement-rate",
        unit: "%",
        measureKind: "flow",
        frequency: "monthly",
        decimals: 1,
      }),
      { form: "share_of_plan", period: "2024", low: "100", dueDate: "2024-12-31" },
      [{ ...obs("2024-12", "86.3"), basis: "ytd" }],
      "2025-01-31",
    );
    expect([e.status, e.label.vi]).toEqual(["not_achieved", "Không đạt"]);
  });

  it('Quảng Ngãi\'s 2024 plan GRDP tăng 2,5–3%: 4,07% is "Vượt"', () => {
    const e = at(
      ind({ code: "qng-grdp-growth", unit: "%", measureKind: "growth_rate" }),
      { form: "range_floor", period: "2024", low: "2.5", high: "3" },
      [{ ...obs("2024", "4.07"), basis: "ytd" }],
    );
    expect([e.status, e.label.vi]).toEqual(["exceeded", "Vượt"]);
  });

  it('"Phân đầu giảm 2.900 hộ nghèo" reads "giảm", with its verdict, never "thay đổi"', () => {
    const e = at(
      ind({ code: "qnam24-poor-households", unit: "hộ", direction: "lower_better", decimals: 0 }),
      { form: "change", period: "2024", low: "2900", changeUnit: "absolute", baselinePeriod: "2023" },
      [obs("2023", "20000"), obs("2024", "16900")],
    );
    expect(e.status).toBe("exceeded");
    expect(e.explanation.vi).toContain("giảm 2.900 hộ");
    expect(e.explanation.vi).not.toContain("thay đổi");
  });
});

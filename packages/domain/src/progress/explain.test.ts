import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { periodPhrase } from "./explain.ts";
import type { Indicator } from "./types.ts";

const revenue: Indicator = {
  code: "rev",
  measureKind: "flow",
  direction: "higher_better",
  frequency: "monthly",
  decimals: 0,
  unit: "tỷ đồng",
  planNoun: { vi: "dự toán", en: "budget estimate" },
};

describe("explanations", () => {
  it("the issue's example line, Vietnamese number format", () => {
    const e = evaluate({
      indicator: revenue,
      target: { form: "at_least", period: "2024", low: "23600" },
      observations: [
        { period: "2024-9M", basis: "ytd", value: "17700", status: "official" },
        { period: "2023-9M", basis: "ytd", value: "14240", status: "official" },
        { period: "2023", basis: "ytd", value: "20000", status: "official" },
      ],
      asOf: { period: "2024-09" },
    });
    expect(e.explanation.vi).toBe(
      "Lũy kế 9 tháng đạt 75,0% dự toán năm; cùng kỳ năm trước 71,2%; mức cần đạt đến nay 75,0% (theo thời gian); dự báo cả năm 23.600 tỷ đồng",
    );
    expect(e.explanation.en).toBe(
      "Year to September: 75.0% of the annual budget estimate; same time last year 71.2%; expected by now 75.0% (linear); year-end forecast 23,600 billion VND",
    );
  });
  it("estimates read 'Ước'", () => {
    const e = evaluate({
      indicator: revenue,
      target: { form: "at_least", period: "2024", low: "23600" },
      observations: [{ period: "2024", basis: "ytd", value: "24100.4", status: "estimate" }],
      asOf: { period: "2024-12" },
    });
    expect(e.explanation.vi).toBe("Ước cả năm đạt 102,1% dự toán năm");
    expect(e.label.vi).toBe("Ước vượt");
  });
  it("no data and not due say why", () => {
    const stunting: Indicator = {
      ...revenue,
      measureKind: "stock",
      frequency: "annual",
      unit: "%",
      decimals: 1,
      planNoun: undefined,
    };
    const target = { form: "below", period: "2024", high: "20.3" } as const;
    expect(
      evaluate({ indicator: stunting, target, observations: [], asOf: { period: "2024-09" } }).explanation.vi,
    ).toBe("Chưa đến kỳ đánh giá (số liệu công bố hằng năm); chỉ tiêu dưới 20,3%");
    expect(evaluate({ indicator: stunting, target, observations: [], asOf: { period: "2024" } }).status).toBe(
      "not_due",
    );
    expect(
      evaluate({ indicator: stunting, target, observations: [], asOf: { period: "2025-06" } }).explanation.vi,
    ).toBe("Chưa có số liệu đến Tháng 6/2025; chỉ tiêu dưới 20,3%");
  });
  it("names periods the Vietnamese way", () => {
    expect(periodPhrase("2024-9M", "monthly").vi).toBe("9 tháng năm 2024");
    expect(periodPhrase("2024-09", "quarterly").vi).toBe("Quý III/2024");
    expect(periodPhrase("2024-03", "monthly").vi).toBe("Tháng 3/2024");
    expect(periodPhrase("2024-H1", "monthly").vi).toBe("6 tháng đầu năm 2024");
  });
});

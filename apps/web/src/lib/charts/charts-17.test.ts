import type { Evaluation } from "@chitieu/domain";
import { describe, expect, it } from "vitest";
import { nextPeriod } from "../dashboard-words.ts";
import { bulletOption } from "./bullet.ts";
import { renderSvg } from "./echarts.ts";
import { gaugeOption } from "./gauge.ts";
import { trendOption } from "./trend.ts";
import type { ChartRow, TrendSeries } from "./types.ts";

// Issue #17 items 3 and 7: chart text at least 11 px, marker lines named in a legend, the
// stunting chart's axis read in its natural direction, the gauge's label under its ring.

type Figures = Evaluation["figures"];

function row(partial: {
  unit: string;
  form: string;
  low?: string;
  high?: string;
  figures: Partial<Figures>;
  status?: Evaluation["status"];
}): ChartRow {
  const figures = {
    actual: null,
    progress: null,
    expected: null,
    expectedMethod: null,
    forecast: null,
    achievedSoFar: null,
    pathValue: null,
    doneOn: null,
    target: { low: partial.low ?? null, high: partial.high ?? null, amount: null },
    ...partial.figures,
  } as unknown as Figures;
  return {
    indicator: {
      code: "x",
      nameVi: "x",
      nameEn: null,
      unit: partial.unit,
      decimals: 1,
      measureKind: "stock",
    },
    target: { form: partial.form, period: "2024", low: partial.low ?? null, high: partial.high ?? null },
    evaluation: {
      status: partial.status ?? "achieved",
      basedOnEstimate: false,
      label: { vi: "Đạt", en: "Achieved" },
      figures,
      asOf: "2024",
    },
  };
}

/** every fontSize anywhere in an option */
function fontSizes(o: unknown, out: number[] = []): number[] {
  if (Array.isArray(o)) for (const x of o) fontSizes(x, out);
  else if (o && typeof o === "object")
    for (const [k, v] of Object.entries(o)) {
      if (k === "fontSize" && typeof v === "number") out.push(v);
      else fontSizes(v, out);
    }
  return out;
}

/** the font sizes the SSR renderer wrote into the SVG */
function svgFontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size:\s*([\d.]+)px/g)].map((m) => Number(m[1]));
}

// Quảng Nam 2024: "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (thể thấp còi) dưới 20,3%"
const stunting = row({ unit: "%", form: "below", high: "20.3", figures: { actual: "18.2" } });

// a flow on its way through the year: 300 of 1.000 by June, 50% expected, 600 forecast
const budget = row({
  unit: "tỷ đồng",
  form: "at_least",
  low: "1000",
  status: "off_track",
  figures: {
    actual: "300",
    progress: "30",
    expected: "50",
    expectedMethod: "linear",
    forecast: "600",
    target: { low: "1000", high: null, amount: "1000" },
  },
});

describe("bullet charts", () => {
  it("draws the stunting rate on an axis that grows left to right, the band from 0 to the ceiling", () => {
    const o = bulletOption(stunting, "vi") as {
      xAxis: { inverse: boolean; min: number };
      series: Array<{ markArea?: { data: Array<[{ xAxis: number }, { xAxis: number }]> } }>;
    };
    expect(o.xAxis.inverse).toBe(false);
    expect(o.xAxis.min).toBe(0);
    const band = o.series[0]?.markArea?.data[0];
    expect(band?.[0].xAxis).toBe(0);
    expect(band?.[1].xAxis).toBe(20.3);
  });

  it("names its marker lines in a legend, in the page's language", () => {
    const vi = bulletOption(budget, "vi") as { legend: { data: string[] } };
    expect(vi.legend.data).toEqual(["Mức cần đạt đến nay", "Dự báo cả năm"]);
    const en = bulletOption(budget, "en") as { legend: { data: string[] } };
    expect(en.legend.data).toEqual(["Expected by now", "Year-end forecast"]);
    // the legend's names are drawn in the SVG
    const svg = renderSvg(bulletOption(budget, "vi"), { width: 300, height: 78 });
    expect(svg).toContain("Mức cần đạt đến nay");
    expect(svg).toContain("Dự báo cả năm");
    // no marker line, no legend
    expect((bulletOption(stunting, "vi") as { legend: { show?: boolean } }).legend.show).toBe(false);
  });

  it("writes no text under 11 px", () => {
    for (const r of [stunting, budget]) {
      const o = bulletOption(r, "vi");
      expect(Math.min(...fontSizes(o))).toBeGreaterThanOrEqual(11);
      const sizes = svgFontSizes(renderSvg(o, { width: 300, height: 78 }));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    }
  });
});

describe("gauge", () => {
  it("puts its label under the ring, clear of the arc's two ends", () => {
    const o = gaugeOption({ value: 100, label: "Hoàn thành", status: "achieved" }, "vi") as {
      series: Array<{
        radius: string;
        startAngle: number;
        progress: { width: number };
        detail: { offsetCenter: [number, string]; fontSize: number };
      }>;
    };
    const s = o.series[0];
    if (!s) throw new Error("no series");
    // in a 110 px box: the ring's radius, how far its ends reach below the centre, the label's top
    const r = (Number.parseFloat(s.radius) / 100) * (110 / 2);
    const endsBelow = r * Math.sin(((s.startAngle - 180) * Math.PI) / 180) + s.progress.width / 2;
    const labelTop = (Number.parseFloat(s.detail.offsetCenter[1]) / 100) * r - s.detail.fontSize / 2;
    expect(labelTop).toBeGreaterThan(endsBelow);
    expect(s.detail.fontSize).toBeGreaterThanOrEqual(11);
  });
});

describe("trend charts", () => {
  const series: TrendSeries = {
    indicator: { code: "x", nameVi: "x", nameEn: null, unit: "%", decimals: 1, measureKind: "stock" },
    basis: "period",
    points: ["2018", "2019", "2020", "2021", "2022", "2023", "2024"].map((p, i) => ({
      period: p,
      value: String(55 + i),
    })),
  };
  it("keeps 11 px text and shows fewer ticks on a phone", () => {
    const wide = trendOption(series, null, "vi", 640) as {
      xAxis: { axisLabel: { interval?: number } };
      yAxis: { splitNumber: number };
    };
    const narrow = trendOption(series, null, "vi", 300) as typeof wide;
    expect(wide.yAxis.splitNumber).toBe(4);
    expect(narrow.yAxis.splitNumber).toBe(3);
    expect(wide.xAxis.axisLabel.interval).toBeUndefined();
    expect(narrow.xAxis.axisLabel.interval).toBe(1);
    for (const o of [wide, narrow]) expect(Math.min(...fontSizes(o))).toBeGreaterThanOrEqual(11);
    const svg = renderSvg(trendOption(series, null, "vi", 300), { width: 300, height: 240 });
    expect(Math.min(...svgFontSizes(svg))).toBeGreaterThanOrEqual(11);
  });
});

describe("next figure", () => {
  it("is the period after the last one, at the indicator's frequency", () => {
    expect(nextPeriod("2023", "annual")).toBe("2024");
    expect(nextPeriod("2024-Q2", "quarterly")).toBe("2024-Q3");
    expect(nextPeriod("2024-Q4", "quarterly")).toBe("2025-Q1");
    expect(nextPeriod("2024-09", "monthly")).toBe("2024-10");
    expect(nextPeriod("2024-12", "monthly")).toBe("2025-01");
  });
});

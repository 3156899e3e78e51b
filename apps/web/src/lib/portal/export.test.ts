import { describe, expect, it } from "vitest";
import { csvCell, datasetCsv, datasetSdmxCsv, sdmxTimePeriod, toCsv } from "./export.ts";
import type { PublicIndicatorDetail } from "./types.ts";

const detail: PublicIndicatorDetail = {
  code: "x-revenue",
  nameVi: "Thu ngân sách trên địa bàn",
  nameEn: "Budget revenue",
  category: "economy",
  unit: "tỷ đồng",
  measureKind: "flow",
  direction: "higher_better",
  decimals: 0,
  frequency: "monthly",
  seq: "3",
  parentCode: null,
  documentCode: "d",
  leadAgencyNameVi: null,
  targets: [
    {
      period: "2024",
      indicatorCode: "x-revenue",
      orgUnitCode: "p49",
      orgUnitNameVi: "Tỉnh Quảng Nam",
      revision: 1,
      form: "at_least",
      low: "23600",
      high: null,
      lowInclusive: true,
      highInclusive: true,
      tolerance: null,
      changeUnit: null,
      baselinePeriod: null,
      baselineValue: null,
      planAmount: null,
      categoryValue: null,
      dueDate: null,
      quote: '=HYPERLINK("x")',
      documentCode: "d",
      documentNumber: null,
      documentIssuedOn: null,
      documentTitleVi: "+Quyết định, năm 2024",
    },
  ],
  observations: [
    {
      orgUnit: "p49",
      period: "2024-03",
      basis: "period",
      value: "1748.25",
      status: "official",
      illustrative: true,
    },
    {
      orgUnit: "p49",
      period: "2024-9M",
      basis: "ytd",
      value: "-0.5",
      status: "estimate",
      illustrative: false,
    },
  ],
};

describe("csv cells", () => {
  it("escapes what a spreadsheet would run, keeps plain numbers as numbers", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+84 90")).toBe("'+84 90");
    expect(csvCell("-x")).toBe("'-x");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell("23600")).toBe("23600");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("writes UTF-8 with a BOM and CRLF", () => {
    const csv = toCsv(["a", "b"], [["Đạt", "1.5"]]);
    expect(csv.startsWith("\uFEFFa,b\r\n")).toBe(true);
    expect(csv).toContain("Đạt,1.5\r\n");
  });
});

describe("dataset files", () => {
  it("CSV: exact values, Vietnamese text, the illustrative flag, escaped formulas", () => {
    const csv = datasetCsv([detail]);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines[0]?.split(",")).toContain("illustrative");
    expect(lines[1]).toContain("Thu ngân sách trên địa bàn");
    expect(lines[1]).toContain(",1748.25,tỷ đồng,0,official,true,");
    expect(lines[1]).toContain('"\'+Quyết định, năm 2024"');
    expect(lines[2]).toContain(",-0.5,");
  });

  it("SDMX-CSV: standard columns and codes", () => {
    const csv = datasetSdmxCsv([detail]);
    const [head, first, second] = csv.slice(1).trim().split("\r\n");
    expect(head).toBe(
      "DATAFLOW,REF_AREA,INDICATOR,BASIS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,ILLUSTRATIVE",
    );
    expect(first).toBe("CHITIEU:DF_TARGETS(1.0),p49,x-revenue,PERIOD,2024-03,1748.25,tỷ đồng,9,A,true");
    expect(second).toBe("CHITIEU:DF_TARGETS(1.0),p49,x-revenue,YTD,2024-01-01/P9M,-0.5,tỷ đồng,9,E,false");
  });

  it("maps period codes to SDMX time periods", () => {
    expect(sdmxTimePeriod("2024-Q3")).toBe("2024-Q3");
    expect(sdmxTimePeriod("2024-H1")).toBe("2024-S1");
    expect(sdmxTimePeriod("2024")).toBe("2024");
  });
});

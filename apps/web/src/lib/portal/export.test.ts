import { describe, expect, it } from "vitest";
import { csvCell, datasetCsv, toCsv } from "./export.ts";
import { datasetSdmxCsv, sdmxPeriod } from "./sdmx.ts";
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

  it("SDMX-CSV 2.0: STRUCTURE first, no BOM, FREQ, reporting periods, tỷ đồng as VND × 10^9 once", () => {
    const csv = datasetSdmxCsv([detail]);
    expect(csv.charCodeAt(0)).toBe("S".charCodeAt(0));
    const [head, first, second] = csv.trim().split("\r\n");
    expect(head).toBe(
      "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,BASIS,TIME_PERIOD,OBS_VALUE,OBS_TEXT,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,ILLUSTRATIVE",
    );
    // the value stays 1748.25 (billions): UNIT_MULT says so, the value is not multiplied as well
    expect(first).toBe(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,M,p49,x-revenue,PERIOD,2024-M03,1748.25,,VND,9,A,true",
    );
    expect(second).toBe(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,_O,p49,x-revenue,YTD,2024-01-01/P9M,-0.5,,VND,9,E,false",
    );
  });

  it("maps period codes to SDMX frequencies and reporting periods", () => {
    expect(sdmxPeriod("2024-03")).toEqual({ freq: "M", timePeriod: "2024-M03" });
    expect(sdmxPeriod("2024-12")).toEqual({ freq: "M", timePeriod: "2024-M12" });
    expect(sdmxPeriod("2024-Q3")).toEqual({ freq: "Q", timePeriod: "2024-Q3" });
    expect(sdmxPeriod("2024-H1")).toEqual({ freq: "S", timePeriod: "2024-S1" });
    expect(sdmxPeriod("2024")).toEqual({ freq: "A", timePeriod: "2024" });
    expect(sdmxPeriod("2024-9M")).toEqual({ freq: "_O", timePeriod: "2024-01-01/P9M" });
  });
});

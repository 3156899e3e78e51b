import { UNITS } from "@chitieu/domain";
import { describe, expect, it } from "vitest";
import { checkSdmxCsv } from "../../../../../test/support/sdmx-csv-check.ts";
import { datasetSdmxCsv, SdmxExportError, sdmxStructure } from "./sdmx.ts";
import type { PublicIndicatorDetail, PublicObservation } from "./types.ts";

// The SDMX-CSV writer against the checker written from the specification and the project's own
// structure definition (the same checks run on the served files in test/integration/portal-sdmx.test.ts).

const obs = (period: string, value: string, extra: Partial<PublicObservation> = {}): PublicObservation => ({
  orgUnit: "p49",
  period,
  basis: "period",
  value,
  status: "official",
  illustrative: false,
  ...extra,
});

function indicator(code: string, unit: string, measureKind: string, observations: PublicObservation[]) {
  return {
    code,
    nameVi: `Chỉ tiêu ${code}`,
    nameEn: null,
    category: "economy",
    unit,
    measureKind,
    direction: "higher_better",
    decimals: 1,
    frequency: "annual",
    seq: null,
    parentCode: null,
    documentCode: null,
    leadAgencyNameVi: null,
    targets: [],
    observations,
  } satisfies PublicIndicatorDetail;
}

const details: PublicIndicatorDetail[] = [
  indicator("revenue", "tỷ đồng", "flow", [
    obs("2024-03", "1748.25"),
    obs("2024-03", "5311.123456789012345", { basis: "ytd", status: "preliminary" }),
    obs("2024-Q1", "5311", { status: "estimate" }),
    obs("2024-H1", "12000.5"),
    obs("2024-9M", "17000"),
    obs("2024", "23600", { orgUnit: "p51", illustrative: true }),
  ]),
  indicator("forest", "%", "ratio", [obs("2024", "59.7")]),
  indicator("area", "km²", "stock", [obs("2024", "10574.86")]),
  indicator("milestone", "hoàn thành", "milestone", [obs("2024", "2024-06-30")]),
  indicator("group", "nhóm", "category", [obs("2024", "Nhóm khá, tốt")]),
  // every unit of the registry, so every code the file can carry is one the DSD lists
  ...UNITS.map((u, k) => indicator(`unit-${k}`, u.vi, "stock", [obs("2023", "1")])),
];
const structure = sdmxStructure({
  indicators: details,
  orgUnits: [
    { code: "p49", nameVi: "Tỉnh Quảng Nam" },
    { code: "p51", nameVi: "Tỉnh Quảng Ngãi" },
  ],
  prepared: "2024-12-31T00:00:00.000Z",
});
const text = datasetSdmxCsv(details);

describe("SDMX-CSV 2.0.0 download", () => {
  it("passes the checker against the project's structure definition, with no warning", () => {
    const check = checkSdmxCsv(text, structure);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.rows).toHaveLength(6 + 4 + UNITS.length);
  });

  it("writes values exactly as stored, units once, periods as reporting periods", () => {
    const lines = text.split("\r\n");
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,M,p49,revenue,YTD,2024-M03,5311.123456789012345,,VND,9,P,false",
    );
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,Q,p49,revenue,PERIOD,2024-Q1,5311,,VND,9,E,false",
    );
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,S,p49,revenue,PERIOD,2024-S1,12000.5,,VND,9,A,false",
    );
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,A,p51,revenue,PERIOD,2024,23600,,VND,9,A,true",
    );
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,A,p49,forest,PERIOD,2024,59.7,,PT,0,A,false",
    );
    // km² is hectares × 10^2: the value is not converted, the multiplier says it
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,A,p49,area,PERIOD,2024,10574.86,,HA,2,A,false",
    );
    // not numbers: OBS_TEXT, quoted as RFC 4180 needs, no formula guard
    expect(lines).toContain(
      "dataflow,CHITIEU:DF_TARGETS(1.0.0),I,A,p49,milestone,PERIOD,2024,,2024-06-30,DONE,0,A,false",
    );
    expect(lines).toContain(
      'dataflow,CHITIEU:DF_TARGETS(1.0.0),I,A,p49,group,PERIOD,2024,,"Nhóm khá, tốt",GROUP,0,A,false',
    );
    expect(text).not.toContain("tỷ đồng");
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("the checker catches a file that breaks the structure definition", () => {
    const broken = text
      .replace(",VND,9,A,true", ",tỷ đồng,9,A,true")
      .replace("2024-Q1,5311,", "2024-Q5,5311,")
      .replace("2024-S1,12000.5,", "2024-S1,12.000,5,");
    const errors = checkSdmxCsv(broken, structure).errors;
    expect(errors).toContain('row 7: UNIT_MEASURE "tỷ đồng" is not a code of its code list');
    expect(errors).toContain('row 4: TIME_PERIOD "2024-Q5" is not an SDMX time period');
    expect(errors).toContain("row 5: 15 fields, the header has 14");
    const wrongFreq = text.replace(",I,M,p49,revenue,PERIOD,2024-M03,", ",I,A,p49,revenue,PERIOD,2024-M03,");
    expect(checkSdmxCsv(wrongFreq, structure).errors).toEqual([
      'row 2: TIME_PERIOD "2024-M03" does not agree with FREQ "A"',
    ]);
    const twice = text.replace(",I,Q,p49,revenue,PERIOD,2024-Q1,", ",I,M,p49,revenue,PERIOD,2024-M03,");
    expect(checkSdmxCsv(twice, structure).errors).toEqual([
      "row 4: key M.p49.revenue.PERIOD.2024-M03 appears twice",
    ]);
  });

  it("refuses a unit outside the registry or a value that is not a decimal, instead of guessing", () => {
    expect(() => datasetSdmxCsv([indicator("x", "con", "stock", [obs("2024", "1")])])).toThrow(
      SdmxExportError,
    );
    expect(() => datasetSdmxCsv([indicator("x", "%", "ratio", [obs("2024", "1,5")])])).toThrow(
      'indicator x 2024: value "1,5" is not a decimal',
    );
  });
});

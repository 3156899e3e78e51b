import { findUnit, parsePeriod, UNITS } from "@chitieu/domain";
import type { PublicIndicatorDetail, PublicObservation } from "./types.ts";

// SDMX-CSV 2.0.0 (sdmx-twg/sdmx-csv, tag v2.0.0, data-message/docs/sdmx-csv-field-guide.md) and the
// data structure definition that describes it, as an SDMX-JSON 2.0 structure message.
//
// - header: STRUCTURE, STRUCTURE_ID, ACTION, then the dimensions in the DSD's order, the measures,
//   the attributes; rows: "dataflow", "CHITIEU:DF_TARGETS(1.0.0)", "I" (information);
// - RFC 4180: comma, CRLF, quotes only where needed, no byte-order mark, nothing added to a value
//   (the Excel-friendly CSV guards formulas with a leading '; this file must carry values as they are);
// - TIME_PERIOD in SDMX reporting periods matching FREQ: 2024-M03 (M), 2024-Q1 (Q), 2024-S1 (S),
//   2024 (A); "9 tháng" has no SDMX frequency: FREQ _O (other) and the time range 2024-01-01/P9M;
// - OBS_VALUE is the stored decimal string, never a binary float; milestones (ISO date or 0/1) and
//   categories (a group's name) are not numbers and go in OBS_TEXT instead;
// - UNIT_MEASURE is the unit registry's SDMX code of the base quantity and UNIT_MULT its power of
//   ten, applied once: tỷ đồng is VND with UNIT_MULT 9 (the value stays as written, in billions).

export const SDMX_CSV_MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0";
export const SDMX_STRUCTURE_MEDIA_TYPE = "application/vnd.sdmx.structure+json; version=2.0.0";
export const AGENCY = "CHITIEU";
export const VERSION = "1.0.0";
export const DATAFLOW_ID = "DF_TARGETS";
export const DSD_ID = "DSD_TARGETS";
export const CONCEPTS_ID = "CS_TARGETS";
export const STRUCTURE_ID = `${AGENCY}:${DATAFLOW_ID}(${VERSION})`;
/** the structure message's stable address (linked from the data page) */
export const STRUCTURE_PATH = "/du-lieu/chitieu.dsd.json";

export const DIMENSIONS = ["FREQ", "REF_AREA", "INDICATOR", "BASIS", "TIME_PERIOD"] as const;
export const MEASURES = ["OBS_VALUE", "OBS_TEXT"] as const;
export const ATTRIBUTES = ["UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "ILLUSTRATIVE"] as const;
export const SDMX_HEADER = [
  "STRUCTURE",
  "STRUCTURE_ID",
  "ACTION",
  ...DIMENSIONS,
  ...MEASURES,
  ...ATTRIBUTES,
] as const;

const OBS_STATUS: Record<PublicObservation["status"], string> = {
  official: "A",
  preliminary: "P",
  estimate: "E",
};

const FREQ_CODES = [
  { id: "A", vi: "Năm", en: "Annual" },
  { id: "S", vi: "Sáu tháng", en: "Half-yearly" },
  { id: "Q", vi: "Quý", en: "Quarterly" },
  { id: "M", vi: "Tháng", en: "Monthly" },
  {
    id: "_O",
    vi: "Khác (9 tháng: từ tháng 1 đến hết tháng 9)",
    en: "Other (nine months: January to September)",
  },
] as const;

const TEXT_KINDS = new Set(["milestone", "category"]);
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** FREQ and TIME_PERIOD of one of our period codes; null for a code that is not one. */
export function sdmxPeriod(code: string): { freq: string; timePeriod: string } | null {
  const p = parsePeriod(code);
  if (!p) return null;
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  switch (p.kind) {
    case "month":
      return { freq: "M", timePeriod: `${p.year}-M${two(p.index)}` };
    case "quarter":
      return { freq: "Q", timePeriod: `${p.year}-Q${p.index}` };
    case "half":
      return { freq: "S", timePeriod: `${p.year}-S${p.index}` };
    case "nine_months":
      return { freq: "_O", timePeriod: `${p.year}-01-01/P9M` };
    case "year":
      return { freq: "A", timePeriod: String(p.year) };
    case "plan":
      return { freq: "_O", timePeriod: `${p.year}-01-01/P${(p.endYear ?? p.year) - p.year + 1}Y` };
  }
}

/** One RFC 4180 field: quoted only when it holds a comma, quote or line break; never altered. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class SdmxExportError extends Error {}

/** The observations of the given indicators as SDMX-CSV 2.0.0 (UTF-8, no BOM, CRLF). */
export function datasetSdmxCsv(details: PublicIndicatorDetail[]): string {
  const lines = [SDMX_HEADER.join(",")];
  for (const d of details) {
    const unit = findUnit(d.unit);
    // a unit outside the registry would have to be guessed: refuse instead (the catalog checks units)
    if (!unit)
      throw new SdmxExportError(`indicator ${d.code}: unit "${d.unit}" is not in the units registry`);
    const text = TEXT_KINDS.has(d.measureKind);
    for (const o of d.observations) {
      const period = sdmxPeriod(o.period);
      if (!period) throw new SdmxExportError(`indicator ${d.code}: period "${o.period}" has no SDMX form`);
      if (!text && !DECIMAL.test(o.value))
        throw new SdmxExportError(`indicator ${d.code} ${o.period}: value "${o.value}" is not a decimal`);
      const row = [
        "dataflow",
        STRUCTURE_ID,
        "I",
        period.freq,
        o.orgUnit,
        d.code,
        o.basis === "ytd" ? "YTD" : "PERIOD",
        period.timePeriod,
        text ? "" : o.value,
        text ? o.value : "",
        unit.sdmx.unitMeasure,
        String(unit.sdmx.unitMult),
        OBS_STATUS[o.status],
        o.illustrative ? "true" : "false",
      ];
      lines.push(row.map(field).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// The data structure definition (SDMX-JSON 2.0.0 structure message)

type Names = { vi: string; en: string };
const URN = {
  concept: (id: string) =>
    `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${AGENCY}:${CONCEPTS_ID}(${VERSION}).${id}`,
  codelist: (id: string) => `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${AGENCY}:${id}(${VERSION})`,
  dsd: `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${AGENCY}:${DSD_ID}(${VERSION})`,
};

const CONCEPTS: Record<string, Names> = {
  FREQ: { vi: "Tần suất", en: "Frequency" },
  REF_AREA: { vi: "Đơn vị hành chính", en: "Reference area" },
  INDICATOR: { vi: "Chỉ tiêu", en: "Indicator" },
  BASIS: {
    vi: "Cách tính: số của riêng kỳ hoặc lũy kế từ đầu năm",
    en: "Basis: the period alone or year to date",
  },
  TIME_PERIOD: { vi: "Kỳ số liệu", en: "Time period" },
  OBS_VALUE: { vi: "Giá trị (số thập phân chính xác)", en: "Observation value (exact decimal)" },
  OBS_TEXT: {
    vi: "Giá trị không phải số: ngày hoàn thành (ISO) hoặc 0/1 của chỉ tiêu mốc; tên nhóm",
    en: "Non-numeric value: milestone date (ISO) or 0/1; category name",
  },
  UNIT_MEASURE: { vi: "Đơn vị đo (mã)", en: "Unit of measure (code)" },
  UNIT_MULT: { vi: "Bội số đơn vị (lũy thừa của 10)", en: "Unit multiplier (power of ten)" },
  OBS_STATUS: { vi: "Tình trạng số liệu", en: "Observation status" },
  ILLUSTRATIVE: {
    vi: "Số liệu minh hoạ (tạo tự động để trình diễn, không phải số liệu thống kê)",
    en: "Illustrative figure (generated for demonstration, not a statistic)",
  },
};

const named = (n: Names) => ({ name: n.vi, names: { vi: n.vi, en: n.en } });

function codelist(id: string, title: Names, codes: Array<{ id: string } & Names>) {
  return {
    id,
    agencyID: AGENCY,
    version: VERSION,
    ...named(title),
    isPartial: false,
    codes: codes.map((c) => ({ id: c.id, ...named(c) })),
  };
}

export interface SdmxStructureInput {
  indicators: Array<{ code: string; nameVi: string; nameEn: string | null }>;
  orgUnits: Array<{ code: string; nameVi: string; nameEn?: string | null }>;
  prepared: string;
}

/** The DSD, its dataflow, concepts and code lists; the codes are those the downloads can contain. */
export function sdmxStructure(input: SdmxStructureInput) {
  const unitCodes = new Map<string, Names>();
  for (const u of UNITS) {
    const base = UNITS.find((b) => b.sdmx.unitMeasure === u.sdmx.unitMeasure && b.sdmx.unitMult === 0);
    if (!unitCodes.has(u.sdmx.unitMeasure))
      unitCodes.set(u.sdmx.unitMeasure, { vi: (base ?? u).vi, en: (base ?? u).en });
  }
  const mults = [...new Set(UNITS.map((u) => u.sdmx.unitMult))].sort((a, b) => a - b);
  const enumerated = (id: string, cl: string) => ({
    id,
    conceptIdentity: URN.concept(id),
    localRepresentation: { enumeration: URN.codelist(cl) },
  });
  const formatted = (id: string, dataType: string) => ({
    id,
    conceptIdentity: URN.concept(id),
    localRepresentation: { format: { dataType } },
  });
  const observation = { attributeRelationship: { observation: {} } };
  return {
    meta: {
      schema:
        "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json",
      id: DSD_ID,
      test: false,
      prepared: input.prepared,
      contentLanguages: ["vi", "en"],
      sender: { id: AGENCY },
    },
    data: {
      dataStructures: [
        {
          id: DSD_ID,
          agencyID: AGENCY,
          version: VERSION,
          ...named({
            vi: "Chỉ tiêu phát triển kinh tế – xã hội và số liệu thực hiện",
            en: "Socio-economic development targets and their figures",
          }),
          dataStructureComponents: {
            dimensionList: {
              id: "DimensionDescriptor",
              dimensions: [
                { ...enumerated("FREQ", "CL_FREQ"), position: 0 },
                { ...enumerated("REF_AREA", "CL_AREA"), position: 1 },
                { ...enumerated("INDICATOR", "CL_INDICATOR"), position: 2 },
                { ...enumerated("BASIS", "CL_BASIS"), position: 3 },
              ],
              timeDimension: { ...formatted("TIME_PERIOD", "ObservationalTimePeriod"), position: 4 },
            },
            measureList: {
              id: "MeasureDescriptor",
              measures: [
                { ...formatted("OBS_VALUE", "Decimal"), usage: "optional" },
                { ...formatted("OBS_TEXT", "String"), usage: "optional" },
              ],
            },
            attributeList: {
              id: "AttributeDescriptor",
              attributes: [
                { ...enumerated("UNIT_MEASURE", "CL_UNIT"), usage: "mandatory", ...observation },
                { ...enumerated("UNIT_MULT", "CL_UNIT_MULT"), usage: "mandatory", ...observation },
                { ...enumerated("OBS_STATUS", "CL_OBS_STATUS"), usage: "mandatory", ...observation },
                { ...formatted("ILLUSTRATIVE", "Boolean"), usage: "mandatory", ...observation },
              ],
            },
          },
        },
      ],
      dataflows: [
        {
          id: DATAFLOW_ID,
          agencyID: AGENCY,
          version: VERSION,
          ...named({ vi: "Chỉ tiêu đã công bố", en: "Published targets" }),
          structure: URN.dsd,
        },
      ],
      conceptSchemes: [
        {
          id: CONCEPTS_ID,
          agencyID: AGENCY,
          version: VERSION,
          ...named({ vi: "Khái niệm", en: "Concepts" }),
          isPartial: false,
          concepts: Object.entries(CONCEPTS).map(([id, n]) => ({ id, ...named(n) })),
        },
      ],
      codelists: [
        codelist("CL_FREQ", { vi: "Tần suất", en: "Frequency" }, [...FREQ_CODES]),
        codelist(
          "CL_AREA",
          { vi: "Đơn vị hành chính", en: "Areas" },
          input.orgUnits.map((u) => ({ id: u.code, vi: u.nameVi, en: u.nameEn ?? u.nameVi })),
        ),
        codelist(
          "CL_INDICATOR",
          { vi: "Chỉ tiêu", en: "Indicators" },
          input.indicators.map((i) => ({ id: i.code, vi: i.nameVi, en: i.nameEn ?? i.nameVi })),
        ),
        codelist("CL_BASIS", { vi: "Cách tính", en: "Basis" }, [
          { id: "PERIOD", vi: "Số của riêng kỳ", en: "The period alone" },
          { id: "YTD", vi: "Lũy kế từ đầu năm", en: "Year to date" },
        ]),
        codelist(
          "CL_UNIT",
          { vi: "Đơn vị đo", en: "Units of measure" },
          [...unitCodes].map(([id, n]) => ({ id, ...n })),
        ),
        codelist(
          "CL_UNIT_MULT",
          { vi: "Bội số đơn vị", en: "Unit multipliers" },
          mults.map((m) => ({ id: String(m), vi: `10^${m}`, en: `10^${m}` })),
        ),
        codelist("CL_OBS_STATUS", { vi: "Tình trạng số liệu", en: "Observation status" }, [
          { id: "A", vi: "Chính thức", en: "Normal (official)" },
          { id: "P", vi: "Sơ bộ", en: "Provisional" },
          { id: "E", vi: "Ước tính", en: "Estimated" },
        ]),
      ],
    },
  };
}
export type SdmxStructure = ReturnType<typeof sdmxStructure>;

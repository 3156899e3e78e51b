import { describeTarget, formatPeriodVi, parsePeriod } from "@chitieu/domain";
import { targetWords } from "./target-words.ts";
import type { PublicIndicatorDetail, PublicTarget } from "./types.ts";

// Open data: every current figure of every published indicator, as CSV (Excel-friendly),
// SDMX-CSV and JSON. The column list below is the data dictionary the portal prints.

export interface Column {
  name: string;
  type: "text" | "code" | "decimal" | "integer" | "boolean" | "date";
  vi: string;
  en: string;
}

export const CSV_COLUMNS: readonly Column[] = [
  {
    name: "indicator_code",
    type: "code",
    vi: "Mã chỉ tiêu (ổn định, dùng trong địa chỉ và API)",
    en: "Indicator code (stable; used in URLs and the API)",
  },
  {
    name: "indicator_name_vi",
    type: "text",
    vi: "Tên chỉ tiêu như văn bản ghi",
    en: "Indicator name as the document words it (Vietnamese)",
  },
  {
    name: "indicator_name_en",
    type: "text",
    vi: "Tên chỉ tiêu bằng tiếng Anh",
    en: "Indicator name in English",
  },
  {
    name: "category",
    type: "code",
    vi: "Lĩnh vực: economy, society, environment, defence_security, governance, infrastructure",
    en: "Area: economy, society, environment, defence_security, governance, infrastructure",
  },
  {
    name: "org_unit_code",
    type: "code",
    vi: "Mã đơn vị (p49 = Quảng Nam, p51 = Quảng Ngãi; theo mã tỉnh của Tổng cục Thống kê)",
    en: "Org unit code (p49 = Quảng Nam, p51 = Quảng Ngãi; GSO province codes)",
  },
  {
    name: "period",
    type: "code",
    vi: "Kỳ số liệu: 2024-03 (tháng), 2024-Q1 (quý), 2024-H1 (6 tháng), 2024-9M (9 tháng), 2024 (năm)",
    en: "Period: 2024-03 (month), 2024-Q1 (quarter), 2024-H1 (half year), 2024-9M (nine months), 2024 (year)",
  },
  {
    name: "period_label_vi",
    type: "text",
    vi: "Kỳ số liệu viết bằng chữ",
    en: "Period in words (Vietnamese)",
  },
  {
    name: "basis",
    type: "code",
    vi: "period: số của riêng kỳ; ytd: lũy kế từ đầu năm",
    en: "period: the period alone; ytd: cumulative from 1 January",
  },
  {
    name: "value",
    type: "decimal",
    vi: "Giá trị, số thập phân chính xác với dấu chấm thập phân, không phân cách hàng nghìn (`23600`, `7.5`). Chỉ tiêu mốc: ngày hoàn thành (ISO) hoặc 0/1; chỉ tiêu nhóm: tên nhóm",
    en: "Value: exact decimal with a dot, no thousands separator (`23600`, `7.5`). Milestones: ISO date done or 0/1; categories: the category",
  },
  { name: "unit", type: "text", vi: "Đơn vị tính", en: "Unit of measure" },
  {
    name: "decimals",
    type: "integer",
    vi: "Số chữ số thập phân thường dùng khi hiển thị",
    en: "Decimals usually shown",
  },
  {
    name: "observation_status",
    type: "code",
    vi: "estimate: ước tính; preliminary: sơ bộ; official: chính thức",
    en: "estimate, preliminary or official",
  },
  {
    name: "illustrative",
    type: "boolean",
    vi: "true: số liệu minh hoạ (tạo tự động để trình diễn, không phải số liệu thống kê)",
    en: "true: illustrative figure (generated for demonstration, not a statistic)",
  },
  {
    name: "target_period",
    type: "code",
    vi: "Kỳ của chỉ tiêu kế hoạch (2024, 2021-2030)",
    en: "Period of the target (2024, 2021-2030)",
  },
  {
    name: "target_form",
    type: "code",
    vi: "Dạng chỉ tiêu: at_least, above, at_most, below, range_floor, range_inside, approximately, change, share_of_plan, avg_annual_growth, level_by_year, milestone, category",
    en: "Target form (see the methods page)",
  },
  {
    name: "target_low",
    type: "decimal",
    vi: "Mức dưới của chỉ tiêu (dấu chấm thập phân)",
    en: "Lower bound of the target (dot decimal)",
  },
  {
    name: "target_high",
    type: "decimal",
    vi: "Mức trên của chỉ tiêu (dấu chấm thập phân)",
    en: "Upper bound of the target (dot decimal)",
  },
  { name: "target_text_vi", type: "text", vi: "Chỉ tiêu viết bằng chữ", en: "Target in words (Vietnamese)" },
  {
    name: "source_document",
    type: "text",
    vi: "Văn bản giao chỉ tiêu: số hiệu, hoặc tên khi văn bản không in số hiệu",
    en: "Document that set the target: its number, or its title when it has none",
  },
  {
    name: "source_document_date",
    type: "date",
    vi: "Ngày ban hành văn bản (YYYY-MM-DD)",
    en: "Date the document was issued (YYYY-MM-DD)",
  },
  // issue #17: the verdict, on the row of the figure it judged (empty on the other rows)
  {
    name: "status",
    type: "code",
    vi: "Đánh giá của số liệu này so với chỉ tiêu: exceeded, achieved, on_track, at_risk, off_track, not_achieved, no_data, not_due (để trống: số liệu không được dùng để đánh giá)",
    en: "The verdict on this figure against the target: exceeded, achieved, on_track, at_risk, off_track, not_achieved, no_data, not_due (empty: the figure is not the one judged)",
  },
  {
    name: "status_label_vi",
    type: "text",
    vi: "Đánh giá viết bằng chữ",
    en: "The verdict in words (Vietnamese)",
  },
  { name: "status_as_of", type: "code", vi: "Đánh giá tính đến kỳ", en: "The verdict as of this period" },
  {
    name: "status_explanation_vi",
    type: "text",
    vi: "Giải thích của đánh giá (số liệu, chỉ tiêu, so với cùng kỳ)",
    en: "The verdict's explanation (figure, target, against a year earlier), in Vietnamese",
  },
];

/** A target's verdict as the portal shows it, for the row of the figure it judged. */
export interface CsvVerdict {
  status: string;
  labelVi: string;
  asOf: string;
  explanationVi: string;
}

/** The key of a verdict: indicator, org unit and the period of the figure it judged. */
export const verdictKey = (indicator: string, orgUnit: string, period: string) =>
  `${indicator}|${orgUnit}|${period}`;

/** The SDMX-CSV 2.0.0 file's columns (the writer is sdmx.ts; the structure is /du-lieu/chitieu.dsd.json). */
export const SDMX_COLUMNS: readonly Column[] = [
  { name: "STRUCTURE", type: "code", vi: "Loại cấu trúc: dataflow", en: "Structure type: dataflow" },
  {
    name: "STRUCTURE_ID",
    type: "code",
    vi: "Luồng dữ liệu: CHITIEU:DF_TARGETS(1.0.0)",
    en: "Dataflow: CHITIEU:DF_TARGETS(1.0.0)",
  },
  { name: "ACTION", type: "code", vi: "I: cung cấp thông tin", en: "I: information" },
  {
    name: "FREQ",
    type: "code",
    vi: "Tần suất: A năm, S sáu tháng, Q quý, M tháng, _O khác (9 tháng)",
    en: "Frequency: A annual, S half-yearly, Q quarterly, M monthly, _O other (nine months)",
  },
  {
    name: "REF_AREA",
    type: "code",
    vi: "Đơn vị (mã như org_unit_code)",
    en: "Reference area (as org_unit_code)",
  },
  { name: "INDICATOR", type: "code", vi: "Mã chỉ tiêu", en: "Indicator code" },
  {
    name: "BASIS",
    type: "code",
    vi: "PERIOD hoặc YTD (lũy kế từ đầu năm)",
    en: "PERIOD or YTD (cumulative from January)",
  },
  {
    name: "TIME_PERIOD",
    type: "code",
    vi: "Kỳ theo SDMX: 2024-M03, 2024-Q1, 2024-S1, 2024, 2024-01-01/P9M (9 tháng)",
    en: "SDMX time period: 2024-M03, 2024-Q1, 2024-S1, 2024, 2024-01-01/P9M (nine months)",
  },
  {
    name: "OBS_VALUE",
    type: "decimal",
    vi: "Giá trị, số thập phân chính xác (dấu chấm thập phân), theo đơn vị UNIT_MEASURE × 10^UNIT_MULT",
    en: "Value, exact decimal (dot), in UNIT_MEASURE × 10^UNIT_MULT",
  },
  {
    name: "OBS_TEXT",
    type: "text",
    vi: "Giá trị không phải số: chỉ tiêu mốc (ngày ISO hoặc 0/1), chỉ tiêu nhóm (tên nhóm)",
    en: "Non-numeric value: milestones (ISO date or 0/1), categories (the category)",
  },
  {
    name: "UNIT_MEASURE",
    type: "code",
    vi: "Mã đơn vị đo của đại lượng gốc: VND, USD, PT (%), HA, PS (người), HH (hộ)…",
    en: "Unit code of the base quantity: VND, USD, PT (%), HA, PS (persons), HH (households)…",
  },
  {
    name: "UNIT_MULT",
    type: "integer",
    vi: "Bội số đơn vị, lũy thừa của 10: tỷ đồng = VND với 9, triệu đồng = VND với 6, còn lại 0",
    en: "Unit multiplier, a power of ten: tỷ đồng = VND with 9, triệu đồng = VND with 6, else 0",
  },
  {
    name: "OBS_STATUS",
    type: "code",
    vi: "A chính thức, P sơ bộ, E ước tính (danh mục CL_OBS_STATUS của SDMX)",
    en: "A official, P provisional, E estimated (SDMX CL_OBS_STATUS)",
  },
  { name: "ILLUSTRATIVE", type: "boolean", vi: "true: số liệu minh hoạ", en: "true: illustrative figure" },
];

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula gets a leading '. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  // a plain number cannot be a formula: it stays a number (documented in the dictionary)
  if (!NUMERIC.test(s) && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (Excel then reads Vietnamese right), CRLF line ends (RFC 4180). */
export function toCsv(
  header: readonly string[],
  rows: Array<Array<string | number | boolean | null | undefined>>,
): string {
  const lines = [header.map(csvCell).join(","), ...rows.map((r) => r.map(csvCell).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function targetFor(detail: PublicIndicatorDetail, orgUnit: string): PublicTarget | undefined {
  return detail.targets.find((t) => t.orgUnitCode === orgUnit) ?? detail.targets[0];
}

function periodLabelVi(code: string): string {
  const p = parsePeriod(code);
  return p ? formatPeriodVi(p) : code;
}

export function observationRows(
  details: PublicIndicatorDetail[],
  verdicts: ReadonlyMap<string, CsvVerdict> = new Map(),
): Array<Array<string | number | boolean | null>> {
  const rows: Array<Array<string | number | boolean | null>> = [];
  for (const d of details)
    for (const o of d.observations) {
      const t = targetFor(d, o.orgUnit);
      const v = verdicts.get(verdictKey(d.code, o.orgUnit, o.period));
      rows.push([
        d.code,
        d.nameVi,
        d.nameEn,
        d.category,
        o.orgUnit,
        o.period,
        periodLabelVi(o.period),
        o.basis,
        o.value,
        d.unit,
        d.decimals,
        o.status,
        o.illustrative,
        t?.period ?? null,
        t?.form ?? null,
        t?.low ?? null,
        t?.high ?? null,
        t ? describeTarget(targetWords(t, d.direction), d.unit, "vi") : null,
        t ? (t.documentNumber ?? t.documentTitleVi) : null,
        t?.documentIssuedOn ?? null,
        v?.status ?? null,
        v?.labelVi ?? null,
        v?.asOf ?? null,
        v?.explanationVi ?? null,
      ]);
    }
  return rows;
}

export function datasetCsv(
  details: PublicIndicatorDetail[],
  verdicts: ReadonlyMap<string, CsvVerdict> = new Map(),
): string {
  return toCsv(
    CSV_COLUMNS.map((c) => c.name),
    observationRows(details, verdicts),
  );
}

export interface DatasetMeta {
  title: string;
  licence: string;
  licenceUrl: string;
  source: string;
  lastUpdated: string | null;
  illustrative: boolean;
  api: string;
}

export function datasetJson(meta: DatasetMeta, details: PublicIndicatorDetail[]): string {
  return JSON.stringify({ meta, columns: CSV_COLUMNS, indicators: details }, null, 1);
}

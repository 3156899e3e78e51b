import type { Database } from "@chitieu/storage";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Layout } from "./headers.ts";
import type { CanWrite } from "./row-validator.ts";

// Downloadable templates, pre-filled with the indicators and org units the uploader may write:
// the uploader fills in periods and values and sends the file back unchanged in shape.

export type TemplateFormat = "csv" | "xlsx";

export interface Template {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

const LONG_HEADER = [
  "Mã chỉ tiêu",
  "Tên chỉ tiêu",
  "Đơn vị tính",
  "Đơn vị",
  "Tên đơn vị",
  "Kỳ",
  "Giá trị",
  "Trạng thái",
  "Ghi chú",
  "Lũy kế",
];
const WIDE_PERIODS = [
  ...Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}`),
  "Quý I",
  "Quý II",
  "Quý III",
  "Quý IV",
  "6 tháng",
  "9 tháng",
  "Cả năm",
];
const WIDE_HEADER = [
  "Mã chỉ tiêu",
  "Tên chỉ tiêu",
  "Đơn vị tính",
  "Đơn vị",
  "Tên đơn vị",
  "Năm",
  ...WIDE_PERIODS,
];

export type TemplateLayout = Layout | "report";

/** The template's instructions (issue #15 item 9), Vietnamese first, English after each. */
function instructions(layout: TemplateLayout, year: number): [string, string][] {
  const common: [string, string][] = [
    [
      "Mẫu này chỉ gồm các chỉ tiêu và đơn vị bạn được phép nhập; không thêm hoặc đổi tên cột.",
      "This template holds only the indicators and org units you may write; do not add or rename columns.",
    ],
    [
      "Số viết theo kiểu Việt Nam: 7,5 (dấu phẩy thập phân), 23.600 (dấu chấm hàng nghìn); không làm tròn.",
      "Numbers in the Vietnamese way: 7,5 (decimal comma), 23.600 (thousands dot); never rounded.",
    ],
    [
      'Trạng thái: "ước tính", "sơ bộ" hoặc "chính thức"; không ghi thì khi tải lên sẽ được hỏi.',
      'Status: "ước tính", "sơ bộ" or "chính thức"; left empty, the upload asks.',
    ],
    [
      "Số ước tính không thay thế số chính thức đã có cho cùng khoảng thời gian.",
      "An estimate never replaces an official figure of the same months.",
    ],
  ];
  if (layout === "long")
    return [
      [
        `Mỗi dòng một số liệu: điền "Kỳ" (Tháng 6/${year}, Quý II/${year}, 6 tháng ${year}, Năm ${year}) và "Giá trị".`,
        `One figure a row: fill in "Kỳ" (period: Tháng 6/${year}, Quý II/${year}, 6 tháng ${year}, Năm ${year}) and "Giá trị" (value).`,
      ],
      [
        'Cột "Lũy kế": ghi "lũy kế" nếu số cộng dồn từ đầu năm, để trống nếu là số của riêng kỳ đó.',
        'Column "Lũy kế": write "lũy kế" for a figure cumulative from January, leave empty for the period alone.',
      ],
      ...common,
    ];
  if (layout === "wide")
    return [
      [
        "Mỗi dòng một chỉ tiêu của một đơn vị; điền số vào cột của kỳ (Tháng 1 … Cả năm), để trống kỳ chưa có số.",
        "One row per indicator and org unit; write each figure under its period (Tháng 1 … Cả năm), leave periods without a figure empty.",
      ],
      ...common,
    ];
  return [
    [
      `Bảng báo cáo như văn phòng vẫn gửi: điền "Kế hoạch năm ${year}" nếu có và số thực hiện; cột kế hoạch chỉ để đối chiếu, không lưu như số liệu.`,
      `The report table as the office sends it: fill in the ${year} plan if you have it and the figures; the plan column is a check, never stored as a figure.`,
    ],
    [
      'Đổi tiêu đề cột kỳ cho đúng báo cáo ("Ước thực hiện 6 tháng", "Thực hiện 9 tháng", "Ước cả năm").',
      'Rename the period column to the report\'s ("Ước thực hiện 6 tháng", "Thực hiện 9 tháng", "Ước cả năm").',
    ],
    ...common,
  ];
}

const STATUS_LIST = ["ước tính", "sơ bộ", "chính thức"];

function periodList(year: number): string[] {
  return [
    ...Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}/${year}`),
    `Quý I/${year}`,
    `Quý II/${year}`,
    `Quý III/${year}`,
    `Quý IV/${year}`,
    `6 tháng ${year}`,
    `9 tháng ${year}`,
    `Năm ${year}`,
  ];
}

export async function buildTemplate(
  db: Kysely<Database>,
  layout: TemplateLayout,
  format: TemplateFormat,
  canWrite: CanWrite,
  options: { year?: number } = {},
): Promise<Template> {
  const year = options.year ?? new Date().getUTCFullYear();
  const data = await templateRows(db, layout, canWrite, year);
  const header = layout === "long" ? LONG_HEADER : layout === "wide" ? WIDE_HEADER : reportHeader(year);
  const base = `mau-nhap-so-lieu-${layout === "long" ? "doc" : layout === "wide" ? "ngang" : "bao-cao"}`;
  const notes = instructions(layout, year);
  if (format === "csv") {
    // a comment block above the header: the importer finds the header below title rows
    const block = [
      ["# HƯỚNG DẪN / INSTRUCTIONS"],
      ...notes.flatMap(([vi, en]) => [[`# ${vi}`], [`#   ${en}`]]),
      ...data.title.map((t) => [t]),
    ];
    const text = [...block, header, ...data.rows].map((r) => r.map(csvField).join(",")).join("\r\n");
    return {
      fileName: `${base}.csv`,
      contentType: "text/csv; charset=utf-8",
      bytes: new TextEncoder().encode(`\uFEFF${text}\r\n`),
    };
  }
  return {
    fileName: `${base}.xlsx`,
    contentType: XLSX_TYPE,
    bytes: await xlsx(header, data, layout, notes, year),
  };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function reportHeader(year: number): string[] {
  return ["STT", "Chỉ tiêu", "Đơn vị tính", `Kế hoạch năm ${year}`, `Ước thực hiện 6 tháng ${year}`];
}

interface TemplateData {
  /** title lines above the header (a report table's province and year) */
  title: string[];
  rows: string[][];
  orgUnits: string[];
  units: string[];
}

async function templateRows(
  db: Kysely<Database>,
  layout: TemplateLayout,
  canWrite: CanWrite,
  year: number,
): Promise<TemplateData> {
  const [indicators, units] = await Promise.all([
    db.selectFrom("indicator").select(["id", "code", "name_vi", "unit"]).orderBy("code").execute(),
    db.selectFrom("org_unit").select(["id", "code", "name_vi", "level"]).orderBy("code").execute(),
  ]);
  const rows: string[][] = [];
  const orgUnits = new Set<string>();
  const unitNames = new Set<string>();
  if (layout === "report") {
    // one province: the first the uploader may write for (a report table names no org unit column)
    const province = units.find(
      (u) => u.level === "province" && indicators.some((i) => canWrite(i.id, u.id)),
    );
    if (!province) return { title: [], rows: [], orgUnits: [], units: [] };
    let n = 0;
    for (const i of indicators) {
      if (!canWrite(i.id, province.id)) continue;
      rows.push([String(++n), i.name_vi, i.unit, "", ""]);
      unitNames.add(i.unit);
    }
    return {
      title: [province.name_vi.toUpperCase(), `BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI NĂM ${year}`],
      rows,
      orgUnits: [province.code],
      units: [...unitNames],
    };
  }
  for (const i of indicators) {
    for (const u of units) {
      if (!canWrite(i.id, u.id)) continue;
      orgUnits.add(u.code);
      unitNames.add(i.unit);
      const common = [i.code, i.name_vi, i.unit, u.code, u.name_vi];
      rows.push(
        layout === "long"
          ? [...common, "", "", "", "", ""]
          : [...common, String(year), ...WIDE_PERIODS.map(() => "")],
      );
    }
  }
  return { title: [], rows, orgUnits: [...orgUnits].sort(), units: [...unitNames] };
}

/**
 * One CSV cell, formula-safe as the portal's downloads are: text a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) gets a leading ' (a name such as "=HYPERLINK(…)" typed into
 * the catalog must not run on the statistician's machine); plain numbers stay numbers.
 */
export function csvField(value: string): string {
  const s = !/^-?\d+(\.\d+)?$/.test(value) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The same escaping in a workbook: text Excel could take for a formula starts with ' (issue #12). */
export function safeText(value: string): string {
  return !/^-?\d+(\.\d+)?$/.test(value) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const LISTS_SHEET = "Hướng dẫn";

async function xlsx(
  header: string[],
  data: TemplateData,
  layout: TemplateLayout,
  notes: [string, string][],
  year: number,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  // the data sheet first: the importer reads the first visible sheet
  const ws = wb.addWorksheet(layout === "long" ? "Số liệu" : "Báo cáo");
  for (const t of data.title) ws.addRow([safeText(t)]).font = { bold: true };
  const headerRow = data.title.length + 1;
  ws.addRow(header).font = { bold: true };
  for (const r of data.rows) ws.addRow(r.map(safeText));
  ws.columns.forEach((c, i) => {
    c.width = i === 1 || i === 4 ? 40 : 14;
  });
  // values are typed as text so that Excel keeps what the statistician writes ("7,5", "23.600")
  const firstValue = layout === "report" ? 4 : 7;
  for (let c = firstValue; c <= header.length; c++) ws.getColumn(c).numFmt = "@";
  ws.views = [{ state: "frozen", ySplit: headerRow }];

  // the instructions, and below them the lists the data validations offer
  const help = wb.addWorksheet(LISTS_SHEET);
  help.getColumn(1).width = 110;
  help.addRow(["HƯỚNG DẪN / INSTRUCTIONS"]).font = { bold: true };
  for (const [vi, en] of notes) {
    help.addRow([vi]);
    help.addRow([en]).font = { italic: true };
  }
  help.addRow([]);
  const lists: Record<string, { title: string; values: string[] }> = {
    orgUnits: { title: "Đơn vị / Org units", values: data.orgUnits },
    units: { title: "Đơn vị tính / Units", values: data.units },
    periods: { title: "Kỳ / Periods", values: periodList(year) },
    status: { title: "Trạng thái / Status", values: STATUS_LIST },
    basis: { title: "Lũy kế / Basis", values: ["lũy kế"] },
  };
  const ranges: Record<string, string> = {};
  const top = help.rowCount + 1;
  Object.entries(lists).forEach(([key, list], k) => {
    const col = k + 3; // C, D, E…: column A holds the text
    help.getColumn(col).width = 22;
    help.getCell(top, col).value = list.title;
    help.getCell(top, col).font = { bold: true };
    list.values.forEach((v, j) => {
      help.getCell(top + 1 + j, col).value = safeText(v);
    });
    const letter = help.getColumn(col).letter;
    ranges[key] =
      `'${LISTS_SHEET}'!$${letter}$${top + 1}:$${letter}$${top + Math.max(1, list.values.length)}`;
  });
  const last = headerRow + Math.max(data.rows.length, 1) + 500;
  const validations = (ws as unknown as { dataValidations: { add(a: string, v: unknown): void } })
    .dataValidations;
  const list = (col: number, range: string | undefined, what: [string, string]) => {
    if (!range) return;
    const letter = ws.getColumn(col).letter;
    validations.add(`${letter}${headerRow + 1}:${letter}${last}`, {
      type: "list",
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      errorStyle: "warning",
      errorTitle: what[0],
      error: what[1],
    });
  };
  const colOf = (name: string) => header.indexOf(name) + 1;
  if (layout !== "report") {
    list(colOf("Đơn vị"), ranges.orgUnits, [
      "Đơn vị",
      "Chọn đơn vị trong danh sách / pick an org unit from the list",
    ]);
    list(colOf("Đơn vị tính"), ranges.units, ["Đơn vị tính", "Chọn đơn vị tính / pick a unit"]);
  } else {
    list(colOf("Đơn vị tính"), ranges.units, ["Đơn vị tính", "Chọn đơn vị tính / pick a unit"]);
  }
  if (layout === "long") {
    list(colOf("Kỳ"), ranges.periods, ["Kỳ", "Chọn kỳ trong danh sách / pick a period"]);
    list(colOf("Trạng thái"), ranges.status, [
      "Trạng thái",
      "ước tính, sơ bộ hoặc chính thức / estimate, preliminary or official",
    ]);
    list(colOf("Lũy kế"), ranges.basis, ["Lũy kế", '"lũy kế" hoặc để trống / "lũy kế" or empty']);
  }
  if (layout === "wide" || layout === "report") {
    // the periods are columns here; the status comes from the header's words ("Ước", "Sơ bộ")
    help.getCell(top - 1, 1).value =
      "Trạng thái của cả cột ghi trong tiêu đề cột (Ước…, Sơ bộ…, Chính thức…) / a column's status is in its header.";
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

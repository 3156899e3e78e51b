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

export async function buildTemplate(
  db: Kysely<Database>,
  layout: Layout,
  format: TemplateFormat,
  canWrite: CanWrite,
  options: { year?: number } = {},
): Promise<Template> {
  const rows = await templateRows(db, layout, canWrite, options.year ?? new Date().getUTCFullYear());
  const header = layout === "long" ? LONG_HEADER : WIDE_HEADER;
  const base = `mau-nhap-so-lieu-${layout === "long" ? "doc" : "ngang"}`;
  if (format === "csv") {
    const text = [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n");
    return {
      fileName: `${base}.csv`,
      contentType: "text/csv; charset=utf-8",
      bytes: new TextEncoder().encode(`\uFEFF${text}\r\n`),
    };
  }
  return { fileName: `${base}.xlsx`, contentType: XLSX_TYPE, bytes: await xlsx(header, rows, layout) };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function templateRows(
  db: Kysely<Database>,
  layout: Layout,
  canWrite: CanWrite,
  year: number,
): Promise<string[][]> {
  const [indicators, units] = await Promise.all([
    db.selectFrom("indicator").select(["id", "code", "name_vi", "unit"]).orderBy("code").execute(),
    db.selectFrom("org_unit").select(["id", "code", "name_vi"]).orderBy("code").execute(),
  ]);
  const rows: string[][] = [];
  for (const i of indicators) {
    for (const u of units) {
      if (!canWrite(i.id, u.id)) continue;
      const common = [i.code, i.name_vi, i.unit, u.code, u.name_vi];
      rows.push(
        layout === "long"
          ? [...common, "", "", "", "", ""]
          : [...common, String(year), ...WIDE_PERIODS.map(() => "")],
      );
    }
  }
  return rows;
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

async function xlsx(header: string[], rows: string[][], layout: Layout): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(layout === "long" ? "Số liệu" : "Báo cáo");
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 1 || i === 4 ? 40 : 14;
  });
  // values are typed as text so that Excel keeps what the statistician writes ("7,5", "23.600")
  for (let c = 7; c <= header.length; c++) ws.getColumn(c).numFmt = "@";
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

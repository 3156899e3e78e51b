import type { ReportDraft } from "@chitieu/domain";
import ExcelJS from "exceljs";

// The appendix (biểu số liệu) as a workbook: one row per indicator, the figure as text exactly as
// stored (never a binary float), its status and upload; the illustrative mark above the table.

export async function renderAppendixXlsx(d: ReportDraft): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "chitieu";
  const ws = wb.addWorksheet(d.lang === "vi" ? "Biểu số liệu" : "Figures");
  ws.addRow([d.title]);
  ws.addRow([`${d.orgUnit.nameVi} — ${d.periodLabel}`]);
  ws.addRow([d.summaryLine]);
  if (d.illustrativeNote) ws.addRow([d.illustrativeNote]);
  ws.addRow([]);
  const header = ws.addRow(d.appendix.columns);
  header.font = { bold: true };
  for (const r of d.appendix.rows)
    ws.addRow([
      r.code,
      r.name,
      r.unit,
      r.value ?? "",
      r.figureStatus ?? "",
      r.lastYearValue ?? "—",
      r.lastYearStatus ?? "",
      r.verdict,
      r.upload ?? "",
    ]);
  ws.columns.forEach((c, i) => {
    c.width = [28, 60, 14, 14, 14, 14, 14, 22, 36][i] ?? 14;
  });
  if (d.illustrativeNote) ws.headerFooter.oddHeader = d.illustrativeNote;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import { createRequire } from "node:module";
import type { ReportDraft } from "@chitieu/domain";
import PDFDocument from "pdfkit";

// The draft as a PDF for publication, with DejaVu Sans embedded (every Vietnamese letter), no
// browser. The illustrative mark is written at the top of every page, the page number at the bottom.

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");
const FONT_ITALIC = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf");

export function renderPdf(d: ReportDraft): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 60, bottom: 60, left: 60, right: 50 },
    bufferPages: true,
    // the embedded font from the start: pdfkit would otherwise load Helvetica's metrics first
    font: FONT,
    info: { Title: d.title, Creator: "chitieu" },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  doc.registerFont("italic", FONT_ITALIC);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 110;
  const text = (t: string, font = "regular", size = 10, opts: PDFKit.Mixins.TextOptions = {}) =>
    doc
      .font(font)
      .fontSize(size)
      .text(t, { width, ...opts });

  // header block: two columns
  const top = doc.y;
  doc.font("regular").fontSize(10);
  d.header.left.forEach((t, i) => {
    doc.font(i > 0 ? "bold" : "regular").text(t, 60, top + i * 14, { width: 200, align: "center" });
  });
  d.header.right.forEach((t, i) => {
    doc.font(i > 0 ? "italic" : "bold").text(t, 270, top + i * 14, { width: 275, align: "center" });
  });
  doc.font("italic").text(d.header.date, 270, top + 2 * 14 + 4, { width: 275, align: "center" });
  doc.x = 60;
  doc.y = top + 70;
  text(d.title, "bold", 13, { align: "center" });
  doc.moveDown();
  text(d.summaryLine, "bold", 11);
  doc.moveDown(0.5);

  text(d.headings.results, "bold", 12);
  for (const area of d.results) {
    text(area.heading, "bold", 11);
    for (const l of area.lines) {
      text(`- ${l.name}: ${l.figure}. ${l.lastYear}. ${l.verdict}. ${l.sentence}.`);
      if (l.explanation) text(l.explanation, "italic", 10);
      doc.moveDown(0.2);
    }
  }
  doc.moveDown(0.5);
  text(d.headings.shortfalls, "bold", 12);
  for (const s of d.shortfalls) {
    text(`- ${s.name}: ${s.verdict}.`, "bold");
    if (s.explanation) text(s.explanation, "italic");
  }
  doc.moveDown(0.5);
  text(d.headings.tasks, "bold", 12);
  for (const a of d.tasks.overdueByAgency) {
    text(`- ${a.agency}: ${a.count}`, "bold");
    for (const t of a.tasks) text(`  + ${t.text} (${t.due})`);
  }
  for (const c of d.tasks.compliance) text(`- ${c.text}`);
  for (const dir of d.tasks.directions) text(`- ${dir.text} [${dir.status}]`);
  doc.moveDown(0.5);
  text(d.headings.appendix, "bold", 12);
  text(d.appendix.columns.join(" | "), "bold", 9);
  for (const r of d.appendix.rows)
    text(
      [
        r.code,
        r.name,
        r.unit,
        r.value ?? "",
        r.figureStatus ?? "",
        r.lastYearValue ?? "—",
        r.lastYearStatus ?? "",
        r.verdict,
        r.upload ?? "",
      ].join(" | "),
      "regular",
      9,
    );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (d.illustrativeNote)
      doc
        .font("italic")
        .fontSize(8)
        .text(d.illustrativeNote, 60, 25, { width, align: "center", lineBreak: true });
    doc
      .font("regular")
      .fontSize(9)
      .text(String(i + 1), 60, doc.page.height - 40, { width, align: "center" });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

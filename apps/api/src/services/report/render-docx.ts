import type { ReportDraft } from "@chitieu/domain";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

// The draft as a Word document a person finishes: the province's header block, headings, the
// results as paragraphs, the appendix as a table, page numbers, and the illustrative mark in the
// header of every page when any figure is illustrative.

const FONT = "Times New Roman";
const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const noBorders = {
  top: none,
  bottom: none,
  left: none,
  right: none,
  insideHorizontal: none,
  insideVertical: none,
};

const p = (text: string, opts: { bold?: boolean; italics?: boolean; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    spacing: { after: 80 },
    children: [new TextRun({ text, bold: opts.bold ?? false, italics: opts.italics ?? false })],
  });

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, spacing: { before: 200, after: 100 }, children: [new TextRun({ text })] });

function cell(text: string, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 20 })] })] });
}

export async function renderDocx(d: ReportDraft): Promise<Buffer> {
  const headerBlock = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            children: d.header.left.map((t, i) => p(t, { bold: i > 0, center: true })),
          }),
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            children: [
              ...d.header.right.map((t, i) => p(t, { bold: true, center: true, italics: i > 0 })),
              p(d.header.date, { italics: true, center: true }),
            ],
          }),
        ],
      }),
    ],
  });

  const body: (Paragraph | Table)[] = [
    headerBlock,
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240 },
      children: [new TextRun({ text: d.title, bold: true })],
    }),
  ];
  if (d.illustrativeNote) body.push(p(d.illustrativeNote, { italics: true, bold: true }));
  body.push(p(d.summaryLine, { bold: true }));

  body.push(heading(d.headings.results, HeadingLevel.HEADING_1));
  for (const area of d.results) {
    body.push(heading(area.heading, HeadingLevel.HEADING_2));
    for (const l of area.lines) {
      body.push(
        new Paragraph({
          spacing: { after: 60 },
          alignment: AlignmentType.JUSTIFIED,
          children: [
            new TextRun({ text: `- ${l.name}: `, bold: true }),
            new TextRun({ text: `${l.figure}. ` }),
            new TextRun({ text: `${l.lastYear}. ` }),
            new TextRun({ text: `${l.verdict}. `, bold: true }),
            new TextRun({ text: `${l.sentence}.` }),
          ],
        }),
      );
      if (l.explanation) body.push(p(l.explanation, { italics: true }));
    }
  }

  body.push(heading(d.headings.shortfalls, HeadingLevel.HEADING_1));
  for (const s of d.shortfalls) {
    body.push(p(`- ${s.name}: ${s.verdict}.`, { bold: true }));
    if (s.explanation) body.push(p(s.explanation, { italics: s.missing }));
  }

  body.push(heading(d.headings.tasks, HeadingLevel.HEADING_1));
  for (const a of d.tasks.overdueByAgency) {
    body.push(p(`- ${a.agency}: ${a.count}`, { bold: true }));
    for (const t of a.tasks) body.push(p(`  + ${t.text} (${t.due})`));
  }
  for (const c of d.tasks.compliance) body.push(p(`- ${c.text}`));
  for (const dir of d.tasks.directions) body.push(p(`- ${dir.text} [${dir.status}]`));

  body.push(heading(d.headings.appendix, HeadingLevel.HEADING_1));
  body.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: d.appendix.columns.map((c) => cell(c, true)) }),
        ...d.appendix.rows.map(
          (r) =>
            new TableRow({
              children: [
                r.code,
                r.name,
                r.unit,
                r.value ?? "",
                r.figureStatus ?? "",
                r.lastYearValue ?? "—",
                r.lastYearStatus ?? "",
                r.verdict,
                r.upload ?? "",
              ].map((t) => cell(t)),
            }),
        ),
      ],
    }),
  );

  const doc = new Document({
    creator: "chitieu",
    title: d.title,
    styles: { default: { document: { run: { font: FONT, size: 26 } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: d.illustrativeNote ? [p(d.illustrativeNote, { italics: true, center: true })] : [],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

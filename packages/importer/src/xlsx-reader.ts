import { Readable } from "node:stream";
import { dec, decToString, nfc } from "@chitieu/domain";
import ExcelJS from "exceljs";
import type { Cell, SheetRow } from "./rows.ts";
import { type ImportSource, readChunks } from "./source.ts";

// The first worksheet of an .xlsx, row by row, through exceljs' streaming reader: shared strings
// are cached (they are needed for every row) but rows are never held.

export async function* readXlsxRows(source: ImportSource): AsyncGenerator<SheetRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(readChunks(source)), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  for await (const worksheet of reader) {
    let batch: SheetRow[] = [];
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      batch.push({ row: row.number, cells: rowCells(row) });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    yield batch;
    return; // the first sheet only: later sheets are notes, pivots, charts
  }
}

function rowCells(row: ExcelJS.Row): Cell[] {
  const cells: Cell[] = [];
  const count = row.cellCount;
  for (let c = 1; c <= count; c++) {
    const cell = row.getCell(c);
    cells.push(cellValue(cell.value, cell.numFmt));
  }
  return cells;
}

export function cellValue(value: ExcelJS.CellValue, numFmt?: string): Cell {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return nfc(value);
  if (typeof value === "number") return { n: exactNumber(value, numFmt) };
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return nfc(value.richText.map((t) => t.text).join(""));
  if ("result" in value) return cellValue((value.result ?? null) as ExcelJS.CellValue, numFmt);
  if ("formula" in value || "sharedFormula" in value) return "";
  if ("text" in value) return nfc(String(value.text));
  if ("error" in value) return String(value.error);
  return "";
}

/** Excel stores 7,5% as 0.075 with a percent format: the figure people typed is 7.5. */
function exactNumber(n: number, numFmt?: string): string {
  const d = dec(n);
  return decToString(numFmt?.includes("%") ? d.times(100) : d);
}

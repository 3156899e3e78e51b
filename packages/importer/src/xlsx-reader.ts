import { dec, decToString, nfc } from "@chitieu/domain";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { checkCells, DEFAULT_READ_LIMITS, type ReadLimits, tooComplex, tooManyColumns } from "./limits.ts";
import { excerpt, ReadProblem } from "./problems.ts";
import type { Cell, SheetRow } from "./rows.ts";
import type { ImportSource } from "./source.ts";
import { unreadable, ZipArchive, type ZipEntry } from "./zip.ts";

// Our own .xlsx reader, bounded everywhere (see limits.ts): the zip is read entry by entry as a
// stream (zip.ts), the XML by a SAX parser that expands no DTD or custom entity (saxes refuses an
// entity it does not know), the shared strings are counted and measured as they arrive, and the
// sheet is emitted row by row. It exposes what the real spreadsheets need (issue #15): the list
// of sheets (hidden or not), per cell the value, its Excel number format and its formula with the
// cached result, hidden rows and merged ranges.

export interface XlsxSheetInfo {
  name: string;
  /** the zip entry of its XML */
  path: string;
  hidden: boolean;
}

export interface XlsxCell {
  /** 0-based */
  col: number;
  /** the value as Excel shows it: numbers to 15 significant digits; null for a formula with no cached result */
  value: Cell | null;
  /** the Excel number format code ("General", "0.0%", "dd/mm/yyyy"…) */
  numFmt: string;
  /** the formula text without "=", when the cell has one ("" for a shared formula's follower) */
  formula: string | null;
}

export interface XlsxRow {
  /** 1-based, as Excel shows it */
  row: number;
  hidden: boolean;
  cells: XlsxCell[];
}

export interface XlsxSheetEnd {
  /** merged ranges as written ("A1:C1") */
  merges: string[];
}

export class XlsxWorkbook {
  private constructor(
    private readonly zip: ZipArchive,
    readonly sheets: XlsxSheetInfo[],
    private readonly sharedStrings: SharedStrings,
    private readonly formats: string[],
    private readonly date1904: boolean,
    private readonly limits: ReadLimits,
    private readonly budget: { remaining: number },
  ) {}

  static async open(source: ImportSource, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<XlsxWorkbook> {
    const zip = await ZipArchive.open(source);
    try {
      const budget = { remaining: limits.maxUncompressedBytes };
      const entry = (name: string) => zip.entries.get(name);
      const workbookEntry = entry("xl/workbook.xml");
      if (!workbookEntry) throw unreadable("it has no workbook (xl/workbook.xml)", "thiếu xl/workbook.xml");
      const rels = entry("xl/_rels/workbook.xml.rels");
      const targets = rels ? await readRels(zip, rels, budget) : new Map<string, Relationship>();
      const { sheets: declared, date1904 } = await readWorkbook(zip, workbookEntry, budget);
      const sheets = declared.map((s) => ({
        name: s.name,
        hidden: s.hidden,
        path: targets.get(s.rid)?.target ?? `xl/worksheets/sheet${declared.indexOf(s) + 1}.xml`,
      }));
      const byType = (t: string) => [...targets.values()].find((r) => r.type.endsWith(t))?.target;
      const ssEntry = entry(byType("/sharedStrings") ?? "xl/sharedStrings.xml");
      const sharedStrings = ssEntry ? await readSharedStrings(zip, ssEntry, budget, limits) : [];
      const stylesEntry = entry(byType("/styles") ?? "xl/styles.xml");
      const formats = stylesEntry ? await readStyles(zip, stylesEntry, budget) : [];
      return new XlsxWorkbook(zip, sheets, sharedStrings, formats, date1904, limits, budget);
    } catch (e) {
      await zip.close();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.zip.close();
  }

  /** The sheet's rows in batches (a batch per inflated chunk at most), then its merged ranges. */
  async *rows(sheet: XlsxSheetInfo): AsyncGenerator<XlsxRow[], XlsxSheetEnd> {
    const entry = this.zip.entries.get(sheet.path);
    if (!entry) throw unreadable(`sheet "${sheet.name}" is missing`, `thiếu trang tính "${sheet.name}"`);
    const limits = this.limits;
    const merges: string[] = [];
    let out: XlsxRow[] = [];
    let row: XlsxRow | null = null;
    let nextRow = 1;
    let nextCol = 0;
    let cells = 0;
    let cell: { col: number; type: string; style: number; formula: string | null } | null = null;
    let text: string | null = null; // the <v> or inline <t> being read
    let inInline = false;
    let inPhonetic = false;
    let where: "v" | "f" | "t" | null = null;
    const finishCell = () => {
      if (!cell || !row) return;
      const numFmt = this.formats[cell.style] ?? "General";
      const cached =
        text === null || (text === "" && cell.type !== "inlineStr" && cell.type !== "str") ? null : text;
      const value =
        cached === null
          ? cell.formula !== null
            ? null
            : ""
          : this.value(cell.type, cached, numFmt, row.row, cell.col);
      row.cells.push({ col: cell.col, value, numFmt, formula: cell.formula });
    };
    const parser = xmlParser(sheet.path, limits.maxCellChars, {
      open: (tag) => {
        switch (localName(tag.name)) {
          case "row": {
            const r = Number(tag.attributes.r ?? nextRow);
            if (!Number.isInteger(r) || r < 1 || r > 1_048_576)
              throw unreadable(`row number ${tag.attributes.r}`, `số dòng ${tag.attributes.r}`);
            row = { row: r, hidden: isTrue(tag.attributes.hidden), cells: [] };
            nextRow = r + 1;
            nextCol = 0;
            break;
          }
          case "c": {
            if (++cells > limits.maxCells)
              throw tooComplex(
                [`hơn ${limits.maxCells} ô`, `more than ${limits.maxCells} cells`],
                limits.maxCells,
                {
                  unit: "cells",
                },
              );
            const ref = tag.attributes.r;
            const col = ref ? columnIndex(ref) : nextCol;
            if (col >= limits.maxColumns) throw tooManyColumns(row?.row ?? nextRow, col + 1, limits);
            nextCol = col + 1;
            cell = {
              col,
              type: tag.attributes.t ?? "n",
              style: Number(tag.attributes.s ?? 0),
              formula: null,
            };
            text = null;
            break;
          }
          case "v":
            if (cell) {
              where = "v";
              text = "";
            }
            break;
          case "f":
            if (cell) {
              where = "f";
              cell.formula = "";
            }
            break;
          case "is":
            inInline = true;
            if (cell) text = "";
            break;
          case "rPh":
            inPhonetic = true;
            break;
          case "t":
            if (inInline && !inPhonetic) where = "t";
            break;
          case "mergeCell":
            if (tag.attributes.ref) merges.push(tag.attributes.ref);
            break;
        }
      },
      close: (tag) => {
        switch (localName(tag.name)) {
          case "row":
            if (row) out.push(row);
            row = null;
            break;
          case "c":
            finishCell();
            cell = null;
            text = null;
            break;
          case "is":
            inInline = false;
            break;
          case "rPh":
            inPhonetic = false;
            break;
          case "v":
          case "f":
          case "t":
            where = null;
            break;
        }
      },
      text: (t) => {
        if (!cell || where === null) return;
        if (where === "f") cell.formula = (cell.formula ?? "") + t;
        else text = (text ?? "") + t;
      },
    });
    for await (const chunk of this.zip.read(entry, this.budget)) {
      parser.write(chunk, () => ({ row: row?.row ?? nextRow, col: cell?.col ?? nextCol }));
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
    parser.end();
    if (out.length > 0) yield out;
    return { merges };
  }

  private value(type: string, text: string, numFmt: string, row: number, col: number): Cell {
    switch (type) {
      case "s": {
        const s = this.sharedStrings[Number(text)];
        if (s === undefined)
          throw unreadable(`shared string ${text} does not exist`, `không có chuỗi dùng chung số ${text}`);
        if (typeof s !== "string")
          throw new ReadProblem("cell_too_long", { row, col, value: s.start }, [
            `${s.length}; tối đa ${this.limits.maxCellChars}`,
            `${s.length}; at most ${this.limits.maxCellChars}`,
          ]);
        return s;
      }
      case "inlineStr":
      case "str":
        return nfc(text);
      case "b":
        return text.trim() === "1" ? "TRUE" : "FALSE";
      case "e":
        return text;
      case "d":
        return text.slice(0, 10);
      default: {
        const t = text.trim();
        if (t === "") return "";
        const x = Number(t);
        if (!Number.isFinite(x))
          throw unreadable(`the number "${excerpt(t)}" in row ${row}`, `số "${excerpt(t)}" ở dòng ${row}`);
        if (isDateFormat(numFmt)) return excelDate(x, this.date1904);
        return { n: exactNumber(t, numFmt) };
      }
    }
  }
}

/** What a report-layout read also needs (issue #15): the sheets, the one read, its merged ranges. */
export interface SheetMeta {
  sheets: { name: string; hidden: boolean }[];
  sheet: string;
  merges: string[];
}

export interface XlsxReadOptions {
  /** the sheet to read by name (default: the first visible one) */
  sheet?: string | null | undefined;
  /** mark hidden rows and end with a row 0 carrying the sheet list and merged ranges */
  meta?: boolean | undefined;
}

/** The first visible sheet's rows in the shape every upload reader shares. */
export async function* readXlsxRows(
  source: ImportSource,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  options: XlsxReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  const book = await XlsxWorkbook.open(source, limits);
  try {
    const sheet = options.sheet
      ? book.sheets.find((s) => s.name === options.sheet)
      : (book.sheets.find((s) => !s.hidden) ?? book.sheets[0]);
    if (!sheet)
      throw options.sheet
        ? unreadable(`it has no sheet "${options.sheet}"`, `tệp không có trang tính "${options.sheet}"`)
        : unreadable("it has no sheet", "tệp không có trang tính nào");
    const rows = book.rows(sheet);
    let next = await rows.next();
    while (!next.done) {
      yield next.value.map((r) => {
        const cells: Cell[] = [];
        for (const c of r.cells) {
          if (c.value === null)
            throw new ReadProblem("formula_without_value", {
              row: r.row,
              col: c.col,
              value: `=${c.formula || "…"}`,
            });
          while (cells.length < c.col) cells.push("");
          cells[c.col] = c.value;
        }
        checkCells(r.row, cells, limits);
        return options.meta && r.hidden ? { row: r.row, cells, hidden: true } : { row: r.row, cells };
      });
      next = await rows.next();
    }
    if (options.meta) {
      const meta: SheetMeta = {
        sheets: book.sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
        sheet: sheet.name,
        merges: next.value.merges,
      };
      yield [{ row: 0, cells: [], meta }];
    }
  } finally {
    await book.close();
  }
}

/** Excel stores 7,5% as 0.075 with a percent format: the figure people typed is 7.5. */
export function exactNumber(text: string, numFmt?: string): string {
  // Excel shows (and means) 15 significant digits: 25960.000000000004 is 25960
  const d = dec(text);
  const shown = d.isZero() ? d : dec(d.toSignificantDigits(15).toString());
  return decToString(numFmt?.includes("%") ? shown.times(100) : shown);
}

/** What a cell value from exceljs (templates, tests) means, with the same rules as the reader. */
export function cellValue(value: unknown, numFmt?: string): Cell {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return nfc(value);
  if (typeof value === "number") return { n: exactNumber(String(value), numFmt) };
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== "object") return "";
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return nfc(v.richText.map((t: { text: string }) => t.text).join(""));
  if ("result" in v) return cellValue(v.result ?? null, numFmt);
  if ("text" in v) return nfc(String(v.text));
  if ("error" in v) return String(v.error);
  return "";
}

// --- the workbook's parts ---------------------------------------------------------------------

type TooLong = { length: number; start: string };
type SharedStrings = Array<string | TooLong>;

interface Relationship {
  type: string;
  target: string;
}

async function readRels(zip: ZipArchive, entry: ZipEntry, budget: { remaining: number }) {
  const rels = new Map<string, Relationship>();
  await parseEntry(zip, entry, budget, {
    open: (tag) => {
      if (localName(tag.name) !== "Relationship") return;
      const target = tag.attributes.Target ?? "";
      rels.set(tag.attributes.Id ?? "", {
        type: tag.attributes.Type ?? "",
        target: target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`,
      });
    },
  });
  return rels;
}

async function readWorkbook(zip: ZipArchive, entry: ZipEntry, budget: { remaining: number }) {
  const sheets: Array<{ name: string; rid: string; hidden: boolean }> = [];
  let date1904 = false;
  await parseEntry(zip, entry, budget, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "workbookPr") date1904 = isTrue(tag.attributes.date1904);
      if (name !== "sheet" || sheets.length >= 1_000) return;
      const rid = Object.entries(tag.attributes).find(([k]) => localName(k) === "id")?.[1] ?? "";
      const state = tag.attributes.state ?? "visible";
      sheets.push({ name: nfc(tag.attributes.name ?? ""), rid, hidden: state !== "visible" });
    },
  });
  return { sheets, date1904 };
}

async function readSharedStrings(
  zip: ZipArchive,
  entry: ZipEntry,
  budget: { remaining: number },
  limits: ReadLimits,
): Promise<SharedStrings> {
  const strings: SharedStrings = [];
  let total = 0;
  let current: string[] | null = null;
  let length = 0;
  let inT = false;
  let inPhonetic = false;
  await parseEntry(
    zip,
    entry,
    budget,
    {
      open: (tag) => {
        const name = localName(tag.name);
        if (name === "si") {
          if (strings.length >= limits.maxSharedStrings)
            throw tooComplex(
              [
                `hơn ${limits.maxSharedStrings} chuỗi dùng chung`,
                `more than ${limits.maxSharedStrings} shared strings`,
              ],
              limits.maxSharedStrings,
              { unit: "shared strings" },
            );
          current = [];
          length = 0;
        } else if (name === "t") inT = true;
        else if (name === "rPh") inPhonetic = true;
      },
      close: (tag) => {
        const name = localName(tag.name);
        if (name === "si" && current) {
          const s = current.join("");
          strings.push(length > limits.maxCellChars ? { length, start: excerpt(s) } : nfc(s));
          current = null;
        } else if (name === "t") inT = false;
        else if (name === "rPh") inPhonetic = false;
      },
      text: (t) => {
        if (!current || !inT || inPhonetic) return;
        total += t.length;
        if (total > limits.maxSharedStringChars)
          throw tooComplex(
            [
              `chuỗi dùng chung dài hơn ${limits.maxSharedStringChars} ký tự`,
              `shared strings longer than ${limits.maxSharedStringChars} characters in all`,
            ],
            limits.maxSharedStringChars,
            { unit: "characters" },
          );
        // an over-long string keeps only its start (for the message), never its whole text
        if (length <= limits.maxCellChars) current.push(t.slice(0, limits.maxCellChars + 1 - length));
        length += t.length;
      },
    },
    limits.maxCellChars,
  );
  return strings;
}

async function readStyles(
  zip: ZipArchive,
  entry: ZipEntry,
  budget: { remaining: number },
): Promise<string[]> {
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  await parseEntry(zip, entry, budget, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === "numFmt")
        custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? "General");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs && formats.length < 100_000) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        formats.push(custom.get(id) ?? BUILTIN_FORMATS[id] ?? "General");
      }
    },
    close: (tag) => {
      if (localName(tag.name) === "cellXfs") inCellXfs = false;
    },
  });
  return formats;
}

// --- XML ----------------------------------------------------------------------------------------

interface Handlers {
  open?: (tag: SaxesTagPlain) => void;
  close?: (tag: SaxesTagPlain) => void;
  text?: (text: string) => void;
}

/**
 * A SAX parser fed chunks of bytes. saxes expands only XML's five entities and character
 * references: a DTD's entities (the "billion laughs") are an error, never expanded. Text between
 * two tags is bounded (a cell's text cannot be longer than a cell may be).
 */
function xmlParser(name: string, maxChars: number, handlers: Handlers) {
  const parser = new SaxesParser({ position: false });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let error: Error | null = null;
  let sinceTag = 0;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (t) => handlers.open?.(t as SaxesTagPlain));
  parser.on("closetag", (t) => handlers.close?.(t as SaxesTagPlain));
  if (handlers.text) {
    const text = handlers.text;
    parser.on("text", text);
    parser.on("cdata", text);
  }
  const fail = () => {
    const e = error as Error;
    throw unreadable(
      `${name} is not valid XML (${excerpt(e.message, 120)})`,
      `${name} không phải XML hợp lệ (${excerpt(e.message, 120)})`,
    );
  };
  return {
    /** `at` says where in the sheet the parser is, for a problem; without it a problem is of the whole file */
    write(chunk: Uint8Array, at?: () => { row: number; col: number }) {
      let s: string;
      try {
        s = decoder.decode(chunk, { stream: true });
      } catch {
        throw unreadable(`${name} is not valid UTF-8`, `${name} không phải UTF-8 hợp lệ`);
      }
      // characters with no tag in between: text or a tag name or attribute that never ends
      const lastTag = Math.max(s.lastIndexOf("<"), s.lastIndexOf(">"));
      sinceTag = lastTag < 0 ? sinceTag + s.length : s.length - lastTag - 1;
      // escaped text (&amp;) may be up to 6 times longer than the characters it stands for
      if (sinceTag > maxChars * 6 + 1024) {
        if (!at)
          throw tooComplex(
            [`một chuỗi dài hơn ${maxChars} ký tự`, `a text longer than ${maxChars} characters`],
            maxChars,
            { unit: "characters", part: name },
          );
        const where = at();
        throw new ReadProblem(
          "cell_too_long",
          { row: where.row, col: where.col, value: excerpt(s.slice(lastTag + 1)) },
          [`hơn ${maxChars}`, `over ${maxChars}`],
        );
      }
      parser.write(s);
      if (error) fail();
    },
    end() {
      parser.close();
      if (error) fail();
    },
  };
}

async function parseEntry(
  zip: ZipArchive,
  entry: ZipEntry,
  budget: { remaining: number },
  handlers: Handlers,
  maxChars = DEFAULT_READ_LIMITS.maxCellChars,
) {
  const parser = xmlParser(entry.name, maxChars, handlers);
  for await (const chunk of zip.read(entry, budget)) parser.write(chunk);
  parser.end();
}

function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

function isTrue(v: string | undefined): boolean {
  return v === "1" || v === "true";
}

/** "AB12" → 27 (0-based column of a cell reference). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1_000_000) break;
  }
  return n - 1;
}

const BUILTIN_FORMATS: Record<number, string> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: "m/d/yy h:mm",
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00;(#,##0.00)",
  40: "#,##0.00;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** A format that shows a date: it names a day or a year (quoted text and [colours] aside). */
export function isDateFormat(numFmt: string): boolean {
  const bare = numFmt
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[dy]/i.test(bare) && !/^general$/i.test(bare);
}

function excelDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const ms = epoch + Math.round(serial * 86_400_000);
  if (!Number.isFinite(ms) || Math.abs(serial) > 3_000_000) return String(serial);
  return new Date(ms).toISOString().slice(0, 10);
}

// RFC 4180 CSV, fed chunk by chunk so a file of any size is never one string. A record's row
// number is its position among records (a quoted newline does not start a new row), which is
// the row number Excel shows when it opens the file.
import { DEFAULT_READ_LIMITS, type ReadLimits, tooManyColumns } from "./limits.ts";
import { excerpt, ReadProblem } from "./problems.ts";

export type Delimiter = "," | ";" | "\t";

export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t"];

const QUOTE = 34;
const CR = 13;
const LF = 10;

// Nothing is absorbed silently: a quote that is never closed, text after a closing quote (a stray
// quote that would otherwise swallow the rows after it into one cell), a record over the limits
// all stop the reading with the row and column where they are.

export class CsvParser {
  private tail = "";
  private readonly delim: number;
  /** records returned so far: the next record's row number is rows + 1 */
  private rows = 0;

  constructor(
    delimiter: Delimiter,
    private readonly limits: Pick<
      ReadLimits,
      "maxColumns" | "maxCellChars" | "maxRecordChars"
    > = DEFAULT_READ_LIMITS,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Complete records in the text so far; an unfinished last record waits for the next chunk. */
  push(text: string): string[][] {
    const s = this.tail + text;
    const { records, consumed } = this.parse(s, false);
    this.tail = s.slice(consumed);
    if (this.tail.length > this.limits.maxRecordChars) this.unfinished(this.tail);
    return records;
  }

  end(): string[][] {
    const { records } = this.parse(this.tail, true);
    this.tail = "";
    return records;
  }

  /** A record longer than the limit: the cell that makes it so is an open quote or an over-long cell. */
  private unfinished(tail: string): never {
    const { row, col, start } = this.openField(tail);
    const value = tail.slice(start);
    if (value.charCodeAt(0) === QUOTE)
      throw new ReadProblem("unterminated_quote", { row, col, value: excerpt(value.slice(1)) });
    throw this.tooLong(row, col, value);
  }

  private tooLong(row: number, col: number, value: string): ReadProblem {
    const f = (x: number) => x.toLocaleString("en-US");
    return new ReadProblem("cell_too_long", { row, col, value: excerpt(value) }, [
      `${f(value.length).replace(/,/g, ".")}; tối đa ${f(this.limits.maxCellChars).replace(/,/g, ".")}`,
      `${f(value.length)}; at most ${f(this.limits.maxCellChars)}`,
    ]);
  }

  /** Where the last field of an unfinished record starts. */
  private openField(tail: string): { row: number; col: number; start: number } {
    let col = 0;
    let start = 0;
    let i = 0;
    while (i < tail.length) {
      if (tail.charCodeAt(i) === QUOTE) {
        const end = closingQuote(tail, i + 1, true);
        if (end < 0) break;
        i = end + 1;
      } else i = nextStop(tail, i, this.delim);
      if (i >= tail.length || tail.charCodeAt(i) !== this.delim) break;
      i++;
      col++;
      start = i;
    }
    return { row: this.rows + 1, col, start };
  }

  private parse(s: string, final: boolean): { records: string[][]; consumed: number } {
    const delim = this.delim;
    const { maxColumns, maxCellChars } = this.limits;
    const records: string[][] = [];
    const n = s.length;
    let recordStart = 0;
    let i = 0;
    let row: string[] = [];
    const rowNo = () => this.rows + records.length + 1;
    const done = (consumed: number) => {
      this.rows += records.length;
      return { records, consumed };
    };
    while (i < n) {
      let field: string;
      if (s.charCodeAt(i) === QUOTE) {
        const open = i;
        const end = closingQuote(s, i + 1, final);
        if (end < 0) {
          if (!final) return done(recordStart);
          throw new ReadProblem("unterminated_quote", {
            row: rowNo(),
            col: row.length,
            value: excerpt(s.slice(i + 1)),
          });
        }
        field = s.slice(i + 1, end).replace(/""/g, '"');
        i = end + 1;
        const stop = nextStop(s, i, delim);
        if (stop > i) {
          if (stop >= n && !final) return done(recordStart);
          throw new ReadProblem("stray_quote", {
            row: rowNo(),
            col: row.length,
            value: excerpt(s.slice(open, stop), 80),
          });
        }
        i = stop;
      } else {
        const stop = nextStop(s, i, delim);
        field = s.slice(i, stop);
        i = stop;
      }
      if (field.length > maxCellChars) {
        if (i >= n && !final) return done(recordStart);
        throw this.tooLong(rowNo(), row.length, field);
      }
      row.push(field);
      if (row.length > maxColumns) throw tooManyColumns(rowNo(), row.length, this.limits as ReadLimits);
      if (i >= n) {
        if (!final) return done(recordStart);
        records.push(row);
        return done(n);
      }
      const c = s.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      // end of record: CR, LF or CRLF
      if (c === CR && i + 1 >= n && !final) return done(recordStart);
      i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1;
      records.push(row);
      row = [];
      recordStart = i;
    }
    // the chunk ended right after a delimiter: the record goes on in the next chunk
    if (!final) return done(recordStart);
    if (row.length > 0) {
      row.push("");
      records.push(row);
    }
    return done(n);
  }
}

function closingQuote(s: string, from: number, final: boolean): number {
  let i = from;
  for (;;) {
    const q = s.indexOf('"', i);
    if (q < 0) return -1;
    if (s.charCodeAt(q + 1) === QUOTE) {
      i = q + 2;
      continue;
    }
    // a quote at the very end may be the first half of an escaped pair split across chunks
    return q + 1 >= s.length && !final ? -1 : q;
  }
}

function nextStop(s: string, from: number, delim: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === delim || c === LF || c === CR) return i;
  }
  return s.length;
}

/**
 * The delimiter whose count per line is the most consistent over the first lines (outside quotes):
 * a semicolon file with decimal commas must not be read as comma-separated.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = splitSampleLines(sample)
    .filter((l) => l.trim() !== "")
    .slice(0, 50);
  let best: Delimiter = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const nonZero = counts.filter((c) => c > 0);
    if (nonZero.length === 0) continue;
    const mode = modeOf(nonZero);
    const consistent = counts.filter((c) => c === mode).length;
    const score = consistent * 1000 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function splitSampleLines(sample: string): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === "\n") {
      lines.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  // the last line of a sample may be cut short: leave it out unless it is the only one
  if (lines.length === 0) lines.push(sample);
  return lines;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === d) n++;
  }
  return n;
}

function modeOf(values: number[]): number {
  const freq = new Map<number, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  let mode = 0;
  let top = 0;
  for (const [v, f] of freq) if (f > top || (f === top && v > mode)) [mode, top] = [v, f];
  return mode;
}

export function parseDelimiter(name: string): Delimiter | null {
  const s = name.trim().toLowerCase();
  if (s === "," || s === "comma") return ",";
  if (s === ";" || s === "semicolon") return ";";
  if (s === "\t" || s === "\\t" || s === "tab") return "\t";
  return name === "\t" ? "\t" : null;
}

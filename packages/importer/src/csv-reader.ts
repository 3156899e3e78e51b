// RFC 4180 CSV, fed chunk by chunk so a file of any size is never one string. A record's row
// number is its position among records (a quoted newline does not start a new row), which is
// the row number Excel shows when it opens the file.

export type Delimiter = "," | ";" | "\t";

export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t"];

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private tail = "";
  private readonly delim: number;

  constructor(delimiter: Delimiter) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Complete records in the text so far; an unfinished last record waits for the next chunk. */
  push(text: string): string[][] {
    const s = this.tail + text;
    const { records, consumed } = parseRecords(s, this.delim, false);
    this.tail = s.slice(consumed);
    return records;
  }

  end(): string[][] {
    const { records } = parseRecords(this.tail, this.delim, true);
    this.tail = "";
    return records;
  }
}

function parseRecords(s: string, delim: number, final: boolean): { records: string[][]; consumed: number } {
  const records: string[][] = [];
  const n = s.length;
  let recordStart = 0;
  let i = 0;
  let row: string[] = [];
  while (i < n) {
    let field: string;
    if (s.charCodeAt(i) === QUOTE) {
      const end = closingQuote(s, i + 1, final);
      if (end < 0) {
        if (!final) return { records, consumed: recordStart };
        field = s.slice(i + 1).replace(/""/g, '"');
        i = n;
      } else {
        field = s.slice(i + 1, end).replace(/""/g, '"');
        i = end + 1;
        // text between the closing quote and the delimiter is kept, as spreadsheets do
        const stop = nextStop(s, i, delim);
        if (stop > i) field += s.slice(i, stop);
        i = stop;
      }
    } else {
      const stop = nextStop(s, i, delim);
      field = s.slice(i, stop);
      i = stop;
    }
    row.push(field);
    if (i >= n) {
      if (!final) return { records, consumed: recordStart };
      records.push(row);
      return { records, consumed: n };
    }
    const c = s.charCodeAt(i);
    if (c === delim) {
      i++;
      continue;
    }
    // end of record: CR, LF or CRLF
    if (c === CR && i + 1 >= n && !final) return { records, consumed: recordStart };
    i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(row);
    row = [];
    recordStart = i;
  }
  // the chunk ended right after a delimiter: the record goes on in the next chunk
  if (!final) return { records, consumed: recordStart };
  if (row.length > 0) {
    row.push("");
    records.push(row);
  }
  return { records, consumed: n };
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

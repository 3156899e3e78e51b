import { nfc } from "@chitieu/domain";
import { CsvParser, type Delimiter, detectDelimiter } from "./csv-reader.ts";
import {
  decodeChunks,
  type Encoding,
  EncodingError,
  type ImportSource,
  readChunks,
  readHead,
  sniffEncoding,
} from "./source.ts";
import { readXlsxRows } from "./xlsx-reader.ts";

// One shape for rows whatever the format: a spreadsheet row number and its cells. A number typed
// into an Excel cell arrives as an exact decimal string ({ n }); everything else as text.

export type Cell = string | { n: string };

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it */
  row: number;
  cells: Cell[];
}

export type FileFormat = "csv" | "xlsx";

export interface TextSettings {
  encoding: Encoding;
  delimiter: Delimiter;
  /** whether the encoding is certain (BOM, option) or still to be confirmed by a full scan */
  certain: boolean;
}

export function cellText(c: Cell | undefined): string {
  if (c === undefined) return "";
  return typeof c === "string" ? c : c.n;
}

export async function detectTextSettings(
  source: ImportSource,
  overrides: { encoding?: Encoding | undefined; delimiter?: Delimiter | undefined },
): Promise<TextSettings> {
  const head = await readHead(source);
  const sniffed = overrides.encoding ? { encoding: overrides.encoding, certain: true } : sniffEncoding(head);
  let encoding = sniffed.encoding;
  let sample: string;
  try {
    sample = new TextDecoder(encoding === "utf-8-bom" ? "utf-8" : encoding, {
      fatal: !sniffed.certain,
    }).decode(trimPartial(head, encoding));
  } catch {
    encoding = "windows-1258";
    sample = new TextDecoder("windows-1258").decode(head);
  }
  const delimiter = overrides.delimiter ?? detectDelimiter(sample);
  return { encoding, delimiter, certain: sniffed.certain || encoding === "windows-1258" };
}

/** A head cut in the middle of a UTF-8 sequence must not look invalid. */
function trimPartial(head: Uint8Array, encoding: Encoding): Uint8Array {
  if (!encoding.startsWith("utf-8")) return head;
  let end = head.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = head[end - k] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= k;
    break;
  }
  return head.subarray(0, end);
}

/** Rows in batches (one per decoded chunk): a million rows must not cost a million awaits. */
export async function* readCsvRows(source: ImportSource, settings: TextSettings): AsyncGenerator<SheetRow[]> {
  const parser = new CsvParser(settings.delimiter);
  let row = 0;
  const fatal = !settings.certain && settings.encoding === "utf-8";
  // Windows-1258 writes tones as combining marks: compose them before anything compares text
  const normalize = settings.encoding === "windows-1258";
  const wrap = (records: string[][]) =>
    records.map((cells) => ({ row: ++row, cells: normalize ? cells.map(nfc) : cells }));
  for await (const text of decodeChunks(readChunks(source), settings.encoding, fatal))
    yield wrap(parser.push(text));
  yield wrap(parser.end());
}

export function readRows(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
): AsyncGenerator<SheetRow[]> {
  return format === "xlsx" ? readXlsxRows(source) : readCsvRows(source, settings as TextSettings);
}

export { EncodingError };

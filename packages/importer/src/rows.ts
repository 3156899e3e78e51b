import { nfc } from "@chitieu/domain";
import { CsvParser, type Delimiter, detectDelimiter } from "./csv-reader.ts";
import { checkCells, DEFAULT_READ_LIMITS, type ReadLimits } from "./limits.ts";
import {
  decodeChunks,
  type Encoding,
  EncodingError,
  type ImportSource,
  readChunks,
  readHead,
  sniffEncoding,
} from "./source.ts";
import { readRowsInWorker } from "./worker-host.ts";
import { readXlsxRows, type SheetMeta, type XlsxReadOptions } from "./xlsx-reader.ts";

// One shape for rows whatever the format: a spreadsheet row number and its cells. A number typed
// into an Excel cell arrives as an exact decimal string ({ n }); everything else as text.

export type Cell = string | { n: string };

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it (0: the sheet's meta row of a report-layout read) */
  row: number;
  cells: Cell[];
  /** a hidden .xlsx row (reported only when asked for, see XlsxReadOptions) */
  hidden?: boolean;
  meta?: SheetMeta;
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
    // invalid UTF-8: Windows-1258, unless the rest of it is UTF-8 (then the bad bytes are
    // problems of their cells, found by the reader: never a whole file read in the wrong encoding)
    const e = await utf8Evidence([head]);
    if (e.valid > e.invalid) {
      sample = new TextDecoder("utf-8").decode(trimPartial(head, "utf-8"));
    } else {
      encoding = "windows-1258";
      sample = new TextDecoder("windows-1258").decode(head);
    }
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

/**
 * Rows in batches (one per decoded chunk): a million rows must not cost a million awaits. Every
 * cell is checked (length, control characters, U+FFFD) and a record over the limits is refused.
 */
export async function* readCsvRows(
  source: ImportSource,
  settings: TextSettings,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  onSettings?: (s: TextSettings) => void,
): AsyncGenerator<SheetRow[]> {
  let effective = settings;
  if (!settings.certain && settings.encoding === "utf-8") {
    // no BOM: UTF-8 if the file is, or if it is UTF-8 with a few damaged bytes (then each cell
    // that holds one is a problem); Windows-1258 only when nothing in it is UTF-8 beyond ASCII
    const e = await utf8Evidence(readChunks(source));
    if (e.invalid > 0 && e.valid <= e.invalid)
      effective = { ...settings, encoding: "windows-1258", certain: true };
    else effective = { ...settings, certain: true };
    // told even when the encoding stays: the settings are certain now, and a second reading
    // with them need not check every byte again
    onSettings?.(effective);
  }
  const parser = new CsvParser(effective.delimiter, limits);
  let row = 0;
  // Windows-1258 writes tones as combining marks: compose them before anything compares text
  const normalize = effective.encoding === "windows-1258";
  const wrap = (records: string[][]) =>
    records.map((cells) => {
      const r = { row: ++row, cells: normalize ? cells.map(nfc) : cells };
      checkCells(r.row, r.cells, limits);
      return r;
    });
  for await (const text of decodeChunks(readChunks(source), effective.encoding, false))
    yield wrap(parser.push(text));
  yield wrap(parser.end());
}

/** Multi-byte UTF-8 sequences that are valid, and bytes that cannot be UTF-8. */
export async function utf8Evidence(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<{ valid: number; invalid: number }> {
  let valid = 0;
  let invalid = 0;
  let need = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (need > 0) {
        if ((b & 0xc0) === 0x80) {
          if (--need === 0) valid++;
          continue;
        }
        invalid++;
        need = 0;
      }
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) need = 2;
      else if (b >= 0xf0 && b <= 0xf4) need = 3;
      else invalid++;
    }
  }
  if (need > 0) invalid++;
  return { valid, invalid };
}

/** Reads the file here, in this thread: what the parsing worker runs. */
export function readRowsDirect(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  onSettings?: (s: TextSettings) => void,
  xlsx: XlsxReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  return format === "xlsx"
    ? readXlsxRows(source, limits, xlsx)
    : readCsvRows(source, settings as TextSettings, limits, onSettings);
}

/** Reads the file in a worker thread, within the limits (see worker-host.ts). */
export function readRows(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  options: {
    limits?: ReadLimits | undefined;
    onSettings?: (s: TextSettings) => void;
    xlsx?: XlsxReadOptions;
  } = {},
): AsyncGenerator<SheetRow[]> {
  return readRowsInWorker(
    source,
    format,
    settings,
    options.limits ?? DEFAULT_READ_LIMITS,
    options.onSettings,
    options.xlsx,
  );
}

export { EncodingError };

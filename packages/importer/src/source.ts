import { createHash } from "node:crypto";
import fs from "node:fs";
import { ImportError } from "./problems.ts";

// An uploaded file, read as many times as the import needs (scan, then validate) without ever
// holding more than one chunk of it as text: bytes in memory (HTTP upload, already bounded by
// the size limit) or a path on disk (CLI, large files).

export type ImportSource = { name: string; bytes: Uint8Array } | { name: string; path: string };

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1258";

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const CHUNK = 1 << 20;

export function sourceSize(source: ImportSource): number {
  return "bytes" in source ? source.bytes.byteLength : fs.statSync(source.path).size;
}

export function checkSize(source: ImportSource, maxBytes: number): number {
  const size = sourceSize(source);
  if (size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new ImportError(
      "file_too_large",
      `Tệp ${source.name} (${mb(size)}) vượt quá giới hạn ${mb(maxBytes)}; hãy chia nhỏ tệp.`,
      `File ${source.name} (${mb(size)}) exceeds the limit of ${mb(maxBytes)}; split it into smaller files.`,
      { size, maxBytes },
    );
  }
  return size;
}

export async function* readChunks(source: ImportSource): AsyncGenerator<Uint8Array> {
  if ("bytes" in source) {
    for (let i = 0; i < source.bytes.byteLength; i += CHUNK) yield source.bytes.subarray(i, i + CHUNK);
    return;
  }
  for await (const chunk of fs.createReadStream(source.path, { highWaterMark: CHUNK })) yield chunk as Buffer;
}

export async function readHead(source: ImportSource, bytes = 64 * 1024): Promise<Uint8Array> {
  if ("bytes" in source) return source.bytes.subarray(0, bytes);
  const fd = await fs.promises.open(source.path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

export async function sha256(source: ImportSource): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of readChunks(source)) hash.update(chunk);
  return hash.digest("hex");
}

export function isXlsx(head: Uint8Array, name: string): boolean {
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return zip || /\.xlsx$/i.test(name);
}

/**
 * The encoding a byte-order mark or the pattern of zero bytes proves. Without either the file is
 * UTF-8 if it decodes as UTF-8 (checked over the whole file by the scan), else Windows-1258.
 */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; certain: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: "utf-8-bom", certain: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", certain: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", certain: true };
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if (head[i] === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
  if (n >= 4 && oddZeros > n / 4 && evenZeros === 0) return { encoding: "utf-16le", certain: true };
  if (n >= 4 && evenZeros > n / 4 && oddZeros === 0) return { encoding: "utf-16be", certain: true };
  return { encoding: "utf-8", certain: false };
}

const ALIASES: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-8-bom": "utf-8-bom",
  "utf-8-sig": "utf-8-bom",
  "utf-16le": "utf-16le",
  "utf-16": "utf-16le",
  utf16le: "utf-16le",
  "utf-16be": "utf-16be",
  utf16be: "utf-16be",
  "windows-1258": "windows-1258",
  cp1258: "windows-1258",
  "cp-1258": "windows-1258",
  "win-1258": "windows-1258",
};

export function parseEncoding(name: string): Encoding | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

export class EncodingError extends Error {
  override name = "EncodingError";
}

/** Decodes chunk by chunk; `fatal` makes invalid UTF-8 throw EncodingError (the scan then retries as Windows-1258). */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  encoding: Encoding,
  fatal: boolean,
): AsyncGenerator<string> {
  const label = encoding === "utf-8-bom" ? "utf-8" : encoding;
  const decoder = new TextDecoder(label, { fatal });
  try {
    for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new EncodingError(`not valid ${encoding}`);
    throw error;
  }
}

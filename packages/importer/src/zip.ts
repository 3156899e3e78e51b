import fs from "node:fs";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { tooComplex } from "./limits.ts";
import { ImportError } from "./problems.ts";
import type { ImportSource } from "./source.ts";

// The few parts of the zip format an .xlsx needs, read with bounds: the central directory gives
// each entry's declared sizes; an entry is inflated as a stream (node's zlib) and refused as soon
// as it inflates past its declared size or past the budget of the whole read, and checked against
// its CRC at the end. Nothing is ever inflated whole. Zip64, encryption and methods other than
// stored/deflate are refused: no spreadsheet within the upload limit needs them.

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const MAX_ENTRIES = 10_000;

export function unreadable(en: string, vi: string): ImportError {
  return new ImportError(
    "unreadable_file",
    `Không đọc được tệp .xlsx: ${vi}.`,
    `The .xlsx file cannot be read: ${en}.`,
  );
}

interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

async function openSource(source: ImportSource): Promise<RandomAccess> {
  if ("bytes" in source) {
    const b = source.bytes;
    return {
      size: b.byteLength,
      read: async (o, l) => b.subarray(o, Math.min(b.byteLength, o + l)),
      close: async () => {},
    };
  }
  const fd = await fs.promises.open(source.path, "r");
  const size = (await fd.stat()).size;
  return {
    size,
    read: async (o, l) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(l, size - o)));
      const { bytesRead } = await fd.read(buf, 0, buf.length, o);
      return buf.subarray(0, bytesRead);
    },
    close: () => fd.close(),
  };
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export class ZipArchive {
  private constructor(
    private readonly file: RandomAccess,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(source: ImportSource): Promise<ZipArchive> {
    const file = await openSource(source);
    try {
      return new ZipArchive(file, await readDirectory(file));
    } catch (e) {
      await file.close();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }

  /**
   * The entry's bytes, inflated chunk by chunk. `budget.remaining` is shared by every entry of
   * one read: past it the file is too complex; past the entry's declared size it is corrupt.
   */
  async *read(entry: ZipEntry, budget: { remaining: number }): AsyncGenerator<Buffer> {
    if (entry.uncompressedSize > budget.remaining)
      throw tooComplex(
        [
          `phần ${entry.name} giải nén ra ${mb(entry.uncompressedSize)}`,
          `${entry.name} inflates to ${mb(entry.uncompressedSize)}`,
        ],
        budget.remaining,
        { entry: entry.name, unit: "bytes" },
      );
    const head = await this.file.read(entry.localHeaderOffset, 30);
    if (head.length < 30 || view(head).getUint32(0, true) !== 0x04034b50)
      throw unreadable(`no local header for ${entry.name}`, `thiếu phần đầu của ${entry.name}`);
    const start =
      entry.localHeaderOffset + 30 + view(head).getUint16(26, true) + view(head).getUint16(28, true);
    if (start + entry.compressedSize > this.file.size)
      throw unreadable(`${entry.name} is cut short`, `${entry.name} bị cắt cụt`);
    const file = this.file;
    async function* compressed() {
      for (let o = 0; o < entry.compressedSize; o += 1 << 16)
        yield Buffer.from(await file.read(start + o, Math.min(1 << 16, entry.compressedSize - o)));
    }
    const input = Readable.from(compressed());
    const stream: AsyncIterable<Buffer> =
      entry.method === 0 ? input : input.pipe(zlib.createInflateRaw({ chunkSize: 1 << 16 }));
    let size = 0;
    let crc = ~0;
    try {
      for await (const chunk of stream) {
        size += chunk.length;
        if (size > entry.uncompressedSize)
          throw unreadable(
            `${entry.name} inflates past its declared size of ${entry.uncompressedSize} bytes`,
            `${entry.name} giải nén ra nhiều hơn kích thước khai báo (${entry.uncompressedSize} byte)`,
          );
        budget.remaining -= chunk.length;
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw unreadable(`${entry.name}: ${(e as Error).message}`, `${entry.name}: dữ liệu nén hỏng`);
    } finally {
      input.destroy();
      if ("destroy" in stream) (stream as Readable).destroy();
    }
    if (size !== entry.uncompressedSize || ~crc >>> 0 !== entry.crc32)
      throw unreadable(
        `${entry.name} is damaged (size or checksum)`,
        `${entry.name} bị hỏng (kích thước hoặc mã kiểm tra)`,
      );
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function readDirectory(file: RandomAccess): Promise<Map<string, ZipEntry>> {
  const notZip = () =>
    unreadable(
      "it is not a zip archive (an .xlsx is one)",
      "tệp không phải là tệp nén zip (tệp .xlsx là tệp zip)",
    );
  if (file.size < 22) throw notZip();
  const tailLength = Math.min(file.size, 22 + 0xffff);
  const tail = await file.read(file.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip();
  const e = view(tail.subarray(eocd));
  const count = e.getUint16(10, true);
  const cdSize = e.getUint32(12, true);
  const cdOffset = e.getUint32(16, true);
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw unreadable("zip64 archives are not supported", "không hỗ trợ tệp zip64");
  if (count > MAX_ENTRIES) throw unreadable(`it has ${count} entries`, `tệp có ${count} phần`);
  if (cdOffset + cdSize > file.size)
    throw unreadable("the zip directory is cut short", "thư mục zip bị cắt cụt");
  const cd = await file.read(cdOffset, cdSize);
  const d = view(cd);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || d.getUint32(p, true) !== 0x02014b50)
      throw unreadable("the zip directory is damaged", "thư mục zip bị hỏng");
    const nameLength = d.getUint16(p + 28, true);
    const entry: ZipEntry = {
      flags: d.getUint16(p + 8, true),
      method: d.getUint16(p + 10, true),
      crc32: d.getUint32(p + 16, true),
      compressedSize: d.getUint32(p + 20, true),
      uncompressedSize: d.getUint32(p + 24, true),
      localHeaderOffset: d.getUint32(p + 42, true),
      name: new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength)),
    };
    p += 46 + nameLength + d.getUint16(p + 30, true) + d.getUint16(p + 32, true);
    if (entry.flags & 1) throw unreadable("it is encrypted", "tệp được mã hóa (có mật khẩu)");
    if (entry.method !== 0 && entry.method !== 8)
      throw unreadable(
        `${entry.name} uses compression method ${entry.method}`,
        `${entry.name} dùng kiểu nén ${entry.method}`,
      );
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff)
      throw unreadable("zip64 archives are not supported", "không hỗ trợ tệp zip64");
    entries.set(entry.name.replace(/^\/+/, ""), entry);
  }
  return entries;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (zip's), continued from `crc` (start with ~0, finish with ~crc >>> 0). */
export function crc32(bytes: Uint8Array, crc = ~0): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++)
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return c;
}

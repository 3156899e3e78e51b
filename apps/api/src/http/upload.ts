import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImportError } from "@chitieu/importer";
import { problems } from "./problem.ts";

// A multipart upload read as a stream (issue #12, finding 11): the file part goes to a private
// temporary file chunk by chunk as it arrives, the other fields into small strings. Nothing
// holds the whole body, and no step works on the whole body at once: the event loop keeps
// serving between chunks (`Request.formData()` buffered the body and parsed it in one
// synchronous pass, 100–500 ms for a 12 MB file, during which every other request waited).
//
// Limits: a body whose Content-Length is over `maxBytes` plus 64 KB is refused before reading
// (413); the body stops being read as soon as it passes `maxBytes` plus 64 KB for the form
// (a chunked body included, without Content-Length), the file part as soon as it passes
// `maxBytes` (file_too_large, 413); a form field over 256 KB, more than 100 parts or a part
// header over 16 KB is a malformed upload (400).

const FIELD_MAX = 256 * 1024;
const HEADER_MAX = 16 * 1024;
const PARTS_MAX = 100;
const FORM_SLACK = 64 * 1024;
const WRITE_BLOCK = 256 * 1024;

export interface ReceivedUpload {
  /** the file part of `fileField`: its name as sent and the path of its bytes; null when absent */
  file: { name: string; path: string; size: number } | null;
  /** the other (text) fields, the first value of each */
  fields: Record<string, string>;
  /** removes the temporary file (call when done with it) */
  cleanup(): Promise<void>;
}

function malformed(en: string, vi: string) {
  return problems.invalid([{ path: "body", message: `${vi} / ${en}` }]);
}

function fileTooLarge(name: string, maxBytes: number): ImportError {
  const mb = `${(maxBytes / 1024 / 1024).toFixed(1)} MB`;
  return new ImportError(
    "file_too_large",
    `Tệp ${name} vượt quá giới hạn ${mb}; hãy chia nhỏ tệp.`,
    `File ${name} exceeds the limit of ${mb}; split it into smaller files.`,
    { maxBytes },
  );
}

/** `name` and `filename` of a part's Content-Disposition (filename* in UTF-8 preferred). */
function disposition(headers: string): { name: string | null; filename: string | null } {
  const line = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? "";
  const param = (key: string): string | null => {
    const m = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(line);
    if (m) return (m[1] as string).replace(/\\(.)/g, "$1");
    const bare = new RegExp(`(?:^|;)\\s*${key}=([^;\\s]+)`, "i").exec(line);
    return bare ? (bare[1] as string) : null;
  };
  let filename = param("filename");
  const star = /(?:^|;)\s*filename\*=(?:utf-8|UTF-8)''([^;\s]+)/.exec(line);
  if (star) {
    try {
      filename = decodeURIComponent(star[1] as string);
    } catch {
      // keep the plain filename
    }
  }
  return { name: param("name"), filename };
}

/**
 * Reads a multipart/form-data request. A request of another type has no file and no fields
 * (the route then asks for the file, as before).
 */
export async function receiveUpload(
  request: Request,
  options: { maxBytes: number; fileField?: string },
): Promise<ReceivedUpload> {
  const fileField = options.fileField ?? "file";
  // a body declared over the limit is refused before a byte of it is read
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > options.maxBytes + FORM_SLACK) {
    await request.body?.cancel().catch(() => {});
    throw problems.tooLarge(options.maxBytes);
  }
  const type = request.headers.get("content-type") ?? "";
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const fields: Record<string, string> = {};
  let dir: string | null = null;
  const cleanup = async () => {
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
    dir = null;
  };
  if (!/^multipart\/form-data/i.test(type) || !boundaryMatch || !request.body) {
    await request.body?.cancel().catch(() => {});
    return { file: null, fields, cleanup };
  }
  const boundary = boundaryMatch[1] ?? (boundaryMatch[2] as string);
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const headerEnd = Buffer.from("\r\n\r\n");
  const bodyMax = options.maxBytes + FORM_SLACK;

  let file: ReceivedUpload["file"] = null;
  let handle: fs.promises.FileHandle | null = null;
  const reader = request.body.getReader();
  let total = 0;
  let buf: Buffer = Buffer.alloc(0);
  let state = "preamble" as "preamble" | "headers" | "body" | "after" | "done";
  let parts = 0;
  // the part being read
  let sink = "skip" as "file" | "field" | "skip";
  let fieldName = "";
  let fieldChunks: Buffer[] = [];
  let fieldBytes = 0;

  const emit = async (data: Buffer) => {
    if (data.length === 0) return;
    if (sink === "file" && file && handle) {
      file.size += data.length;
      if (file.size > options.maxBytes) throw fileTooLarge(file.name, options.maxBytes);
      // written in blocks of 256 KB whatever the size of the chunks the client sends
      pending.push(Buffer.from(data));
      pendingBytes += data.length;
      if (pendingBytes >= WRITE_BLOCK) await flush();
    } else if (sink === "field") {
      fieldBytes += data.length;
      if (fieldBytes > FIELD_MAX)
        throw malformed(
          `the form field '${fieldName}' is over ${FIELD_MAX} bytes`,
          `trường '${fieldName}' của biểu mẫu dài quá ${FIELD_MAX} byte`,
        );
      fieldChunks.push(Buffer.from(data));
    }
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (handle && pendingBytes > 0) await handle.write(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  const endPart = async () => {
    if (sink === "field" && !(fieldName in fields))
      fields[fieldName] = Buffer.concat(fieldChunks).toString("utf8");
    if (sink === "file" && handle) {
      await flush();
      await handle.close();
      handle = null;
    }
    sink = "skip";
    fieldChunks = [];
    fieldBytes = 0;
  };
  const startPart = async (headers: string) => {
    if (++parts > PARTS_MAX)
      throw malformed(`more than ${PARTS_MAX} form parts`, `biểu mẫu có hơn ${PARTS_MAX} phần`);
    const d = disposition(headers);
    if (d.name === null) {
      sink = "skip";
      return;
    }
    if (d.filename !== null) {
      if (d.name !== fileField || file !== null) {
        sink = "skip";
        return;
      }
      dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "chitieu-upload-"));
      const target = path.join(dir, "upload");
      handle = await fs.promises.open(target, "wx", 0o600);
      file = { name: d.filename, path: target, size: 0 };
      sink = "file";
      return;
    }
    sink = "field";
    fieldName = d.name;
  };

  /** Consumes what `buf` holds; returns when it needs more bytes. */
  const advance = async (ended: boolean) => {
    for (;;) {
      if (state === "preamble") {
        const i = buf.indexOf(dash);
        if (i < 0) {
          if (buf.length > HEADER_MAX) buf = buf.subarray(buf.length - dash.length);
          return;
        }
        buf = buf.subarray(i + dash.length);
        state = "after";
      } else if (state === "after") {
        if (buf.length < 2) return;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = "done";
          return;
        }
        // the line end after a boundary (transport padding allowed before it)
        const eol = buf.indexOf("\r\n");
        if (eol < 0) {
          if (buf.length > HEADER_MAX) throw malformed("a malformed part boundary", "ranh giới phần hỏng");
          return;
        }
        buf = buf.subarray(eol + 2);
        state = "headers";
      } else if (state === "headers") {
        const i = buf.indexOf(headerEnd);
        if (i < 0) {
          if (buf.length > HEADER_MAX)
            throw malformed(
              `a part header over ${HEADER_MAX} bytes`,
              `phần đầu của một phần dài quá ${HEADER_MAX} byte`,
            );
          return;
        }
        await startPart(buf.subarray(0, i).toString("utf8"));
        buf = buf.subarray(i + headerEnd.length);
        state = "body";
      } else if (state === "body") {
        const i = buf.indexOf(delimiter);
        if (i >= 0) {
          await emit(buf.subarray(0, i));
          await endPart();
          buf = buf.subarray(i + delimiter.length);
          state = "after";
          continue;
        }
        // keep what could be the start of a delimiter split over two chunks
        const keep = Math.min(buf.length, delimiter.length - 1);
        await emit(buf.subarray(0, buf.length - keep));
        buf = buf.subarray(buf.length - keep);
        return;
      } else return;
      if (ended && buf.length === 0) return;
    }
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > bodyMax) {
        const f = file as ReceivedUpload["file"];
        if (f && sink === "file") throw fileTooLarge(f.name, options.maxBytes);
        throw problems.tooLarge(options.maxBytes);
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      await advance(false);
      if (state === "done") break;
    }
    if (state !== "done") {
      await advance(true);
      if ((state as string) !== "done")
        throw malformed(
          "the multipart body ends before its closing boundary",
          "nội dung biểu mẫu kết thúc trước ranh giới cuối",
        );
    }
    return { file, fields, cleanup };
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (handle) await (handle as fs.promises.FileHandle).close().catch(() => {});
    await cleanup();
    throw error;
  } finally {
    reader.releaseLock();
  }
}

import { Worker } from "node:worker_threads";
import zlib from "node:zlib";
import { crc32 } from "../../packages/importer/src/zip.ts";
import type { DemoApp } from "../support/demo-app.ts";

// What the hostile-upload tests share: signing in as a demo account, uploading through the real
// API, watching the server while it reads (health and RSS), the state an upload must not change,
// and generators of hostile files (an .xlsx written at the zip/XML level: gigabytes of XML that
// compress to a few megabytes, without ever holding them whole here either).

export const DEMO_PASSWORD = "chitieu-demo-2024";
export const STATISTICIAN = "thongke@demo.chitieu.vn";
export const OFFICER = "coquan@demo.chitieu.vn";
export const ADMIN = "admin@demo.chitieu.vn";

/**
 * adapter-node assumes https when no PROTOCOL_HEADER is set, and SvelteKit refuses a form post
 * whose Origin differs from that: the uploads say they come from the app's own (https) origin.
 */
const originOf = (url: string) => url.replace(/^http:/, "https:");

export interface Session {
  url: string;
  cookie: string;
  csrf: string;
}

export async function signIn(app: DemoApp, email: string): Promise<Session> {
  const url = app.server.url;
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: originOf(url) },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const cookie =
    (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(";")[0] ?? "";
  const body = (await r.json()) as { csrfToken: string };
  return { url, cookie, csrf: body.csrfToken };
}

/** The liveness bound of one /api/health poll: generous, the machine is shared (2 cores). */
export const HEALTH_BOUND_MS = 5_000;

export async function get(s: Session, path: string): Promise<unknown> {
  const once = () => fetch(`${s.url}${path}`, { headers: { cookie: s.cookie } });
  // a kept-alive socket the server closed while the test was generating a file: once more, anew
  const r = await once().catch(() => once());
  if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
  return r.json();
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a file as the upload desk does (multipart, field "file"), with the dry-run flag. */
export async function upload(
  s: Session,
  path: string,
  name: string,
  bytes: Uint8Array,
  fields: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData();
  form.set("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const r = await fetch(`${s.url}${path}`, {
    method: "POST",
    headers: { cookie: s.cookie, "x-csrf-token": s.csrf, origin: originOf(s.url) },
    body: form,
  });
  const text = await r.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: r.status, body };
}

export interface Watch {
  /** the slowest /api/health answer, ms */
  slowestHealthMs: number;
  healthPolls: number;
  healthFailures: string[];
  /** the server process's peak resident memory, MB (/proc; buffers included, unlike a heap limit) */
  peakRssMb: number;
}

// The watcher runs in a thread of its own, so that what the test itself does meanwhile (building
// and sending a 20 MB body) cannot delay a poll and be taken for the server's slowness.
const WATCHER = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { url, pid, bound } = workerData;
const w = { slowestHealthMs: 0, healthPolls: 0, healthFailures: [], peakRssMb: 0 };
let done = false;
const rss = () => {
  try {
    const kb = Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync("/proc/" + pid + "/status", "utf8"))?.[1] ?? 0);
    w.peakRssMb = Math.max(w.peakRssMb, kb / 1024);
  } catch {}
};
rss();
const sampler = setInterval(rss, 50);
parentPort.on("message", async () => { done = true; });
(async () => {
  parentPort.postMessage("started");
  while (!done) {
    const t0 = performance.now();
    try {
      const r = await fetch(url + "/api/health", { signal: AbortSignal.timeout(bound) });
      const body = await r.json();
      if (!r.ok || body.status !== "ok") w.healthFailures.push("status " + r.status + " " + JSON.stringify(body));
    } catch (e) {
      w.healthFailures.push(String(e));
    }
    w.healthPolls++;
    w.slowestHealthMs = Math.max(w.slowestHealthMs, performance.now() - t0);
    await new Promise((r) => setTimeout(r, 200));
  }
  clearInterval(sampler);
  rss();
  parentPort.postMessage(w);
})();
`;

/**
 * Runs `action` while, from another thread, /api/health (which queries the database) is polled
 * every 200 ms, each poll with a 5 s bound, and the server's RSS is sampled every 50 ms.
 */
export async function watched<T>(
  app: DemoApp,
  action: () => Promise<T>,
): Promise<{ result: T; watch: Watch }> {
  const worker = new Worker(WATCHER, {
    eval: true,
    workerData: { url: app.server.url, pid: app.server.process.pid, bound: HEALTH_BOUND_MS },
  });
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  worker.on("message", (m) => {
    messages.push(m);
    wake?.();
  });
  const nextMessage = async () => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift();
  };
  await nextMessage(); // started
  try {
    const result = await action();
    worker.postMessage("stop");
    const watch = (await nextMessage()) as Watch;
    return { result, watch };
  } finally {
    await worker.terminate();
  }
}

/** What an upload writes (import batches of every kind, audit rows), read as the administrator. */
export async function writtenState(admin: Session): Promise<string> {
  const audit = (await get(admin, "/api/v1/audit-log?limit=500")) as { items: Array<{ id: number }> };
  const batches = (await get(admin, "/api/v1/imports?limit=500")) as { batches: Array<{ id: number }> };
  const tasks = (await get(admin, "/api/v1/task-imports?limit=500")) as Record<string, unknown>;
  const obs = (await get(admin, "/api/v1/observations?limit=500")) as { items: unknown[] };
  return JSON.stringify({
    auditMax: Math.max(0, ...audit.items.map((a) => a.id)),
    auditCount: audit.items.length,
    batches: batches.batches.map((b) => b.id),
    tasks,
    observations: obs.items.length,
  });
}

// --- hostile .xlsx ------------------------------------------------------------------------------

/** A deflated part whose XML is prefix + unit × count + suffix, made without holding it whole. */
export interface Part {
  name: string;
  compressed: Buffer;
  size: number;
  crc: number;
  /** the size written in the zip's headers (a liar's archive declares less) */
  declared?: number;
}

const FLUSH = { finishFlush: zlib.constants.Z_FULL_FLUSH };

export function repeatedPart(
  name: string,
  prefix: string,
  unit: string,
  count: number,
  suffix: string,
  options: { crc?: boolean } = {},
): Part {
  const unitBytes = Buffer.from(unit, "utf8");
  const perBlock = unitBytes.length === 0 ? 1 : Math.max(1, Math.floor((1 << 20) / unitBytes.length));
  const block = Buffer.from(unit.repeat(perBlock), "utf8");
  const blocks = Math.floor(count / perBlock);
  const rest = Buffer.from(unit.repeat(count - blocks * perBlock), "utf8");
  const pre = Buffer.from(prefix, "utf8");
  const post = Buffer.from(suffix, "utf8");
  const zBlock = zlib.deflateRawSync(block, FLUSH);
  const pieces = [zlib.deflateRawSync(pre, FLUSH)];
  for (let k = 0; k < blocks; k++) pieces.push(zBlock);
  pieces.push(
    zlib.deflateRawSync(rest, FLUSH),
    zlib.deflateRawSync(post, FLUSH),
    zlib.deflateRawSync(Buffer.alloc(0)),
  );
  let crc = 0;
  if (options.crc !== false) {
    let c = crc32(pre);
    for (let k = 0; k < blocks; k++) c = crc32(block, c);
    c = crc32(post, crc32(rest, c));
    crc = ~c >>> 0;
  }
  return {
    name,
    compressed: Buffer.concat(pieces),
    size: pre.length + block.length * blocks + rest.length + post.length,
    crc,
  };
}

export function textPart(name: string, xml: string): Part {
  return repeatedPart(name, xml, "", 0, "");
}

/** A zip archive of the parts (deflate, no data descriptors), as Excel writes one. */
export function zip(parts: Part[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const size = p.declared ?? p.size;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(p.crc, 14);
    h.writeUInt32LE(p.compressed.length, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    local.push(h, name, p.compressed);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(p.crc, 16);
    c.writeUInt32LE(p.compressed.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + p.compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The parts every workbook has around its one sheet: content types, workbook, relationships. */
export function workbookParts(): Part[] {
  return [
    textPart(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    textPart(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${RNS}><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    textPart(
      "xl/_rels/workbook.xml.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ),
  ];
}

export const SHEET_OPEN = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`;
export const SHEET_CLOSE = "</sheetData></worksheet>";
export const SST_OPEN = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>`;

/** An inline-string cell. */
export function inline(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

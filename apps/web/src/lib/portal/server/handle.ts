import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { cacheKey, PUBLIC_CACHE_CONTROL } from "@chitieu/api";
import type { Handle } from "@sveltejs/kit";
import { portalData } from "./data.ts";
import { wantsSdmxCsv } from "./downloads.ts";

/** the portal's indicator pages (vi and en): the ones with a related-tasks section */
const INDICATOR_PAGE = /^\/(?:vi\/chi-tieu|en\/indicators)\/[^/]+$/;

// The portal's part of the request pipeline (called from hooks.server.ts):
// - <html lang="en"> on English pages (app.html says "vi");
// - public pages and downloads are cached in memory as rendered bytes, keyed by path, the query
//   parameters pages read (`unit`, `period`) and the data snapshot's version (data.ts): a new
//   version makes every entry stale at once. Any other query parameter is answered with a
//   redirect to the URL without it, so random query strings cannot fill memory; the cache is
//   bounded by entries (PORTAL_CACHE_ENTRIES) and bytes (PORTAL_CACHE_MB), least recently used
//   first;
// - every cached answer has an ETag and Cache-Control, and If-None-Match gets a 304;
// - it is gzipped once and sent so to clients that accept it (a 118 KB home page is ~15 KB).
// Nothing here reads cookies: the portal is the same for everyone, which is what makes it cacheable.

/** browsers and proxies keep a page 5 s, then revalidate (ETag → 304): never stale for long */
export const CACHE_CONTROL = PUBLIC_CACHE_CONTROL;
const MAX_ENTRIES = Number(process.env.PORTAL_CACHE_ENTRIES ?? 2000);
const MAX_BYTES = Number(process.env.PORTAL_CACHE_MB ?? 128) * 1024 * 1024;
/** the only query parameters portal pages read */
export const PORTAL_PARAMS = ["period", "unit", "status", "area", "sort"] as const;

interface Entry {
  version: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  /** compressed once, on the first request that accepts gzip */
  gzipped?: Uint8Array;
  etag: string;
}

const cache = new Map<string, Entry>();
let cachedBytes = 0;
const rendering = new Map<string, Promise<Entry | Response>>();

export function isPortalPath(path: string): boolean {
  return (
    /^\/(vi|en)(\/|$)/.test(path) ||
    path.startsWith("/embed/") ||
    path.startsWith("/du-lieu/") ||
    path === "/sitemap.xml" ||
    path === "/"
  );
}

export function langOfPath(path: string): "vi" | "en" {
  return /^\/(embed\/)?en(\/|$)/.test(path) ? "en" : "vi";
}

const DROP = new Set([
  "set-cookie",
  "date",
  "content-length",
  "etag",
  "cache-control",
  "connection",
  "transfer-encoding",
]);

export const portalHandle: Handle = async ({ event, resolve }) => {
  const path = event.url.pathname;
  if (!isPortalPath(path)) return resolve(event);
  const lang = langOfPath(path);
  const render = () =>
    resolve(event, {
      transformPageChunk:
        lang === "en" ? ({ html }) => html.replace('<html lang="vi"', '<html lang="en"') : undefined,
    });
  const method = event.request.method;
  if ((method !== "GET" && method !== "HEAD") || path === "/") return render();

  // unknown or repeated parameters: one redirect to the URL pages are cached under
  const key = cacheKey(event.url, PORTAL_PARAMS);
  if (key !== path + event.url.search) {
    const known = [...event.url.searchParams.keys()].every((k) =>
      (PORTAL_PARAMS as readonly string[]).includes(k),
    );
    const repeated =
      new Set(event.url.searchParams.keys()).size !== [...event.url.searchParams.keys()].length;
    if (!known || repeated || event.url.search === "?")
      return new Response(null, { status: 308, headers: { location: key, "cache-control": CACHE_CONTROL } });
  }

  // a .csv download answers SDMX-CSV to a client that asks for it (Accept): one entry per answer
  const variant =
    path.endsWith(".csv") && wantsSdmxCsv(event.request.headers.get("accept")) ? `${key}#sdmx` : key;
  const snap = await portalData(event.fetch);
  // an indicator page lists the tasks that serve it with their status, which the snapshot does
  // not hold: its entry also follows the data version, which a task's report or deadline moves
  const version = INDICATOR_PAGE.test(path)
    ? `${snap.version}+${(snap as { dataVersion?: string }).dataVersion ?? ""}`
    : snap.version;
  let entry = cache.get(variant);
  if (entry && entry.version === version) {
    cache.delete(variant); // most recently used last
    cache.set(variant, entry);
  } else {
    let pending = rendering.get(variant);
    const mine = !pending;
    if (!pending) {
      pending = renderEntry(render, version).finally(() => rendering.delete(variant));
      rendering.set(variant, pending);
    }
    const result = await pending;
    // an uncached answer has one body: the request that rendered it gets it, the others render their own
    if (result instanceof Response) return mine ? result : render();
    entry = result;
    forget(variant);
    cache.set(variant, entry);
    cachedBytes += entry.body.byteLength;
    while (cache.size > MAX_ENTRIES || (cachedBytes > MAX_BYTES && cache.size > 1))
      forget(cache.keys().next().value as string);
  }
  if (etagMatches(event.request.headers.get("if-none-match"), entry.etag)) {
    return new Response(null, {
      status: 304,
      headers: { etag: entry.etag, "cache-control": CACHE_CONTROL, vary: "accept-encoding" },
    });
  }
  const gzip =
    entry.body.byteLength > 1024 && /\bgzip\b/.test(event.request.headers.get("accept-encoding") ?? "");
  if (gzip && !entry.gzipped) {
    entry.gzipped = gzipSync(entry.body);
    if (cache.get(variant) === entry) cachedBytes += entry.gzipped.byteLength;
  }
  const body = gzip && entry.gzipped ? entry.gzipped : entry.body;
  const headers = [
    ...entry.headers,
    ["etag", entry.etag],
    ["cache-control", CACHE_CONTROL],
    ["vary", "accept-encoding"],
    ["content-length", String(body.byteLength)],
    ...(gzip ? [["content-encoding", "gzip"]] : []),
  ] as [string, string][];
  return new Response(method === "HEAD" ? null : (body as BodyInit), { status: entry.status, headers });
};

function forget(key: string): void {
  const old = cache.get(key);
  if (!old) return;
  cachedBytes -= old.body.byteLength + (old.gzipped?.byteLength ?? 0);
  cache.delete(key);
}

async function renderEntry(
  render: () => Promise<Response> | Response,
  version: string,
): Promise<Entry | Response> {
  const res = await render();
  // errors, redirects and streamed answers are not cached
  if (res.status !== 200) {
    if (res.status >= 400 && res.status < 500 && !res.headers.has("cache-control")) {
      const headers = new Headers(res.headers);
      headers.set("cache-control", CACHE_CONTROL);
      return new Response(res.body, { status: res.status, headers });
    }
    return res;
  }
  const body = new Uint8Array(await res.arrayBuffer());
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!DROP.has(name)) headers.push([name, value]);
  });
  const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
  return { version, status: 200, headers, body, etag };
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

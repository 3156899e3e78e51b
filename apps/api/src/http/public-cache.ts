import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { MiddlewareHandler } from "hono";
import type { DataVersion } from "../services/data-version.ts";
import type { AppEnv } from "./env.ts";
import { API_CSP, requestIdOf, SECURITY_HEADERS } from "./middleware.ts";

// Public answers depend only on the URL and the data version: computed once per version and
// served from memory after that, with an ETag that revalidates to 304. The key is the path and
// the query parameters the route reads (others are ignored, so random query strings cannot fill
// memory); bounded by entries and bytes, the least recently used going first. An entry of an
// older version is never served.

/**
 * What browsers and proxies may do with a public answer: keep it 5 s, then ask again (ETag → 304).
 * Short, so an unpublished indicator is gone from every cache within seconds.
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=5, must-revalidate";

interface Entry {
  version: string;
  etag: string;
  /** UTF-8, encoded once per version */
  body: Uint8Array<ArrayBuffer>;
  /** compressed once per version, not per request */
  gzipped: Uint8Array<ArrayBuffer>;
  contentType: string;
  bytes: number;
  /** the fast path's headers, built on its first hit: gzip, identity, 304 */
  fast?: { gzip: Record<string, string>; plain: Record<string, string>; notModified: Record<string, string> };
}

export interface PublicCacheOptions {
  /** query parameters that change the answer, per path pattern; all others are ignored */
  params?: (path: string) => readonly string[];
  maxEntries?: number;
  maxBytes?: number;
}

/** The cache key of a URL: its path and the parameters it reads, sorted, first value of each. */
export function cacheKey(url: URL, params: readonly string[]): string {
  const kept: string[] = [];
  for (const name of [...params].sort()) {
    const value = url.searchParams.get(name);
    if (value !== null) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return kept.length > 0 ? `${url.pathname}?${kept.join("&")}` : url.pathname;
}

/** A cached public answer, ready to be written by a bare Node server. */
export interface FastAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * Answers a GET of a public URL (path and query, as on the request line) from the cache, when
 * its entry is of the data version known now; null otherwise, and the request then takes the
 * full path (SvelteKit, Hono), which computes and caches it. The same bytes and headers as the
 * full path gives a cache hit.
 */
export type PublicLookup = (
  pathAndQuery: string,
  header: (name: string) => string | undefined,
) => FastAnswer | null;

export type PublicCacheMiddleware = MiddlewareHandler<AppEnv> & { lookup: PublicLookup };

function answer(
  entry: Entry,
  header: (name: string) => string | undefined,
  extra: Record<string, string>,
): FastAnswer {
  const headers: Record<string, string> = {
    etag: entry.etag,
    "cache-control": PUBLIC_CACHE_CONTROL,
    "access-control-allow-origin": "*",
    vary: "accept-encoding",
    ...extra,
  };
  if (header("if-none-match") === entry.etag) return { status: 304, headers, body: null };
  headers["content-type"] = entry.contentType;
  if (/\bgzip\b/.test(header("accept-encoding") ?? "")) {
    headers["content-encoding"] = "gzip";
    headers["content-length"] = String(entry.gzipped.byteLength);
    return { status: 200, headers, body: entry.gzipped };
  }
  headers["content-length"] = String(entry.body.byteLength);
  return { status: 200, headers, body: entry.body };
}

export function publicCache(version: DataVersion, options: PublicCacheOptions = {}): PublicCacheMiddleware {
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const cache = new Map<string, Entry>();
  let bytes = 0;
  const forget = (key: string) => {
    const old = cache.get(key);
    if (!old) return;
    bytes -= old.bytes;
    cache.delete(key);
  };
  // one computation per key and version, however many readers arrive while it runs
  const computing = new Map<string, Promise<Entry | null>>();
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== "GET") return next();
    const v = await version.get();
    const url = new URL(c.req.url);
    const key = cacheKey(url, options.params?.(url.pathname) ?? []);
    let entry = cache.get(key);
    if (entry && entry.version === v) {
      // most recently used last
      cache.delete(key);
      cache.set(key, entry);
    } else {
      entry = undefined;
      const flight = `${v} ${key}`;
      const running = computing.get(flight);
      if (running) entry = (await running) ?? undefined;
      if (!entry) {
        let done: (e: Entry | null) => void = () => {};
        computing.set(flight, new Promise((resolve) => (done = resolve)));
        try {
          await next();
          if (c.res.status !== 200) {
            c.res.headers.set("cache-control", PUBLIC_CACHE_CONTROL);
            return;
          }
          const body = await c.res.clone().text();
          const gzipped = new Uint8Array(gzipSync(body));
          entry = {
            version: v,
            etag: `"${createHash("sha1").update(body).digest("base64url")}"`,
            body: new Uint8Array(Buffer.from(body)),
            gzipped,
            contentType: c.res.headers.get("content-type") ?? "application/json",
            bytes: Buffer.byteLength(body) + gzipped.byteLength + key.length,
          };
          forget(key);
          cache.set(key, entry);
          bytes += entry.bytes;
          while (cache.size > maxEntries || (bytes > maxBytes && cache.size > 1))
            forget(cache.keys().next().value as string);
        } finally {
          done(entry ?? null);
          computing.delete(flight);
        }
      }
    }
    const a = answer(entry, (name) => c.req.header(name), {});
    c.res = new Response(a.body, { status: a.status, headers: a.headers });
  };
  // the cache key of each request line seen (a URL parse per hit was measurable at thousands a
  // second); bounded, emptied when full, so random query strings cannot grow it
  const keys = new Map<string, string>();
  const keyOf = (pathAndQuery: string): string => {
    let key = keys.get(pathAndQuery);
    if (key === undefined) {
      const url = new URL(pathAndQuery, "http://public.invalid");
      key = cacheKey(url, options.params?.(url.pathname) ?? []);
      if (keys.size >= 1000) keys.clear();
      keys.set(pathAndQuery, key);
    }
    return key;
  };
  const lookup: PublicLookup = (pathAndQuery, header) => {
    // a token is checked by the full path (a revoked one is answered 401, not with data)
    if (header("authorization") !== undefined) return null;
    const v = version.peek();
    if (v === null) return null;
    const key = keyOf(pathAndQuery);
    const entry = cache.get(key);
    if (!entry || entry.version !== v) return null;
    cache.delete(key);
    cache.set(key, entry);
    // the same headers as answer() with what the API's requestId and securityHeaders
    // middleware add to every answer, built once per entry
    if (entry.fast === undefined) {
      const security = { ...SECURITY_HEADERS, "content-security-policy": API_CSP };
      const always = (a: FastAnswer) => ({ ...a.headers, ...security });
      entry.fast = {
        gzip: always(answer(entry, (n) => (n === "accept-encoding" ? "gzip" : undefined), {})),
        plain: always(answer(entry, () => undefined, {})),
        notModified: always(answer(entry, (n) => (n === "if-none-match" ? entry.etag : undefined), {})),
      };
    }
    const requestId = requestIdOf(header("x-request-id"));
    if (header("if-none-match") === entry.etag)
      return { status: 304, headers: { ...entry.fast.notModified, "x-request-id": requestId }, body: null };
    return /\bgzip\b/.test(header("accept-encoding") ?? "")
      ? { status: 200, headers: { ...entry.fast.gzip, "x-request-id": requestId }, body: entry.gzipped }
      : { status: 200, headers: { ...entry.fast.plain, "x-request-id": requestId }, body: entry.body };
  };
  return Object.assign(middleware, { lookup });
}

/**
 * Paths whose successful writes never change public data (accounts, tokens, reporting duties).
 * Tasks are not among them: the portal shows the status of the tasks that serve an indicator.
 */
const PRIVATE_WRITES = /^\/api\/v1\/(auth|users|tokens|reporting-duties)(\/|$)/;

/**
 * After a write that may have changed public data, the data version is re-read before the answer
 * goes out: the next public request, here or in the portal, sees the change.
 */
export function refreshAfterWrites(version: DataVersion): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return;
    if (c.res.status >= 400 || PRIVATE_WRITES.test(c.req.path)) return;
    await version.refresh();
  };
}

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { MiddlewareHandler } from "hono";
import type { DataVersion } from "../services/data-version.ts";
import type { AppEnv } from "./env.ts";

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
  body: string;
  /** compressed once per version, not per request */
  gzipped: Uint8Array<ArrayBuffer>;
  contentType: string;
  bytes: number;
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

export function publicCache(
  version: DataVersion,
  options: PublicCacheOptions = {},
): MiddlewareHandler<AppEnv> {
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
  return async (c, next) => {
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
            body,
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
    const headers: Record<string, string> = {
      etag: entry.etag,
      "cache-control": PUBLIC_CACHE_CONTROL,
      "access-control-allow-origin": "*",
      vary: "accept-encoding",
    };
    if (c.req.header("if-none-match") === entry.etag) {
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
      c.res = new Response(entry.gzipped, {
        status: 200,
        headers: { ...headers, "content-type": entry.contentType, "content-encoding": "gzip" },
      });
      return;
    }
    c.res = new Response(entry.body, {
      status: 200,
      headers: { ...headers, "content-type": entry.contentType },
    });
  };
}

/** Paths whose successful writes never change public data (accounts, tokens, tasks and reports). */
const PRIVATE_WRITES =
  /^\/api\/v1\/(auth|users|tokens|tasks|task-imports|task-status-imports|reporting-duties)(\/|$)/;

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

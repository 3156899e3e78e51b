import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { MiddlewareHandler } from "hono";
import type { DataVersion } from "../services/data-version.ts";
import type { AppEnv } from "./env.ts";

// Public answers depend only on the URL and the data version: computed once per version and
// served from memory after that, with an ETag that revalidates to 304. Bounded: the oldest
// entries go first.

interface Entry {
  version: string;
  etag: string;
  body: string;
  /** compressed once per version, not per request */
  gzipped: Uint8Array<ArrayBuffer>;
  contentType: string;
}

export function publicCache(version: DataVersion, maxEntries = 1000): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, Entry>();
  // one computation per URL and version, however many readers arrive while it runs
  const computing = new Map<string, Promise<Entry | null>>();
  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    const v = await version.get();
    const key = c.req.url;
    let entry = cache.get(key);
    if (!entry || entry.version !== v) {
      // an entry of an older version is never served: recompute (or join whoever is)
      entry = undefined;
      const flight = `${v} ${key}`;
      const running = computing.get(flight);
      if (running) entry = (await running) ?? undefined;
      if (!entry) {
        let done: (e: Entry | null) => void = () => {};
        computing.set(flight, new Promise((resolve) => (done = resolve)));
        try {
          await next();
          if (c.res.status !== 200) return;
          const body = await c.res.clone().text();
          entry = {
            version: v,
            etag: `"${createHash("sha1").update(body).digest("base64url")}"`,
            body,
            gzipped: new Uint8Array(gzipSync(body)),
            contentType: c.res.headers.get("content-type") ?? "application/json",
          };
          cache.delete(key);
          cache.set(key, entry);
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
        } finally {
          done(entry ?? null);
          computing.delete(flight);
        }
      }
    }
    const headers: Record<string, string> = {
      etag: entry.etag,
      "cache-control": "public, max-age=60, stale-while-revalidate=300",
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

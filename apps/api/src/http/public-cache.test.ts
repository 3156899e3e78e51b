import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { DataVersion } from "../services/data-version.ts";
import type { AppEnv } from "./env.ts";
import { requestId, securityHeaders } from "./middleware.ts";
import { type FastAnswer, PUBLIC_CACHE_CONTROL, publicCache } from "./public-cache.ts";

// The public cache's lookup is what apps/web/server.js answers with before SvelteKit: it must
// give the bytes and headers the full path gives, and only for the data version known now.

function versionOf(initial: string | null) {
  let value = initial;
  const v: DataVersion & { set(next: string | null): void } = {
    get: async () => value ?? "0",
    peek: () => value,
    refresh: async () => value ?? "0",
    invalidate: () => {
      value = null;
    },
    set: (next) => {
      value = next;
    },
  };
  return v;
}

function appWith(version: ReturnType<typeof versionOf>) {
  let computed = 0;
  const app = new Hono<AppEnv>();
  app.use("*", requestId);
  app.use("*", securityHeaders);
  const cache = publicCache(version, { params: () => ["orgUnit", "asOf"] });
  app.use("/api/v1/public/*", cache);
  app.get("/api/v1/public/scorecard", (c) => {
    computed++;
    return c.json({ orgUnit: c.req.query("orgUnit"), figure: "7,5", version: version.peek() });
  });
  app.get("/api/v1/public/missing", (c) => c.json({ error: "none" }, 404));
  return { app, lookup: cache.lookup, computed: () => computed };
}

const header =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    h[name];

function bodyText(a: FastAnswer): string {
  if (a.body === null) return "";
  return Buffer.from(a.body).toString("utf8");
}

describe("public cache lookup (the server's fast path)", () => {
  it("misses until the full path has computed the answer, then gives its bytes and headers", async () => {
    const version = versionOf("41.3");
    const { app, lookup, computed } = appWith(version);
    const url = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";
    expect(lookup(url, header({}))).toBeNull();
    const full = await app.request(url);
    expect(full.status).toBe(200);
    const fullBody = await full.text();
    expect(computed()).toBe(1);

    const fast = lookup(url, header({}));
    expect(fast?.status).toBe(200);
    expect(bodyText(fast as FastAnswer)).toBe(fullBody);
    expect(fullBody).toContain('"figure":"7,5"');
    // the same headers as a hit on the full path (request ids differ, as they must)
    const hit = await app.request(url);
    const names = (h: Iterable<[string, string]>) =>
      [...h]
        .map(([k]) => k.toLowerCase())
        .filter((k) => k !== "date")
        .sort();
    expect(names(Object.entries(fast?.headers ?? {}))).toEqual(names(hit.headers));
    for (const [k, v] of hit.headers) if (k !== "x-request-id") expect([k, fast?.headers[k]]).toEqual([k, v]);
    expect(fast?.headers["cache-control"]).toBe(PUBLIC_CACHE_CONTROL);
    expect(fast?.headers["x-content-type-options"]).toBe("nosniff");
    expect(fast?.headers["content-length"]).toBe(String(Buffer.byteLength(fullBody)));
    expect(computed()).toBe(1);
  });

  it("keys as the full path does: parameter order and unknown parameters do not matter", async () => {
    const { app, lookup } = appWith(versionOf("7.1"));
    await app.request("/api/v1/public/scorecard?orgUnit=p49&asOf=2024");
    expect(lookup("/api/v1/public/scorecard?asOf=2024&orgUnit=p49&x=1", header({}))?.status).toBe(200);
    expect(lookup("/api/v1/public/scorecard?orgUnit=p50&asOf=2024", header({}))).toBeNull();
  });

  it("answers 304 to its ETag and gzip to a client that accepts it", async () => {
    const { app, lookup } = appWith(versionOf("7.1"));
    const url = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";
    const full = await app.request(url);
    const etag = full.headers.get("etag") as string;
    const text = await full.text();
    const notModified = lookup(url, header({ "if-none-match": etag }));
    expect(notModified?.status).toBe(304);
    expect(notModified?.body).toBeNull();
    const gz = lookup(url, header({ "accept-encoding": "gzip, deflate, br" })) as FastAnswer;
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body as Uint8Array).toString("utf8")).toBe(text);
    expect(gz.headers["content-length"]).toBe(String((gz.body as Uint8Array).byteLength));
  });

  it("never serves an entry of an older data version (a change of public data, an unpublish)", async () => {
    const version = versionOf("7.1");
    const { app, lookup, computed } = appWith(version);
    const url = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";
    await app.request(url);
    expect(lookup(url, header({}))).not.toBeNull();
    version.set("8.2");
    expect(lookup(url, header({}))).toBeNull();
    const again = await app.request(url);
    expect(await again.text()).toContain('"version":"8.2"');
    expect(computed()).toBe(2);
    expect(bodyText(lookup(url, header({})) as FastAnswer)).toContain('"version":"8.2"');
  });

  it("leaves to the full path: an unknown version, a token, an answer that was not 200", async () => {
    const version = versionOf("7.1");
    const { app, lookup } = appWith(version);
    const url = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";
    await app.request(url);
    expect(lookup(url, header({ authorization: "Bearer revoked" }))).toBeNull();
    version.set(null);
    expect(lookup(url, header({}))).toBeNull();
    version.set("7.1");
    expect((await app.request("/api/v1/public/missing")).status).toBe(404);
    expect(lookup("/api/v1/public/missing", header({}))).toBeNull();
  });

  it("keeps the caller's well-formed request id and replaces a malformed one", async () => {
    const { app, lookup } = appWith(versionOf("7.1"));
    const url = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";
    await app.request(url);
    expect(lookup(url, header({ "x-request-id": "abc-123" }))?.headers["x-request-id"]).toBe("abc-123");
    const replaced = lookup(url, header({ "x-request-id": "<script>" }))?.headers["x-request-id"];
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });
});

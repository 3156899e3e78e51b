import { createApp, servicesFromHandle } from "@chitieu/api";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  t = await createTestDatabase();
  const services = servicesFromHandle(t);
  app = createApp({ services, log: () => {} });
  doc = (await (await app.request("/api/v1/openapi.json")).json()) as typeof doc;
});
afterAll(async () => {
  await t?.drop();
});

// Routes that describe the API rather than being part of it.
const SELF = new Set(["GET /api/v1/openapi.json", "GET /api/v1/docs", "GET /api/health"]);

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (third-party validator)", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every route the app serves", () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    const served = app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api"))
      .map((r) => `${r.method} ${r.path.replace(/\{[^}]*\}/g, "")}`)
      .filter((r) => !SELF.has(r));
    expect(served.length).toBeGreaterThan(20);
    const missing = [...new Set(served)].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it("has a reference page a person can read without JavaScript", async () => {
    const page = await app.request("/api/v1/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/v1/scorecard");
    expect(html).not.toContain("<script");
  });
});

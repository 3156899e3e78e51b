import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp, servicesFromHandle } from "@chitieu/api";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue #14: the document is a contract a client can be generated from. Redocly's recommended
// rules run on it offline (no config, no network); every operation names itself and says how it
// is authenticated.

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
}
let t: TestDatabase;
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
  };
};
const operations = () =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, op })),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  const app = createApp({ services: servicesFromHandle(t), log: () => {} });
  doc = (await (await app.request("/api/v1/openapi.json")).json()) as typeof doc;
});
afterAll(async () => {
  await t?.drop();
});

describe("the API contract", () => {
  it("passes `redocly lint` with the recommended rules: no errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openapi-"));
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    const bin = path.resolve(import.meta.dirname, "../../node_modules/.bin/redocly");
    const r = spawnSync(bin, ["lint", file, "--extends=recommended", "--format=summary"], {
      encoding: "utf8",
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      timeout: 60_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out.split("\n").filter((l) => l.startsWith("error"))).toEqual([]);
    expect(r.status, out).toBe(0);
  });

  it("names every operation once, in camelCase", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("getPublicScorecard");
    expect(ids).toContain("postTokensByIdRevoke");
  });

  it("says how each operation is authenticated: public ones need nothing, tokens never manage tokens", () => {
    expect(doc.components.securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({ type: "apiKey", in: "cookie", name: "chitieu_session" }),
      bearerToken: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    const security = Object.fromEntries(operations().map(({ route, op }) => [route, op.security]));
    expect(Object.values(security).every(Array.isArray)).toBe(true);
    expect(security["GET /public/indicators"]).toEqual([]);
    expect(security["GET /public/scorecard"]).toEqual([]);
    expect(security["POST /auth/login"]).toEqual([]);
    expect(security["POST /tokens/{id}/revoke"]).toEqual([{ sessionCookie: [] }]);
    expect(security["POST /users"]).toEqual([{ sessionCookie: [] }]);
    expect(security["GET /scorecard"]).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(security["POST /observations"]).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
  });
});

import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #12 finding 9: "an API token can revoke other tokens (the README says tokens never manage
// tokens); GET /task-imports ignores token scope". The README: "API tokens never manage accounts or
// tokens". Every internal read needs the "read" scope.

let api: TestApi;
let admin: Caller;
let officer: Caller;

async function mint(who: Caller, name: string, scopes: string[]) {
  const r = await api.call(who, "POST", "/api/v1/tokens", { name, scopes });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: number; token: string };
}
const revoked = async (id: number) =>
  (await api.t.db.selectFrom("api_token").select("revoked_at").where("id", "=", id).executeTakeFirstOrThrow())
    .revoked_at !== null;

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("admin@x.vn", "admin");
  await api.addUser("officer@x.vn", "agency_officer");
  admin = await api.signIn("admin@x.vn");
  officer = await api.signIn("officer@x.vn");
});
afterAll(async () => {
  await api?.close();
});

describe(`API tokens never manage tokens, on ${testEngine()}`, () => {
  it("an administrator's token with every scope cannot revoke another token, nor itself", async () => {
    const everything = await mint(admin, "everything", ["*"]);
    const victim = await mint(officer, "nightly", ["read"]);
    const asToken = api.bearer(everything.token);
    for (const id of [victim.id, everything.id]) {
      const r = await api.call(asToken, "POST", `/api/v1/tokens/${id}/revoke`);
      expect(r.status).toBe(403);
      const problem = (await r.json()) as { code: string; detail: string };
      expect(problem.code).toBe("forbidden");
      expect(problem.detail).toContain("mã truy cập không quản lý mã truy cập");
      expect(await revoked(id)).toBe(false);
    }
    // the token still works, and its owner signed in still revokes it
    expect((await api.call(asToken, "GET", "/api/v1/indicators")).status).toBe(200);
    expect((await api.call(admin, "POST", `/api/v1/tokens/${everything.id}/revoke`)).status).toBe(204);
    expect(await revoked(everything.id)).toBe(true);
    expect((await api.call(asToken, "GET", "/api/v1/indicators")).status).toBe(401);
  });

  it("a token can neither list nor mint tokens", async () => {
    const everything = api.bearer((await mint(admin, "all", ["*"])).token);
    expect((await api.call(everything, "GET", "/api/v1/tokens")).status).toBe(403);
    expect(
      (await api.call(everything, "POST", "/api/v1/tokens", { name: "x", scopes: ["read"] })).status,
    ).toBe(403);
  });
});

describe(`GET /task-imports follows token scope, on ${testEngine()}`, () => {
  it('answers a token without "read" 403, and with "read" the batches', async () => {
    const writeOnly = api.bearer((await mint(officer, "uploader", ["tasks:write"])).token);
    const reader = api.bearer((await mint(officer, "reader", ["read"])).token);
    const denied = await api.call(writeOnly, "GET", "/api/v1/task-imports");
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { detailEn: string }).detailEn).toContain("token lacks scope read");
    const allowed = await api.call(reader, "GET", "/api/v1/task-imports");
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ batches: [] });
    // signed in, the same officer reads the list without any token scope
    expect((await api.call(officer, "GET", "/api/v1/task-imports")).status).toBe(200);
  });
});

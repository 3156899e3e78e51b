import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CORPUS_DIR,
  type CorpusIds,
  seedCorpusCatalog,
} from "../../../../packages/importer/src/test-support.ts";
import type { Actor, AppEnv } from "../http/env.ts";
import { importRoutes } from "./imports.ts";

// The questions of a report-layout upload answered through the API's form fields (issue #15).

let t: TestDatabase;
let ids: CorpusIds;
let actor: Actor | null = null;
let app: Hono<AppEnv>;

const statistician = (orgUnits: number[]): Actor => ({
  userId: ids.statisticianId,
  email: "tk@example.invalid",
  role: "statistician",
  agencyId: null,
  scopes: { indicator: [], org_unit: orgUnits, agency: [] },
  via: "session",
  tokenScopes: [],
});

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
  app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("actor", actor);
    c.set("requestId", "test");
    await next();
  });
  app.route("/api/v1/imports", importRoutes({ services: { db: t.db }, today: () => "2024-10-15" }));
});

afterAll(async () => {
  await t?.drop();
});

const FILE = fs.readFileSync(path.join(CORPUS_DIR, "real-shapes", "report-no-province-utf8bom.csv"));

function upload(fields: Record<string, string>) {
  const form = new FormData();
  form.set("file", new File([FILE], "bao-cao-6-thang.csv", { type: "text/csv" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request("/api/v1/imports", { method: "POST", body: form });
}

interface Answer {
  status: string;
  errors: { code: string }[];
  report: { questions: { field: string; suggested: string | null; choices: { value: string }[] }[] };
  sample: { indicator: string; orgUnit: string; period: string; value: string; status: string }[];
}

describe(`report-layout questions through the API on ${testEngine()}`, () => {
  it("asks for the org unit and the status, and commits nothing until they are answered", async () => {
    actor = statistician([ids.orgUnit.p49 as number]);
    const res = await upload({ dryRun: "true" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.report.questions.map((q) => q.field).sort()).toEqual(["orgUnit", "status"]);
    expect(body.report.questions.find((q) => q.field === "orgUnit")?.choices.map((c) => c.value)).toContain(
      "p49",
    );
    const commit = await upload({});
    expect(commit.status).toBe(422);
    expect(
      await t.db.selectFrom("observation").select("id").where("period", "=", "2024-H1").execute(),
    ).toEqual([]);
  });

  it("commits with the answers in form fields, as preliminary figures of the province", async () => {
    actor = statistician([ids.orgUnit.p49 as number]);
    const res = await upload({ orgUnit: "p49", status: "preliminary" });
    expect(res.status).toBe(201);
    const stored = await t.db
      .selectFrom("observation")
      .select(["value", "status"])
      .where("period", "=", "2024-H1")
      .where("superseded_at", "is", null)
      .orderBy("value")
      .execute();
    expect(stored.map((o) => [Number(o.value), o.status])).toEqual([
      [10150, "preliminary"],
      [12036.5, "preliminary"],
    ]);
  });

  it("refuses an answer naming an org unit outside the uploader's scope", async () => {
    const p48 = ids.orgUnit.p48 as number;
    actor = statistician([p48]);
    const res = await upload({ orgUnit: "p49", status: "official", dryRun: "true" });
    const body = (await res.json()) as Answer;
    expect(body.errors.map((e) => e.code)).toContain("not_permitted");
  });

  it("refuses names that are not a JSON object, saying what is expected", async () => {
    actor = statistician([ids.orgUnit.p49 as number]);
    const res = await upload({ names: "Thu nội địa=qnam-budget-domestic" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("names");
  });
});

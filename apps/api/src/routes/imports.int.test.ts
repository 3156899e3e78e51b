import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CorpusIds, seedCorpusCatalog } from "../../../../packages/importer/src/test-support.ts";
import type { Actor, AppEnv } from "../http/env.ts";
import { canWriteFor, importRoutes } from "./imports.ts";

let t: TestDatabase;
let ids: CorpusIds;
let actor: Actor | null = null;
let app: Hono<AppEnv>;

const admin = (): Actor => ({
  userId: ids.adminId,
  email: "admin@example.invalid",
  role: "admin",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
});

const statistician = (scopes: Partial<Actor["scopes"]>): Actor => ({
  ...admin(),
  userId: ids.statisticianId,
  email: "tk@example.invalid",
  role: "statistician",
  scopes: { indicator: [], org_unit: [], agency: [], ...scopes },
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
  app.route(
    "/api/v1/imports",
    importRoutes({ services: { db: t.db }, maxBytes: 16_384, today: () => "2024-10-15" }),
  );
});

afterAll(async () => {
  await t?.drop();
});

function upload(csv: string, query = "", fields: Record<string, string> = {}, name = "upload.csv") {
  const form = new FormData();
  form.set("file", new File([csv], name, { type: "text/csv" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request(`/api/v1/imports${query}`, { method: "POST", body: form });
}

const GOOD =
  "Mã chỉ tiêu;Đơn vị;Kỳ;Giá trị\nqnam-budget-revenue;p48;Tháng 1/2024;1.234,5\nqnam-budget-revenue;p48;Tháng 2/2024;1.300\n";

describe(`import routes on ${testEngine()}`, () => {
  it("refuses the anonymous (401) and roles that may not import (403), as problem+json", async () => {
    actor = null;
    const anonymous = await upload(GOOD);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    actor = { ...admin(), role: "leader" };
    const leader = await upload(GOOD);
    expect(leader.status).toBe(403);
    expect(((await leader.json()) as { code: string }).code).toBe("forbidden");
  });

  it("previews with dryRun and writes nothing, then commits, then the same file changes nothing", async () => {
    actor = admin();
    const preview = await upload(GOOD, "?dryRun=true");
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as Record<string, never>;
    expect(p).toMatchObject({
      batchId: null,
      status: "preview",
      rows: { total: 2, new: 2, revised: 0, unchanged: 0, invalid: 0 },
      errors: [],
      detected: {
        encoding: "utf-8",
        delimiter: ";",
        numberConvention: "comma_decimal",
        layout: "long",
        format: "csv",
      },
    });
    expect(
      await t.db.selectFrom("import_batch").selectAll().where("kind", "=", "observations").execute(),
    ).toHaveLength(0);

    const commit = await upload(GOOD);
    expect(commit.status).toBe(201);
    const c = (await commit.json()) as { batchId: number; status: string };
    expect(c.status).toBe("committed");
    const again = (await (await upload(GOOD)).json()) as {
      rows: Record<string, number>;
      duplicateOf: number;
    };
    expect(again.rows).toMatchObject({ new: 0, revised: 0, unchanged: 2 });
    expect(again.duplicateOf).toBe(c.batchId);

    const list = (await (await app.request("/api/v1/imports")).json()) as { batches: { id: number }[] };
    expect(list.batches.map((b) => b.id)).toContain(c.batchId);
    const one = await app.request(`/api/v1/imports/${c.batchId}`);
    expect(((await one.json()) as { rowsNew: number }).rowsNew).toBe(2);
  });

  it("takes overrides from the form: dryRun, numberConvention", async () => {
    actor = admin();
    const csv = "Mã chỉ tiêu;Đơn vị;Kỳ;Giá trị\nqnam-budget-revenue;vn;Tháng 1/2022;7.500\n";
    const ambiguous = (await (await upload(csv, "", { dryRun: "true" })).json()) as {
      errors: { code: string }[];
    };
    expect(ambiguous.errors.map((e) => e.code)).toEqual(["ambiguous_number"]);
    const comma = (await (await upload(csv, "", { dryRun: "1", numberConvention: "comma" })).json()) as {
      sample: { value: string }[];
    };
    expect(comma.sample[0]?.value).toBe("7500");
  });

  it("refuses a file with errors (422) listing each with row, column, value, code and both messages", async () => {
    actor = admin();
    const res = await upload("Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\nqnam-khong-co,p48,Tháng 1/2024,10\n");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { code: string; errors: unknown[]; importStatus: string };
    expect(body.code).toBe("import_invalid");
    expect(body.importStatus).toBe("rejected");
    expect(body.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: "Mã chỉ tiêu",
        columnLetter: "A",
        value: "qnam-khong-co",
        code: "unknown_indicator",
      }),
    ]);
  });

  it("limits what a statistician may write to the scopes", async () => {
    const revenue = ids.indicator["qnam-budget-revenue"] as number;
    const p48 = ids.orgUnit.p48 as number;
    const vn = ids.orgUnit.vn as number;
    expect(canWriteFor(statistician({}))(revenue, p48)).toBe(false);
    expect(canWriteFor(statistician({ indicator: [revenue] }))(revenue, vn)).toBe(true);
    expect(canWriteFor(statistician({ org_unit: [p48] }))(revenue, vn)).toBe(false);
    actor = statistician({ org_unit: [vn] });
    const res = (await (await upload(GOOD, "?dryRun=true")).json()) as {
      errors: { code: string; row: number }[];
    };
    expect(res.errors.map((e) => [e.row, e.code])).toEqual([
      [2, "not_permitted"],
      [3, "not_permitted"],
    ]);
  });

  it("answers 413 for a file over the limit", async () => {
    actor = admin();
    const res = await upload(`${GOOD}${"x".repeat(20_000)}`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("file_too_large");
  });

  it("rolls back a batch (audited), and refuses a second rollback (409)", async () => {
    actor = admin();
    const csv = "Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\nqnam-budget-revenue,p49,Tháng 5/2024,1100\n";
    const c = (await (await upload(csv)).json()) as { batchId: number; warnings: { code: string }[] };
    expect(c.warnings.map((w) => w.code)).toEqual(["revises_official"]);
    const rb = await app.request(`/api/v1/imports/${c.batchId}/rollback`, { method: "POST" });
    expect(rb.status).toBe(200);
    expect(await rb.json()).toMatchObject({
      batchId: c.batchId,
      deleted: 1,
      restored: 1,
      status: "rolled_back",
    });
    const current = await t.db
      .selectFrom("observation")
      .select("value")
      .where("period", "=", "2024-05")
      .where("org_unit_id", "=", ids.orgUnit.p49 as number)
      .where("superseded_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(current.value).toBe("1000");
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("batch_id", "=", c.batchId)
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "import", entity: "import_batch" },
        { action: "revise", entity: "observation" },
        { action: "rollback", entity: "observation" },
        { action: "rollback", entity: "import_batch" },
      ]),
    );
    const twice = await app.request(`/api/v1/imports/${c.batchId}/rollback`, { method: "POST" });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { code: string }).code).toBe("already_rolled_back");
    expect((await app.request("/api/v1/imports/999999/rollback", { method: "POST" })).status).toBe(404);
  });

  it("lets a statistician roll back only their own batches", async () => {
    actor = admin();
    const csv = "Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\nqnam-budget-revenue,vn,Tháng 6/2020,10\n";
    const c = (await (await upload(csv)).json()) as { batchId: number };
    actor = statistician({ indicator: [ids.indicator["qnam-budget-revenue"] as number] });
    expect((await app.request(`/api/v1/imports/${c.batchId}/rollback`, { method: "POST" })).status).toBe(403);
  });

  it("serves templates pre-filled with what the uploader may write, and reads them back", async () => {
    actor = statistician({
      indicator: [ids.indicator["qnam-grdp-growth"] as number],
      org_unit: [ids.orgUnit.p48 as number],
    });
    const csv = await app.request("/api/v1/imports/templates/long.csv");
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    // an instructions block of comment lines, then the header and one row per permitted pair
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain("HƯỚNG DẪN / INSTRUCTIONS");
    expect(lines.filter((l) => !l.startsWith("#") && !l.startsWith('"#'))).toHaveLength(2);
    expect(text).toContain("qnam-grdp-growth,Tổng sản phẩm trên địa bàn (GRDP) tăng,%,p48");
    const xlsx = await app.request("/api/v1/imports/templates/wide.xlsx?year=2024");
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const form = new FormData();
    form.set("file", new File([new Uint8Array(await xlsx.arrayBuffer())], "wide.xlsx"));
    const back = (await (
      await app.request("/api/v1/imports?dryRun=true", { method: "POST", body: form })
    ).json()) as Record<string, never>;
    expect(back).toMatchObject({
      errors: [],
      rows: { total: 0 },
      detected: { format: "xlsx", layout: "wide" },
    });
    expect((await app.request("/api/v1/imports/templates/other.pdf")).status).toBe(404);
  });
});

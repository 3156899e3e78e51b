import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../../apps/api/src/app.ts";
import type { Actor } from "../../apps/api/src/http/env.ts";
import { router } from "../../apps/api/src/http/openapi.ts";
import { asProblem, problemResponse } from "../../apps/api/src/http/problem.ts";
import { taskRoutes } from "../../apps/api/src/routes/tasks.ts";

// Issue 16, item 4: the agency scorecard shows who is late with figures, next to document
// reports. Same case as figure-duties.test.ts: Sở Tài chính Quảng Nam leads "Thu ngân sách trên
// địa bàn" and "Thu nội địa" (monthly, province p49), each month's figure due the 20th of the
// next month; January's revenue came on 15/02 (on time), February's on 25/03 (due 20/03: late),
// nothing of Thu nội địa. On 1/5/2024, of the 24 figures of 2024 (2 indicators × 12 months):
//   on time 1 (revenue 01), received late 1 (revenue 02),
//   missing 4 (domestic 01, 02, 03; revenue 03 — all due by 20/4),
//   not yet due 18 (April, due 20/5, to December, of both).

let t: TestDatabase;
let app: ReturnType<typeof router>;
const leader: Actor = {
  userId: 0,
  email: "leader@test",
  role: "leader",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
};

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const id = async (table: "indicator" | "org_unit", code: string) =>
    (await t.db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const revenue = await id("indicator", "qnam24-budget-revenue");
  const p49 = await id("org_unit", "p49");
  const figure = (month: string, recordedAt: string) => ({
    indicator_id: revenue,
    org_unit_id: p49,
    period: `2024-${month}`,
    period_start: `2024-${month}-01`,
    period_end: `2024-${month}-${month === "02" ? "29" : "31"}`,
    basis: "ytd" as const,
    value: "1000",
    status: "estimate" as const,
    recorded_at: new Date(recordedAt),
  });
  await t.db
    .insertInto("observation")
    .values([figure("01", "2024-02-15T03:00:00Z"), figure("02", "2024-03-25T03:00:00Z")])
    .execute();
  app = router();
  app.onError((e, c) => {
    const problem = asProblem(e);
    if (problem) return problemResponse(c, problem);
    throw e;
  });
  app.use("*", async (c, next) => {
    c.set("actor", leader);
    c.set("requestId", "test");
    await next();
  });
  app.route("/", taskRoutes({ services: { db: t.db } } as unknown as ApiDeps));
});
afterAll(async () => {
  await t?.drop();
});

const figuresOf = (s: Record<string, unknown>) => ({
  figuresOwed: s.figuresOwed,
  figuresOnTime: s.figuresOnTime,
  figuresLate: s.figuresLate,
  figuresMissing: s.figuresMissing,
  figuresNotDue: s.figuresNotDue,
});

describe(`the agency scorecard counts figures owed on ${testEngine()}`, () => {
  it("on 1/5/2024 Sở Tài chính Quảng Nam: 24 owed, 1 on time, 1 late, 4 missing, 18 not yet due", async () => {
    const r = await app.request("/agencies/qnam-so-tai-chinh/scorecard?year=2024&today=2024-05-01");
    expect(r.status).toBe(200);
    const one = await r.json();
    expect(one.agency.code).toBe("qnam-so-tai-chinh");
    expect(figuresOf(one)).toEqual({
      figuresOwed: 24,
      figuresOnTime: 1,
      figuresLate: 1,
      figuresMissing: 4,
      figuresNotDue: 18,
    });
    // the list of every agency carries the same counts for it
    const all = await (await app.request("/agency-scorecard?year=2024&today=2024-05-01")).json();
    const row = all.items.find((s: { agency: { code: string } }) => s.agency.code === "qnam-so-tai-chinh");
    expect(row && figuresOf(row)).toEqual(figuresOf(one));
  });

  it("on 21/5/2024 April's two figures are missing too; a year without targets owes none", async () => {
    const may = await (
      await app.request("/agencies/qnam-so-tai-chinh/scorecard?year=2024&today=2024-05-21")
    ).json();
    expect(figuresOf(may)).toEqual({
      figuresOwed: 24,
      figuresOnTime: 1,
      figuresLate: 1,
      figuresMissing: 6,
      figuresNotDue: 16,
    });
    const y2023 = await (
      await app.request("/agencies/qnam-so-tai-chinh/scorecard?year=2023&today=2024-05-01")
    ).json();
    expect(y2023.figuresOwed).toBe(0);
  });
});

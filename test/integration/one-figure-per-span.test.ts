import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneFigurePerSpan } from "../../migrations/2026-12-03-511-one-figure-per-span.ts";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #13 item 6: one current figure per indicator × org unit × span whatever basis it came
// with. A half-year figure entered once as "period" and once as "ytd" is one figure, the second
// a correction of the first (never silently ignored); figures recorded before the rule are merged
// by migration 2026-12-03-511, audited.

let api: TestApi;
let stat: Caller;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
type Json = any;

const current = (indicator: string) =>
  api.t.db
    .selectFrom("observation as o")
    .innerJoin("indicator as i", "i.id", "o.indicator_id")
    .select(["o.id", "o.period", "o.basis", "o.value", "o.status", "o.replaces_id"])
    .where("i.code", "=", indicator)
    .where("o.superseded_at", "is", null)
    .orderBy("o.id")
    .execute();

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("thongke@x.vn", "statistician", [["org_unit", "p49"]]);
  stat = await api.signIn("thongke@x.vn");
});
afterAll(async () => {
  await api?.close();
});

describe("one current figure per span, whatever its basis", () => {
  it("a half-year figure entered as period then corrected as ytd is one figure: the correction replaces it", async () => {
    const entry = {
      indicator: "qnam24-budget-revenue",
      orgUnit: "p49",
      period: "2024-H1",
      status: "official",
    };
    expect(
      (await api.call(stat, "POST", "/api/v1/observations", { ...entry, basis: "period", value: "12000" }))
        .status,
    ).toBe(201);
    const r = await api.call(stat, "POST", "/api/v1/observations", {
      ...entry,
      basis: "ytd",
      value: "12500",
    });
    expect(r.status).toBe(201);
    expect(((await r.json()) as Json).outcome).toBe("revised");
    const rows = await current("qnam24-budget-revenue");
    expect(rows.map((o) => [o.period, o.basis, o.value])).toEqual([["2024-H1", "ytd", "12500"]]);
    expect(rows[0]?.replaces_id).not.toBeNull();
    // and the scorecard reads the correction
    const admin = await api.addUser("admin@x.vn", "admin");
    expect(admin).toBeGreaterThan(0);
    const a = await api.signIn("admin@x.vn");
    const card = (await (
      await api.call(a, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024-H1")
    ).json()) as Json;
    const row = card.rows.find((x: Json) => x.indicator.code === "qnam24-budget-revenue");
    expect(row.evaluation.figures.actual).toBe("12500");
  });

  it("September as ytd after a 9-month figure of the same months replaces it", async () => {
    const entry = { indicator: "qnam24-budget-revenue-domestic", orgUnit: "p49", status: "estimate" };
    await api.call(stat, "POST", "/api/v1/observations", {
      ...entry,
      period: "2024-9M",
      basis: "period",
      value: "15000",
    });
    await api.call(stat, "POST", "/api/v1/observations", {
      ...entry,
      period: "2024-09",
      basis: "ytd",
      value: "15100",
    });
    expect(
      (await current("qnam24-budget-revenue-domestic")).map((o) => [o.period, o.basis, o.value]),
    ).toEqual([["2024-09", "ytd", "15100"]]);
  });
});

describe("migration 2026-12-03-511 merges the duplicates recorded before the rule", () => {
  it("keeps the latest of each span current, supersedes the others with an audit row, and leaves different spans alone", async () => {
    const ids = await api.t.db
      .selectFrom("indicator")
      .select(["id", "code"])
      .where("code", "in", ["qnam24-forest-cover", "qnam24-new-jobs"])
      .execute();
    const id = (code: string) => ids.find((i) => i.code === code)?.id as number;
    const unit = (
      await api.t.db.selectFrom("org_unit").select("id").where("code", "=", "p49").executeTakeFirstOrThrow()
    ).id;
    const row = (
      indicator: number,
      period: string,
      start: string,
      end: string,
      basis: "period" | "ytd",
      value: string,
    ) => ({
      indicator_id: indicator,
      org_unit_id: unit,
      period,
      period_start: start,
      period_end: end,
      basis,
      value,
      status: "official" as const,
    });
    // written straight into the table, as figures were before the rule
    const inserted = await api.t.db
      .insertInto("observation")
      .values([
        row(id("qnam24-new-jobs"), "2024-H1", "2024-01-01", "2024-06-30", "period", "8000"),
        row(id("qnam24-new-jobs"), "2024-H1", "2024-01-01", "2024-06-30", "ytd", "8200"),
        row(id("qnam24-new-jobs"), "2024-Q3", "2024-07-01", "2024-09-30", "period", "3000"),
        row(id("qnam24-new-jobs"), "2024-Q3", "2024-07-01", "2024-09-30", "ytd", "11500"),
        row(id("qnam24-forest-cover"), "2024", "2024-01-01", "2024-12-31", "period", "59.6"),
      ])
      .returning("id")
      .execute();
    const [h1Period, h1Ytd] = inserted.map((r) => r.id);

    await oneFigurePerSpan.up(api.t.db as never);

    expect((await current("qnam24-new-jobs")).map((o) => [o.period, o.basis, o.value])).toEqual([
      ["2024-H1", "ytd", "8200"],
      ["2024-Q3", "period", "3000"],
      ["2024-Q3", "ytd", "11500"],
    ]);
    expect((await current("qnam24-forest-cover")).map((o) => o.value)).toEqual(["59.6"]);
    const kept = await api.t.db
      .selectFrom("observation")
      .select("replaces_id")
      .where("id", "=", h1Ytd as number)
      .executeTakeFirstOrThrow();
    expect(kept.replaces_id).toBe(h1Period);
    const audit = await api.t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "old_value", "new_value"])
      .where("entity", "=", "observation")
      .where("action", "=", "merge")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(String(h1Period));
    expect(audit[0]?.old_value).toMatchObject({ period: "2024-H1", basis: "period", value: "8000" });
    expect(audit[0]?.new_value).toMatchObject({ keptId: h1Ytd, basis: "ytd", value: "8200" });
  });
});

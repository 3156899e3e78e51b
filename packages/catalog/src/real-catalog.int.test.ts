import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoObservations, loadDemoData } from "./demo-data.ts";
import { loadCatalog } from "./load-catalog.ts";
import { readCatalog } from "./read-catalog.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const counts = async () => {
  const tables = [
    "org_unit",
    "agency",
    "agency_alias",
    "document",
    "indicator",
    "target",
    "target_revision",
    "task",
    "task_agency",
    "task_deadline",
    "reporting_duty",
    "audit_log",
    "import_batch",
    "observation",
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
};

describe(`the real catalog on ${testEngine()}`, () => {
  it("loads, and loading it again adds nothing", async () => {
    const first = await loadCatalog(t.db, readCatalog());
    expect(first.changed).toBe(true);
    const after = await counts();
    expect(after.task).toBeGreaterThanOrEqual(214);
    expect(after.indicator).toBe(readCatalog().indicators.length);
    const second = await loadCatalog(t.db, readCatalog());
    expect(second.changed).toBe(false);
    expect(await counts()).toEqual(after);
  });

  it("finds one agency by any of its spellings, in the province of the text", async () => {
    const lookup = (alias: string, province: string) =>
      t.db
        .selectFrom("agency_alias as al")
        .innerJoin("agency as a", "a.id", "al.agency_id")
        .innerJoin("org_unit as u", "u.id", "al.org_unit_id")
        .select("a.code")
        .where("al.alias", "=", alias)
        .where("u.code", "=", province)
        .execute();
    expect((await lookup("Sở Tài chính", "p51")).map((r) => r.code)).toEqual(["qng-so-tai-chinh"]);
    expect((await lookup("Sở Tài chính", "p49")).map((r) => r.code)).toEqual(["qnam-so-tai-chinh"]);
  });

  it("writes illustrative figures once, every one of them marked, for every indicator with a target", async () => {
    const first = await loadDemoData(t.db);
    expect(first.observations).toBeGreaterThan(100);
    const again = await loadDemoData(t.db);
    expect(again.batchId).toBeNull();
    const unmarked = await t.db
      .selectFrom("observation")
      .select("id")
      .where("is_illustrative", "=", false)
      .execute();
    expect(unmarked).toEqual([]);
    const covered = await t.db.selectFrom("observation").select("indicator_id").distinct().execute();
    const numeric = await t.db
      .selectFrom("target as tg")
      .innerJoin("target_current as r", "r.target_id", "tg.id")
      .select("tg.indicator_id")
      .distinct()
      .where((eb) =>
        eb.or([
          eb("r.low", "is not", null),
          eb("r.high", "is not", null),
          eb("r.form", "=", "milestone"),
          eb("r.category_value", "~", "[0-9]"),
        ]),
      )
      .execute();
    expect(new Set(covered.map((c) => c.indicator_id))).toEqual(new Set(numeric.map((n) => n.indicator_id)));
  });

  it("writes monthly flows monthly and annual stocks yearly", async () => {
    const freq = await t.db
      .selectFrom("observation as o")
      .innerJoin("indicator as i", "i.id", "o.indicator_id")
      .select(["i.code", "i.frequency", "o.period"])
      .execute();
    for (const row of freq) {
      if (row.frequency === "annual") expect(row.period).toMatch(/^\d{4}$/);
      if (row.frequency === "quarterly") expect(row.period).toMatch(/^\d{4}(-(Q1|H1|9M))?$/);
    }
    const revenue = freq.filter((r) => r.code === "qnam24-budget-revenue" && r.period.startsWith("2024-"));
    expect(revenue).toHaveLength(12);
  });

  it("is deterministic", () => {
    const indicators = [
      {
        id: 1,
        code: "x",
        measure_kind: "flow",
        direction: "higher_better",
        frequency: "monthly",
        decimals: 0,
        plausible_min: "0",
        plausible_max: null,
      },
    ];
    const targets = [
      {
        indicator_id: 1,
        org_unit_id: 1,
        period: "2024",
        form: "at_least",
        low: "23600",
        high: null,
        baseline_value: null,
        category_value: null,
      },
    ];
    expect(generateDemoObservations(indicators, targets)).toEqual(
      generateDemoObservations(indicators, targets),
    );
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appliedMigrations, migrateToLatest, migrateToZero } from "./migrate.ts";
import { observationHistory, writeObservations } from "./queries/observations.ts";
import { createTestDatabase, type TestDatabase, testEngine } from "./testing.ts";

let t: TestDatabase;
let indicatorId: number;
let unitId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  const unit = await t.db
    .insertInto("org_unit")
    .values({
      code: "p49",
      gso_code: "49",
      name_vi: "Quảng Nam",
      name_en: null,
      level: "province",
      parent_id: null,
      valid_from: null,
      valid_to: "2025-06-30",
      source: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  unitId = unit.id;
  const indicator = await t.db
    .insertInto("indicator")
    .values({
      code: "budget_revenue",
      name_vi: "Thu ngân sách trên địa bàn",
      name_en: null,
      category: "economy",
      unit: "tỷ đồng",
      measure_kind: "flow",
      direction: "higher_better",
      parent_id: null,
      frequency: "monthly",
      lead_agency_id: null,
      document_id: null,
      plausible_min: "0",
      plausible_max: null,
      thresholds: null,
      seq: "3",
      note: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  indicatorId = indicator.id;
});

afterAll(async () => {
  await t?.drop();
});

const observation = (over: Record<string, unknown> = {}) => ({
  indicator_id: indicatorId,
  org_unit_id: unitId,
  period: "2024-09",
  period_start: "2024-09-01",
  period_end: "2024-09-30",
  basis: "period" as const,
  value: "1700.5",
  status: "official" as const,
  note: null,
  batch_id: null,
  recorded_by: null,
  replaces_id: null,
  superseded_at: null,
  ...over,
});

describe(`schema on ${testEngine()}`, () => {
  it("rejects an observation for an unknown indicator or org unit", async () => {
    await expect(
      t.db
        .insertInto("observation")
        .values(observation({ indicator_id: 999_999 }))
        .execute(),
    ).rejects.toThrow(/foreign key/i);
    await expect(
      t.db
        .insertInto("observation")
        .values(observation({ org_unit_id: 999_999 }))
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it("rejects a target whose low bound is above its high bound", async () => {
    const target = await t.db
      .insertInto("target")
      .values({ indicator_id: indicatorId, org_unit_id: unitId, period: "2024" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("target_revision")
        .values({ target_id: target.id, revision: 1, form: "range_floor", low: "8", high: "7.5" } as never)
        .execute(),
    ).rejects.toThrow(/check constraint/i);
    await t.db
      .insertInto("target_revision")
      .values({ target_id: target.id, revision: 1, form: "range_floor", low: "7.5", high: "8" } as never)
      .execute();
  });

  it("rejects a period code that is not canonical and a float-looking value stays exact", async () => {
    await expect(
      t.db
        .insertInto("observation")
        .values(observation({ period: "T9/2024" }))
        .execute(),
    ).rejects.toThrow(/check/i);
    await t.db
      .insertInto("observation")
      .values(
        observation({
          period: "2023-09",
          period_start: "2023-09-01",
          period_end: "2023-09-30",
          value: "0.1000000000000000000001",
        }),
      )
      .execute();
    const row = await t.db
      .selectFrom("observation")
      .select("value")
      .where("period", "=", "2023-09")
      .executeTakeFirstOrThrow();
    expect(row.value).toBe("0.1000000000000000000001");
  });

  it("allows only one current value per key", async () => {
    await t.db
      .insertInto("observation")
      .values(observation({ period: "2022-09", period_start: "2022-09-01", period_end: "2022-09-30" }))
      .execute();
    await expect(
      t.db
        .insertInto("observation")
        .values(observation({ period: "2022-09", period_start: "2022-09-01", period_end: "2022-09-30" }))
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("keeps the predecessor of a revised observation", async () => {
    const key = {
      indicatorId,
      orgUnitId: unitId,
      period: "2024-06",
      periodStart: "2024-06-01",
      periodEnd: "2024-06-30",
      basis: "period" as const,
    };
    const first = await writeObservations(t.db, [{ ...key, value: "1500", status: "estimate" }], {
      batchId: null,
      userId: null,
    });
    expect(first.new).toBe(1);
    const again = await writeObservations(t.db, [{ ...key, value: "1500.00", status: "estimate" }], {
      batchId: null,
      userId: null,
    });
    expect(again.unchanged).toBe(1);
    const revised = await writeObservations(t.db, [{ ...key, value: "1523.4", status: "official" }], {
      batchId: null,
      userId: null,
    });
    expect(revised.revised).toBe(1);
    const history = await observationHistory(t.db, key);
    expect(history.map((h) => [h.value, h.status, h.superseded_at === null])).toEqual([
      ["1523.4", "official", true],
      ["1500", "estimate", false],
    ]);
    expect(history[0]?.replaces_id).toBe(history[1]?.id);
  });

  it("migrates down to nothing and up again", async () => {
    const scratch = await createTestDatabase({ migrate: false });
    try {
      await migrateToLatest(scratch.db);
      expect(await appliedMigrations(scratch.db)).toContain("2026-11-22-001-core");
      await migrateToZero(scratch.db);
      const tables = await sql<{
        n: number;
      }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(
        scratch.db,
      );
      expect(tables.rows[0]?.n).toBe(0);
      await migrateToLatest(scratch.db);
      expect(await appliedMigrations(scratch.db)).toContain("2026-11-22-001-core");
    } finally {
      await scratch.drop();
    }
  });
});

import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScorecard } from "../../apps/api/src/services/scorecard.ts";

// "Phân đầu có thêm ít nhất 07 xã đạt chuẩn nông thôn mới, nâng số xã đạt chuẩn nông thôn mới
// lên 137 xã/193 xã, đạt tỷ lệ 71%" (qnam-ctct-2024): one compound target of the catalog, read
// back through the scorecard service with the province's 2024 figure, 137 communes.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const ind = await t.db
    .selectFrom("indicator")
    .select("id")
    .where("code", "=", "qnam24-ntm-communes")
    .executeTakeFirstOrThrow();
  const unit = await t.db
    .selectFrom("org_unit")
    .select("id")
    .where("code", "=", "p49")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("observation")
    .values({
      indicator_id: ind.id,
      org_unit_id: unit.id,
      period: "2024",
      period_start: "2024-01-01",
      period_end: "2024-12-31",
      basis: "period",
      value: "137",
      status: "official",
    })
    .execute();
});
afterAll(async () => {
  await t?.drop();
});

describe("a compound target of the catalog through the scorecard service", () => {
  it("judges 137 xã on the level and the share (70,98% → 71%), and says the change cannot be judged without 2023", async () => {
    const card = await buildScorecard(t.db, { orgUnit: "p49", asOf: "2024" });
    const row = card.rows.find((r) => r.indicator.code === "qnam24-ntm-communes");
    expect(row?.evaluation.status).toBe("achieved");
    expect(row?.evaluation.clauses?.map((c) => [c.form, c.status, c.judged])).toEqual([
      ["at_least", "achieved", true],
      ["change", "no_data", false],
      ["share_of_plan", "achieved", true],
    ]);
    expect(row?.evaluation.explanation.vi).toContain("tỷ lệ 70,98");
    expect(row?.evaluation.explanation.vi).toContain("làm tròn 71%");
    expect(row?.evaluation.explanation.en).toContain("cannot be judged");
  });
});

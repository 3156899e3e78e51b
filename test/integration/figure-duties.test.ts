import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureDue, figureDuties } from "../../apps/api/src/services/figure-duties.ts";

// Issue 16, item 4 on the real catalog: Sở Tài chính Quảng Nam leads "Thu ngân sách trên địa bàn"
// and "Thu nội địa" (monthly) and owes each month's figure by the 20th of the next month.

let t: TestDatabase;
const ids = { revenue: 0, domestic: 0, p49: 0 };

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const id = async (table: "indicator" | "org_unit", code: string) =>
    (await t.db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  ids.revenue = await id("indicator", "qnam24-budget-revenue");
  ids.domestic = await id("indicator", "qnam24-budget-revenue-domestic");
  ids.p49 = await id("org_unit", "p49");
  const figure = (indicator: number, month: string, recordedAt: string) => ({
    indicator_id: indicator,
    org_unit_id: ids.p49,
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
    .values([
      // January on time (15/02), February late (25/03, due 20/03); nothing of Thu nội địa
      figure(ids.revenue, "01", "2024-02-15T03:00:00Z"),
      figure(ids.revenue, "02", "2024-03-25T03:00:00Z"),
    ])
    .execute();
});
afterAll(async () => {
  await t?.drop();
});

describe("who owes figures", () => {
  it("the due day is the 20th of the following month (capped at the month's last day)", () => {
    expect(figureDue("2024-01-31", 20)).toBe("2024-02-20");
    expect(figureDue("2024-12-31", 20)).toBe("2025-01-20");
    expect(figureDue("2024-01-31", 31)).toBe("2024-02-29");
  });

  it("on 1/5/2024 Sở Tài chính Quảng Nam is late with exactly these monthly figures", async () => {
    const slots = await figureDuties(t.db, { year: 2024, today: "2024-05-01", agency: "qnam-so-tai-chinh" });
    const late = slots
      .filter((s) => s.state === "late")
      .map((s) => `${s.indicator.code} ${s.orgUnit} ${s.period} hạn ${s.due}`);
    expect(late).toEqual([
      "qnam24-budget-revenue-domestic p49 2024-01 hạn 2024-02-20",
      "qnam24-budget-revenue-domestic p49 2024-02 hạn 2024-03-20",
      "qnam24-budget-revenue p49 2024-03 hạn 2024-04-20",
      "qnam24-budget-revenue-domestic p49 2024-03 hạn 2024-04-20",
    ]);
    const got = slots
      .filter((s) => s.receivedOn !== null)
      .map((s) => `${s.indicator.code} ${s.period} ${s.state} ${s.receivedOn}`);
    expect(got).toEqual([
      "qnam24-budget-revenue 2024-02 received_late 2024-03-25",
      "qnam24-budget-revenue 2024-01 received 2024-02-15",
    ]);
    // April is not due until 20/5; the year holds 12 months of each
    expect(slots.filter((s) => s.state === "not_due").length).toBe(2 * 9);
    expect(slots.length).toBe(24);
  });

  it("the due day is a setting: the 10th makes March's figures late on 15/4", async () => {
    const slots = await figureDuties(t.db, {
      year: 2024,
      today: "2024-04-15",
      agency: "qnam-so-tai-chinh",
      dueDays: { monthly: 10, quarterly: 20, annual: 20 },
    });
    expect(slots.filter((s) => s.state === "late").map((s) => `${s.indicator.code} ${s.period}`)).toEqual([
      "qnam24-budget-revenue-domestic 2024-01",
      "qnam24-budget-revenue-domestic 2024-02",
      "qnam24-budget-revenue 2024-03",
      "qnam24-budget-revenue-domestic 2024-03",
    ]);
    // February's figure arrived on 25/3, after the 10th
    expect(
      slots.find((s) => s.indicator.code === "qnam24-budget-revenue" && s.period === "2024-02")?.state,
    ).toBe("received_late");
  });

  it("an annual indicator owes one figure, due 20/1 of the next year; an agency that ceased owes nothing after", async () => {
    const health = await figureDuties(t.db, { year: 2024, today: "2025-02-01", agency: "qnam-so-y-te" });
    expect(health.map((s) => `${s.indicator.code} ${s.period} ${s.due} ${s.state}`)).toEqual([
      "qnam24-health-insurance 2024 2025-01-20 late",
      "qnam24-hospital-beds 2024 2025-01-20 late",
      "qnam24-stunting-under5 2024 2025-01-20 late",
    ]);
    // KH 124: two targets run 2021–2025 (owed for 2024), two are for 2025 alone
    const nn = await figureDuties(t.db, { year: 2024, today: "2025-02-01", agency: "qng-so-nnptnt" });
    expect(nn.map((s) => `${s.indicator.code} ${s.orgUnit} ${s.period} ${s.state}`)).toEqual([
      "kh124-certified-forest-area p51 2024 late",
      "kh124-lowland-drainage-frequency p51 2024 late",
    ]);
    expect(
      (await figureDuties(t.db, { year: 2025, today: "2026-02-01", agency: "qng-so-nnptnt" })).length,
    ).toBe(4);
    // the same agency ending on 30/6/2025 (as a merger would end it) owes no figure of 2025
    await t.db
      .updateTable("agency")
      .set({ valid_to: "2025-06-30" })
      .where("code", "=", "qng-so-nnptnt")
      .execute();
    expect(await figureDuties(t.db, { year: 2025, today: "2026-02-01", agency: "qng-so-nnptnt" })).toEqual(
      [],
    );
    await t.db.updateTable("agency").set({ valid_to: null }).where("code", "=", "qng-so-nnptnt").execute();
  });
});

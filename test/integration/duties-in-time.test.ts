import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../apps/api/src/http/env.ts";
import {
  agencyScorecards,
  calendarYears,
  recordReportDelivery,
  recordReportingEvent,
  reportingCompliance,
} from "../../apps/api/src/services/reporting.ts";

// Issue 16, items 1 and 5, on the real catalog: the calendar of 2026 holds no slot of a 2024
// plan nor of an agency that ceased; one report to three recipients is one report; a report
// "trường hợp phát sinh khó khăn, vướng mắc" is owed only once such an event is recorded.

let t: TestDatabase;
let officer: Actor;
const base: Actor = {
  userId: 0,
  email: "x@test",
  role: "agency_officer",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
};

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const a = await t.db
    .selectFrom("agency")
    .select("id")
    .where("code", "=", "qng-so-tttt")
    .executeTakeFirstOrThrow();
  const u = await t.db
    .insertInto("app_user")
    .values({ email: "tttt@test", display_name: "TTTT", role: "agency_officer", agency_id: a.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  officer = {
    ...base,
    userId: u.id,
    email: "tttt@test",
    agencyId: a.id,
    scopes: { ...base.scopes, agency: [a.id] },
  };
});
afterAll(async () => {
  await t?.drop();
});

describe("the calendar shows only slots that exist", () => {
  it("2026: no slot of a 2024 plan, of KH 124 (2021–2025), nor of an agency or a province that ceased", async () => {
    const c = await reportingCompliance(t.db, { period: "2026", today: "2026-12-03" });
    // KH 214/KH-UBND runs "đến năm 2030": its yearly report "trước ngày 15/11" is the only one owed
    expect(c.duties.map((d) => d.code)).toEqual(["kh214-bc-nam"]);
    const kh214 = c.duties[0];
    expect(kh214?.rows.every((r) => r.period === "2026" && r.due === "2026-11-15")).toBe(true);
    const ceased = await t.db
      .selectFrom("agency as a")
      .leftJoin("org_unit as u", "u.id", "a.org_unit_id")
      .select("a.code")
      .where((eb) => eb.or([eb("a.valid_to", "<", "2026-11-15"), eb("u.valid_to", "<", "2026-11-15")]))
      .execute();
    const gone = new Set(ceased.map((r) => r.code));
    expect(gone.has("qng-ubnd-binh-son")).toBe(true);
    expect(gone.has("qng-so-khdt")).toBe(true);
    const owing = (kh214?.rows ?? []).map((r) => r.agency as string);
    expect(owing.length).toBeGreaterThan(0);
    expect(owing.filter((code) => gone.has(code))).toEqual([]);
    expect(owing.some((code) => code.startsWith("qnam-"))).toBe(false);
  });

  it("2024: one report to three recipients is one slot per agency and period", async () => {
    const c = await reportingCompliance(t.db, { period: "2024", today: "2024-12-01" });
    const quarterly = c.duties.find((d) => d.code === "qng24-bc-ktxh-quy");
    expect(quarterly?.recipients.map((r) => r.nameVi)).toEqual([
      "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi",
      "Cục Thống kê tỉnh Quảng Ngãi",
      "Văn phòng UBND tỉnh Quảng Ngãi",
    ]);
    // the plan of 29/8/2024 owes Q3 and Q4 only, "những tháng cuối năm 2024"
    expect([...new Set(quarterly?.rows.map((r) => r.period))]).toEqual(["2024-Q3", "2024-Q4"]);
    const keys = c.duties.flatMap((d) => d.rows.map((r) => `${d.code}|${r.agency}|${r.period}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(c.duties.some((d) => d.code.endsWith("-cuc-tk") || d.code.endsWith("-vp-ubnd"))).toBe(false);
    // the recipients compile the report, they never owe it
    expect(
      quarterly?.rows.some((r) => ["qng-cuc-thong-ke", "qng-van-phong-ubnd"].includes(r.agency ?? "")),
    ).toBe(false);
    const [tttt] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-tttt", today: "2024-12-01" });
    const reports = tttt?.lists.reportsDue.map((r) => `${r.duty} ${r.period}`) ?? [];
    expect(new Set(reports).size).toBe(reports.length);
  });

  it("2025: Quảng Nam's agencies owe nothing after 1/7/2025; the ceased districts nothing due after 30/6/2025", async () => {
    const c = await reportingCompliance(t.db, { period: "2025", today: "2025-12-31" });
    const rows = c.duties.flatMap((d) => d.rows.map((r) => ({ duty: d.code, ...r })));
    expect(rows.filter((r) => r.agency?.startsWith("qnam-") && r.due > "2025-06-30")).toEqual([]);
    expect(rows.filter((r) => r.agency === "qng-ubnd-binh-son")).toEqual([]);
  });
});

describe("event-driven duties", () => {
  const duty = "qng24-bc-vuong-mac-phien-hop";

  it("have no slot until an event is recorded; then one, due at the next monthly meeting", async () => {
    const before = await reportingCompliance(t.db, { period: "2024", today: "2024-12-01", duty });
    expect(before.duties).toEqual([]);
    await expect(
      recordReportDelivery({ db: t.db, actor: officer, requestId: "t" }, duty, {
        period: "2024-11",
        deliveredOn: "2024-11-15",
      }),
    ).rejects.toMatchObject({ kind: "invalid" });

    const ev = await recordReportingEvent({ db: t.db, actor: officer, requestId: "t-ev" }, duty, {
      occurredOn: "2024-10-05",
      description: "Vướng mắc triển khai nền tảng số dùng chung",
    });
    expect(ev).toMatchObject({ duty, agency: "qng-so-tttt", period: "2024-10", due: "2024-10-20" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["entity", "request_id"])
      .where("entity", "=", "reporting_event")
      .execute();
    expect(audit).toEqual([{ entity: "reporting_event", request_id: "t-ev" }]);

    const after = await reportingCompliance(t.db, { period: "2024", today: "2024-12-01", duty });
    expect(after.duties[0]?.eventDriven).toBe(true);
    expect(after.duties[0]?.rows.map((r) => [r.agency, r.period, r.due, r.status])).toEqual([
      ["qng-so-tttt", "2024-10", "2024-10-20", "missing"],
    ]);
    await recordReportDelivery({ db: t.db, actor: officer, requestId: "t" }, duty, {
      period: "2024-10",
      deliveredOn: "2024-10-18",
    });
    const done = await reportingCompliance(t.db, { period: "2024-10", today: "2024-12-01", duty });
    expect(done.duties[0]?.rows.map((r) => r.status)).toEqual(["on_time"]);
  });

  it("refuse an event outside the duty's validity, and on a duty with a calendar", async () => {
    const ctx = { db: t.db, actor: officer, requestId: "t" };
    await expect(
      recordReportingEvent(ctx, duty, {
        occurredOn: "2026-03-02",
        description: "Sau khi kế hoạch hết hiệu lực",
      }),
    ).rejects.toMatchObject({ kind: "invalid" });
    await expect(
      recordReportingEvent(ctx, "qng24-bc-ktxh-thang", { occurredOn: "2024-10-05", description: "x" }),
    ).rejects.toMatchObject({ kind: "conflict" });
  });
});

describe("the default year", () => {
  it("is the latest year, not after today's, with tasks or reports due", async () => {
    const y2024 = await calendarYears(t.db, { today: "2024-12-01" });
    expect(y2024.defaultYear).toBe(2024);
    const y2026 = await calendarYears(t.db, { today: "2026-12-03" });
    expect(y2026.years[0]).toBe(y2026.defaultYear);
    expect(y2026.years).toContain(2024);
    expect(y2026.years.every((y) => y <= 2026)).toBe(true);
  });
});

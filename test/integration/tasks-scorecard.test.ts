import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../apps/api/src/http/env.ts";
import {
  agencyScorecards,
  recordReportDelivery,
  reportingCompliance,
} from "../../apps/api/src/services/reporting.ts";
import { reportTaskStatus } from "../../apps/api/src/services/tasks.ts";

// The agency scorecard of a seeded scenario on the real catalog, against numbers worked out by
// hand from data/catalog (tasks.csv, task_agencies.csv, reporting_duties.csv), as of 1/12/2024.

const TODAY = "2024-12-01";
let t: TestDatabase;
const ids = new Map<string, number>();
let khdtOfficer: Actor;
let tttOfficer: Actor;
const admin: Actor = {
  userId: 0,
  email: "admin@test",
  role: "admin",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
};

async function user(email: string, agency: string): Promise<Actor> {
  const a = await t.db.selectFrom("agency").select("id").where("code", "=", agency).executeTakeFirstOrThrow();
  const u = await t.db
    .insertInto("app_user")
    .values({
      email,
      display_name: email,
      role: "agency_officer",
      agency_id: a.id,
      password_hash: null,
      disabled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    ...admin,
    userId: u.id,
    email,
    role: "agency_officer",
    agencyId: a.id,
    scopes: { ...admin.scopes, agency: [a.id] },
  };
}

const report = (actor: Actor, code: string, body: Parameters<typeof reportTaskStatus>[2]) =>
  reportTaskStatus({ db: t.db, actor, requestId: "test" }, ids.get(code) as number, body, TODAY);

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  for (const r of await t.db.selectFrom("task").select(["id", "code"]).execute()) ids.set(r.code, r.id);
  const a = await t.db
    .insertInto("app_user")
    .values({
      email: "admin@test",
      display_name: "admin",
      role: "admin",
      password_hash: null,
      disabled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin.userId = a.id;
  khdtOfficer = await user("khdt@test", "qng-so-khdt");
  tttOfficer = await user("tttt@test", "qng-so-tttt");

  // Sở KHĐT Quảng Ngãi: what it leads that falls due in 2024
  await report(khdtOfficer, "cv1468-05c-theo-doi-du-an-trong-diem", {
    status: "done",
    reportedOn: "2024-04-26",
    completedOn: "2024-04-25",
    evidenceDocument: "85/BC-SKHĐT",
  });
  // the plan of 29/8/2024 restates 06b (Kế hoạch thực hiện Quy hoạch tỉnh) with "Quý III năm
  // 2024": one task, its deadline in force 30/9/2024
  await report(khdtOfficer, "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh", {
    status: "in_progress",
    reportedOn: "2024-05-10",
  });
  await report(khdtOfficer, "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh", {
    status: "done",
    reportedOn: "2024-10-10",
    completedOn: "2024-10-10",
    evidenceUrl: "https://example.invalid/qd-123",
  });
  await report(khdtOfficer, "qng24-tieu-chi-dau-thau-dat", {
    status: "done",
    reportedOn: "2024-09-16",
    completedOn: "2024-09-15",
    evidenceFile: "qd-tieu-chi.pdf",
  });
  await report(khdtOfficer, "qng24-giai-ngan-dau-tu-cong", { status: "cancelled", reportedOn: "2024-10-01" });
  // Sở TTTT: a window it co-leads, and the 2024 occurrence of a yearly task
  await report(tttOfficer, "qng24-cchc-chuyen-doi-so", { status: "in_progress", reportedOn: "2024-09-15" });
  await report(tttOfficer, "kh124-53", {
    status: "done",
    occurrence: "2024",
    reportedOn: "2024-11-20",
    completedOn: "2024-11-20",
    evidenceDocument: "210/BC-STTTT",
  });
  // an upload of figures by the TTTT officer on 10/10/2024 (Vietnam time)
  await t.db
    .insertInto("import_batch")
    .values({
      kind: "observations",
      file_name: "thang-10.xlsx",
      file_hash: "x",
      user_id: tttOfficer.userId,
      created_at: new Date("2024-10-10T03:00:00Z"),
    })
    .execute();
  // reports marked as sent: KH 124 on time (an earlier status report already counts), KH 214 late
  await recordReportDelivery({ db: t.db, actor: tttOfficer, requestId: "test" }, "kh124-bc-nam", {
    period: "2024",
    deliveredOn: "2024-11-28",
    documentNumber: "215/BC-STTTT",
  });
  await recordReportDelivery({ db: t.db, actor: tttOfficer, requestId: "test" }, "kh214-bc-nam", {
    period: "2024",
    deliveredOn: "2024-11-20",
    documentNumber: "220/BC-STTTT",
  });
});
afterAll(async () => {
  await t?.drop();
});

const codes = (items: Array<{ taskCode: string }>) => items.map((i) => i.taskCode).sort();

describe(`agency scorecard 2024 on ${testEngine()}`, () => {
  it("Sở KHĐT: 9 tasks due in 2024, by hand from tasks.csv and task_restatements.csv", async () => {
    const [s] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-khdt", today: TODAY });
    expect(s).toBeDefined();
    if (!s) return;
    // due 30/4: 05c (done 25/4 → on time), 06c (no report → overdue);
    // Quý III: 06b, kế hoạch thực hiện quy hoạch tỉnh, restated by the 29/8/2024 plan (done 10/10
    // → late), tiêu chí đấu thầu (done 15/9 → on time);
    // "thường xuyên … cuối năm 2024": chuyển đổi số, DNNVV (open), giải ngân (cancelled);
    // CV 1468 gives 06a and 12 no date: they inherit the letter's horizon, 31/12/2024 (open)
    expect({
      tasksLed: s.tasksLed,
      doneOnTime: s.doneOnTime,
      doneLate: s.doneLate,
      overdue: s.overdue,
      open: s.open,
      closed: s.closed,
    }).toEqual({ tasksLed: 9, doneOnTime: 2, doneLate: 1, overdue: 1, open: 4, closed: 1 });
    expect(codes(s.lists.doneOnTime)).toEqual([
      "cv1468-05c-theo-doi-du-an-trong-diem",
      "qng24-tieu-chi-dau-thau-dat",
    ]);
    expect(codes(s.lists.doneLate)).toEqual(["cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh"]);
    expect(codes(s.lists.overdue)).toEqual(["cv1468-06c-nguon-luc-dau-tu-cong-trung-han"]);
    expect(codes(s.lists.open).sort()).toEqual([
      "cv1468-06a-ra-soat-ket-luan-tinh-uy",
      "cv1468-12-thao-go-kho-khan-doanh-nghiep",
      "qng24-cchc-chuyen-doi-so",
      "qng24-dnnvv-cnht-loc-hoa-dau",
    ]);
    expect(codes(s.lists.closed)).toEqual(["qng24-giai-ngan-dau-tu-cong"]);
    // the reports of these plans go to Sở KHĐT: it owes none of them itself
    expect(s.reportsDue).toBe(0);
  });

  it("Sở TTTT: tasks and the 7 reports it owed by 1/12/2024, each report counted once", async () => {
    const [s] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-tttt", today: TODAY });
    if (!s) throw new Error("no scorecard");
    // chuyển đổi số (window), kh124-53 "Hàng năm" 2024 (done 20/11), kh124-21 and -22 "Thường xuyên",
    // tuyên truyền (no date in KH 29/8/2024: its horizon, 31/12/2024)
    expect([s.tasksLed, s.doneOnTime, s.doneLate, s.overdue, s.open]).toEqual([5, 1, 0, 0, 4]);
    expect(s.lists.doneOnTime.map((i) => [i.taskCode, i.occurrence])).toEqual([["kh124-53", "2024"]]);
    // KH 29/8/2024: one report "gửi về Sở Kế hoạch và Đầu tư, Cục Thống kê tỉnh và Văn phòng UBND
    // tỉnh" is one report, not three: monthly for Sep, Oct, Nov (3), Q3 (1), 9 months (1); the
    // report "trường hợp phát sinh khó khăn, vướng mắc" has no slot without a recorded event (0);
    // KH 124 (30/11) and KH 214 (15/11): 7 in all.
    // Sep, Q3, 9M: the status report of 15/9 on a task of the plan (3); Oct: the upload of 10/10
    // (1); KH 124: the status report of 20/11 (1) → 5 on time; KH 214 marked sent 20/11, after
    // 15/11 → late; Nov monthly → missing.
    expect([s.reportsDue, s.reportsOnTime, s.reportsLate, s.reportsMissing]).toEqual([7, 5, 1, 1]);
    expect(s.lists.reportsLate.map((r) => [r.duty, r.period, r.deliveredOn])).toEqual([
      ["kh214-bc-nam", "2024", "2024-11-20"],
    ]);
    expect(s.lists.reportsMissing.map((r) => `${r.duty} ${r.period}`).sort()).toEqual([
      "qng24-bc-ktxh-thang 2024-11",
    ]);
    expect(s.lists.reportsOnTime.find((r) => r.duty === "kh124-bc-nam")?.deliveredOn).toBe("2024-11-20");
  });

  it("the all-agency scorecard agrees with the single one", async () => {
    const all = await agencyScorecards(t.db, { year: 2024, today: TODAY });
    const khdt = all.find((s) => s.agency.code === "qng-so-khdt");
    expect(khdt?.tasksLed).toBe(9);
    expect(all.every((s) => s.tasksLed === s.doneOnTime + s.doneLate + s.overdue + s.open + s.closed)).toBe(
      true,
    );
  });

  it("compliance for 2024-Q3 lists each unit's delivery of each report", async () => {
    const c = await reportingCompliance(t.db, { period: "2024-Q3", today: TODAY });
    const quarterly = c.duties.find((d) => d.code === "qng24-bc-ktxh-quy");
    expect(quarterly?.rows.find((r) => r.agency === "qng-so-tttt")).toMatchObject({
      period: "2024-Q3",
      due: "2024-09-20",
      status: "on_time",
      deliveredOn: "2024-09-15",
    });
    expect(quarterly?.rows.find((r) => r.agency === "qng-so-y-te")?.status).toBe("missing");
    // the recipients compile the reports: they are not among the reporters
    expect(quarterly?.rows.some((r) => r.agency === "qng-so-khdt")).toBe(false);
    // monthly duty in Q3: only September is owed (the plan is of 29/8/2024)
    const monthly = c.duties.find((d) => d.code === "qng24-bc-ktxh-thang");
    expect([...new Set(monthly?.rows.map((r) => r.period))]).toEqual(["2024-09"]);
  });

  it("refuses derived statuses and a report from an agency that is not on the task", async () => {
    await expect(
      report(khdtOfficer, "cv1468-06c-nguon-luc-dau-tu-cong-trung-han", {
        status: "done",
        reportedOn: "2024-11-01",
        completedOn: "2024-11-01",
      }),
    ).rejects.toMatchObject({ code: "invalid_status_report" });
    await expect(
      report(khdtOfficer, "kh124-53", {
        status: "in_progress",
        occurrence: "2024",
        reportedOn: "2024-11-01",
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      report(tttOfficer, "kh124-53", { status: "in_progress", reportedOn: "2024-11-01" }),
    ).rejects.toMatchObject({
      code: "invalid_status_report",
    });
  });
});

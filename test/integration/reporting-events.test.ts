import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../../apps/api/src/app.ts";
import type { Actor } from "../../apps/api/src/http/env.ts";
import { router } from "../../apps/api/src/http/openapi.ts";
import { asProblem, problemResponse } from "../../apps/api/src/http/problem.ts";
import { taskRoutes } from "../../apps/api/src/routes/tasks.ts";
import {
  agencyScorecards,
  calendarYears,
  recordReportingEvent,
  reportingCompliance,
} from "../../apps/api/src/services/reporting.ts";

// Issue 16, item 5: a report "khi có phát sinh" is owed only once an event is recorded. The one
// such duty of the catalog, KH 29/8/2024 of Quảng Ngãi: "trường hợp phát sinh khó khăn, vướng
// mắc … kịp thời báo cáo UBND tỉnh (qua Sở Kế hoạch và Đầu tư) tại các phiên họp thường kỳ hàng
// tháng của UBND tỉnh hoặc báo cáo đột xuất" — reported by every Quảng Ngãi agency (the group
// "qng-grp-tat-ca"), due day not given by the document. Service and route, refused attempts
// leave nothing written. Item 6: the default year is the latest with data up to today.

const DUTY = "qng24-bc-vuong-mac-phien-hop";
let t: TestDatabase;
let actor: Actor | null = null;
let app: ReturnType<typeof router>;
const agencyIds = new Map<string, number>();
let tttt: Actor;
let yte: Actor;
let qnamTc: Actor;
let admin: Actor;
let leader: Actor;
let statistician: Actor;

async function makeUser(email: string, role: Actor["role"], agency: string | null): Promise<Actor> {
  const agencyId = agency ? (agencyIds.get(agency) ?? null) : null;
  const u = await t.db
    .insertInto("app_user")
    .values({ email, display_name: email, role, agency_id: agencyId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    email,
    role,
    agencyId,
    scopes: { indicator: [], org_unit: [], agency: agencyId ? [agencyId] : [] },
    via: "session",
    tokenScopes: [],
  };
}

const call = (as: Actor | null, method: string, url: string, body?: unknown) => {
  actor = as;
  return app.request(url, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
};
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
const json = async (r: Response): Promise<any> => r.json();

const written = async () => ({
  events: (await t.db.selectFrom("reporting_event").select("id").execute()).length,
  audit: (await t.db.selectFrom("audit_log").select("id").where("entity", "=", "reporting_event").execute())
    .length,
});

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  for (const r of await t.db.selectFrom("agency").select(["id", "code"]).execute())
    agencyIds.set(r.code, r.id);
  tttt = await makeUser("tttt@test", "agency_officer", "qng-so-tttt");
  yte = await makeUser("yte@test", "agency_officer", "qng-so-y-te");
  qnamTc = await makeUser("qnam-tc@test", "agency_officer", "qnam-so-tai-chinh");
  admin = await makeUser("admin@test", "admin", null);
  leader = await makeUser("leader@test", "leader", null);
  statistician = await makeUser("tk@test", "statistician", null);
  app = router();
  app.onError((e, c) => {
    const problem = asProblem(e);
    if (problem) return problemResponse(c, problem);
    throw e;
  });
  app.use("*", async (c, next) => {
    c.set("actor", actor);
    c.set("requestId", "req-events");
    await next();
  });
  app.route("/", taskRoutes({ services: { db: t.db } } as unknown as ApiDeps));
});
afterAll(async () => {
  await t?.drop();
});

describe(`event-driven reports on ${testEngine()}`, () => {
  it("owe nothing before an event: no calendar slot, no scorecard line, a delivery is refused", async () => {
    const c = await reportingCompliance(t.db, { period: "2024", today: "2024-12-01", duty: DUTY });
    expect(c.duties).toEqual([]);
    const [score] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-tttt", today: "2024-12-01" });
    expect(score?.lists.reportsDue.filter((r) => r.duty === DUTY)).toEqual([]);
    const r = await call(tttt, "POST", `/reporting-duties/${DUTY}/deliveries`, {
      period: "2024-10",
      deliveredOn: "2024-10-18",
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await json(r))).toContain("chưa ghi nhận sự việc nào trong kỳ này");
  });

  it("refuse another agency's officer, an officer naming another agency, a leader, a statistician, anyone signed out", async () => {
    const before = await written();
    const body = { occurredOn: "2024-10-05", description: "Vướng mắc về mặt bằng" };
    // Sở Tài chính tỉnh Quảng Nam does not report under a Quảng Ngãi plan
    const other = await call(qnamTc, "POST", `/reporting-duties/${DUTY}/events`, body);
    expect(other.status).toBe(403);
    expect((await json(other)).detail).toContain("cơ quan không có nghĩa vụ báo cáo này");
    await expect(
      recordReportingEvent({ db: t.db, actor: qnamTc, requestId: "x" }, DUTY, body),
    ).rejects.toMatchObject({ kind: "forbidden" });
    // an officer of Sở Y tế cannot record for Sở TTTT
    const named = await call(yte, "POST", `/reporting-duties/${DUTY}/events`, {
      ...body,
      agency: "qng-so-tttt",
    });
    expect(named.status).toBe(403);
    expect((await json(named)).detail).toContain("chỉ ghi nhận sự việc của cơ quan mình");
    expect((await call(leader, "POST", `/reporting-duties/${DUTY}/events`, body)).status).toBe(403);
    expect((await call(statistician, "POST", `/reporting-duties/${DUTY}/events`, body)).status).toBe(403);
    expect((await call(null, "POST", `/reporting-duties/${DUTY}/events`, body)).status).toBe(401);
    expect(await written()).toEqual(before);
  });

  it("refuse bad dates and empty descriptions with a message in both languages, writing nothing", async () => {
    const before = await written();
    const post = (b: unknown) => call(tttt, "POST", `/reporting-duties/${DUTY}/events`, b);
    const future = await post({ occurredOn: "2099-01-05", description: "Chưa xảy ra" });
    expect(future.status).toBe(400);
    expect(JSON.stringify(await json(future))).toContain(
      "Ngày phát sinh không được sau hôm nay / the event cannot be after today",
    );
    const early = await post({
      occurredOn: "2024-10-05",
      dueOn: "2024-10-01",
      description: "Hạn trước ngày",
    });
    expect(early.status).toBe(400);
    expect(JSON.stringify(await json(early))).toContain("Hạn báo cáo không được trước ngày phát sinh");
    const blank = await post({ occurredOn: "2024-10-05", description: "   " });
    expect(blank.status).toBe(400);
    const outside = await post({ occurredOn: "2026-03-02", description: "Sau khi kế hoạch hết hiệu lực" });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(await json(outside))).toContain("Ngoài thời hạn hiệu lực của nghĩa vụ");
    // a duty with a calendar of its own takes no events
    const periodic = await call(tttt, "POST", "/reporting-duties/qng24-bc-ktxh-thang/events", {
      occurredOn: "2024-10-05",
      description: "x",
    });
    expect(periodic.status).toBe(409);
    expect(await written()).toEqual(before);
  });

  it("an officer records an event: one report owed, due by the duty's rule, on the calendar and the scorecard, then delivered", async () => {
    const r = await call(tttt, "POST", `/reporting-duties/${DUTY}/events`, {
      occurredOn: "2024-10-05",
      description: "  Vướng mắc triển khai nền tảng số dùng chung  ",
    });
    expect(r.status).toBe(201);
    const ev = await json(r);
    expect(ev).toMatchObject({
      duty: DUTY,
      agency: "qng-so-tttt",
      occurredOn: "2024-10-05",
      description: "Vướng mắc triển khai nền tảng số dùng chung",
      dueOn: null,
      period: "2024-10",
      due: "2024-10-20",
    });
    const row = await t.db
      .selectFrom("reporting_event")
      .selectAll()
      .where("id", "=", ev.id)
      .executeTakeFirstOrThrow();
    expect([row.occurred_on, row.description, row.due_on, row.user_id]).toEqual([
      "2024-10-05",
      "Vướng mắc triển khai nền tảng số dùng chung",
      null,
      tttt.userId,
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "request_id", "user_id"])
      .where("entity", "=", "reporting_event")
      .execute();
    expect(audit).toEqual([
      { action: "create", entity_id: String(ev.id), request_id: "req-events", user_id: tttt.userId },
    ]);

    const cal = await json(
      await call(leader, "GET", `/reporting-duties/compliance?period=2024&today=2024-12-01&duty=${DUTY}`),
    );
    expect(cal.duties[0].eventDriven).toBe(true);
    expect(
      cal.duties[0].rows.map((x: { agency: string; period: string; due: string; status: string }) => [
        x.agency,
        x.period,
        x.due,
        x.status,
      ]),
    ).toEqual([["qng-so-tttt", "2024-10", "2024-10-20", "missing"]]);
    // only the agency the event is of owes it
    const [other] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-y-te", today: "2024-12-01" });
    expect(other?.lists.reportsDue.filter((x) => x.duty === DUTY)).toEqual([]);
    const [mine] = await agencyScorecards(t.db, { year: 2024, agency: "qng-so-tttt", today: "2024-12-01" });
    expect(mine?.lists.reportsMissing.filter((x) => x.duty === DUTY).map((x) => [x.period, x.due])).toEqual([
      ["2024-10", "2024-10-20"],
    ]);

    const d = await call(tttt, "POST", `/reporting-duties/${DUTY}/deliveries`, {
      period: "2024-10",
      deliveredOn: "2024-10-18",
      documentNumber: "212/BC-STTTT",
    });
    expect(d.status).toBe(201);
    const done = await reportingCompliance(t.db, { period: "2024-10", today: "2024-12-01", duty: DUTY });
    expect(done.duties[0]?.rows.map((x) => [x.status, x.deliveredOn])).toEqual([["on_time", "2024-10-18"]]);
  });

  it("the document gives no due day: a due date entered with the event decides", async () => {
    const r = await call(yte, "POST", `/reporting-duties/${DUTY}/events`, {
      occurredOn: "2024-11-25",
      dueOn: "2024-12-05",
      description: "Thiếu thuốc điều trị tại tuyến huyện",
    });
    expect(r.status).toBe(201);
    expect(await json(r)).toMatchObject({
      agency: "qng-so-y-te",
      period: "2024-11",
      due: "2024-12-05",
      dueOn: "2024-12-05",
    });
    const c = await reportingCompliance(t.db, { period: "2024-11", today: "2024-12-01", duty: DUTY });
    expect(c.duties[0]?.rows.map((x) => [x.agency, x.due, x.status])).toEqual([
      ["qng-so-y-te", "2024-12-05", "not_due"],
    ]);
    // an admin records for an agency they name
    const a = await call(admin, "POST", `/reporting-duties/${DUTY}/events`, {
      occurredOn: "2024-11-02",
      description: "Sạt lở trên tuyến đường tỉnh",
      agency: "qng-so-xay-dung",
    });
    expect(a.status).toBe(201);
    expect(await json(a)).toMatchObject({ agency: "qng-so-xay-dung", period: "2024-11", due: "2024-11-20" });
    // the database refuses a due date before the event, whoever writes it
    await expect(
      t.db
        .insertInto("reporting_event")
        .values({
          duty_id: row(DUTY),
          agency_id: agencyIds.get("qng-so-y-te") as number,
          occurred_on: "2024-11-25",
          due_on: "2024-11-01",
          description: "x",
        })
        .execute(),
    ).rejects.toThrow(/reporting_event_due_after_event/);
  });

  it("a duty whose document sets the due day refuses a due date entered with the event", async () => {
    const base = await t.db
      .selectFrom("reporting_duty")
      .selectAll()
      .where("code", "=", DUTY)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("reporting_duty")
      .values({
        code: "test-bc-phat-sinh-ngay-10",
        document_id: base.document_id,
        reporter_agency_id: base.reporter_agency_id,
        recipient_agency_id: base.recipient_agency_id,
        subject_vi: "Báo cáo khi có phát sinh (thử)",
        cadence: "monthly",
        due_text: "trước ngày 10 hằng tháng",
        event_driven: true,
      })
      .execute();
    const r = await call(tttt, "POST", "/reporting-duties/test-bc-phat-sinh-ngay-10/events", {
      occurredOn: "2024-10-05",
      dueOn: "2024-10-30",
      description: "x",
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await json(r))).toContain("Văn bản đã quy định thời hạn báo cáo");
    const ok = await call(tttt, "POST", "/reporting-duties/test-bc-phat-sinh-ngay-10/events", {
      occurredOn: "2024-10-05",
      description: "x",
    });
    expect(await json(ok)).toMatchObject({ due: "2024-10-10" });
  });
});

let dutyIds: Map<string, number> | undefined;
function row(code: string): number {
  return dutyIds?.get(code) as number;
}
beforeAll(async () => {
  dutyIds = new Map(
    (await t.db.selectFrom("reporting_duty").select(["id", "code"]).execute()).map((d) => [d.code, d.id]),
  );
});

describe(`the default year on ${testEngine()}`, () => {
  it("is the latest year with something that fell due up to today, never one whose work is all ahead", async () => {
    // 10 January 2027: KH 214's yearly report of 2027 is due 15/11/2027, nothing of 2027 fell due yet
    const jan = await calendarYears(t.db, { today: "2027-01-10" });
    expect(jan.years[0]).toBe(2027);
    expect(jan.defaultYear).toBe(2026);
    const r = await call(leader, "GET", "/reporting-duties/years?today=2027-01-10");
    expect(await json(r)).toMatchObject({ defaultYear: 2026 });
    // 3 December 2026: the report "trước ngày 15/11" of 2026 fell due
    expect((await calendarYears(t.db, { today: "2026-12-03" })).defaultYear).toBe(2026);
    expect((await calendarYears(t.db, { today: "2024-12-01" })).defaultYear).toBe(2024);
  });
});

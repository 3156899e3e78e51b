import fs from "node:fs";
import path from "node:path";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../../apps/api/src/app.ts";
import type { Actor } from "../../apps/api/src/http/env.ts";
import { router } from "../../apps/api/src/http/openapi.ts";
import { asProblem, problemResponse } from "../../apps/api/src/http/problem.ts";
import { taskRoutes } from "../../apps/api/src/routes/tasks.ts";
import { importTaskTable } from "../../packages/importer/src/tasks/index.ts";

// The task routes on a bare app whose actor is set by the test, over the real catalog.

const fixtures = path.resolve(import.meta.dirname, "../fixtures/tasks");
let t: TestDatabase;
let actor: Actor | null = null;
let app: ReturnType<typeof router>;
const ids = new Map<string, number>();
const agencyIds = new Map<string, number>();

const base = (over: Partial<Actor>): Actor => ({
  userId: 0,
  email: "x@test",
  role: "leader",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
  ...over,
});
let admin: Actor;
let khdt: Actor;
let leader: Actor;

async function makeUser(email: string, role: Actor["role"], agency: string | null): Promise<Actor> {
  const agencyId = agency ? (agencyIds.get(agency) ?? null) : null;
  const u = await t.db
    .insertInto("app_user")
    .values({ email, display_name: email, role, agency_id: agencyId, password_hash: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return base({
    userId: u.id,
    email,
    role,
    agencyId,
    scopes: { indicator: [], org_unit: [], agency: agencyId ? [agencyId] : [] },
  });
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

const upload = (as: Actor, url: string, file: string, fields: Record<string, string>) => {
  actor = as;
  const form = new FormData();
  form.set("file", new File([fs.readFileSync(path.join(fixtures, file))], file));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request(url, { method: "POST", body: form });
};

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
const body = async (r: Response): Promise<any> => r.json();

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  for (const r of await t.db.selectFrom("task").select(["id", "code"]).execute()) ids.set(r.code, r.id);
  for (const r of await t.db.selectFrom("agency").select(["id", "code"]).execute())
    agencyIds.set(r.code, r.id);
  admin = await makeUser("admin@test", "admin", null);
  khdt = await makeUser("khdt@test", "agency_officer", "qng-so-khdt");
  leader = await makeUser("leader@test", "leader", null);
  app = router();
  app.onError((e, c) => {
    const problem = asProblem(e);
    if (problem) return problemResponse(c, problem);
    throw e;
  });
  app.use("*", async (c, next) => {
    c.set("actor", actor);
    c.set("requestId", "test");
    await next();
  });
  app.route("/", taskRoutes({ services: { db: t.db } } as unknown as ApiDeps));
});
afterAll(async () => {
  await t?.drop();
});

describe(`task routes on ${testEngine()}`, () => {
  it("refuses anonymous readers and lists tasks overdue first, then due soon", async () => {
    expect((await call(null, "GET", "/tasks")).status).toBe(401);
    const r = await call(leader, "GET", "/tasks?agency=qng-so-khdt&today=2024-04-15&limit=500");
    expect(r.status).toBe(200);
    const b = await body(r);
    expect(b.total).toBe(b.items.length);
    const ranks = b.items.map((i: { status: string; dueSoon: boolean }) =>
      i.status === "overdue" ? 0 : i.dueSoon ? 1 : 2,
    );
    expect(ranks).toEqual([...ranks].sort());
    // the "Năm 2022" tasks of KH 124 are overdue; then the two of CV 1468 still due 30/4, within
    // 30 days (the third, 06b, is restated by the plan of 29/8/2024: Quý III, due 30/9)
    const first = b.items.findIndex((i: { status: string }) => i.status !== "overdue");
    expect(b.items[0].due).toBe("2022-12-31");
    expect(
      b.items.slice(first, first + 3).map((i: { due: string; dueSoon: boolean }) => [i.due, i.dueSoon]),
    ).toEqual([
      ["2024-04-30", true],
      ["2024-04-30", true],
      ["2024-09-30", false],
    ]);
    const overdue = await body(
      await call(
        leader,
        "GET",
        "/tasks?agency=qng-so-khdt&role=lead&document=qng-cv-1468-2024&status=overdue&today=2024-12-01",
      ),
    );
    expect(overdue.items.map((i: { code: string }) => i.code).sort()).toEqual([
      "cv1468-05c-theo-doi-du-an-trong-diem",
      "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh",
      "cv1468-06c-nguon-luc-dau-tu-cong-trung-han",
    ]);
    const due = await body(
      await call(
        leader,
        "GET",
        // 06b by its deadline in force: "Quý III năm 2024", as the plan of 29/8/2024 restates it
        "/tasks?dueAfter=2024-09-01&dueBefore=2024-09-30&today=2024-01-01&q=ke hoach",
      ),
    );
    expect(due.items.map((i: { code: string }) => i.code)).toContain(
      "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh",
    );
    const review = await body(await call(leader, "GET", "/tasks?review=true&limit=500"));
    expect(review.items.length).toBeGreaterThan(0);
    expect(review.items.every((i: { deadline: { review: unknown } }) => i.deadline.review !== null)).toBe(
      true,
    );
  });

  it("shows one task with its agencies and the part each leads", async () => {
    const code = readCatalog().taskAgencies.find((a) => a.part)?.task_code as string;
    const b = await body(await call(leader, "GET", `/tasks/${ids.get(code)}`));
    expect(b.code).toBe(code);
    expect(b.agencies.filter((a: { part: string | null }) => a.part).length).toBeGreaterThanOrEqual(2);
    expect(b.deadlineHistory).toHaveLength(1);
    expect((await call(leader, "GET", "/tasks/999999")).status).toBe(404);
  });

  it("takes a status report from an officer of a lead agency, with evidence; never overdue or done_late", async () => {
    const id = ids.get("cv1468-06c-nguon-luc-dau-tu-cong-trung-han");
    expect((await call(khdt, "POST", `/tasks/${id}/status-reports`, { status: "overdue" })).status).toBe(400);
    expect((await call(khdt, "POST", `/tasks/${id}/status-reports`, { status: "done_late" })).status).toBe(
      400,
    );
    const noEvidence = await call(khdt, "POST", `/tasks/${id}/status-reports`, {
      status: "done",
      completedOn: "2024-05-02",
    });
    expect(noEvidence.status).toBe(400);
    expect((await body(noEvidence)).errors.map((e: { code: string }) => e.code)).toEqual([
      "missing_evidence",
    ]);
    const ok = await call(khdt, "POST", `/tasks/${id}/status-reports`, {
      status: "done",
      completedOn: "2024-05-02",
      evidenceDocument: "90/BC-SKHĐT ngày 02/5/2024",
    });
    expect(ok.status).toBe(201);
    const task = await body(await call(leader, "GET", `/tasks/${id}`));
    expect([task.status, task.completedOn, task.statusReports.length]).toEqual([
      "done_late",
      "2024-05-02",
      1,
    ]);
    expect(task.statusReports[0].agency).toBe("qng-so-khdt");
    // an agency that neither leads nor supports it, a leader, a token without the scope
    const other = await makeUser("yte@test", "agency_officer", "qng-so-y-te");
    expect((await call(other, "POST", `/tasks/${id}/status-reports`, { status: "in_progress" })).status).toBe(
      403,
    );
    expect(
      (await call(leader, "POST", `/tasks/${id}/status-reports`, { status: "in_progress" })).status,
    ).toBe(403);
    const token = { ...khdt, via: "token" as const, tokenScopes: ["read"] };
    expect((await call(token, "POST", `/tasks/${id}/status-reports`, { status: "in_progress" })).status).toBe(
      403,
    );
    const audit = await t.db
      .selectFrom("audit_log")
      .select("entity")
      .where("entity", "=", "task_status_report")
      .where("batch_id", "is", null) // the catalog's stated completion is audited with its load
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("takes completion evidence citing a document (number and date), checked and audited", async () => {
    const id = ids.get("cv1468-06c-nguon-luc-dau-tu-cong-trung-han");
    const post = (b: object) => call(khdt, "POST", `/tasks/${id}/status-reports`, b);
    const base = { status: "done", reportedOn: "2024-05-20", completedOn: "2024-05-15" };
    const noDate = await post({ ...base, evidenceDocumentNumber: "95/QĐ-UBND" });
    expect(noDate.status).toBe(400);
    expect(JSON.stringify(await body(noDate))).toContain("Cần ngày của văn bản chứng minh");
    const noNumber = await post({ ...base, evidenceDocumentDate: "2024-05-15" });
    expect(noNumber.status).toBe(400);
    const future = await post({
      ...base,
      evidenceDocumentNumber: "95/QĐ-UBND",
      evidenceDocumentDate: "2024-06-01",
    });
    expect(future.status).toBe(400);
    expect(JSON.stringify(await body(future))).toContain("không thể ban hành sau ngày báo cáo");
    const before = await post({
      ...base,
      evidenceDocumentNumber: "95/QĐ-UBND",
      evidenceDocumentDate: "2024-05-18",
    });
    expect(before.status).toBe(400);
    const ok = await post({
      ...base,
      evidenceDocumentNumber: "95/QĐ-UBND",
      evidenceDocumentDate: "2024-05-15",
    });
    expect(ok.status).toBe(201);
    expect(await body(ok)).toMatchObject({
      evidenceDocumentNumber: "95/QĐ-UBND",
      evidenceDocumentDate: "2024-05-15",
    });
    const task = await body(await call(leader, "GET", `/tasks/${id}`));
    const cited = task.statusReports.find(
      (r: { evidence: { documentNumber: string | null } }) => r.evidence.documentNumber !== null,
    );
    expect(cited.evidence).toMatchObject({
      documentNumber: "95/QĐ-UBND",
      documentDate: "2024-05-15",
      statedIn: null,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("new_value")
      .where("entity", "=", "task_status_report")
      .where("batch_id", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.new_value).toMatchObject({
      evidenceDocumentNumber: "95/QĐ-UBND",
      evidenceDocumentDate: "2024-05-15",
    });
  });

  it("shows a restated task's history with the document that restated it, and a stated completion", async () => {
    const task = await body(
      await call(leader, "GET", `/tasks/${ids.get("cv1468-07-quy-hoach-phan-khu-dung-quat")}`),
    );
    expect(
      task.deadlineHistory.map(
        (h: { text: string; document: { number: string | null; issuedOn: string } }) => [
          h.text,
          h.document.number,
          h.document.issuedOn,
        ],
      ),
    ).toEqual([
      ["Thường xuyên trong những tháng cuối năm 2024", null, "2024-08-29"],
      ["hoàn thành trước ngày 30/6/2024", "1468/UBND-KTTH", "2024-03-22"],
    ]);
    expect(task.deadlineHistory[0].quote).toBe(
      "Đẩy nhanh tiến độ lập, phê duyệt các quy hoạch phân khu xây dựng, quy hoạch chi tiết, thiết kế đô thị cho các khu chức năng còn lại trong Khu kinh tế Dung Quất.",
    );
    const plan = await body(await call(leader, "GET", `/tasks/${ids.get("kh124-24")}`));
    expect([plan.status, plan.completedOn]).toEqual(["done_late", "2023-11-22"]);
    expect(plan.statusReports[0].evidence).toMatchObject({
      documentNumber: "1456/QĐ-TTg",
      documentDate: "2023-11-22",
      statedIn: { code: "qng-kh-214-2024", number: "214/KH-UBND", issuedOn: "2024-11-06" },
    });
  });

  it("moves a deadline with the document that moved it, keeping history (admin only)", async () => {
    // the plan of 29/8/2024 restates it: revision 2, "Quý III năm 2024"
    const id = ids.get("cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh");
    const move = { text: "Quý IV năm 2024", document: "qng-kh-214-2024", reason: "Điều chỉnh theo KH 214" };
    expect((await call(khdt, "POST", `/tasks/${id}/deadlines`, move)).status).toBe(403);
    const unreadable = await call(admin, "POST", `/tasks/${id}/deadlines`, { ...move, text: "sớm" });
    expect(unreadable.status).toBe(400);
    const r = await call(admin, "POST", `/tasks/${id}/deadlines`, move);
    expect(r.status).toBe(201);
    expect((await body(r)).revision).toBe(3);
    const task = await body(await call(leader, "GET", `/tasks/${id}?today=2024-12-01`));
    expect(task.deadline.due).toBe("2024-12-31");
    expect(task.status).toBe("not_started");
    expect(
      task.deadlineHistory.map((h: { revision: number; due: string; document: { code: string } }) => [
        h.revision,
        h.due,
        h.document.code,
      ]),
    ).toEqual([
      [3, "2024-12-31", "qng-kh-214-2024"],
      [2, "2024-09-30", "qng-kh-2024-08-29"],
      [1, "2024-04-30", "qng-cv-1468-2024"],
    ]);
  });

  it("lists reporting duties with their due rule, and compliance for a quarter", async () => {
    const duties = await body(await call(leader, "GET", "/reporting-duties"));
    const kh214 = duties.items.find((d: { code: string }) => d.code === "kh214-bc-nam");
    expect(kh214.dueRule).toMatchObject({ dueDay: 15, dueMonth: 11, source: "text" });
    const monthly = duties.items.find((d: { code: string }) => d.code === "qng24-bc-ktxh-thang");
    expect(monthly.dueRule).toMatchObject({ dueDay: 20, source: "default" });
    const c = await body(
      await call(leader, "GET", "/reporting-duties/compliance?period=2024-Q3&today=2024-12-01"),
    );
    expect(c.period).toBe("2024-Q3");
    expect(c.duties.length).toBeGreaterThan(0);
    expect((await call(leader, "GET", "/reporting-duties/compliance?period=quý")).status).toBe(400);
  });

  it("records a report as sent, once, for an agency that owes it", async () => {
    const yte = await makeUser("yte2@test", "agency_officer", "qng-so-y-te");
    const r = await call(yte, "POST", "/reporting-duties/kh214-bc-nam/deliveries", {
      period: "2024",
      deliveredOn: "2024-11-14",
      documentNumber: "300/BC-SYT",
    });
    expect(r.status).toBe(201);
    expect(
      (
        await call(yte, "POST", "/reporting-duties/kh214-bc-nam/deliveries", {
          period: "2024",
          deliveredOn: "2024-11-14",
        })
      ).status,
    ).toBe(409);
    // Sở KHĐT receives this report: it does not owe it
    expect(
      (
        await call(khdt, "POST", "/reporting-duties/kh214-bc-nam/deliveries", {
          period: "2024",
          deliveredOn: "2024-11-14",
        })
      ).status,
    ).toBe(403);
    const s = await body(
      await call(leader, "GET", "/agencies/qng-so-y-te/scorecard?year=2024&today=2024-12-01"),
    );
    expect(s.lists.reportsOnTime.map((x: { duty: string }) => x.duty)).toContain("kh214-bc-nam");
  });

  it("serves the scorecards", async () => {
    const one = await body(
      await call(leader, "GET", "/agencies/qng-so-khdt/scorecard?year=2024&today=2024-12-01"),
    );
    expect(one.agency.code).toBe("qng-so-khdt");
    expect(one.tasksLed).toBe(one.lists.tasksLed.length);
    const all = await body(await call(leader, "GET", "/agency-scorecard?year=2024&today=2024-12-01"));
    expect(
      all.items.find((s: { agency: { code: string } }) => s.agency.code === "qng-so-khdt").tasksLed,
    ).toBe(one.tasksLed);
    expect((await call(leader, "GET", "/agencies/khong-co/scorecard?year=2024")).status).toBe(404);
  });

  it("previews a task table with every problem, refuses it whole, and takes the clean one", async () => {
    const preview = await upload(admin, "/task-imports", "phu-luc-nhiem-vu.csv", {
      document: "qng-kh-214-2024",
      dryRun: "true",
    });
    expect(preview.status).toBe(200);
    const p = await body(preview);
    expect(p.headerRow).toBe(3);
    expect(
      p.problems.map((x: { row: number; code: string; severity: string; columnLetter: string | null }) => [
        x.row,
        x.code,
        x.severity,
        x.columnLetter,
      ]),
    ).toEqual([
      [7, "unreadable_deadline", "warning", "E"],
      [9, "empty_task_text", "error", "B"],
      [9, "duplicate_number", "error", "A"],
      [10, "unknown_agency", "error", "C"],
      [10, "duplicate_number", "error", "A"],
      [12, "missing_deadline", "warning", "E"],
    ]);
    expect(p.problems[0].message).toMatch(/^Năm 2002/);
    expect(p.problems[3]).toMatchObject({ value: "Sở Du lịch" });
    const row1 = p.rows.find((r: { number: string }) => r.number === "1");
    expect(row1.section).toBe("I. Nhiệm vụ chung");
    expect(row1.lead.map((m: { code: string }) => m.code)).toEqual(["qng-so-ldtbxh"]);
    expect(row1.support.map((m: { code: string }) => m.code)).toEqual([
      "qng-grp-so-ban-nganh",
      "qng-grp-ubnd-cap-huyen",
    ]);
    const row2 = p.rows.find((r: { number: string }) => r.number === "2");
    expect(row2.support.map((m: { code: string }) => m.code)).toEqual(["qng-so-tttt", "qng-so-noi-vu"]);
    const row3 = p.rows.find((r: { number: string }) => r.number === "3");
    expect(row3.lead.map((m: { code: string; part: string }) => [m.code, m.part])).toEqual([
      ["qng-so-tnmt", "Luật Đất đai"],
      ["qng-so-xay-dung", "Luật Nhà ở"],
    ]);
    expect(
      await t.db.selectFrom("task").select("id").where("code", "like", "qng-kh-214-2024-%").execute(),
    ).toEqual([]);

    const rejected = await upload(admin, "/task-imports", "phu-luc-nhiem-vu.csv", {
      document: "qng-kh-214-2024",
    });
    expect(rejected.status).toBe(422);
    expect(await t.db.selectFrom("import_batch").select("id").where("kind", "=", "tasks").execute()).toEqual(
      [],
    );

    const officer = await upload(khdt, "/task-imports", "phu-luc-nhiem-vu-sach.csv", {
      document: "qng-kh-214-2024",
    });
    expect(officer.status).toBe(403);
    const committed = await upload(admin, "/task-imports", "phu-luc-nhiem-vu-sach.csv", {
      document: "qng-kh-214-2024",
    });
    expect(committed.status).toBe(201);
    const c = await body(committed);
    expect(c.counts).toMatchObject({ total: 3, new: 3, unchanged: 0, errors: 0, warnings: 1 });
    const made = await t.db
      .selectFrom("task as k")
      .innerJoin("task_deadline_current as d", "d.task_id", "k.id")
      .select(["k.code", "k.section", "d.kind", "d.due_date", "d.review_code"])
      .where("k.batch_id", "=", c.batchId)
      .orderBy("k.code")
      .execute();
    expect(made.map((m) => [m.code, m.kind, m.due_date, m.review_code])).toEqual([
      ["qng-kh-214-2024-1", "date", "2025-03-31", null],
      ["qng-kh-214-2024-2", "date", "2025-03-31", null],
      ["qng-kh-214-2024-3", "none", null, "implausible_year"],
    ]);
    const parts = await t.db
      .selectFrom("task_agency as ta")
      .innerJoin("task as k", "k.id", "ta.task_id")
      .innerJoin("agency as a", "a.id", "ta.agency_id")
      .select(["a.code", "ta.role", "ta.part"])
      .where("k.code", "=", "qng-kh-214-2024-3")
      .orderBy("a.code")
      .execute();
    expect(parts).toEqual([
      { code: "qng-so-tnmt", role: "lead", part: "Luật Đất đai" },
      { code: "qng-so-xay-dung", role: "lead", part: "Luật Nhà ở" },
    ]);

    // the same file again: nothing new, no batch
    const again = await body(
      await upload(admin, "/task-imports", "phu-luc-nhiem-vu-sach.csv", { document: "qng-kh-214-2024" }),
    );
    expect([again.batchId, again.counts.unchanged, again.counts.new]).toEqual([null, 3, 0]);

    expect((await call(khdt, "POST", `/task-imports/${c.batchId}/rollback`)).status).toBe(404);
    const rb = await call(admin, "POST", `/task-imports/${c.batchId}/rollback`);
    expect(rb.status).toBe(200);
    expect((await body(rb)).removed).toBe(3);
    expect(await t.db.selectFrom("task").select("id").where("batch_id", "=", c.batchId).execute()).toEqual(
      [],
    );
    expect((await call(admin, "POST", `/task-imports/${c.batchId}/rollback`)).status).toBe(409);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("batch_id", "=", c.batchId)
      .execute();
    expect(
      audit
        .filter((a) => a.entity === "task")
        .map((a) => a.action)
        .sort(),
    ).toEqual(["create", "create", "create", "delete", "delete", "delete"]);
  });

  it("reads headers in English, without diacritics, and from .xlsx", async () => {
    const opts = { documentCode: "qng-kh-214-2024", userId: null, dryRun: true };
    const read = (file: string) =>
      importTaskTable(t.db, { name: file, bytes: fs.readFileSync(path.join(fixtures, file)) }, opts);
    const en = await read("task-table-english.csv");
    expect([en.counts.errors, en.rows[0]?.deadline.due, en.rows[0]?.lead[0]?.code]).toEqual([
      0,
      "2025-04-30",
      "qng-so-tttt",
    ]);
    const plain = await read("khong-dau.csv");
    expect([plain.counts.errors, plain.rows[0]?.deadline.due]).toEqual([0, "2025-06-30"]);
    const xlsx = await read("phu-luc-nhiem-vu.xlsx");
    expect(xlsx.headerRow).toBe(2);
    expect(xlsx.rows.map((r) => [r.number, r.deadline.kind, r.deadline.due, r.lead[0]?.code])).toEqual([
      ["1", "date", "2025-12-31", "qng-so-tnmt"],
      ["2", "date", "2025-06-30", "qng-so-noi-vu"],
    ]);
  });

  it("takes officers' status reports in bulk: problems first, then all or nothing, and rolls back", async () => {
    const preview = await body(
      await upload(khdt, "/task-status-imports", "bao-cao-tinh-hinh.csv", { dryRun: "true" }),
    );
    expect(preview.problems.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual([
      [3, "derived_status"],
      [5, "not_permitted"],
      [5, "occurrence_required"],
      [6, "unknown_task"],
      [7, "missing_evidence"],
    ]);
    expect((await upload(khdt, "/task-status-imports", "bao-cao-tinh-hinh.csv", {})).status).toBe(422);
    const before = await t.db
      .selectFrom("task")
      .select(["status", "completed_on"])
      .where("code", "=", "cv1468-06c-nguon-luc-dau-tu-cong-trung-han")
      .executeTakeFirstOrThrow();
    const ok = await upload(khdt, "/task-status-imports", "bao-cao-tinh-hinh-sach.csv", {});
    expect(ok.status).toBe(201);
    const b = await body(ok);
    expect(b.counts).toMatchObject({ total: 3, new: 3, errors: 0 });
    const reports = await t.db
      .selectFrom("task_status_report")
      .select(["status", "evidence_document", "evidence_url", "agency_id"])
      .where("batch_id", "=", b.batchId)
      .execute();
    expect(reports.map((r) => [r.status, r.evidence_document, r.evidence_url])).toEqual([
      ["done", "85/BC-SKHĐT", null],
      ["in_progress", null, null],
      ["done", null, "https://example.invalid/bc-90.pdf"],
    ]);
    expect(reports.every((r) => r.agency_id === agencyIds.get("qng-so-khdt"))).toBe(true);
    const again = await body(await upload(khdt, "/task-status-imports", "bao-cao-tinh-hinh-sach.csv", {}));
    expect([again.batchId, again.counts.unchanged]).toEqual([null, 3]);
    expect((await call(khdt, "POST", `/task-imports/${b.batchId}/rollback`)).status).toBe(200);
    const after = await t.db
      .selectFrom("task")
      .select(["status", "completed_on"])
      .where("code", "=", "cv1468-06c-nguon-luc-dau-tu-cong-trung-han")
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("documents every route in the OpenAPI document", () => {
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual([
      "/agencies/{code}/scorecard",
      "/agency-scorecard",
      "/reporting-duties",
      "/reporting-duties/compliance",
      "/reporting-duties/years",
      "/reporting-duties/{code}/deliveries",
      "/reporting-duties/{code}/events",
      "/task-imports",
      "/task-imports/{id}/rollback",
      "/task-status-imports",
      "/tasks",
      "/tasks/{id}",
      "/tasks/{id}/deadlines",
      "/tasks/{id}/status-reports",
    ]);
  });
});

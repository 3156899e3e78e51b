import { createApp, hashPassword, LoginThrottle, servicesFromHandle } from "@chitieu/api";

import { loadCatalog, loadDemoData, readCatalog } from "@chitieu/catalog";

import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Accounts, sessions, CSRF, tokens and scopes, tried the way an attacker would.

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";
const ids: Record<string, number> = {};

async function addUser(
  email: string,
  role: "admin" | "leader" | "statistician" | "agency_officer",
  extra: { agency?: string; scope?: ["org_unit" | "indicator", string][] } = {},
) {
  const agency = extra.agency
    ? await t.db.selectFrom("agency").select("id").where("code", "=", extra.agency).executeTakeFirstOrThrow()
    : null;
  const user = await t.db
    .insertInto("app_user")
    .values({
      email,
      display_name: email,
      password_hash: await hashPassword(PASSWORD),
      role,
      agency_id: agency?.id ?? null,
      disabled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [kind, code] of extra.scope ?? []) {
    const table = kind === "org_unit" ? "org_unit" : "indicator";
    const ref = await t.db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await t.db
      .insertInto("user_scope")
      .values({ user_id: user.id, scope_kind: kind, ref_id: ref.id })
      .execute();
  }
  ids[email] = user.id;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(
  email: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });
}

async function session(email: string): Promise<Session> {
  const r = await login(email);
  expect(r.status).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
    ";",
  )[0] as string;
  const body = (await r.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

function call(
  s: Session | null,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra };
  if (s) {
    headers.cookie = s.cookie;
    if (method !== "GET") headers["x-csrf-token"] = s.csrf;
  }
  if (body instanceof FormData) return app.request(path, { method, headers, body });
  if (body !== undefined) headers["content-type"] = "application/json";
  return app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const sessions: Record<string, Session | null> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  await loadDemoData(t.db);
  const services = servicesFromHandle(t);
  app = createApp({
    services,
    log: () => {},
    loginThrottle: new LoginThrottle({ windowMs: 60_000, pair: { free: 3, maxDelayS: 60 } }),
  });
  await addUser("admin@x.vn", "admin");
  await addUser("leader@x.vn", "leader");
  await addUser("stat-qnam@x.vn", "statistician", { scope: [["org_unit", "p49"]] });
  await addUser("stat-qng@x.vn", "statistician", { scope: [["org_unit", "p51"]] });
  await addUser("officer@x.vn", "agency_officer", { agency: "qnam-so-tai-chinh" });
  await addUser("victim@x.vn", "leader");
  for (const who of ["admin@x.vn", "leader@x.vn", "stat-qnam@x.vn", "stat-qng@x.vn", "officer@x.vn"])
    sessions[who] = await session(who);
  sessions.anonymous = null;
});

afterAll(async () => {
  await t?.drop();
});

const ROLES = [
  "anonymous",
  "admin@x.vn",
  "leader@x.vn",
  "stat-qnam@x.vn",
  "stat-qng@x.vn",
  "officer@x.vn",
] as const;
type Expect = Record<(typeof ROLES)[number], number>;
const readAll = (ok = 200): Expect => ({
  anonymous: 401,
  "admin@x.vn": ok,
  "leader@x.vn": ok,
  "stat-qnam@x.vn": ok,
  "stat-qng@x.vn": ok,
  "officer@x.vn": ok,
});
const adminOnly = (ok = 200): Expect => ({
  anonymous: 401,
  "admin@x.vn": ok,
  "leader@x.vn": 403,
  "stat-qnam@x.vn": 403,
  "stat-qng@x.vn": 403,
  "officer@x.vn": 403,
});
const importers = (ok = 200): Expect => ({
  anonymous: 401,
  "admin@x.vn": ok,
  "leader@x.vn": 403,
  "stat-qnam@x.vn": ok,
  "stat-qng@x.vn": ok,
  "officer@x.vn": 403,
});
const upload = (csv: string) => {
  const form = new FormData();
  form.set("file", new File([csv], "so-lieu.csv", { type: "text/csv" }));
  return form;
};
const taskUpload = (csv: string, withDocument = true) => {
  const form = upload(csv);
  if (withDocument) form.set("document", "qnam-ctct-2024");
  form.set("dryRun", "true");
  return form;
};
const taskIds = { own: 0, other: 0 };
const everyone = (ok = 200): Expect => ({
  anonymous: ok,
  "admin@x.vn": ok,
  "leader@x.vn": ok,
  "stat-qnam@x.vn": ok,
  "stat-qng@x.vn": ok,
  "officer@x.vn": ok,
});

let targetId = 0;
let observationId = 0;
const budget = (period: string, value: string) => ({
  indicator: "qnam24-budget-revenue",
  orgUnit: "p49",
  period,
  value,
  status: "estimate",
});

// Every route of the OpenAPI document, as every role. A route missing here fails the
// completeness test below, so a new route cannot ship without its rule.
const matrix: { route: string; path: () => string; body?: (who: string) => unknown; expect: Expect }[] = [
  { route: "GET /users", path: () => "/api/v1/users", expect: adminOnly() },
  {
    route: "POST /users",
    path: () => "/api/v1/users",
    body: (who) => ({
      email: `new-${who.replace(/\W/g, "")}@x.vn`,
      displayName: "Mới",
      password: "a-long-password-1",
      role: "leader",
    }),
    expect: adminOnly(201),
  },
  {
    route: "POST /users/{id}/disable",
    path: () => `/api/v1/users/${ids["victim@x.vn"]}/disable`,
    expect: adminOnly(204),
  },
  {
    route: "POST /users/{id}/enable",
    path: () => `/api/v1/users/${ids["victim@x.vn"]}/enable`,
    expect: adminOnly(204),
  },
  {
    route: "POST /users/invitations",
    path: () => "/api/v1/users/invitations",
    body: (who) => ({ email: `moi-${who.replace(/\W/g, "")}@x.vn`, displayName: "Mời", role: "leader" }),
    expect: adminOnly(201),
  },
  {
    route: "POST /users/{id}/reset-link",
    path: () => `/api/v1/users/${ids["victim@x.vn"]}/reset-link`,
    expect: adminOnly(201),
  },
  {
    route: "PATCH /users/{id}",
    path: () => `/api/v1/users/${ids["victim@x.vn"]}`,
    body: () => ({ displayName: "victim@x.vn" }),
    expect: adminOnly(200),
  },
  {
    route: "POST /auth/links/lookup",
    path: () => "/api/v1/auth/links/lookup",
    body: () => ({ token: "khong-phai-lien-ket-that-0000" }),
    expect: everyone(404),
  },
  {
    route: "POST /auth/links/use",
    path: () => "/api/v1/auth/links/use",
    body: () => ({ token: "khong-phai-lien-ket-that-0000", password: "a-long-password-1" }),
    // a wrong token counts against the sign-in throttle of the address (3 free tries here)
    expect: { ...everyone(404), "stat-qnam@x.vn": 429, "stat-qng@x.vn": 429, "officer@x.vn": 429 },
  },
  { route: "GET /tokens", path: () => "/api/v1/tokens", expect: readAll() },
  {
    route: "POST /tokens",
    path: () => "/api/v1/tokens",
    body: () => ({ name: "script", scopes: ["read"] }),
    expect: readAll(201),
  },
  {
    route: "POST /tokens/{id}/revoke",
    path: () => "/api/v1/tokens/999999/revoke",
    expect: { ...readAll(404) },
  },
  {
    route: "POST /auth/login",
    path: () => "/api/v1/auth/login",
    body: (who) => ({ email: `nobody-${who.replace(/\W/g, "")}@x.vn`, password: "wrong-password" }),
    expect: everyone(401),
  },
  { route: "POST /auth/logout", path: () => "/api/v1/auth/logout", expect: { ...everyone(204) } },
  { route: "GET /auth/session", path: () => "/api/v1/auth/session", expect: readAll() },
  { route: "GET /org-units", path: () => "/api/v1/org-units", expect: readAll() },
  { route: "GET /agencies", path: () => "/api/v1/agencies?q=Tài chính", expect: readAll() },
  { route: "GET /documents", path: () => "/api/v1/documents", expect: readAll() },
  { route: "GET /indicators", path: () => "/api/v1/indicators?published=false", expect: readAll() },
  { route: "GET /targets", path: () => "/api/v1/targets?orgUnit=p49", expect: readAll() },
  {
    route: "GET /targets/{id}/revisions",
    path: () => `/api/v1/targets/${targetId}/revisions`,
    expect: readAll(),
  },
  {
    route: "POST /targets/{id}/revisions",
    path: () => `/api/v1/targets/${targetId}/revisions`,
    body: () => ({ form: "at_least", low: "24000", reason: "Nghị quyết điều chỉnh dự toán" }),
    expect: adminOnly(201),
  },
  // issue #13: target creation, one at a time and from a plan's spreadsheet (dry run here)
  {
    route: "POST /targets",
    path: () => "/api/v1/targets",
    body: () => ({
      indicator: "qnam24-forest-cover",
      orgUnit: "p49",
      period: "2025",
      form: "at_least",
      low: "59.2",
      documentCode: "qnam-ctct-2024",
      quote: "Tỷ lệ che phủ rừng đạt 59,2% (thử / matrix)",
    }),
    expect: adminOnly(201),
  },
  {
    route: "POST /targets/imports",
    path: () => "/api/v1/targets/imports",
    body: () => {
      const form = new FormData();
      form.set(
        "file",
        new File(
          [
            "indicator_code,org_unit_code,period,form,low,document_code,quote\nqnam24-forest-cover,p49,2026,at_least,59.5,qnam-ctct-2024,đạt 59,5%\n",
          ],
          "chi-tieu.csv",
          { type: "text/csv" },
        ),
      );
      form.set("dryRun", "true");
      return form;
    },
    expect: adminOnly(200),
  },
  // the catalog (admin): each write is made once by the admin; the others change nothing
  {
    route: "GET /indicators/{code}",
    path: () => "/api/v1/indicators/qnam24-budget-revenue",
    expect: readAll(),
  },
  {
    route: "POST /indicators",
    path: () => "/api/v1/indicators",
    body: () => ({
      code: "matrix-indicator",
      nameVi: "Chỉ tiêu thử",
      category: "society",
      unit: "%",
      measureKind: "stock",
      direction: "higher_better",
      frequency: "annual",
    }),
    expect: adminOnly(201),
  },
  {
    route: "PATCH /indicators/{code}",
    path: () => "/api/v1/indicators/matrix-indicator",
    body: () => ({ note: "ghi chú", thresholds: { onTrackPoints: 3 } }),
    expect: adminOnly(),
  },
  {
    route: "POST /org-units",
    path: () => "/api/v1/org-units",
    body: () => ({ code: "matrix-unit", nameVi: "Huyện thử", level: "district", parent: "p49" }),
    expect: adminOnly(201),
  },
  {
    route: "PATCH /org-units/{code}",
    path: () => "/api/v1/org-units/matrix-unit",
    body: () => ({ nameEn: "Test District" }),
    expect: adminOnly(),
  },
  {
    route: "POST /org-units/successions",
    path: () => "/api/v1/org-units/successions",
    body: () => ({
      kind: "rename",
      effectiveOn: "2025-01-01",
      predecessors: ["matrix-unit"],
      newSuccessor: { code: "matrix-town", nameVi: "Thị xã thử" },
    }),
    expect: adminOnly(201),
  },
  {
    route: "POST /agencies",
    path: () => "/api/v1/agencies",
    body: () => ({ code: "matrix-agency", nameVi: "Sở Thử", orgUnit: "p49" }),
    expect: adminOnly(201),
  },
  {
    route: "PATCH /agencies/{code}",
    path: () => "/api/v1/agencies/matrix-agency",
    body: () => ({ shortName: "ST" }),
    expect: adminOnly(),
  },
  {
    route: "POST /agencies/{code}/aliases",
    path: () => "/api/v1/agencies/matrix-agency/aliases",
    body: () => ({ alias: "Sở Thử nghiệm" }),
    expect: adminOnly(201),
  },
  {
    route: "DELETE /agencies/{code}/aliases",
    path: () => `/api/v1/agencies/matrix-agency/aliases?alias=${encodeURIComponent("Sở Thử nghiệm")}`,
    expect: adminOnly(204),
  },
  {
    route: "POST /agencies/successions",
    path: () => "/api/v1/agencies/successions",
    body: () => ({
      kind: "merge",
      effectiveOn: "2025-03-01",
      predecessors: ["matrix-agency"],
      successor: "qnam-so-tai-chinh",
    }),
    expect: adminOnly(201),
  },
  {
    route: "POST /documents",
    path: () => "/api/v1/documents",
    body: () => ({ code: "matrix-document", kind: "KH", titleVi: "Kế hoạch thử" }),
    expect: adminOnly(201),
  },
  {
    route: "PATCH /documents/{code}",
    path: () => "/api/v1/documents/matrix-document",
    body: () => ({ number: "1/KH-UBND", issuedOn: "2025-01-02" }),
    expect: adminOnly(),
  },
  {
    route: "GET /observations",
    path: () => "/api/v1/observations?indicator=qnam24-budget-revenue",
    expect: readAll(),
  },
  {
    route: "POST /observations",
    path: () => "/api/v1/observations",
    body: (who) => budget("2025-01", who.length.toString()),
    // the Quảng Nam statistician writes Quảng Nam; the Quảng Ngãi one may not
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 201,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 403,
    },
  },
  {
    route: "GET /observations/{id}/history",
    path: () => `/api/v1/observations/${observationId}/history`,
    expect: readAll(),
  },
  {
    route: "GET /audit-log",
    path: () => "/api/v1/audit-log",
    expect: { ...adminOnly(), "leader@x.vn": 200 },
  },
  { route: "GET /scorecard", path: () => "/api/v1/scorecard?orgUnit=p49&asOf=2024-09", expect: readAll() },
  {
    route: "POST /imports",
    path: () => "/api/v1/imports?dryRun=true",
    body: () => upload("ma_chi_tieu,don_vi,ky,gia_tri\nqnam24-budget-revenue,p49,2024-01,1500\n"),
    // a preview for those who may upload; the Quảng Ngãi statistician sees "not permitted" rows
    expect: {
      anonymous: 401,
      "admin@x.vn": 200,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 200,
      "stat-qng@x.vn": 200,
      "officer@x.vn": 403,
    },
  },
  { route: "GET /imports", path: () => "/api/v1/imports", expect: importers() },
  { route: "GET /imports/{id}", path: () => "/api/v1/imports/999999", expect: importers(404) },
  {
    route: "POST /imports/{id}/rollback",
    path: () => "/api/v1/imports/999999/rollback",
    expect: importers(404),
  },
  {
    route: "GET /imports/templates/{file}",
    path: () => "/api/v1/imports/templates/long.csv",
    expect: importers(),
  },
  { route: "GET /tasks", path: () => "/api/v1/tasks?document=qnam-ctct-2024", expect: readAll() },
  { route: "GET /tasks/{id}", path: () => `/api/v1/tasks/${taskIds.own}`, expect: readAll() },
  {
    route: "POST /tasks/{id}/status-reports",
    path: () => `/api/v1/tasks/${taskIds.own}/status-reports`,
    body: () => ({ status: "in_progress", progressNote: "Đang triển khai" }),
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 403,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 201,
    },
  },
  {
    // a task another agency leads: the officer may not report on it
    route: "POST /tasks/{id}/status-reports",
    path: () => `/api/v1/tasks/${taskIds.other}/status-reports`,
    body: () => ({ status: "in_progress" }),
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 403,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 403,
    },
  },
  {
    route: "POST /tasks/{id}/deadlines",
    path: () => `/api/v1/tasks/${taskIds.other}/deadlines`,
    body: () => ({
      text: "Quý III năm 2024",
      document: "qng-kh-2024-08-29",
      reason: "Văn bản điều chỉnh tiến độ",
    }),
    expect: adminOnly(201),
  },
  { route: "GET /reporting-duties", path: () => "/api/v1/reporting-duties", expect: readAll() },
  {
    route: "GET /reporting-duties/compliance",
    path: () => "/api/v1/reporting-duties/compliance?period=2024-Q3",
    expect: readAll(),
  },
  {
    route: "POST /reporting-duties/{code}/events",
    path: () => "/api/v1/reporting-duties/qng24-bc-vuong-mac-phien-hop/events",
    body: () => ({
      occurredOn: "2024-10-05",
      description: "Vướng mắc giải phóng mặt bằng dự án đường ven biển",
      agency: "qng-so-y-te",
    }),
    // the officer's agency is of Quảng Nam: it does not report under a Quảng Ngãi plan
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 403,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 403,
    },
  },
  { route: "GET /reminders", path: () => "/api/v1/reminders", expect: adminOnly() },
  // issue #16 item 4: who owes figures
  {
    route: "GET /figure-duties",
    path: () => "/api/v1/figure-duties?year=2024&today=2024-05-01",
    expect: readAll(),
  },
  {
    route: "GET /indicators/{code}/figure-suppliers",
    path: () => "/api/v1/indicators/qnam24-budget-revenue/figure-suppliers",
    expect: readAll(),
  },
  {
    // the statistics office assigns; a statistician only for the org units of their scope
    route: "POST /indicators/{code}/figure-suppliers",
    path: () => "/api/v1/indicators/qnam24-budget-revenue/figure-suppliers",
    body: (who) => ({
      agency: "qnam-so-khdt",
      orgUnit: "p49",
      validFrom: who === "admin@x.vn" ? "2024-01-01" : "2024-07-01",
    }),
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 201,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 403,
    },
  },
  {
    route: "DELETE /indicators/{code}/figure-suppliers/{id}",
    path: () => "/api/v1/indicators/qnam24-budget-revenue/figure-suppliers/999999",
    expect: {
      anonymous: 401,
      "admin@x.vn": 404,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 404,
      "stat-qng@x.vn": 404,
      "officer@x.vn": 403,
    },
  },
  // issue #16 item 7: targets ↔ tasks (links by an administrator only)
  {
    route: "GET /indicators/{code}/tasks",
    path: () => "/api/v1/indicators/qnam24-budget-revenue/tasks",
    expect: readAll(),
  },
  {
    route: "GET /public/indicators/{code}/tasks",
    path: () => "/api/v1/public/indicators/qnam24-budget-revenue/tasks",
    expect: everyone(),
  },
  {
    route: "GET /tasks/{id}/indicators",
    path: () => `/api/v1/tasks/${taskIds.own}/indicators`,
    expect: readAll(),
  },
  {
    route: "PUT /tasks/{id}/indicators/{code}",
    path: () => `/api/v1/tasks/${taskIds.own}/indicators/qnam24-budget-revenue`,
    body: () => ({ basis: "Văn phòng phân công" }),
    expect: adminOnly(),
  },
  {
    route: "DELETE /tasks/{id}/indicators/{code}",
    path: () => `/api/v1/tasks/${taskIds.own}/indicators/qnam24-budget-revenue`,
    expect: adminOnly(),
  },
  {
    route: "GET /reporting-duties/years",
    path: () => "/api/v1/reporting-duties/years?today=2024-12-01",
    expect: readAll(),
  },
  {
    route: "POST /reporting-duties/{code}/deliveries",
    path: () => "/api/v1/reporting-duties/qnam24-bc-chi-tieu-quy/deliveries",
    body: (who) => ({
      period: who === "admin@x.vn" ? "2024-Q2" : "2024-Q3",
      deliveredOn: "2024-10-05",
      documentNumber: "12/BC-STC",
      agency: "qnam-so-tai-chinh",
    }),
    expect: {
      anonymous: 401,
      "admin@x.vn": 201,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 403,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 201,
    },
  },
  {
    route: "GET /agencies/{code}/scorecard",
    path: () => "/api/v1/agencies/qnam-so-tai-chinh/scorecard?year=2024",
    expect: readAll(),
  },
  { route: "GET /agency-scorecard", path: () => "/api/v1/agency-scorecard?year=2024", expect: readAll() },
  // issue #20: explanations by the lead agency's officer (officer@x.vn is of Sở Tài chính, which
  // leads budget revenue), published by an admin or leader; directions by a leader; drafts
  {
    route: "PUT /explanations",
    path: () => "/api/v1/explanations",
    body: () => ({
      indicator: "qnam24-budget-revenue",
      orgUnit: "p49",
      period: "2024-9M",
      causesVi: "Thu tiền sử dụng đất đạt thấp.",
      measuresVi: "Đẩy nhanh đấu giá quyền sử dụng đất.",
    }),
    expect: { ...adminOnly(), "officer@x.vn": 200 },
  },
  {
    route: "PUT /explanations",
    path: () => "/api/v1/explanations",
    // the officer of Sở Tài chính may not explain a target Sở Y tế leads
    body: () => ({
      indicator: "qnam24-health-insurance",
      orgUnit: "p49",
      period: "2024",
      causesVi: "x",
      measuresVi: "y",
    }),
    expect: adminOnly(),
  },
  { route: "GET /explanations", path: () => "/api/v1/explanations?orgUnit=p49", expect: readAll() },
  {
    route: "GET /public/explanations",
    path: () => "/api/v1/public/explanations?orgUnit=p49",
    expect: everyone(),
  },
  {
    route: "POST /explanations/{id}/publication",
    path: () => "/api/v1/explanations/1/publication",
    body: () => ({ isPublic: true }),
    expect: { ...adminOnly(), "leader@x.vn": 200 },
  },
  {
    route: "POST /directions",
    path: () => "/api/v1/directions",
    body: () => ({
      orgUnit: "p49",
      meetingDate: "2024-10-02",
      subject: "meeting",
      textVi: "Các sở, ngành tập trung thực hiện các giải pháp tăng thu ngân sách.",
      leadAgency: "qnam-so-tai-chinh",
      supportAgencies: ["qnam-so-khdt"],
      deadline: "2024-12-31",
    }),
    expect: { ...adminOnly(201), "leader@x.vn": 201 },
  },
  { route: "GET /directions", path: () => "/api/v1/directions?orgUnit=p49", expect: readAll() },
  {
    route: "PATCH /conclusions/{code}",
    path: () => "/api/v1/conclusions/tbkl-p49-2024-10-02",
    body: () => ({ number: "512/TB-UBND", issuedOn: "2024-10-04" }),
    expect: adminOnly(),
  },
  {
    route: "POST /report-drafts",
    path: () => "/api/v1/report-drafts",
    body: () => ({ orgUnit: "p49", period: "2024-9M", today: "2024-10-15" }),
    expect: { ...importers(201), "leader@x.vn": 201 },
  },
  { route: "GET /report-drafts", path: () => "/api/v1/report-drafts?orgUnit=p49", expect: readAll() },
  { route: "GET /report-drafts/{id}", path: () => "/api/v1/report-drafts/1?lang=en", expect: readAll() },
  {
    route: "GET /report-drafts/{id}/file",
    path: () => "/api/v1/report-drafts/1/file?format=docx",
    expect: readAll(),
  },
  {
    route: "GET /report-drafts/{id}/file",
    path: () => "/api/v1/report-drafts/1/file?format=pdf",
    expect: readAll(),
  },
  {
    route: "GET /report-drafts/{id}/file",
    path: () => "/api/v1/report-drafts/1/file?format=xlsx",
    expect: readAll(),
  },
  {
    route: "POST /task-imports",
    path: () => "/api/v1/task-imports?dryRun=true",
    body: () =>
      taskUpload(
        "STT,Nhiệm vụ,Cơ quan chủ trì,Thời gian hoàn thành\n1,Xây dựng đề án thử,Sở Tài chính,Quý IV năm 2024\n",
      ),
    expect: {
      anonymous: 401,
      "admin@x.vn": 200,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 200,
      "stat-qng@x.vn": 200,
      "officer@x.vn": 403,
    },
  },
  {
    route: "GET /task-imports",
    path: () => "/api/v1/task-imports",
    expect: {
      anonymous: 401,
      "admin@x.vn": 200,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 200,
      "stat-qng@x.vn": 200,
      "officer@x.vn": 200,
    },
  },
  {
    route: "POST /task-imports/{id}/rollback",
    path: () => "/api/v1/task-imports/999999/rollback",
    expect: {
      anonymous: 401,
      "admin@x.vn": 404,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 404,
      "stat-qng@x.vn": 404,
      "officer@x.vn": 404,
    },
  },
  {
    route: "POST /task-status-imports",
    path: () => "/api/v1/task-status-imports?dryRun=true",
    body: () =>
      taskUpload(
        "Mã nhiệm vụ,Trạng thái,Ghi chú\nqnam24-all-main-indicators-met-or-exceeded,đang thực hiện,ok\n",
        false,
      ),
    expect: {
      anonymous: 401,
      "admin@x.vn": 200,
      "leader@x.vn": 403,
      "stat-qnam@x.vn": 403,
      "stat-qng@x.vn": 403,
      "officer@x.vn": 200,
    },
  },
  { route: "GET /public/indicators", path: () => "/api/v1/public/indicators", expect: everyone() },
  {
    route: "GET /public/indicators/{code}",
    path: () => "/api/v1/public/indicators/qnam24-budget-revenue",
    expect: everyone(),
  },
  {
    route: "GET /public/scorecard",
    path: () => "/api/v1/public/scorecard?orgUnit=p49&asOf=2024",
    expect: everyone(),
  },
  { route: "GET /public/version", path: () => "/api/v1/public/version", expect: everyone() },
  // issue #13 item 8: predecessors' figures, roll-up, ratios
  {
    route: "GET /lineage/{code}/{orgUnit}/{asOf}",
    path: () => "/api/v1/lineage/qnam24-budget-revenue/p48/2025",
    expect: readAll(),
  },
  {
    route: "GET /public/lineage/{code}/{orgUnit}/{asOf}",
    path: () => "/api/v1/public/lineage/qnam24-budget-revenue/p48/2025",
    expect: everyone(),
  },
];

describe(`authorisation matrix on ${testEngine()}`, () => {
  beforeAll(async () => {
    const target = await t.db
      .selectFrom("target as tg")
      .innerJoin("indicator as i", "i.id", "tg.indicator_id")
      .select("tg.id")
      .where("i.code", "=", "qnam24-budget-revenue")
      .executeTakeFirstOrThrow();
    targetId = target.id;
    const obs = await t.db
      .selectFrom("observation")
      .select("id")
      .where("superseded_at", "is", null)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const taskId = async (code: string) =>
      (await t.db.selectFrom("task").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    taskIds.own = await taskId("qnam24-all-main-indicators-met-or-exceeded");
    taskIds.other = await taskId("kh124-01");
    observationId = obs.id;
  });

  it("covers every route of the OpenAPI document", async () => {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual([...new Set(matrix.map((m) => m.route))].sort());
  });

  // every answer is checked against the schema the document gives for its status and media type
  let checkBody: (route: string, r: Response) => Promise<string | null>;
  beforeAll(async () => {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
      >;
      components: object;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // the answers are closed (issue #14): a field the document does not name fails, as does a
    // misspelt one (`name_vi` for `nameVi`)
    closeObjects(doc);
    checkBody = async (route, r) => {
      const [method, p] = route.split(" ") as [string, string];
      const documented = doc.paths[p]?.[method.toLowerCase()]?.responses[String(r.status)];
      if (!documented) return `${route}: status ${r.status} is not documented`;
      const type = (r.headers.get("content-type") ?? "").split(";")[0] as string;
      const text = await r.text();
      if (!documented.content)
        return text === "" ? null : `${route} ${r.status}: a body where none is documented`;
      const media = documented.content[type];
      if (!media) return `${route} ${r.status}: ${type} is not documented`;
      if (!type.endsWith("json")) return null; // a file: its media type is the contract
      const validate = ajv.compile({ ...media.schema, components: doc.components });
      return validate(JSON.parse(text))
        ? null
        : `${route} ${r.status}: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`;
    };
  });

  const schemaFailures: string[] = [];
  for (const entry of matrix) {
    it(`${entry.route} ${entry.path().includes("999999") ? "(unknown id)" : ""}`, async () => {
      const [method] = entry.route.split(" ") as [string];
      const outcome: Record<string, number> = {};
      for (const who of ROLES) {
        // logout ends the session: give it a throwaway one
        const s =
          entry.route === "POST /auth/logout" && who !== "anonymous"
            ? await session(who)
            : (sessions[who] ?? null);
        const r = await call(s, method, entry.path(), entry.body?.(who));
        outcome[who] = r.status;
        if (r.status >= 400) expect(r.headers.get("content-type")).toContain("application/problem+json");
        const failure = await checkBody(entry.route, r);
        if (failure) schemaFailures.push(`${who}: ${failure}`);
      }
      expect(outcome).toEqual(entry.expect);
    });
  }

  it("answers every call of the matrix with a body its documented schema accepts", () => {
    expect(schemaFailures.join("\n")).toBe("");
  });

  it("records every catalog write as the admin's, none as anyone else's", async () => {
    const rows = await t.db
      .selectFrom("audit_log as l")
      .innerJoin("app_user as u", "u.id", "l.user_id")
      .select(["u.email", "l.entity", "l.entity_id"])
      .where("l.entity_id", "like", "matrix-%")
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.email))).toEqual(new Set(["admin@x.vn"]));
  });
});

describe(`sessions and CSRF on ${testEngine()}`, () => {
  it("sets an HttpOnly SameSite cookie and never stores the session id in clear", async () => {
    const r = await login("leader@x.vn");
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = cookie.split(";")[0]?.split("=")[1] as string;
    const stored = await t.db.selectFrom("session").select("id_hash").execute();
    expect(stored.some((s) => s.id_hash === token)).toBe(false);
  });

  it("stores passwords as argon2id hashes", async () => {
    const row = await t.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("email", "=", "admin@x.vn")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("does not promote a session id planted before login (fixation)", async () => {
    const planted = await session("leader@x.vn");
    const r = await login("leader@x.vn", PASSWORD, { cookie: planted.cookie });
    expect(r.status).toBe(200);
    const fresh = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
      ";",
    )[0];
    expect(fresh).not.toBe(planted.cookie);
    expect((await call(planted, "GET", "/api/v1/auth/session")).status).toBe(401);
  });

  it("refuses every cookie-authenticated write without the CSRF token, or from another origin", async () => {
    const s = sessions["admin@x.vn"] as Session;
    const writes = matrix.filter((m) => !m.route.startsWith("GET") && m.route !== "POST /auth/login");
    for (const w of writes) {
      const [method] = w.route.split(" ") as [string];
      const noToken = await app.request(w.path(), {
        method,
        headers: { cookie: s.cookie, "content-type": "application/json" },
        body: JSON.stringify(w.body?.("admin@x.vn") ?? {}),
      });
      expect([w.route, noToken.status]).toEqual([w.route, 403]);
      const wrongToken = await call({ ...s, csrf: "x".repeat(32) }, method, w.path(), w.body?.("admin@x.vn"));
      expect([w.route, wrongToken.status]).toEqual([w.route, 403]);
      const crossSite = await call(s, method, w.path(), w.body?.("admin@x.vn"), {
        origin: "https://evil.example",
      });
      expect([w.route, crossSite.status]).toEqual([w.route, 403]);
    }
  });

  it("throttles failed logins per account and answers 429 with Retry-After", async () => {
    for (let i = 0; i < 3; i++) expect((await login("officer@x.vn", "wrong")).status).toBe(401);
    const blocked = await login("officer@x.vn", PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // another account from the same place is not punished for it
    expect((await login("leader@x.vn")).status).toBe(200);
  });

  it("ends a disabled user's live session at once", async () => {
    const victim = await session("victim@x.vn");
    expect((await call(victim, "GET", "/api/v1/documents")).status).toBe(200);
    expect(
      (await call(sessions["admin@x.vn"] as Session, "POST", `/api/v1/users/${ids["victim@x.vn"]}/disable`))
        .status,
    ).toBe(204);
    expect((await call(victim, "GET", "/api/v1/documents")).status).toBe(401);
    expect((await login("victim@x.vn")).status).toBe(401);
    await call(sessions["admin@x.vn"] as Session, "POST", `/api/v1/users/${ids["victim@x.vn"]}/enable`);
  });

  it("logs out: the cookie stops working", async () => {
    const s = await session("leader@x.vn");
    expect((await call(s, "POST", "/api/v1/auth/logout")).status).toBe(204);
    expect((await call(s, "GET", "/api/v1/documents")).status).toBe(401);
  });
});

describe(`API tokens on ${testEngine()}`, () => {
  it("work for scripts within their scopes, are hashed at rest, and stop when revoked", async () => {
    const s = sessions["stat-qnam@x.vn"] as Session;
    const created = (await (
      await call(s, "POST", "/api/v1/tokens", { name: "nightly", scopes: ["read", "observations:write"] })
    ).json()) as { id: number; token: string };
    expect(created.token).toMatch(/^ct_/);
    const stored = await t.db
      .selectFrom("api_token")
      .select("token_hash")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.token);
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await app.request("/api/v1/documents", { headers: bearer })).status).toBe(200);
    // no CSRF token needed for a bearer token, but the scope of the user still applies
    const write = await app.request("/api/v1/observations", {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify(budget("2025-02", "10")),
    });
    expect(write.status).toBe(201);
    const outside = await app.request("/api/v1/observations", {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ ...budget("2025-02", "10"), indicator: "kh214-grdp-growth", orgUnit: "p51" }),
    });
    expect(outside.status).toBe(403);
    const readOnly = (await (
      await call(s, "POST", "/api/v1/tokens", { name: "ro", scopes: ["read"] })
    ).json()) as { token: string };
    const denied = await app.request("/api/v1/observations", {
      method: "POST",
      headers: { authorization: `Bearer ${readOnly.token}`, "content-type": "application/json" },
      body: JSON.stringify(budget("2025-03", "1")),
    });
    expect(denied.status).toBe(403);
    expect((await call(s, "POST", `/api/v1/tokens/${created.id}/revoke`)).status).toBe(204);
    expect((await app.request("/api/v1/documents", { headers: bearer })).status).toBe(401);
  });
});

describe(`an administrator's API tokens on ${testEngine()}`, () => {
  it("never manage accounts, and revise targets only with the catalog:write scope", async () => {
    const admin = sessions["admin@x.vn"] as Session;
    const token = async (scopes: string[]) =>
      (
        (await (await call(admin, "POST", "/api/v1/tokens", { name: scopes.join("+"), scopes })).json()) as {
          token: string;
        }
      ).token;
    const send = (tok: string, method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${tok}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const readOnly = await token(["read"]);
    const everything = await token(["*"]);
    const usersBefore = await t.db.selectFrom("app_user").select("id").execute();
    for (const tok of [readOnly, everything]) {
      const created = await send(tok, "POST", "/api/v1/users", {
        email: `minted-${usersBefore.length}@x.vn`,
        displayName: "Minted",
        password: "a-long-password-1",
        role: "admin",
      });
      expect(created.status).toBe(403);
      expect((await send(tok, "POST", `/api/v1/users/${usersBefore[0]?.id}/disable`)).status).toBe(403);
    }
    expect(await t.db.selectFrom("app_user").select("id").execute()).toHaveLength(usersBefore.length);
    expect((await send(readOnly, "GET", "/api/v1/users")).status).toBe(200);

    const revision = { form: "at_least", low: "7", reason: "Nghị quyết điều chỉnh giữa năm" };
    const before = await t.db.selectFrom("target_revision").select("id").execute();
    expect((await send(readOnly, "POST", `/api/v1/targets/${targetId}/revisions`, revision)).status).toBe(
      403,
    );
    expect(await t.db.selectFrom("target_revision").select("id").execute()).toHaveLength(before.length);
    const writer = await token(["read", "catalog:write"]);
    expect((await send(writer, "POST", `/api/v1/targets/${targetId}/revisions`, revision)).status).toBe(201);
  });
});

describe(`hostile text on ${testEngine()}`, () => {
  it("stores SQL and HTML in text fields verbatim and returns them harmlessly as JSON", async () => {
    const nasty = `Robert'); DROP TABLE app_user;-- <script>alert(1)</script>`;
    const admin = sessions["admin@x.vn"] as Session;
    const created = await call(admin, "POST", "/api/v1/users", {
      email: "nasty@x.vn",
      displayName: nasty,
      password: "a-long-password-1",
      role: "leader",
    });
    expect(created.status).toBe(201);
    const revised = await call(admin, "POST", `/api/v1/targets/${targetId}/revisions`, {
      form: "at_least",
      low: "24100",
      reason: nasty,
    });
    expect(revised.status).toBe(201);
    const list = await call(admin, "GET", "/api/v1/users?limit=500");
    expect(list.headers.get("content-type")).toContain("application/json");
    const body = (await list.json()) as { users: { displayName: string }[] };
    expect(body.users.some((u) => u.displayName === nasty)).toBe(true);
    const revisions = (await (await call(admin, "GET", `/api/v1/targets/${targetId}/revisions`)).json()) as {
      revisions: { reason: string }[];
    };
    expect(revisions.revisions[0]?.reason).toBe(nasty);
    const search = await call(admin, "GET", `/api/v1/agencies?q=${encodeURIComponent("%' or 1=1 --")}`);
    expect(((await search.json()) as { items: unknown[] }).items).toEqual([]);
    expect(await t.db.selectFrom("app_user").select("id").execute()).not.toHaveLength(0);
  });

  it("refuses malformed input with a problem that says where", async () => {
    const admin = sessions["admin@x.vn"] as Session;
    const r = await call(admin, "POST", `/api/v1/targets/${targetId}/revisions`, {
      form: "range_floor",
      low: "8",
      high: "7,5",
      reason: "x",
    });
    expect(r.status).toBe(400);
    const problem = (await r.json()) as { code: string; errors: { path: string }[]; detail: string };
    expect(problem.code).toBe("invalid_request");
    expect(problem.errors.map((e) => e.path)).toContain("high");
    const inverted = await call(admin, "POST", `/api/v1/targets/${targetId}/revisions`, {
      form: "range_floor",
      low: "8",
      high: "7.5",
      reason: "đảo mức",
    });
    expect(inverted.status).toBe(400);
    expect(((await inverted.json()) as { code: string }).code).toBe("invalid_target");
  });
});

describe(`public API on ${testEngine()}`, () => {
  it("reveals no unpublished indicator, user, batch or note anywhere (crawled)", async () => {
    const unpublished = await t.db
      .selectFrom("indicator")
      .select("code")
      .where("published", "=", false)
      .execute();
    expect(unpublished.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const queue = [
      "/api/v1/public/indicators",
      "/api/v1/public/scorecard?orgUnit=p49&asOf=2024",
      "/api/v1/public/scorecard?orgUnit=p51&asOf=2024",
    ];
    for (const u of unpublished) queue.push(`/api/v1/public/indicators/${u.code}`);
    const bodies: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift() as string;
      if (seen.has(url)) continue;
      seen.add(url);
      const r = await app.request(url);
      const text = await r.text();
      if (unpublished.some((u) => url.endsWith(`/${u.code}`))) {
        expect([url, r.status]).toEqual([url, 404]);
        continue;
      }
      expect([url, r.status]).toEqual([url, 200]);
      bodies.push(text);
      const json = JSON.parse(text) as {
        indicators?: { code: string }[];
        rows?: { indicator: { code: string } }[];
      };
      for (const i of json.indicators ?? []) queue.push(`/api/v1/public/indicators/${i.code}`);
      for (const row of json.rows ?? []) queue.push(`/api/v1/public/indicators/${row.indicator.code}`);
    }
    const all = bodies.join("\n");
    for (const u of unpublished) expect(all).not.toContain(`"${u.code}"`);
    for (const secret of ["password", "email", "batch_id", "recorded_by", "@x.vn", "csrf"])
      expect(all).not.toContain(secret);
  });

  it("revalidates with ETag and answers 304", async () => {
    const first = await app.request("/api/v1/public/indicators");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("cache-control")).toContain("public");
    const again = await app.request("/api/v1/public/indicators", {
      headers: { "if-none-match": etag as string },
    });
    expect(again.status).toBe(304);
  });
});

/** Every object schema that names its properties and says nothing of others refuses others. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) closeObjects(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  if (o.properties && typeof o.properties === "object" && o.additionalProperties === undefined && !o.allOf)
    o.additionalProperties = false;
  for (const v of Object.values(o)) closeObjects(v);
}

import { createApp, hashPassword, LoginThrottle, servicesFromHandle } from "@chitieu/api";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureDuties, figureDutiesAndGaps } from "../../apps/api/src/services/figure-duties.ts";

// Issue 16, item 4, "the office's assignment": the statistics office assigns which agency supplies
// an indicator's figures (for every org unit or one, from a day), overriding the lead agency; the
// duties follow the assignment in force on the period's last day. Indicators with neither are
// listed as unassigned. Tried through the API with every role, the way an attacker would.

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";

interface Session {
  cookie: string;
  csrf: string;
}
const sessions: Record<string, Session> = {};

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
    const ref = await t.db.selectFrom(kind).select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await t.db
      .insertInto("user_scope")
      .values({ user_id: user.id, scope_kind: kind, ref_id: ref.id })
      .execute();
  }
  const r = await app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(";")[0];
  sessions[email] = { cookie: cookie as string, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

async function call(who: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  const s = who ? sessions[who] : undefined;
  if (s) {
    headers.cookie = s.cookie;
    if (method !== "GET") headers["x-csrf-token"] = s.csrf;
  }
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await app.request(`/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely
  return { status: r.status, body: (await r.json()) as any };
}

const supplierRows = () => t.db.selectFrom("figure_supplier").selectAll().orderBy("id").execute();
const audits = () =>
  t.db
    .selectFrom("audit_log")
    .select(["action", "entity_id", "old_value", "new_value"])
    .where("entity", "=", "figure_supplier")
    .orderBy("id")
    .execute();
const owed = async (agency: string, today = "2024-05-01") =>
  (await figureDuties(t.db, { year: 2024, today, agency }))
    .filter((s) => s.state === "late")
    .map((s) => `${s.indicator.code} ${s.orgUnit} ${s.period} ${s.source}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  app = createApp({
    services: servicesFromHandle(t),
    log: () => {},
    loginThrottle: new LoginThrottle({ windowMs: 60_000, pair: { free: 50, maxDelayS: 1 } }),
  });
  await addUser("admin@x.vn", "admin");
  await addUser("leader@x.vn", "leader");
  await addUser("stat-qnam@x.vn", "statistician", { scope: [["org_unit", "p49"]] });
  await addUser("stat-qng@x.vn", "statistician", { scope: [["org_unit", "p51"]] });
  await addUser("stat-none@x.vn", "statistician");
  await addUser("officer@x.vn", "agency_officer", { agency: "qnam-so-tai-chinh" });
});
afterAll(async () => {
  await t?.drop();
});

describe(`who supplies figures, on ${testEngine()}`, () => {
  it("an indicator with no lead agency and no assignment owes nothing, and is listed as unassigned", async () => {
    const { slots, unassigned } = await figureDutiesAndGaps(t.db, { year: 2024, today: "2024-05-01" });
    expect(slots.some((s) => s.indicator.code === "qnam24-disbursement")).toBe(false);
    const gap = unassigned.find((u) => u.indicator.code === "qnam24-disbursement");
    expect(gap?.indicator.nameVi).toContain("Tỷ lệ giải ngân so với kế hoạch vốn được giao");
    expect(gap?.orgUnits).toEqual([{ code: "p49", nameVi: "Tỉnh Quảng Nam" }]);
    expect(gap?.periods).toBe(12); // monthly, 2024
    // the 2021-2030 plan of Quảng Ngãi names no lead agency either
    expect(unassigned.map((u) => u.indicator.code)).toContain("kh214-grdp-growth");
    // and the route says so to every signed-in role
    const r = await call("officer@x.vn", "GET", "/figure-duties?year=2024&today=2024-05-01");
    expect(r.status).toBe(200);
    expect(r.body.unassigned.map((u: { indicator: { code: string } }) => u.indicator.code)).toContain(
      "qnam24-disbursement",
    );
  });

  it("an agency officer, a leader, anyone signed out and a statistician without scope cannot assign", async () => {
    const body = { agency: "qnam-so-tai-chinh", validFrom: "2024-01-01" };
    const path = "/indicators/qnam24-disbursement/figure-suppliers";
    expect((await call(null, "POST", path, body)).status).toBe(401);
    const officer = await call("officer@x.vn", "POST", path, body);
    expect(officer.status).toBe(403);
    expect(officer.body.detail).toContain("Không có quyền");
    expect(officer.body.detailEn).toContain("Not allowed");
    // naming their own agency for their own province's unit does not help
    expect((await call("officer@x.vn", "POST", path, { ...body, orgUnit: "p49" })).status).toBe(403);
    expect((await call("leader@x.vn", "POST", path, body)).status).toBe(403);
    expect((await call("stat-none@x.vn", "POST", path, { ...body, orgUnit: "p49" })).status).toBe(403);
    // a statistician of Quảng Ngãi cannot assign for Quảng Nam, nor for every unit
    expect((await call("stat-qng@x.vn", "POST", path, { ...body, orgUnit: "p49" })).status).toBe(403);
    expect((await call("stat-qng@x.vn", "POST", path, body)).status).toBe(403);
    // a statistician of Quảng Nam cannot assign for every unit (beyond p49) either
    expect((await call("stat-qnam@x.vn", "POST", path, body)).status).toBe(403);
    // without the CSRF token the admin's session writes nothing either
    const noCsrf = await app.request(`/api/v1${path}`, {
      method: "POST",
      headers: { cookie: sessions["admin@x.vn"]?.cookie ?? "", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(noCsrf.status).toBe(403);
    expect(await supplierRows()).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it("bad input is refused in Vietnamese and English and writes nothing", async () => {
    const path = "/indicators/qnam24-disbursement/figure-suppliers";
    const unknown = await call("admin@x.vn", "POST", path, {
      agency: "qnam-so-khong-co",
      validFrom: "2024-01-01",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("unknown_reference");
    expect(unknown.body.detail).toBe("Không có cơ quan qnam-so-khong-co.");
    expect(unknown.body.detailEn).toBe("No agency qnam-so-khong-co.");
    const unit = await call("admin@x.vn", "POST", path, {
      agency: "qnam-so-khdt",
      orgUnit: "p99",
      validFrom: "2024-01-01",
    });
    expect([unit.status, unit.body.code]).toEqual([400, "unknown_reference"]);
    const range = await call("admin@x.vn", "POST", path, {
      agency: "qnam-so-khdt",
      validFrom: "2024-06-01",
      validTo: "2024-05-31",
    });
    expect([range.status, range.body.code]).toEqual([400, "invalid_range"]);
    expect(range.body.detail).toBe("Ngày kết thúc (2024-05-31) trước ngày bắt đầu (2024-06-01).");
    // Sở KHĐT Quảng Nam merged into Sở Tài chính on 28/02/2025
    const ended = await call("admin@x.vn", "POST", path, { agency: "qnam-so-khdt", validFrom: "2025-03-01" });
    expect([ended.status, ended.body.code]).toEqual([400, "agency_ended"]);
    expect(ended.body.detail).toContain("đã thôi hoạt động từ 2025-02-28");
    const date = await call("admin@x.vn", "POST", path, { agency: "qnam-so-khdt", validFrom: "01/01/2024" });
    expect(date.status).toBe(400);
    const none = await call("admin@x.vn", "POST", "/indicators/khong-co/figure-suppliers", {
      agency: "qnam-so-khdt",
      validFrom: "2024-01-01",
    });
    expect(none.status).toBe(404);
    expect(await supplierRows()).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it("the admin assigns an indicator without a lead agency: that agency owes its figures, audited", async () => {
    expect(await owed("qnam-so-khdt")).not.toContain("qnam24-disbursement p49 2024-01 assigned");
    const r = await call("admin@x.vn", "POST", "/indicators/qnam24-disbursement/figure-suppliers", {
      agency: "qnam-so-khdt",
      validFrom: "2024-01-01",
      basis: "Cục Thống kê giao theo Công văn số 12/CTK-TH",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      indicator: "qnam24-disbursement",
      agency: { code: "qnam-so-khdt", nameVi: "Sở Kế hoạch và Đầu tư tỉnh Quảng Nam" },
      orgUnit: null,
      validFrom: "2024-01-01",
      validTo: null,
    });
    const late = (await owed("qnam-so-khdt")).filter((s) => s.startsWith("qnam24-disbursement"));
    expect(late).toEqual([
      "qnam24-disbursement p49 2024-01 assigned",
      "qnam24-disbursement p49 2024-02 assigned",
      "qnam24-disbursement p49 2024-03 assigned",
    ]);
    const { unassigned } = await figureDutiesAndGaps(t.db, { year: 2024, today: "2024-05-01" });
    expect(unassigned.map((u) => u.indicator.code)).not.toContain("qnam24-disbursement");
    const [a] = await audits();
    expect(a?.action).toBe("create");
    expect(a?.entity_id).toMatch(/^qnam24-disbursement\/\*#\d+$/);
    const listed = await call("leader@x.vn", "GET", "/indicators/qnam24-disbursement/figure-suppliers");
    expect(listed.status).toBe(200);
    expect(listed.body.leadAgency).toBeNull();
    expect(listed.body.items).toMatchObject([
      {
        agency: { code: "qnam-so-khdt" },
        orgUnit: null,
        validFrom: "2024-01-01",
        validTo: null,
        basis: "Cục Thống kê giao theo Công văn số 12/CTK-TH",
        createdBy: "admin@x.vn",
      },
    ]);
  });

  it("an assignment from 1/3 moves the figures of the periods ending from then on, the earlier stay with the lead agency", async () => {
    // Thu ngân sách trên địa bàn: Sở Tài chính Quảng Nam leads; the Quảng Nam statistician
    // assigns Tỉnh Quảng Nam's figures to Sở KHĐT from 01/03/2024
    const r = await call("stat-qnam@x.vn", "POST", "/indicators/qnam24-budget-revenue/figure-suppliers", {
      agency: "qnam-so-khdt",
      orgUnit: "p49",
      validFrom: "2024-03-01",
    });
    expect(r.status).toBe(201);
    const finance = (await owed("qnam-so-tai-chinh")).filter((s) =>
      s.startsWith("qnam24-budget-revenue p49"),
    );
    expect(finance).toEqual([
      "qnam24-budget-revenue p49 2024-01 lead",
      "qnam24-budget-revenue p49 2024-02 lead",
    ]);
    const planning = (await owed("qnam-so-khdt")).filter((s) => s.startsWith("qnam24-budget-revenue p49"));
    expect(planning).toEqual(["qnam24-budget-revenue p49 2024-03 assigned"]);
    // Thu nội địa (its own indicator) still with Sở Tài chính
    expect(await owed("qnam-so-tai-chinh")).toContain("qnam24-budget-revenue-domestic p49 2024-03 lead");
    // the Quảng Ngãi statistician cannot remove it
    const id = r.body.id as number;
    expect(
      (await call("stat-qng@x.vn", "DELETE", `/indicators/qnam24-budget-revenue/figure-suppliers/${id}`))
        .status,
    ).toBe(403);
    expect(
      (await call("officer@x.vn", "DELETE", `/indicators/qnam24-budget-revenue/figure-suppliers/${id}`))
        .status,
    ).toBe(403);
    // nor anyone through another indicator's path
    expect(
      (await call("admin@x.vn", "DELETE", `/indicators/qnam24-disbursement/figure-suppliers/${id}`)).status,
    ).toBe(404);
    expect((await supplierRows()).length).toBe(2);
  });

  it("a new assignment hands over: the one in force ends the day before; an overlap is refused", async () => {
    const path = "/indicators/qnam24-disbursement/figure-suppliers";
    const before = await audits();
    const overlap = await call("admin@x.vn", "POST", path, {
      agency: "qnam-so-tai-chinh",
      validFrom: "2023-07-01",
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe("supplier_overlap");
    expect(overlap.body.detail).toContain("đã được giao từ 2024-01-01");
    expect(await audits()).toEqual(before);

    const r = await call("admin@x.vn", "POST", path, {
      agency: "qnam-so-tai-chinh",
      validFrom: "2024-03-01",
    });
    expect(r.status).toBe(201);
    const listed = await call("admin@x.vn", "GET", "/indicators/qnam24-disbursement/figure-suppliers");
    expect(
      listed.body.items.map((i: { agency: { code: string }; validFrom: string; validTo: string | null }) => [
        i.agency.code,
        i.validFrom,
        i.validTo,
      ]),
    ).toEqual([
      ["qnam-so-tai-chinh", "2024-03-01", null],
      ["qnam-so-khdt", "2024-01-01", "2024-02-29"],
    ]);
    expect((await owed("qnam-so-khdt")).filter((s) => s.startsWith("qnam24-disbursement"))).toEqual([
      "qnam24-disbursement p49 2024-01 assigned",
      "qnam24-disbursement p49 2024-02 assigned",
    ]);
    expect((await owed("qnam-so-tai-chinh")).filter((s) => s.startsWith("qnam24-disbursement"))).toEqual([
      "qnam24-disbursement p49 2024-03 assigned",
    ]);
    const after = await audits();
    expect(after.slice(before.length).map((a) => [a.action, a.old_value, a.new_value])).toEqual([
      ["update", { valid_to: null }, { valid_to: "2024-02-29" }],
      [
        "create",
        null,
        {
          agency: "qnam-so-tai-chinh",
          org_unit: null,
          valid_from: "2024-03-01",
          valid_to: null,
          basis: null,
        },
      ],
    ]);
  });

  it("removing an assignment gives the figures back to the lead agency, audited", async () => {
    const rows = await supplierRows();
    const revenue = rows.find((r) => r.org_unit_id !== null);
    const r = await call(
      "stat-qnam@x.vn",
      "DELETE",
      `/indicators/qnam24-budget-revenue/figure-suppliers/${revenue?.id}`,
    );
    expect(r.status).toBe(200);
    expect(
      (await owed("qnam-so-tai-chinh")).filter((s) => s.startsWith("qnam24-budget-revenue p49")),
    ).toEqual([
      "qnam24-budget-revenue p49 2024-01 lead",
      "qnam24-budget-revenue p49 2024-02 lead",
      "qnam24-budget-revenue p49 2024-03 lead",
    ]);
    const last = (await audits()).at(-1);
    expect(last?.action).toBe("delete");
    expect(last?.old_value).toMatchObject({
      agency: "qnam-so-khdt",
      org_unit: "p49",
      valid_from: "2024-03-01",
    });
    expect(
      (
        await call(
          "stat-qnam@x.vn",
          "DELETE",
          `/indicators/qnam24-budget-revenue/figure-suppliers/${revenue?.id}`,
        )
      ).status,
    ).toBe(404);
  });
});

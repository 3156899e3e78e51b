import { createHash } from "node:crypto";
import { createApp, hashPassword, LoginThrottle, servicesFromHandle } from "@chitieu/api";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Accounts as an office runs them (issue 17, item 6): invitations and resets by one-time links,
// edits of role, agency and province scope, and a statistician's uploads kept to their province.

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";
const sent: { to: string[]; subject: string; text: string; html: string }[] = [];
let mailApp: ReturnType<typeof createApp>;

interface Session {
  cookie: string;
  csrf: string;
}
const ids: Record<string, number> = {};

async function addUser(email: string, role: "admin" | "leader" | "statistician" | "agency_officer") {
  const agency =
    role === "agency_officer"
      ? await t.db
          .selectFrom("agency")
          .select("id")
          .where("code", "=", "qnam-so-tai-chinh")
          .executeTakeFirstOrThrow()
      : null;
  const u = await t.db
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
  ids[email] = u.id;
}

async function login(email: string, password = PASSWORD, on = app): Promise<Response> {
  return on.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

async function session(email: string, password = PASSWORD): Promise<Session> {
  const r = await login(email, password);
  expect(r.status).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
    ";",
  )[0] as string;
  return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

function call(s: Session | null, method: string, path: string, body?: unknown, on = app) {
  const headers: Record<string, string> = {};
  if (s) {
    headers.cookie = s.cookie;
    if (method !== "GET") headers["x-csrf-token"] = s.csrf;
  }
  if (body instanceof FormData) return on.request(path, { method, headers, body });
  if (body !== undefined) headers["content-type"] = "application/json";
  return on.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const unitId = async (code: string) =>
  (await t.db.selectFrom("org_unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

interface Issued {
  userId: number;
  email: string;
  kind: string;
  token: string;
  path: string;
  link: string;
  expiresAt: string;
  mailed: boolean;
  mailVi: string;
  mailEn: string;
}

let admin: Session;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const services = servicesFromHandle(t);
  app = createApp({ services, log: () => {}, loginThrottle: new LoginThrottle() });
  mailApp = createApp({
    services,
    log: () => {},
    mailTransport: {
      sendMail: async (m) => {
        sent.push(m);
        return { messageId: `m${sent.length}` };
      },
    },
  });
  await addUser("admin@x.vn", "admin");
  await addUser("leader@x.vn", "leader");
  await addUser("stat@x.vn", "statistician");
  await addUser("officer@x.vn", "agency_officer");
  admin = await session("admin@x.vn");
});

afterAll(async () => {
  await t?.drop();
});

async function invite(email: string, extra: Record<string, unknown> = {}): Promise<Issued> {
  const r = await call(admin, "POST", "/api/v1/users/invitations", {
    email,
    displayName: "Nguyễn Thị Thống Kê",
    role: "statistician",
    orgUnitIds: [await unitId("p49")],
    ...extra,
  });
  expect(r.status).toBe(201);
  return (await r.json()) as Issued;
}

describe("invitation by a one-time link", () => {
  it("creates the account without a password, stores only the token's hash, and says mail is off", async () => {
    const link = await invite("tk.quangnam@x.vn");
    expect(link.kind).toBe("invitation");
    expect(link.token.length).toBeGreaterThanOrEqual(40);
    expect(link.path).toBe(`/app/dat-mat-khau?t=${encodeURIComponent(link.token)}`);
    expect(link.mailed).toBe(false);
    expect(link.mailVi).toContain("Chưa cấu hình máy chủ thư");
    expect(link.mailEn).toContain("No mail server configured");
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const user = await t.db
      .selectFrom("app_user")
      .selectAll()
      .where("email", "=", "tk.quangnam@x.vn")
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    expect(user.role).toBe("statistician");
    const rows = await t.db.selectFrom("account_link").selectAll().where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(sha256(link.token));
    // the token itself is nowhere in the database: not in the link table, not in the audit log
    expect(JSON.stringify(rows)).not.toContain(link.token);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(user.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["invite"]);
    expect(JSON.stringify(audit)).not.toContain(link.token);
    expect(audit[0]?.new_value).toMatchObject({ role: "statistician", orgUnits: ["p49"] });
    // the list shows the person as pending, with their province
    const list = (await (await call(admin, "GET", "/api/v1/users?limit=500")).json()) as {
      users: { email: string; pending: boolean; orgUnitIds: number[] }[];
    };
    expect(list.users.find((u) => u.email === "tk.quangnam@x.vn")).toMatchObject({
      pending: true,
      orgUnitIds: [await unitId("p49")],
    });
    // no password yet: no sign-in
    expect((await login("tk.quangnam@x.vn", "anything-at-all-1")).status).toBe(401);
  });

  it("lets the invitee set a password once; the second use and a used link's lookup are refused", async () => {
    const link = await invite("tk.once@x.vn");
    const look = await call(null, "POST", "/api/v1/auth/links/lookup", { token: link.token });
    expect(look.status).toBe(200);
    expect(await look.json()).toMatchObject({ kind: "invitation", email: "tk.once@x.vn" });
    const use = await call(null, "POST", "/api/v1/auth/links/use", {
      token: link.token,
      password: "mat-khau-cua-toi-2026",
    });
    expect(use.status).toBe(200);
    expect(await use.json()).toEqual({ email: "tk.once@x.vn", kind: "invitation" });
    expect((await login("tk.once@x.vn", "mat-khau-cua-toi-2026")).status).toBe(200);
    const hashAfter = (
      await t.db
        .selectFrom("app_user")
        .select("password_hash")
        .where("email", "=", "tk.once@x.vn")
        .executeTakeFirstOrThrow()
    ).password_hash;
    const again = await call(null, "POST", "/api/v1/auth/links/use", {
      token: link.token,
      password: "mat-khau-ke-gian-2026",
    });
    expect(again.status).toBe(404);
    const problem = (await again.json()) as { code: string; detail: string; detailEn: string };
    expect(problem.code).toBe("link_invalid");
    expect(problem.detail).toContain("đã được dùng");
    expect(problem.detailEn).toContain("already used");
    // nothing changed: the password is the invitee's
    const hashNow = (
      await t.db
        .selectFrom("app_user")
        .select("password_hash")
        .where("email", "=", "tk.once@x.vn")
        .executeTakeFirstOrThrow()
    ).password_hash;
    expect(hashNow).toBe(hashAfter);
    expect((await login("tk.once@x.vn", "mat-khau-ke-gian-2026")).status).toBe(401);
    expect((await call(null, "POST", "/api/v1/auth/links/lookup", { token: link.token })).status).toBe(404);
    const actions = await t.db
      .selectFrom("audit_log")
      .select(["action", "user_id"])
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(link.userId))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["invite", "accept_invitation", "login"]);
    expect(actions[1]?.user_id).toBe(link.userId);
  });

  it("refuses an expired link and a password shorter than 12 characters, writing nothing", async () => {
    const link = await invite("tk.late@x.vn");
    const short = await call(null, "POST", "/api/v1/auth/links/use", { token: link.token, password: "ngan" });
    expect(short.status).toBe(400);
    await t.db
      .updateTable("account_link")
      .set({
        created_at: new Date(Date.now() - 9 * 86_400_000),
        expires_at: new Date(Date.now() - 86_400_000),
      })
      .where("token_hash", "=", sha256(link.token))
      .execute();
    const late = await call(null, "POST", "/api/v1/auth/links/use", {
      token: link.token,
      password: "mat-khau-qua-muon-2026",
    });
    expect(late.status).toBe(404);
    expect(((await late.json()) as { code: string }).code).toBe("link_invalid");
    const user = await t.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("email", "=", "tk.late@x.vn")
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const link2 = await t.db
      .selectFrom("account_link")
      .select("used_at")
      .where("token_hash", "=", sha256(link.token))
      .executeTakeFirstOrThrow();
    expect(link2.used_at).toBeNull();
  });

  it("refuses an agency officer without an agency, and an e-mail already in use", async () => {
    const r = await call(admin, "POST", "/api/v1/users/invitations", {
      email: "cb.khong-co-quan@x.vn",
      displayName: "Cán bộ",
      role: "agency_officer",
    });
    expect(r.status).toBe(400);
    const p = (await r.json()) as { code: string; detail: string; detailEn: string };
    expect(p.code).toBe("agency_required");
    expect(p.detail).toBe("Cán bộ cơ quan phải thuộc một cơ quan: hãy chọn cơ quan.");
    expect(p.detailEn).toBe("An agency officer must belong to an agency: choose one.");
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "cb.khong-co-quan@x.vn").execute(),
    ).toEqual([]);
    const created = await call(admin, "POST", "/api/v1/users", {
      email: "cb.khong-co-quan@x.vn",
      displayName: "Cán bộ",
      password: "mot-mat-khau-dai-1",
      role: "agency_officer",
    });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { code: string }).code).toBe("agency_required");
    expect(
      (
        await call(admin, "POST", "/api/v1/users/invitations", {
          email: "stat@x.vn",
          displayName: "x",
          role: "leader",
        })
      ).status,
    ).toBe(409);
  });

  it("mails the invitation, Vietnamese first, when a mail server is configured", async () => {
    const r = await call(
      admin,
      "POST",
      "/api/v1/users/invitations",
      { email: "tk.thu@x.vn", displayName: "Trần Văn Thư", role: "leader" },
      mailApp,
    );
    expect(r.status).toBe(201);
    const link = (await r.json()) as Issued;
    expect(link.mailed).toBe(true);
    expect(link.mailVi).toBe("Đã gửi thư đến tk.thu@x.vn.");
    const mail = sent.at(-1);
    expect(mail?.to).toEqual(["tk.thu@x.vn"]);
    expect(mail?.subject.startsWith("Lời mời")).toBe(true);
    expect(mail?.text).toContain(link.link);
    expect(mail?.text.indexOf("Kính gửi Trần Văn Thư")).toBeLessThan(
      mail?.text.indexOf("Dear Trần Văn Thư") ?? 0,
    );
    expect(link.link).toMatch(/^http:\/\/localhost:3000\/app\/dat-mat-khau\?t=/);
  });
});

describe("password reset by an admin-issued link", () => {
  it("ends the person's other sessions, spends the link, and is audited", async () => {
    await addUser("quen@x.vn", "leader");
    const theirs = await session("quen@x.vn");
    expect((await call(theirs, "GET", "/api/v1/auth/session")).status).toBe(200);
    const r = await call(admin, "POST", `/api/v1/users/${ids["quen@x.vn"]}/reset-link`);
    expect(r.status).toBe(201);
    const link = (await r.json()) as Issued;
    expect(link.kind).toBe("reset");
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    // a second link replaces the first: one live link at a time
    const second = (await (
      await call(admin, "POST", `/api/v1/users/${ids["quen@x.vn"]}/reset-link`)
    ).json()) as Issued;
    expect((await call(null, "POST", "/api/v1/auth/links/lookup", { token: link.token })).status).toBe(404);
    const use = await call(null, "POST", "/api/v1/auth/links/use", {
      token: second.token,
      password: "mat-khau-moi-sau-reset",
    });
    expect(use.status).toBe(200);
    expect((await call(theirs, "GET", "/api/v1/auth/session")).status).toBe(401);
    expect((await login("quen@x.vn")).status).toBe(401);
    expect((await login("quen@x.vn", "mat-khau-moi-sau-reset")).status).toBe(200);
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(ids["quen@x.vn"]))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "login",
      "issue_reset_link",
      "issue_reset_link",
      "reset_password",
      "login",
    ]);
  });

  it("gives a disabled account no link, and disabling spends the unused ones", async () => {
    await addUser("khoa@x.vn", "leader");
    const link = (await (
      await call(admin, "POST", `/api/v1/users/${ids["khoa@x.vn"]}/reset-link`)
    ).json()) as Issued;
    expect((await call(admin, "POST", `/api/v1/users/${ids["khoa@x.vn"]}/disable`)).status).toBe(204);
    expect((await call(null, "POST", "/api/v1/auth/links/lookup", { token: link.token })).status).toBe(404);
    const r = await call(admin, "POST", `/api/v1/users/${ids["khoa@x.vn"]}/reset-link`);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { code: string }).code).toBe("user_disabled");
  });
});

describe("edits of role, agency and province scope", () => {
  it("changes the scope and the role, with old and new values in the audit row", async () => {
    const id = ids["stat@x.vn"] as number;
    const p49 = await unitId("p49");
    const p51 = await unitId("p51");
    const r = await call(admin, "PATCH", `/api/v1/users/${id}`, { orgUnitIds: [p51] });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ email: "stat@x.vn", role: "statistician", orgUnitIds: [p51] });
    const r2 = await call(admin, "PATCH", `/api/v1/users/${id}`, { orgUnitIds: [p49] });
    expect(((await r2.json()) as { orgUnitIds: number[] }).orgUnitIds).toEqual([p49]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "old_value", "new_value", "user_id"])
      .where("entity", "=", "app_user")
      .where("entity_id", "=", String(id))
      .where("action", "=", "update")
      .orderBy("id")
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      user_id: ids["admin@x.vn"],
      old_value: { orgUnits: ["p51"] },
      new_value: { orgUnits: ["p49"] },
    });
  });

  it("refuses an agency officer without an agency and writes nothing", async () => {
    const id = ids["leader@x.vn"] as number;
    const before = await t.db.selectFrom("audit_log").select("id").execute();
    const r = await call(admin, "PATCH", `/api/v1/users/${id}`, { role: "agency_officer" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe("agency_required");
    const o = ids["officer@x.vn"] as number;
    const r2 = await call(admin, "PATCH", `/api/v1/users/${o}`, { agencyId: null });
    expect(r2.status).toBe(400);
    const user = await t.db
      .selectFrom("app_user")
      .select(["role", "agency_id"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ role: "leader", agency_id: null });
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toHaveLength(before.length);
    // with an agency the change goes through
    const agency = await t.db
      .selectFrom("agency")
      .select("id")
      .where("code", "=", "qnam-so-tai-chinh")
      .executeTakeFirstOrThrow();
    const ok = await call(admin, "PATCH", `/api/v1/users/${id}`, {
      role: "agency_officer",
      agencyId: agency.id,
    });
    expect(ok.status).toBe(200);
    await call(admin, "PATCH", `/api/v1/users/${id}`, { role: "leader", agencyId: null });
  });

  it("refuses every new route to a role without permission, and to an API token", async () => {
    const target = ids["stat@x.vn"] as number;
    const routes: [string, string, unknown][] = [
      ["POST", "/api/v1/users/invitations", { email: "x1@x.vn", displayName: "x", role: "leader" }],
      ["POST", `/api/v1/users/${target}/reset-link`, undefined],
      ["PATCH", `/api/v1/users/${target}`, { role: "admin" }],
    ];
    for (const who of ["leader@x.vn", "stat@x.vn", "officer@x.vn"]) {
      const s = await session(who);
      for (const [method, path, body] of routes) {
        const r = await call(s, method, path, body);
        expect([who, path, r.status]).toEqual([who, path, 403]);
      }
    }
    for (const [method, path, body] of routes)
      expect((await call(null, method, path, body)).status).toBe(401);
    // an admin's API token does not manage accounts
    const tok = (await (
      await call(admin, "POST", "/api/v1/tokens", { name: "all", scopes: ["*"] })
    ).json()) as {
      token: string;
    };
    for (const [method, path, body] of routes) {
      const r = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${tok.token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(r.status).toBe(403);
    }
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", "x1@x.vn").execute()).toEqual(
      [],
    );
    expect(
      (await t.db.selectFrom("app_user").select("role").where("id", "=", target).executeTakeFirstOrThrow())
        .role,
    ).toBe("statistician");
  });

  it("refuses an administrator changing their own role", async () => {
    const r = await call(admin, "PATCH", `/api/v1/users/${ids["admin@x.vn"]}`, { role: "leader" });
    expect(r.status).toBe(409);
  });
});

describe("a statistician's uploads are limited to their province", () => {
  const upload = (csv: string) => {
    const form = new FormData();
    form.set("file", new File([csv], "so-lieu.csv", { type: "text/csv" }));
    return form;
  };
  const figures = () => t.db.selectFrom("observation").select(["id", "value"]).execute();

  it("writes the province and its districts, refuses another province naming it, and writes nothing", async () => {
    // stat@x.vn has the Quảng Nam scope (set above)
    const s = await session("stat@x.vn");
    const before = await figures();
    const other = await call(
      s,
      "POST",
      "/api/v1/imports",
      upload(
        "Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\nqnam24-budget-revenue,p49,Tháng 1/2024,1500\nqnam24-budget-revenue,p51,Tháng 1/2024,900\n",
      ),
    );
    expect(other.status).toBe(422);
    const body = (await other.json()) as {
      errors: { row: number; code: string; message: string; messageEn: string; value: string }[];
    };
    expect(body.errors.map((e) => [e.row, e.code])).toEqual([[3, "not_permitted"]]);
    expect(body.errors[0]?.value).toContain("p51");
    expect(body.errors[0]?.message).toContain("ngoài phạm vi");
    expect(await figures()).toEqual(before);

    const single = await call(s, "POST", "/api/v1/observations", {
      indicator: "qnam24-budget-revenue",
      orgUnit: "p51",
      period: "2024-02",
      value: "900",
      status: "official",
    });
    expect(single.status).toBe(403);
    const p = (await single.json()) as { detail: string; detailEn: string };
    expect(p.detail).toContain("Tỉnh Quảng Ngãi (p51)");
    expect(p.detail).toContain("Không có gì được lưu");
    expect(p.detailEn).toContain("Quang Ngai Province (p51)");
    expect(await figures()).toEqual(before);

    // its own province, and a district under it, go through
    const own = await call(
      s,
      "POST",
      "/api/v1/imports",
      upload(
        "Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị\nqnam24-budget-revenue,p49,Tháng 1/2024,1500\nqnam24-budget-revenue,qnam-tp-tam-ky,Tháng 1/2024,210\n",
      ),
    );
    expect(own.status).toBe(201);
    expect((await figures()).length).toBe(before.length + 2);
  });

  it("follows the scope an administrator edits: after moving to Quảng Ngãi, Quảng Nam is refused", async () => {
    const s = await session("stat@x.vn");
    await call(admin, "PATCH", `/api/v1/users/${ids["stat@x.vn"]}`, { orgUnitIds: [await unitId("p51")] });
    const r = await call(s, "POST", "/api/v1/observations", {
      indicator: "qnam24-budget-revenue",
      orgUnit: "p49",
      period: "2024-03",
      value: "1200",
      status: "official",
    });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { detail: string }).detail).toContain("Tỉnh Quảng Nam (p49)");
    await call(admin, "PATCH", `/api/v1/users/${ids["stat@x.vn"]}`, { orgUnitIds: [await unitId("p49")] });
  });
});

import { clientAddress, createApp, hashPassword, LoginThrottle, servicesFromHandle } from "@chitieu/api";
import { loadCatalog, loadDemoData, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Findings 4, 5 and 10 of issue #12 through the API, on a real database: paging that repeated
// and dropped rows, a login throttle that locked out the administrator, a chunked body over the
// limit, javascript: links stored as evidence.

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let clock = Date.parse("2024-11-14T08:00:00Z");
const PASSWORD = "correct horse battery staple";
// the app sits behind a proxy that appends the client's address to X-Forwarded-For
const proxy = { addressHeader: "x-forwarded-for", xffDepth: 1 };

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  await loadDemoData(t.db);
  app = createApp({
    services: servicesFromHandle(t),
    log: () => {},
    loginThrottle: new LoginThrottle({}, () => clock),
    clientIp: (c) => clientAddress(proxy, (h) => c.req.header(h), "10.0.0.1"),
    maxBodyBytes: 100_000,
  });
  for (const [email, role] of [
    ["admin@x.vn", "admin"],
    ["leader@x.vn", "leader"],
  ] as const)
    await t.db
      .insertInto("app_user")
      .values({
        email,
        display_name: email,
        password_hash: await hashPassword(PASSWORD),
        role,
        agency_id: null,
        disabled_at: null,
      })
      .execute();
});
afterAll(async () => {
  await t?.drop();
});

async function login(email: string, password: string, from: string): Promise<Response> {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    // a client may write anything at the left of X-Forwarded-For; the proxy appends the real one
    headers: { "content-type": "application/json", "x-forwarded-for": `6.6.6.6, ${from}` },
    body: JSON.stringify({ email, password }),
  });
}

async function session(email: string) {
  const r = await login(email, PASSWORD, "192.0.2.10");
  expect(r.status).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(";")[0];
  return { cookie: cookie as string, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

describe(`paging on ${testEngine()}`, () => {
  it("returns every current figure exactly once when 30.000 rows with equal sort keys are paged by 500", async () => {
    // every org unit has a figure for the same indicator and month: the list's sort keys
    // (indicator, period end, period start) tie across units and bases
    await sql`
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
      select i.id, u.id, to_char(m, 'YYYY-MM'), m::date, (m + interval '1 month' - interval '1 day')::date,
             b.basis, '1', 'official'
      from (select id from indicator order by id limit 42) i
      cross join org_unit u
      cross join generate_series('2019-01-01'::date, '2019-05-01'::date, interval '1 month') m
      cross join (values ('period'), ('ytd')) b(basis)`.execute(t.db);
    const total = Number(
      (
        await sql<{
          n: string;
        }>`select count(*)::text as n from observation where superseded_at is null`.execute(t.db)
      ).rows[0]?.n,
    );
    expect(total).toBeGreaterThan(29_000);
    const leader = await session("leader@x.vn");
    const seen: number[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await app.request(`/api/v1/observations?limit=500&offset=${offset}`, {
        headers: { cookie: leader.cookie },
      });
      expect(r.status).toBe(200);
      const page = (await r.json()) as { items: Array<{ id: number }> };
      seen.push(...page.items.map((i) => i.id));
      if (page.items.length < 500) break;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("pages every other list by a unique key too", async () => {
    const admin = await session("admin@x.vn");
    for (const path of [
      "/indicators?sort=code",
      "/indicators",
      "/org-units",
      "/agencies",
      "/documents",
      "/targets",
      "/users",
      "/audit-log",
    ]) {
      const items = (b: { items?: unknown[]; users?: unknown[] }) => (b.items ?? b.users ?? []) as Row[];
      type Row = { id?: number; targetId?: number; code?: string };
      const all = (await (
        await app.request(`/api/v1${path}${path.includes("?") ? "&" : "?"}limit=500`, {
          headers: { cookie: admin.cookie },
        })
      ).json()) as { items?: Row[]; users?: Row[] };
      const key = (i: Row) => String(i.id ?? i.targetId ?? i.code);
      const paged: string[] = [];
      const total = items(all).length;
      expect(total, path).toBeGreaterThan(1);
      for (let offset = 0; offset < total; offset += 7) {
        const r = await app.request(
          `/api/v1${path}${path.includes("?") ? "&" : "?"}limit=7&offset=${offset}`,
          {
            headers: { cookie: admin.cookie },
          },
        );
        paged.push(...items((await r.json()) as typeof all).map(key));
      }
      // page after page is the whole list, in the same order: nothing twice, nothing missing
      expect(paged.slice(0, total), path).toEqual(items(all).map(key));
      expect(new Set(paged).size, path).toBe(paged.length);
    }
  });
});

describe(`sign-in throttling on ${testEngine()}`, () => {
  it("lets the administrator in with the right password after 20 failures with made-up e-mails from the same address", async () => {
    for (let i = 0; i < 40; i++) {
      const r = await login(`nobody${i}@made-up.vn`, "guess", "203.0.113.7");
      expect([401, 429]).toContain(r.status);
    }
    // the same address keeps being slowed for accounts it has failed on
    const again = await login("nobody1@made-up.vn", "guess", "203.0.113.7");
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    const admin = await login("admin@x.vn", PASSWORD, "203.0.113.7");
    expect(admin.status).toBe(200);
  });

  it("slows a guesser down more at each failure instead of locking the account: its owner gets in within seconds", async () => {
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await login("leader@x.vn", `wrong ${i}`, "198.51.100.9");
      if (r.status === 429) {
        const wait = Number(r.headers.get("retry-after"));
        waits.push(wait);
        clock += wait * 1000; // the guesser waits as told, then guesses again
        expect((await login("leader@x.vn", `wrong ${i}`, "198.51.100.9")).status).toBe(401);
      } else expect(r.status).toBe(401);
    }
    // delays grow: 1, 2, 4, … seconds
    expect(waits.length).toBeGreaterThan(3);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] as number);
    const body = (await (await login("leader@x.vn", "wrong", "198.51.100.9")).json()) as { detail: string };
    expect(body.detail).toMatch(/^Đăng nhập sai nhiều lần\. Thử lại sau \d+ giây\.$/);

    // the owner, from elsewhere: at most a short wait, then in with the right password
    let owner = await login("leader@x.vn", PASSWORD, "192.0.2.44");
    if (owner.status === 429) {
      const wait = Number(owner.headers.get("retry-after"));
      expect(wait).toBeLessThanOrEqual(30);
      clock += wait * 1000;
      owner = await login("leader@x.vn", PASSWORD, "192.0.2.44");
    }
    expect(owner.status).toBe(200);
  });

  it("takes the client's address from the trusted proxy's entry of X-Forwarded-For, not the one a client wrote", () => {
    const header = (v: string) => (name: string) => (name === "x-forwarded-for" ? v : undefined);
    expect(clientAddress(proxy, header("6.6.6.6, 192.0.2.1"), "10.0.0.1")).toBe("192.0.2.1");
    expect(clientAddress({ ...proxy, xffDepth: 2 }, header("6.6.6.6, 192.0.2.1, 10.0.0.2"), "10.0.0.1")).toBe(
      "192.0.2.1",
    );
    expect(clientAddress({ addressHeader: undefined, xffDepth: 1 }, header("6.6.6.6"), "10.0.0.1")).toBe(
      "10.0.0.1",
    );
  });

  it("writes the sign-in and its session in one transaction, and a sign-in does not change the public data version", async () => {
    const before = (await (await app.request("/api/v1/public/version")).json()) as { version: string };
    const r = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": "login-audit-1",
        "x-forwarded-for": "192.0.2.5",
      },
      body: JSON.stringify({ email: "admin@x.vn", password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("request_id", "=", "login-audit-1")
      .execute();
    expect(audit).toEqual([{ action: "login", entity: "app_user" }]);
    const session = await t.db
      .selectFrom("session")
      .select("ip")
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    expect(session?.ip).toBe("192.0.2.5");
    const after = (await (await app.request("/api/v1/public/version")).json()) as { version: string };
    expect(after.version).toBe(before.version);
  });

  it("a task status report, a moved deadline and a completion change the version the portal's related tasks are cached by", async () => {
    const admin = await session("admin@x.vn");
    const version = async () =>
      ((await (await app.request("/api/v1/public/version")).json()) as { version: string }).version;
    const publicStatus = async () => {
      const r = await app.request("/api/v1/public/indicators/qnam24-budget-revenue/tasks");
      expect(r.status).toBe(200);
      const b = (await r.json()) as {
        items: Array<{ code: string; statusLabel: { vi: string }; due: string }>;
      };
      return b.items.find((x) => x.code === "qnam24-all-main-indicators-met-or-exceeded");
    };
    const write = (path: string, body: unknown) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: admin.cookie, "x-csrf-token": admin.csrf },
        body: JSON.stringify(body),
      });
    const task = await t.db
      .selectFrom("task")
      .select("id")
      .where("code", "=", "qnam24-all-main-indicators-met-or-exceeded")
      .executeTakeFirstOrThrow();
    // past its deadline (31/12/2024), never reported: overdue
    const v0 = await version();
    expect((await publicStatus())?.statusLabel.vi).toBe("Quá hạn");

    const move = await write(`/api/v1/tasks/${task.id}/deadlines`, {
      dueDate: "2099-06-30",
      document: "qnam-ctct-2024",
      reason: "Kiểm thử",
    });
    expect(move.status).toBe(201);
    const v1 = await version();
    expect(v1).not.toBe(v0);
    expect(await publicStatus()).toMatchObject({ due: "2099-06-30", statusLabel: { vi: "Chưa thực hiện" } });

    const report = await write(`/api/v1/tasks/${task.id}/status-reports`, {
      status: "in_progress",
      agency: "qnam-so-khdt",
    });
    expect(report.status).toBe(201);
    const v2 = await version();
    expect(v2).not.toBe(v1);
    expect((await publicStatus())?.statusLabel.vi).toBe("Đang thực hiện");

    const done = await write(`/api/v1/tasks/${task.id}/status-reports`, {
      status: "done",
      agency: "qnam-so-khdt",
      completedOn: "2024-12-20",
      evidenceDocument: "Báo cáo số 1/BC ngày 20/12/2024",
    });
    expect(done.status).toBe(201);
    expect(await version()).not.toBe(v2);
    expect((await publicStatus())?.statusLabel.vi).toBe("Hoàn thành đúng hạn");
  });
});

describe(`request bodies and links on ${testEngine()}`, () => {
  it("refuses a chunked body over the limit while reading it, with a 413 in Vietnamese and English", async () => {
    let sent = 0;
    // a body with no Content-Length that never ends
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16_384;
        controller.enqueue(new TextEncoder().encode(`{"x":"${"a".repeat(16_370)}`));
      },
    });
    const r = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(r.status).toBe(413);
    const body = (await r.json()) as { detail: string; detailEn: string };
    expect(body.detail).toContain("vượt quá giới hạn 100000 byte");
    expect(body.detailEn).toContain("100000 bytes");
    expect(sent).toBeLessThan(200_000); // stopped near the limit, not at the end of the stream
  });

  it("stores only http(s) evidence links: javascript: and data: are refused with a reason", async () => {
    const admin = await session("admin@x.vn");
    const task = await t.db
      .selectFrom("task as k")
      .innerJoin("task_agency as ta", "ta.task_id", "k.id")
      .innerJoin("agency as a", "a.id", "ta.agency_id")
      .select(["k.id", "a.code"])
      .where("ta.role", "=", "lead")
      .orderBy("k.id")
      .executeTakeFirstOrThrow();
    const report = (evidenceUrl: string) =>
      app.request(`/api/v1/tasks/${task.id}/status-reports`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: admin.cookie, "x-csrf-token": admin.csrf },
        body: JSON.stringify({
          status: "done",
          completedOn: "2024-05-02",
          reportedOn: "2024-05-03",
          evidenceUrl,
          agency: task.code,
        }),
      });
    for (const bad of [
      "javascript:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "JaVaScRiPt:alert(1)",
    ]) {
      const r = await report(bad);
      expect(r.status, bad).toBe(400);
      expect(JSON.stringify(await r.json()), bad).toMatch(/http:\/\/ hoặc https:\/\//);
    }
    const stored = await t.db.selectFrom("task_status_report").select("evidence_url").execute();
    expect(stored.filter((s) => s.evidence_url && !/^https?:/i.test(s.evidence_url))).toEqual([]);
    expect((await report("https://quangnam.gov.vn/bao-cao/90-BC-SKHDT.pdf")).status).toBe(201);
  });
});

import { createApp, hashPassword, servicesFromHandle } from "@chitieu/api";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import type { Role } from "@chitieu/storage";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";

// The whole API (createApp) on a fresh database of the engine under test, with helpers to sign
// in as a role and call it as a browser (cookie + CSRF token) or as a program (bearer token).

export const PASSWORD = "correct horse battery staple";

export interface Caller {
  headers: Record<string, string>;
  /** the CSRF token a session sends with writes; null for a bearer token */
  csrf: string | null;
}

export interface TestApi {
  t: TestDatabase;
  app: ReturnType<typeof createApp>;
  addUser(email: string, role: Role, scope?: ["org_unit" | "indicator", string][]): Promise<number>;
  signIn(email: string): Promise<Caller>;
  bearer(token: string): Caller;
  call(who: Caller | null, method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApi(): Promise<TestApi> {
  const t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const app = createApp({ services: servicesFromHandle(t), log: () => {} });
  const call: TestApi["call"] = (who, method, path, body) => {
    const headers: Record<string, string> = { ...(who?.headers ?? {}) };
    if (who?.csrf && method !== "GET") headers["x-csrf-token"] = who.csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    return Promise.resolve(
      app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    );
  };
  return {
    t,
    app,
    async addUser(email, role, scope = []) {
      const user = await t.db
        .insertInto("app_user")
        .values({
          email,
          display_name: email,
          password_hash: await hashPassword(PASSWORD),
          role,
          agency_id: null,
          disabled_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [kind, code] of scope) {
        const ref = await t.db
          .selectFrom(kind === "org_unit" ? "org_unit" : "indicator")
          .select("id")
          .where("code", "=", code)
          .executeTakeFirstOrThrow();
        await t.db
          .insertInto("user_scope")
          .values({ user_id: user.id, scope_kind: kind, ref_id: ref.id })
          .execute();
      }
      return user.id;
    },
    async signIn(email) {
      const r = await call(null, "POST", "/api/v1/auth/login", { email, password: PASSWORD });
      if (r.status !== 200) throw new Error(`sign-in of ${email} answered ${r.status}`);
      const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
        ";",
      )[0];
      const { csrfToken } = (await r.json()) as { csrfToken: string };
      return { headers: { cookie: cookie ?? "" }, csrf: csrfToken };
    },
    bearer: (token) => ({ headers: { authorization: `Bearer ${token}` }, csrf: null }),
    call,
    close: () => t.drop(),
  };
}

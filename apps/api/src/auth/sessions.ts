import type { Database, Role } from "@chitieu/storage";
import { type Kysely, sql } from "kysely";
import type { Actor } from "../services/context.ts";
import { newToken, sha256 } from "./secrets.ts";

export const SESSION_COOKIE = "chitieu_session";
export const CSRF_COOKIE = "chitieu_csrf";
export const SESSION_HOURS = 12;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Always a new id: a session id that existed before login is never promoted (no fixation). */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db
    .insertInto("session")
    .values({
      id_hash: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      revoked_at: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
  await db
    .updateTable("session")
    .set({ revoked_at: new Date() })
    .where("id_hash", "=", sha256(token))
    .execute();
}

export async function revokeUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable("session")
    .set({ revoked_at: new Date() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

async function scopesOf(db: Kysely<Database>, userId: number): Promise<Actor["scopes"]> {
  const rows = await db
    .selectFrom("user_scope")
    .select(["scope_kind", "ref_id"])
    .where("user_id", "=", userId)
    .execute();
  const scopes: Actor["scopes"] = { indicator: [], org_unit: [], agency: [] };
  for (const r of rows) scopes[r.scope_kind].push(r.ref_id);
  // a province scope covers the districts and communes under it (issue 17: a statistician for one
  // province writes that province's figures, and only those)
  if (scopes.org_unit.length > 0) {
    const under = await sql<{ id: number }>`
      with recursive tree(id) as (
        select id from org_unit where parent_id in (${sql.join(scopes.org_unit)})
        union
        select o.id from org_unit o join tree t on o.parent_id = t.id
      )
      select id from tree`.execute(db);
    for (const r of under.rows) if (!scopes.org_unit.includes(r.id)) scopes.org_unit.push(r.id);
  }
  return scopes;
}

interface UserRow {
  id: number;
  email: string;
  role: Role;
  agency_id: number | null;
}

async function actorOf(
  db: Kysely<Database>,
  user: UserRow,
  via: Actor["via"],
  tokenScopes: string[],
): Promise<Actor> {
  const scopes = await scopesOf(db, user.id);
  // an agency officer acts for their own agency
  if (user.role === "agency_officer" && user.agency_id !== null && !scopes.agency.includes(user.agency_id))
    scopes.agency.push(user.agency_id);
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    agencyId: user.agency_id,
    scopes,
    via,
    tokenScopes,
  };
}

/** The actor behind a session cookie, or null if it is unknown, expired, revoked or its user disabled. */
export async function actorFromSession(
  db: Kysely<Database>,
  token: string,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const row = await db
    .selectFrom("session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select(["u.id", "u.email", "u.role", "u.agency_id", "s.csrf_token"])
    .where("s.id_hash", "=", sha256(token))
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", new Date())
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  return { actor: await actorOf(db, row, "session", []), csrfToken: row.csrf_token };
}

export const TOKEN_PREFIX = "ct_";

export async function actorFromToken(db: Kysely<Database>, bearer: string): Promise<Actor | null> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select(["u.id", "u.email", "u.role", "u.agency_id", "t.id as token_id", "t.scopes"])
    .where("t.token_hash", "=", sha256(bearer))
    .where("t.revoked_at", "is", null)
    .where((eb) => eb.or([eb("t.expires_at", "is", null), eb("t.expires_at", ">", new Date())]))
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  await db
    .updateTable("api_token")
    .set({ last_used_at: new Date() })
    .where("id", "=", row.token_id)
    .execute();
  return actorOf(db, row, "token", row.scopes);
}

import type { Database, Role } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { hashPassword, newToken, sha256 } from "../auth/secrets.ts";
import { revokeUserSessions, TOKEN_PREFIX } from "../auth/sessions.ts";
import { type Actor, type ServiceContext, withTransaction } from "./context.ts";
import { failures } from "./errors.ts";

// Every change to accounts: one transaction each, with its audit row inside it.

export interface UserInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  agencyId?: number | null | undefined;
  scopes?: { indicator?: number[]; orgUnit?: number[]; agency?: number[] } | undefined;
}

export const publicUser = (
  u: {
    id: number;
    email: string;
    display_name: string;
    role: Role;
    agency_id: number | null;
    disabled_at: Date | null;
    is_demo: boolean;
    created_at: Date;
    password_hash: string | null;
  },
  orgUnitIds: number[],
) => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  agencyId: u.agency_id,
  disabled: u.disabled_at !== null,
  demo: u.is_demo,
  createdAt: u.created_at.toISOString(),
  /** invited, no password chosen yet */
  pending: u.password_hash === null,
  /** province scope: the org units a statistician writes figures for (and what lies under them) */
  orgUnitIds,
});

export const USER_COLUMNS = [
  "id",
  "email",
  "display_name",
  "role",
  "agency_id",
  "disabled_at",
  "is_demo",
  "created_at",
  "password_hash",
] as const;

export async function listUsers(db: Kysely<Database>, page: { limit: number; offset: number }) {
  const rows = await db
    .selectFrom("app_user")
    .select([...USER_COLUMNS])
    .orderBy("id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const scopes =
    rows.length === 0
      ? []
      : await db
          .selectFrom("user_scope")
          .select(["user_id", "ref_id"])
          .where("scope_kind", "=", "org_unit")
          .where(
            "user_id",
            "in",
            rows.map((r) => r.id),
          )
          .orderBy("ref_id")
          .execute();
  return rows.map((u) =>
    publicUser(
      u,
      scopes.filter((s) => s.user_id === u.id).map((s) => s.ref_id),
    ),
  );
}

export async function createUser(ctx: ServiceContext, input: UserInput) {
  const { actor, requestId } = ctx;
  const email = input.email.toLowerCase();
  if (input.role === "agency_officer" && (input.agencyId ?? null) === null)
    throw failures.rejected(
      "agency_required",
      "Cán bộ cơ quan phải thuộc một cơ quan: hãy chọn cơ quan.",
      "An agency officer must belong to an agency: choose one.",
      [{ path: "agencyId", message: "bắt buộc với vai trò cán bộ cơ quan / required for an agency officer" }],
    );
  const exists = await ctx.db
    .selectFrom("app_user")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  if (exists) throw failures.conflict("Email đã được dùng.", "The e-mail is already in use.");
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx, async (trx) => {
    const user = await trx
      .insertInto("app_user")
      .values({
        email,
        display_name: input.displayName,
        password_hash: passwordHash,
        role: input.role,
        agency_id: input.agencyId ?? null,
        disabled_at: null,
      })
      .returning([...USER_COLUMNS])
      .executeTakeFirstOrThrow();
    const kinds = { indicator: "indicator", orgUnit: "org_unit", agency: "agency" } as const;
    const scopes = Object.entries(input.scopes ?? {}).flatMap(([kind, ids]) =>
      [...new Set(ids ?? [])].map((ref_id) => ({
        user_id: user.id,
        scope_kind: kinds[kind as keyof typeof kinds],
        ref_id,
      })),
    );
    if (scopes.length > 0) await trx.insertInto("user_scope").values(scopes).execute();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "create",
        entity: "app_user",
        entityId: user.id,
        newValue: { email, role: input.role, agencyId: input.agencyId ?? null, scopes: input.scopes ?? {} },
        requestId,
      },
    ]);
    return publicUser(
      user,
      [...new Set(input.scopes?.orgUnit ?? [])].sort((a, b) => a - b),
    );
  });
}

/** Disabling a user ends their live sessions at once and revokes their tokens and unused links. */
export async function setUserDisabled(ctx: ServiceContext, userId: number, disabled: boolean) {
  const { actor, requestId } = ctx;
  return withTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom("app_user")
      .select(["id", "disabled_at"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw failures.notFound(`người dùng ${userId} / user ${userId}`);
    if (userId === actor.userId && disabled)
      throw failures.conflict(
        "Không thể tự khoá tài khoản của mình.",
        "You cannot disable your own account.",
      );
    await trx
      .updateTable("app_user")
      .set({ disabled_at: disabled ? new Date() : null })
      .where("id", "=", userId)
      .execute();
    if (disabled) {
      await revokeUserSessions(trx, userId);
      await trx
        .updateTable("api_token")
        .set({ revoked_at: new Date() })
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .execute();
      await trx
        .deleteFrom("account_link")
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .execute();
    }
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: disabled ? "disable" : "enable",
        entity: "app_user",
        entityId: userId,
        oldValue: { disabled: before.disabled_at !== null },
        newValue: { disabled },
        requestId,
      },
    ]);
  });
}

export async function createToken(
  ctx: ServiceContext,
  input: { name: string; scopes: string[]; expiresAt?: string | undefined },
) {
  const { actor, requestId } = ctx;
  const token = `${TOKEN_PREFIX}${newToken()}`;
  return withTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto("api_token")
      .values({
        user_id: actor.userId,
        name: input.name,
        token_hash: sha256(token),
        scopes: input.scopes,
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
        revoked_at: null,
        last_used_at: null,
      })
      .returning(["id", "name", "scopes", "created_at", "expires_at"])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "create",
        entity: "api_token",
        entityId: row.id,
        newValue: { name: input.name, scopes: input.scopes },
        requestId,
      },
    ]);
    return {
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      token,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
    };
  });
}

export async function listTokens(db: Kysely<Database>, actor: Actor) {
  let q = db
    .selectFrom("api_token")
    .select(["id", "user_id", "name", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"])
    .orderBy("id");
  if (actor.role !== "admin") q = q.where("user_id", "=", actor.userId);
  return (await q.execute()).map((t) => ({
    id: t.id,
    userId: t.user_id,
    name: t.name,
    scopes: t.scopes,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at?.toISOString() ?? null,
    revoked: t.revoked_at !== null,
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
  }));
}

export async function revokeToken(ctx: ServiceContext, tokenId: number) {
  const { actor, requestId } = ctx;
  return withTransaction(ctx, async (trx) => {
    const t = await trx
      .selectFrom("api_token")
      .select(["id", "user_id", "revoked_at"])
      .where("id", "=", tokenId)
      .executeTakeFirst();
    if (!t || (t.user_id !== actor.userId && actor.role !== "admin"))
      throw failures.notFound(`mã truy cập ${tokenId} / token ${tokenId}`);
    if (t.revoked_at === null) {
      await trx.updateTable("api_token").set({ revoked_at: new Date() }).where("id", "=", tokenId).execute();
      await writeAudit(trx, [
        { userId: actor.userId, action: "revoke", entity: "api_token", entityId: tokenId, requestId },
      ]);
    }
  });
}

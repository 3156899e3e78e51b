import type { Database, Role } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";
import { hashPassword, newToken, sha256 } from "../auth/secrets.ts";
import { revokeUserSessions } from "../auth/sessions.ts";
import type { LoginThrottle } from "../auth/throttle.ts";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";
import type { MailTransport } from "./reminders.ts";
import type { SignInContext } from "./sign-in.ts";
import { publicUser, USER_COLUMNS } from "./users.ts";

// Accounts as an office runs them (issue 17, item 6): an administrator invites a person by a
// one-time link, hands out a reset link, edits role, agency and province scope. A link's token
// is random (32 bytes), stored only as its SHA-256, works once and until it expires. Every change
// writes its audit row in the same transaction.

export const INVITATION_DAYS = 7;
export const RESET_HOURS = 24;
/** the page a link opens (apps/web/src/routes/app/dat-mat-khau) */
export const LINK_PATH = "/app/dat-mat-khau";

type Db = Kysely<Database>;

export interface AccountMail {
  transport: MailTransport;
  from: string;
  /** the public address of the app, for the link in the message */
  appUrl: string;
}

export interface AccountLinkIssued {
  userId: number;
  email: string;
  kind: "invitation" | "reset";
  /** shown once: only its hash is stored */
  token: string;
  /** the path of the page the link opens, with the token */
  path: string;
  /** the whole link, on the configured public address */
  link: string;
  expiresAt: string;
  mailed: boolean;
  mailVi: string;
  mailEn: string;
}

const noAgency = () =>
  failures.rejected(
    "agency_required",
    "Cán bộ cơ quan phải thuộc một cơ quan: hãy chọn cơ quan.",
    "An agency officer must belong to an agency: choose one.",
    [{ path: "agencyId", message: "bắt buộc với vai trò cán bộ cơ quan / required for an agency officer" }],
  );

/** The agency must exist and be an agency (not a group); an agency officer must have one. */
async function checkAgency(db: Db, role: Role, agencyId: number | null): Promise<void> {
  if (role === "agency_officer" && agencyId === null) throw noAgency();
  if (agencyId === null) return;
  const a = await db
    .selectFrom("agency")
    .select(["id", "kind"])
    .where("id", "=", agencyId)
    .executeTakeFirst();
  if (!a || a.kind !== "agency")
    throw failures.rejected(
      "unknown_agency",
      `Không có cơ quan mã số ${agencyId}.`,
      `There is no agency with id ${agencyId}.`,
      [{ path: "agencyId", message: String(agencyId) }],
    );
}

/** Every org unit of a scope must exist; answers their codes and names for the audit row. */
async function checkOrgUnits(db: Db, ids: number[]): Promise<{ id: number; code: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("org_unit").select(["id", "code"]).where("id", "in", ids).execute();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0)
    throw failures.rejected(
      "unknown_org_unit",
      `Không có đơn vị hành chính mã số ${missing.join(", ")}.`,
      `There is no org unit with id ${missing.join(", ")}.`,
      [{ path: "orgUnitIds", message: missing.join(", ") }],
    );
  return rows.sort((a, b) => a.id - b.id);
}

async function setOrgUnitScope(trx: Transaction<Database>, userId: number, ids: number[]): Promise<void> {
  await trx
    .deleteFrom("user_scope")
    .where("user_id", "=", userId)
    .where("scope_kind", "=", "org_unit")
    .execute();
  const unique = [...new Set(ids)];
  if (unique.length > 0)
    await trx
      .insertInto("user_scope")
      .values(unique.map((ref_id) => ({ user_id: userId, scope_kind: "org_unit" as const, ref_id })))
      .execute();
}

async function orgUnitScopeOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("user_scope")
    .select("ref_id")
    .where("user_id", "=", userId)
    .where("scope_kind", "=", "org_unit")
    .orderBy("ref_id")
    .execute();
  return rows.map((r) => r.ref_id);
}

/** A new link for a user; links of theirs not yet used stop working (one live link at a time). */
async function issueLink(
  trx: Transaction<Database>,
  userId: number,
  kind: "invitation" | "reset",
  createdBy: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken(32);
  const expiresAt = new Date(
    Date.now() + (kind === "invitation" ? INVITATION_DAYS * 24 : RESET_HOURS) * 3600_000,
  );
  await trx.deleteFrom("account_link").where("user_id", "=", userId).where("used_at", "is", null).execute();
  await trx
    .insertInto("account_link")
    .values({
      user_id: userId,
      kind,
      token_hash: sha256(token),
      created_by: createdBy,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

const vnDateTime = (d: Date) => {
  const v = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(v.getUTCHours())}:${p(v.getUTCMinutes())} ngày ${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
};

/** The message of a link, Vietnamese first. */
export function linkMessage(
  kind: "invitation" | "reset",
  to: { email: string; displayName: string },
  link: string,
  expiresAt: Date,
): { subject: string; text: string; html: string } {
  const until = vnDateTime(expiresAt);
  const untilEn = `${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const vi =
    kind === "invitation"
      ? [
          `Kính gửi ${to.displayName},`,
          "Quản trị viên đã mời anh/chị dùng hệ thống theo dõi chỉ tiêu phát triển kinh tế – xã hội.",
          `Mở liên kết sau để tự đặt mật khẩu (dùng được một lần, đến ${until}, giờ Việt Nam):`,
        ]
      : [
          `Kính gửi ${to.displayName},`,
          "Quản trị viên đã cấp cho anh/chị liên kết đặt lại mật khẩu.",
          `Mở liên kết sau để chọn mật khẩu mới (dùng được một lần, đến ${until}, giờ Việt Nam):`,
        ];
  const en =
    kind === "invitation"
      ? [
          `Dear ${to.displayName},`,
          "An administrator has invited you to the socio-economic targets monitoring system.",
          `Open the link above to set your own password (single use, until ${untilEn}).`,
        ]
      : [
          `Dear ${to.displayName},`,
          "An administrator has issued you a password reset link.",
          `Open the link above to choose a new password (single use, until ${untilEn}).`,
        ];
  const subject =
    kind === "invitation"
      ? "Lời mời dùng hệ thống theo dõi chỉ tiêu / Invitation to the targets monitoring system"
      : "Đặt lại mật khẩu / Password reset";
  const text = [...vi, link, "", "—", ...en, ""].join("\n");
  const esc = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const html = [
    ...vi.map((l) => `<p>${esc(l)}</p>`),
    `<p><a href="${esc(link)}">${esc(link)}</a></p>`,
    '<hr><div lang="en">',
    ...en.map((l) => `<p>${esc(l)}</p>`),
    "</div>",
  ].join("\n");
  return { subject, text, html };
}

/** Sends the link when mail is on; says in both languages what happened. */
async function deliver(
  mail: AccountMail | null,
  kind: "invitation" | "reset",
  user: { email: string; displayName: string },
  token: string,
  expiresAt: Date,
  userId: number,
): Promise<AccountLinkIssued> {
  const path = `${LINK_PATH}?t=${encodeURIComponent(token)}`;
  const base = (mail?.appUrl ?? "").replace(/\/+$/, "");
  const link = `${base}${path}`;
  const issued = {
    userId,
    email: user.email,
    kind,
    token,
    path,
    link,
    expiresAt: expiresAt.toISOString(),
  };
  if (!mail)
    return {
      ...issued,
      mailed: false,
      mailVi:
        "Chưa cấu hình máy chủ thư (SMTP_HOST): không gửi thư. Hãy sao chép liên kết và gửi cho người dùng.",
      mailEn:
        "No mail server configured (SMTP_HOST): nothing was mailed. Copy the link and send it to the person.",
    };
  try {
    await mail.transport.sendMail({
      from: mail.from,
      to: [user.email],
      ...linkMessage(kind, user, link, expiresAt),
    });
    return {
      ...issued,
      mailed: true,
      mailVi: `Đã gửi thư đến ${user.email}.`,
      mailEn: `Mailed to ${user.email}.`,
    };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ...issued,
      mailed: false,
      mailVi: `Gửi thư không được (${why}). Hãy sao chép liên kết và gửi cho người dùng.`,
      mailEn: `The mail could not be sent (${why}). Copy the link and send it to the person.`,
    };
  }
}

export interface InvitationInput {
  email: string;
  displayName: string;
  role: Role;
  agencyId?: number | null | undefined;
  /** province scope: the org units (and what lies under them) a statistician writes figures for */
  orgUnitIds?: number[] | undefined;
}

/** Creates the account (no password yet) and its invitation link; mails it when mail is on. */
export async function inviteUser(ctx: ServiceContext, input: InvitationInput, mail: AccountMail | null) {
  const email = input.email.trim().toLowerCase();
  const agencyId = input.agencyId ?? null;
  const orgUnitIds = [...new Set(input.orgUnitIds ?? [])];
  await checkAgency(ctx.db, input.role, agencyId);
  const units = await checkOrgUnits(ctx.db, orgUnitIds);
  const { user, token, expiresAt } = await withTransaction(ctx, async (trx) => {
    const exists = await trx
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirst();
    if (exists)
      throw failures.conflict(`Email ${email} đã được dùng.`, `The e-mail ${email} is already in use.`);
    const user = await trx
      .insertInto("app_user")
      .values({
        email,
        display_name: input.displayName.trim(),
        password_hash: null,
        role: input.role,
        agency_id: agencyId,
        disabled_at: null,
      })
      .returning(["id", "email", "display_name"])
      .executeTakeFirstOrThrow();
    await setOrgUnitScope(trx, user.id, orgUnitIds);
    const link = await issueLink(trx, user.id, "invitation", ctx.actor.userId);
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "invite",
        entity: "app_user",
        entityId: user.id,
        newValue: {
          email,
          role: input.role,
          agencyId,
          orgUnits: units.map((u) => u.code),
          expiresAt: link.expiresAt.toISOString(),
        },
        requestId: ctx.requestId,
      },
    ]);
    return { user, ...link };
  });
  return deliver(mail, "invitation", { email, displayName: user.display_name }, token, expiresAt, user.id);
}

/**
 * A reset link for a person: an invited person who never set a password gets a new invitation.
 * A disabled account gets none (enable it first).
 */
export async function issueResetLink(ctx: ServiceContext, userId: number, mail: AccountMail | null) {
  const { user, kind, token, expiresAt } = await withTransaction(ctx, async (trx) => {
    const user = await trx
      .selectFrom("app_user")
      .select(["id", "email", "display_name", "password_hash", "disabled_at"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw failures.notFound(`người dùng ${userId} / user ${userId}`);
    if (user.disabled_at !== null)
      throw failures.conflict(
        `Tài khoản ${user.email} đang bị khoá: hãy mở khoá trước khi cấp liên kết.`,
        `The account ${user.email} is disabled: enable it before issuing a link.`,
        "user_disabled",
      );
    const kind = user.password_hash === null ? ("invitation" as const) : ("reset" as const);
    const link = await issueLink(trx, user.id, kind, ctx.actor.userId);
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: kind === "reset" ? "issue_reset_link" : "reissue_invitation",
        entity: "app_user",
        entityId: user.id,
        newValue: { expiresAt: link.expiresAt.toISOString() },
        requestId: ctx.requestId,
      },
    ]);
    return { user, kind, ...link };
  });
  return deliver(
    mail,
    kind,
    { email: user.email, displayName: user.display_name },
    token,
    expiresAt,
    user.id,
  );
}

export interface UserPatch {
  displayName?: string | undefined;
  role?: Role | undefined;
  agencyId?: number | null | undefined;
  orgUnitIds?: number[] | undefined;
}

/** Edits role, agency, province scope and name; an agency officer keeps an agency. */
export async function updateUser(ctx: ServiceContext, userId: number, patch: UserPatch) {
  return withTransaction(ctx, async (trx) => {
    const before = await trx
      .selectFrom("app_user")
      .select(["id", "email", "display_name", "role", "agency_id"])
      .where("id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw failures.notFound(`người dùng ${userId} / user ${userId}`);
    const role = patch.role ?? before.role;
    const agencyId = patch.agencyId === undefined ? before.agency_id : patch.agencyId;
    if (userId === ctx.actor.userId && role !== before.role)
      throw failures.conflict(
        "Không thể tự đổi vai trò của mình.",
        "You cannot change your own role.",
        "own_role",
      );
    await checkAgency(trx, role, agencyId);
    const scopeBefore = await orgUnitScopeOf(trx, userId);
    const unitsAfter =
      patch.orgUnitIds === undefined ? null : await checkOrgUnits(trx, [...new Set(patch.orgUnitIds)]);
    const displayName = patch.displayName?.trim() || before.display_name;
    await trx
      .updateTable("app_user")
      .set({ role, agency_id: agencyId, display_name: displayName })
      .where("id", "=", userId)
      .execute();
    if (unitsAfter)
      await setOrgUnitScope(
        trx,
        userId,
        unitsAfter.map((u) => u.id),
      );
    const codes = async (ids: number[]) =>
      ids.length === 0
        ? []
        : (
            await trx.selectFrom("org_unit").select("code").where("id", "in", ids).orderBy("code").execute()
          ).map((r) => r.code);
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "update",
        entity: "app_user",
        entityId: userId,
        oldValue: {
          displayName: before.display_name,
          role: before.role,
          agencyId: before.agency_id,
          orgUnits: await codes(scopeBefore),
        },
        newValue: {
          displayName,
          role,
          agencyId,
          orgUnits: unitsAfter ? unitsAfter.map((u) => u.code).sort() : await codes(scopeBefore),
        },
        requestId: ctx.requestId,
      },
    ]);
    return userView(trx, userId);
  });
}

/** One user as the admin page shows them (the list's shape). */
export async function userView(db: Db, userId: number) {
  const u = await db
    .selectFrom("app_user")
    .select([...USER_COLUMNS])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return publicUser(u, await orgUnitScopeOf(db, u.id));
}

// --- the public side: the person who holds the link -----------------------------------------

const linkRefused = () =>
  new ServiceError(
    "not_found",
    "link_invalid",
    "Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy đề nghị quản trị viên cấp liên kết mới.",
    "The link is not valid, already used or expired. Ask an administrator for a new one.",
  );

/** What a link is for, without using it: the page shows who sets a password. */
export async function lookUpLink(db: Db, token: string) {
  const row = await db
    .selectFrom("account_link as l")
    .innerJoin("app_user as u", "u.id", "l.user_id")
    .select(["l.kind", "l.expires_at", "l.used_at", "u.email", "u.display_name", "u.disabled_at"])
    .where("l.token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= new Date() || row.disabled_at !== null)
    throw linkRefused();
  return {
    kind: row.kind,
    email: row.email,
    displayName: row.display_name,
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * Sets the password a link allows, once: the link is spent, every session of the person ends
 * (a reset locks out whoever held the old password), and the audit row says so. Wrong tokens
 * count against the sign-in throttle of the address.
 */
export async function useLink(
  ctx: SignInContext,
  throttle: LoginThrottle,
  input: { token: string; password: string; address: string },
) {
  const key = `account-link|${input.address}`;
  const wait = throttle.retryAfter(key, input.address);
  if (wait > 0)
    throw new ServiceError(
      "conflict",
      "too_many_attempts",
      `Thử sai nhiều lần. Thử lại sau ${wait} giây.`,
      `Too many failed tries. Try again in ${wait} s.`,
      [{ retryAfter: wait }],
    );
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(ctx, async (trx) => {
      const link = await trx
        .selectFrom("account_link")
        .select(["id", "user_id", "kind", "expires_at", "used_at"])
        .where("token_hash", "=", sha256(input.token))
        .forUpdate()
        .executeTakeFirst();
      const user = link
        ? await trx
            .selectFrom("app_user")
            .select(["id", "email", "disabled_at"])
            .where("id", "=", link.user_id)
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (
        !link ||
        !user ||
        link.used_at !== null ||
        link.expires_at <= new Date() ||
        user.disabled_at !== null
      )
        throw linkRefused();
      await trx.updateTable("account_link").set({ used_at: new Date() }).where("id", "=", link.id).execute();
      await trx
        .updateTable("app_user")
        .set({ password_hash: passwordHash })
        .where("id", "=", user.id)
        .execute();
      await revokeUserSessions(trx, user.id);
      await writeAudit(trx, [
        {
          userId: user.id,
          action: link.kind === "invitation" ? "accept_invitation" : "reset_password",
          entity: "app_user",
          entityId: user.id,
          newValue: { sessionsEnded: true },
          requestId: ctx.requestId,
        },
      ]);
      return { email: user.email, kind: link.kind };
    });
  } catch (e) {
    if (e instanceof ServiceError && e.code === "link_invalid") throttle.fail(key, input.address);
    throw e;
  }
}

import { writeAudit } from "@chitieu/storage";
import { verifyPassword } from "../auth/secrets.ts";
import { createSession, type NewSession, revokeSession } from "../auth/sessions.ts";
import type { LoginThrottle } from "../auth/throttle.ts";
import type { Actor, ServiceContext } from "./context.ts";

// Signing in and out as services: a context, the change and its audit row in one transaction,
// and errors of their own (the route maps them to HTTP).

/** A service context in which nobody may be signed in yet. */
export type SignInContext = Omit<ServiceContext, "actor"> & { actor: Actor | null };

export class SignInError extends Error {
  override name = "SignInError";
  constructor(
    readonly code: "too_many_attempts" | "invalid_credentials",
    readonly vi: string,
    readonly en: string,
    /** seconds until the next try is allowed (too_many_attempts) */
    readonly retryAfter = 0,
  ) {
    super(en);
  }
}

export interface SignInInput {
  email: string;
  password: string;
  /** the client's address (see http/client-address.ts) */
  address: string;
  userAgent: string | null;
  /** the session cookie sent with the request, if any: revoked, never reused */
  previousToken: string | null;
}

export interface SignedIn {
  user: { id: number; email: string; role: string; agencyId: number | null };
  session: NewSession;
}

export async function signIn(
  ctx: SignInContext,
  throttle: LoginThrottle,
  input: SignInInput,
): Promise<SignedIn> {
  const account = input.email.toLowerCase();
  const wait = throttle.retryAfter(account, input.address);
  if (wait > 0)
    throw new SignInError(
      "too_many_attempts",
      `Đăng nhập sai nhiều lần. Thử lại sau ${wait} giây.`,
      `Too many failed sign-ins. Try again in ${wait} s.`,
      wait,
    );
  const user = await ctx.db
    .selectFrom("app_user")
    .select(["id", "email", "role", "agency_id", "password_hash", "disabled_at"])
    .where("email", "=", account)
    .executeTakeFirst();
  // the hash is checked even for an unknown e-mail: the answer takes as long either way
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.disabled_at !== null) {
    throttle.fail(account, input.address);
    throw new SignInError("invalid_credentials", "Sai email hoặc mật khẩu.", "Wrong e-mail or password.");
  }
  throttle.succeed(account, input.address);
  const session = await ctx.db.transaction().execute(async (trx) => {
    if (input.previousToken) await revokeSession(trx, input.previousToken);
    const created = await createSession(trx, user.id, { ip: input.address, userAgent: input.userAgent });
    await writeAudit(trx, [
      { userId: user.id, action: "login", entity: "app_user", entityId: user.id, requestId: ctx.requestId },
    ]);
    return created;
  });
  return {
    user: { id: user.id, email: user.email, role: user.role, agencyId: user.agency_id },
    session,
  };
}

/** Ends the session of `token`; audited when someone was signed in with it. */
export async function signOut(ctx: SignInContext, token: string | null): Promise<void> {
  if (!token && !ctx.actor) return;
  await ctx.db.transaction().execute(async (trx) => {
    if (token) await revokeSession(trx, token);
    if (ctx.actor)
      await writeAudit(trx, [
        {
          userId: ctx.actor.userId,
          action: "logout",
          entity: "app_user",
          entityId: ctx.actor.userId,
          requestId: ctx.requestId,
        },
      ]);
  });
}

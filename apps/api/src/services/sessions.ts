import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { verifyPassword } from "../auth/secrets.ts";
import { createSession, type NewSession, revokeSession } from "../auth/sessions.ts";

// Signing in and out: the session row and its audit row in one transaction. Throttling the
// attempts is the caller's (it knows the client address); this knows only accounts.

export interface SignedIn {
  user: { id: number; email: string; role: string; agencyId: number | null };
  session: NewSession;
}

/** The account and its new session, or null for a wrong e-mail, wrong password or disabled account. */
export async function signIn(
  db: Kysely<Database>,
  input: {
    email: string;
    password: string;
    previousToken?: string | undefined;
    ip: string | null;
    userAgent: string | null;
    requestId: string;
  },
): Promise<SignedIn | null> {
  const user = await db
    .selectFrom("app_user")
    .select(["id", "email", "role", "agency_id", "password_hash", "disabled_at"])
    .where("email", "=", input.email)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.disabled_at !== null) return null;
  const session = await db.transaction().execute(async (trx) => {
    // a session cookie sent before login is never reused
    if (input.previousToken) await revokeSession(trx, input.previousToken);
    const session = await createSession(trx, user.id, { ip: input.ip, userAgent: input.userAgent });
    await writeAudit(trx, [
      { userId: user.id, action: "login", entity: "app_user", entityId: user.id, requestId: input.requestId },
    ]);
    return session;
  });
  return { user: { id: user.id, email: user.email, role: user.role, agencyId: user.agency_id }, session };
}

/** Ends the session the token names; audited when the caller was signed in. */
export async function signOut(
  db: Kysely<Database>,
  input: { token: string | undefined; userId: number | null; requestId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (input.token) await revokeSession(trx, input.token);
    if (input.userId !== null)
      await writeAudit(trx, [
        {
          userId: input.userId,
          action: "logout",
          entity: "app_user",
          entityId: input.userId,
          requestId: input.requestId,
        },
      ]);
  });
}

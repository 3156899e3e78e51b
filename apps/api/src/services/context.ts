import type { Database, Role } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";

/** Who is calling: resolved once per request from the session cookie or the API token. */
export interface Actor {
  userId: number;
  email: string;
  role: Role;
  agencyId: number | null;
  /** what a statistician or agency officer may write; empty lists mean nothing */
  scopes: { indicator: number[]; org_unit: number[]; agency: number[] };
  via: "session" | "token";
  /** token scopes when via = "token" (e.g. "observations:write") */
  tokenScopes: string[];
}

/** What every service call gets: the database, who asks, and the request id its audit rows carry. */
export interface ServiceContext {
  db: Kysely<Database>;
  actor: Actor;
  requestId: string;
}

/**
 * Runs `fn` in one transaction (or inside the caller's, when the context already holds one): a
 * change and its audit row commit together or not at all.
 */
export function withTransaction<T>(
  ctx: Pick<ServiceContext, "db">,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx.db as Transaction<Database>);
  return ctx.db.transaction().execute(fn);
}

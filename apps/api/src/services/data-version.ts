import type { Database } from "@chitieu/storage";
import { type Kysely, sql } from "kysely";
import { logger } from "../log.ts";

// The version of everything the public sees. Every change of data writes an audit row in its
// own transaction; the audit rows of things the public never sees (sign-ins, users, tokens,
// reporting duties) are left out, so a sign-in does not empty the public caches. A task, its
// deadline and its status reports are public since the portal's indicator page lists the tasks
// that serve it with their status (issue #16 item 7): a status report, a completion or a moved
// deadline changes the version, or the page would show the old status until the next figure.
//
// The version is the newest public audit id together with how many public audit rows lie in
// the last VERSION_WINDOW ids below it: a transaction that took its ids early and commits after
// a later one (an import committing while an indicator is unpublished) still changes it.
//
// Reading it never waits on the database once a value is known: a re-read starts in the
// background when the value is older than `ttlMs` (a 200k-row import that has not committed yet
// makes that query slow, and public reads must not wait for it). After a write in this process,
// `refresh()` re-reads at once, so the change is seen by the next request.

export interface DataVersion {
  get(): Promise<string>;
  /**
   * The version known now, without waiting (a stale one starts the same background re-read as
   * get()); null when none is known or every read must go to the database (ttl 0).
   */
  peek(): string | null;
  /** reads the version now (after a write in this process) and returns it */
  refresh(): Promise<string>;
  /** forget the remembered version: the next get() reads it */
  invalidate(): void;
}

/** audit entities the public never sees: a change of these is not a change of public data */
export const PRIVATE_ENTITIES = [
  "app_user",
  "session",
  "api_token",
  "user_scope",
  "agency_alias",
  "report_delivery",
  // issue #20: an explanation not yet public, a direction (its task), a kept report draft
  "explanation_internal",
  "direction",
  "report_draft",
] as const;

const VERSION_WINDOW = 100_000;

export function createDataVersion(db: Kysely<Database>, ttlMs = 1000): DataVersion {
  let value: string | null = null;
  let checkedAt = 0;
  let pending: Promise<string> | null = null;

  const read = (): Promise<string> => {
    pending ??= readVersion(db)
      .then((v) => {
        value = v;
        checkedAt = Date.now();
        return v;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  return {
    async get() {
      if (value === null || ttlMs <= 0) return read();
      if (Date.now() - checkedAt >= ttlMs)
        read().catch((error: unknown) => logger.error("data version: read failed", { error }));
      return value;
    },
    peek() {
      if (value === null || ttlMs <= 0) return null;
      if (Date.now() - checkedAt >= ttlMs)
        read().catch((e: unknown) => console.error("data version: read failed", e));
      return value;
    },
    async refresh() {
      // a read that started before the write may miss it: wait for it, then read again
      if (pending) await pending.catch(() => {});
      return read();
    },
    invalidate() {
      value = null;
    },
  };
}

async function readVersion(db: Kysely<Database>): Promise<string> {
  const hidden = sql.join(PRIVATE_ENTITIES.map((e) => sql.lit(e)));
  const top = await sql<{ top: string | null }>`
    select max(id)::text as top from audit_log where entity not in (${hidden})`.execute(db);
  const max = top.rows[0]?.top ?? null;
  if (max === null) return "0";
  const recent = await sql<{ n: string }>`
    select count(*)::text as n from audit_log
    where id > ${Number(max) - VERSION_WINDOW} and id <= ${Number(max)} and entity not in (${hidden})`.execute(
    db,
  );
  return `${max}.${recent.rows[0]?.n ?? "0"}`;
}

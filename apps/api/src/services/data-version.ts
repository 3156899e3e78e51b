import type { Database } from "@chitieu/storage";
import { type Kysely, sql } from "kysely";

// Every change of data writes an audit row in its own transaction, so the newest audit id is a
// version of everything the public sees. Read at most once per `ttlMs`: public answers may be
// up to that much behind a commit (they are cached for 60 s by browsers anyway).

export interface DataVersion {
  get(): Promise<string>;
  /** forget the remembered version (after a write in this process) */
  invalidate(): void;
}

export function createDataVersion(db: Kysely<Database>, ttlMs = 1000): DataVersion {
  let value: string | null = null;
  let checkedAt = 0;
  let pending: Promise<string> | null = null;
  return {
    async get() {
      if (value !== null && Date.now() - checkedAt < ttlMs) return value;
      pending ??= sql<{ v: string | null }>`select max(id)::text as v from audit_log`
        .execute(db)
        .then((r) => {
          value = r.rows[0]?.v ?? "0";
          checkedAt = Date.now();
          return value;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
    invalidate() {
      checkedAt = 0;
    },
  };
}

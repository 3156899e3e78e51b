import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// COPY … FROM STDIN on the connection of a Kysely transaction. Kysely does not hand out its pg
// client, so each pool registers the clients it opens by backend process id; inside a
// transaction `pg_backend_pid()` names the one that runs it. PGlite has no such stream: there
// `openCopy` answers null and the caller writes with INSERT instead.

const clientsByDb = new WeakMap<object, Map<number, pg.PoolClient>>();

/** Called once per PostgreSQL pool by `openDatabase`. */
export function registerPoolClients(db: object, pool: pg.Pool): void {
  const clients = new Map<number, pg.PoolClient>();
  pool.on("connect", (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid !== undefined) clients.set(pid, client);
  });
  pool.on("remove", (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid !== undefined) clients.delete(pid);
  });
  clientsByDb.set(db, clients);
}

/** Whether `db` is a PostgreSQL pool whose transactions can stream COPY (`openCopy`); false on PGlite. */
export function canCopy(db: object): boolean {
  return clientsByDb.has(db);
}

export interface CopyWriter {
  /**
   * Writes lines already in COPY text format (see `copyField`), as text or as its UTF-8 bytes;
   * waits when the socket is full.
   */
  write(text: string | Buffer): Promise<void>;
  /** Ends the COPY and waits for the server's answer (rejects with the server's error). */
  end(): Promise<void>;
  /**
   * Gives the COPY up (CopyFail: the server refuses it and the transaction can roll back) and
   * waits until the connection is free. Without it an error thrown while the COPY is open leaves
   * the connection waiting for data for ever, and the rollback queued behind it never runs.
   */
  abort(reason: string): Promise<void>;
}

/**
 * Opens `statement` (a `copy … from stdin` in text format) on the connection running `trx`, a
 * transaction of `db`. Null when `db` is not a registered PostgreSQL pool (PGlite).
 */
export async function openCopy<DB>(
  db: Kysely<DB>,
  trx: Transaction<DB>,
  statement: string,
): Promise<CopyWriter | null> {
  const clients = clientsByDb.get(db);
  if (!clients) return null;
  const r = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
  const client = clients.get(Number(r.rows[0]?.pid));
  if (!client) return null;
  const stream = client.query(copyFrom(statement));
  let failure: unknown = null;
  stream.on("error", (error) => {
    failure = error;
  });
  // one promise for the end of the stream: a new finished() per full socket would add listeners
  // at every wait (MaxListenersExceededWarning on a million rows)
  const ended = finished(stream).catch(() => {});
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await Promise.race([once(stream, "drain"), ended]);
      if (failure) throw failure;
    },
    async end() {
      if (failure) throw failure;
      stream.end();
      await finished(stream);
    },
    async abort(reason) {
      if (!stream.destroyed && !stream.writableFinished) stream.destroy(new Error(reason));
      await ended;
    },
  };
}

/** One field in COPY text format: `\N` for null, backslash, tab, newline and CR escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}

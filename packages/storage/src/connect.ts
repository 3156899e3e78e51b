import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import { registerPoolClients } from "./copy.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import type { Database } from "./database.ts";

export type Engine = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** where the data lives, without credentials */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used */
  databaseUrl?: string | undefined;
  /** PGlite directory; `null` keeps the database in memory (tests) */
  dataDir?: string | null | undefined;
  poolSize?: number;
}

const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;

// One shape for values whatever the engine: numeric stays an exact string, dates stay
// "YYYY-MM-DD" (no time zone games), bigint ids become numbers (they stay far below 2^53).
const parsers = {
  [NUMERIC]: (v: string) => v,
  [INT8]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
};
pg.types.setTypeParser(INT8, parsers[INT8]);
pg.types.setTypeParser(DATE, parsers[DATE]);

export function findRepoRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

export function defaultDataDir(): string {
  return path.join(findRepoRoot(), ".data", "pglite");
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir === undefined ? defaultDataDir() : options.dataDir);
}

function openPostgres(databaseUrl: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    // notice dead peers (a restarted server, a dropped network) instead of waiting on them
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // A restarted server kills idle clients; the pool replaces them. Without this handler the
  // error event would crash the process.
  pool.on("error", () => {});
  // the same for a client that is checked out when its connection drops: its query rejects,
  // and an unhandled "error" event must not take the process down with it
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  registerPoolClients(db, pool);
  return { db, engine: "postgres", location: redactUrl(databaseUrl), close: () => db.destroy() };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  if (dataDir !== null) {
    const resolved = path.resolve(dataDir);
    if (
      resolved === path.join(findRepoRoot(), "data") ||
      resolved.startsWith(path.join(findRepoRoot(), "data") + path.sep)
    ) {
      throw new Error(
        `DATA_DIR không được nằm trong data/ (danh mục của dự án): ${resolved} / DATA_DIR must not be inside data/ (the project's catalog): ${resolved}`,
      );
    }
  }
  const lock = dataDir === null ? null : acquireDataDirLock(path.resolve(dataDir));
  try {
    const pglite = new PGlite({ ...(dataDir === null ? {} : { dataDir: path.resolve(dataDir) }), parsers });
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      engine: "pglite",
      location: dataDir === null ? "memory" : path.resolve(dataDir),
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

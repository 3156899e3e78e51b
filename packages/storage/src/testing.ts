import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DatabaseHandle, openDatabase, redactUrl } from "./connect.ts";
import { migrateToLatest } from "./migrate.ts";

// Every test file gets a database of its own: a fresh in-memory PGlite, or, when DATABASE_URL
// is set, a new database on that PostgreSQL server, dropped afterwards.

export interface TestDatabase extends DatabaseHandle {
  /** connection string of the test database (postgres only) */
  url: string | null;
  drop(): Promise<void>;
}

export function testEngine(): "pglite" | "postgres" {
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let handle: DatabaseHandle;
  let url: string | null = null;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `chitieu_t_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openDatabase({ databaseUrl: url, poolSize: 4 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = await openDatabase({ dataDir: null });
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let dropped = false;
  return {
    ...handle,
    url,
    location: url ? redactUrl(url) : handle.location,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await handle.close();
      await dropDatabase();
    },
  };
}

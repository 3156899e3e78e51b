import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, testEngine } from "@chitieu/storage/testing";
import { type RunningServer, startServer } from "./server.ts";

// The integration tests that start the built app do it on the engine under test (CI runs them
// on PGlite and on PostgreSQL), always in demo mode, and clean up after it.

export interface DemoApp {
  server: RunningServer;
  /** the PGlite directory; null on PostgreSQL */
  dataDir: string | null;
  /** stops the server (its exit code), then drops the database or removes the directory; once */
  stop(): Promise<number | null>;
}

/**
 * The built app in demo mode on a fresh database of the engine under test: a new PostgreSQL
 * database (testEngine() "postgres"), else a new PGlite directory named after `prefix`.
 */
export async function startDemoApp(prefix: string, env: Record<string, string> = {}): Promise<DemoApp> {
  if (testEngine() === "postgres") {
    const pg = await createTestDatabase({ migrate: false });
    const server = await startServer({ ...env, DATABASE_URL: pg.url ?? "", DEMO: "1" }).catch(async (e) => {
      await pg.drop();
      throw e;
    });
    return {
      server,
      dataDir: null,
      stop: once(async () => {
        const code = await server.stop();
        await pg.drop();
        return code;
      }),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = await startServer({ ...env, DATA_DIR: dataDir, DEMO: "1" });
  return {
    server,
    dataDir,
    stop: once(async () => {
      const code = await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    }),
  };
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let done: Promise<T> | undefined;
  return () => {
    done ??= f();
    return done;
  };
}

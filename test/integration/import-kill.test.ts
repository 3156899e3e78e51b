import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, migrateToLatest, openDatabase } from "@chitieu/storage";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateLongCsv,
  seedCorpusCatalog,
  seedGeneratedUnits,
} from "../../packages/importer/src/test-support.ts";

// A process committing a large import is killed (SIGKILL: no cleanup, no finally) at several
// points; the database must then hold all of that batch or none of it. The child is the real
// CLI, against a PGlite directory (reopened by the parent after the kill) or the PostgreSQL test
// database.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "packages/importer/src/cli.ts");
const engine = testEngine();
const ROWS = engine === "postgres" ? 120_000 : 40_000;

let tmp: string;
let file: string;
let pgTest: TestDatabase | null = null;
let childEnv: Record<string, string>;

async function withDb<T>(f: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (pgTest) return f(pgTest.db);
  const h = await openDatabase({ dataDir: path.join(tmp, "pglite") });
  try {
    return await f(h.db);
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-kill-"));
  file = path.join(tmp, "large.csv");
  const seed = async (db: Kysely<Database>) => {
    await seedCorpusCatalog(db);
    const units = await seedGeneratedUnits(db, 100);
    fs.writeFileSync(file, generateLongCsv(ROWS, units));
  };
  if (engine === "postgres") {
    pgTest = await createTestDatabase();
    await seed(pgTest.db);
    childEnv = { DATABASE_URL: pgTest.url as string };
  } else {
    await withDb(async (db) => {
      await migrateToLatest(db);
      await seed(db);
    });
    childEnv = { DATA_DIR: path.join(tmp, "pglite") };
  }
}, 300_000);

afterAll(async () => {
  await pgTest?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

interface State {
  batches: number;
  imported: number;
  lastBatch: { id: number; rows_new: number } | null;
}

async function state(db: Kysely<Database>): Promise<State> {
  const b = await db
    .selectFrom("import_batch")
    .select(["id", "rows_new"])
    .where("kind", "=", "observations")
    .where("status", "=", "committed")
    .orderBy("id", "desc")
    .execute();
  const o = await sql<{
    n: number;
  }>`select count(*)::int as n from observation where batch_id is not null`.execute(db);
  return { batches: b.length, imported: Number(o.rows[0]?.n ?? 0), lastBatch: b[0] ?? null };
}

/** Runs the CLI; kills it `delayMs` after it reports `phase` (never, when phase is null). */
function runChild(
  phase: string | null,
  delayMs: number,
): Promise<{ code: number | null; signal: string | null; killedIn: string | null }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", CLI, "import", file], {
      cwd: ROOT,
      env: { ...process.env, ...childEnv },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let seen = "";
    let armed = false;
    let current: string | null = null;
    child.stderr?.on("data", (d: Buffer) => {
      seen += d.toString();
      current = /(\w+) \d+[^\r]*$/.exec(seen.split("\r").filter(Boolean).at(-1) ?? "")?.[1] ?? current;
      if (phase && !armed && seen.includes(`${phase} `)) {
        armed = true;
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.on("exit", (code, signal) => resolve({ code, signal, killedIn: signal ? current : null }));
  });
}

describe(`SIGKILL during a commit on ${engine}`, () => {
  // kill points: while scanning, while validating/staging, while comparing, during the write,
  // and at pseudo-random delays after the write began; the last run is never killed
  const points: [string | null, number][] = [
    ["scan", 0],
    ["validate", 200],
    ["compare", 0],
    ["write", 0],
    ["write", 150],
    ["validate", 900],
    [null, 0],
  ];

  it("leaves all of the batch or none of it, whatever the moment", async () => {
    const outcomes: string[] = [];
    for (const [phase, delay] of points) {
      const before = await withDb(state);
      const run = await runChild(phase, delay);
      const after = await withDb(state);
      const none = after.batches === before.batches && after.imported === before.imported;
      const all =
        after.batches === before.batches + 1 &&
        after.imported === before.imported + ROWS &&
        after.lastBatch?.rows_new === ROWS;
      expect(
        none || all,
        `killed at ${phase}+${delay}ms (${run.signal ?? run.code}): ${JSON.stringify({ before, after })}`,
      ).toBe(true);
      outcomes.push(
        `${phase ?? "no kill"}+${delay}: ${run.signal ?? `exit ${run.code}`} → ${all ? "all" : "none"}`,
      );
      if (phase === null) expect(all).toBe(true);
      if (all && after.lastBatch) {
        // undo so that every run writes the same rows again
        await withDb((db) =>
          import("../../packages/importer/src/batches.ts").then((m) =>
            m.rollbackBatch(db, after.lastBatch?.id as number, null),
          ),
        );
      }
    }
    expect(outcomes.some((o) => o.includes("SIGKILL → none"))).toBe(true);
    console.log(outcomes.join("\n"));
  }, 600_000);
});

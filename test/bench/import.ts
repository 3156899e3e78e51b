// Import benchmarks: a 1,000,000-row long CSV committed into PostgreSQL (time and peak memory,
// measured in a child process; the median of 3 runs), each run beside its real limit (the rows
// it wrote, COPY-streamed into an empty table of the same shape: sameShapeCopy); for scale a raw
// COPY of the file into an unindexed table, and 100,000 rows into an in-memory PGlite. Runs against BENCH_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) in a scratch database it drops after.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateToLatest, openCopy, openDatabase } from "@chitieu/storage";
import { sql } from "kysely";
import { commitImport } from "../../packages/importer/src/import-service.ts";
import {
  generateLongCsv,
  seedCorpusCatalog,
  seedGeneratedUnits,
} from "../../packages/importer/src/test-support.ts";
import { median, RUNS, repeat } from "./stats.ts";

export interface ImportFigure {
  name: string;
  value: number;
  unit: string;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const SELF = path.join(ROOT, "test/bench/import.ts");
const MAX_BYTES = 512 * 1024 * 1024;

function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** Creates or drops the scratch database (statements that cannot run in a transaction). */
async function admin(statement: string): Promise<void> {
  const h = await openDatabase({ databaseUrl: serverUrl(), poolSize: 1 });
  try {
    await sql.raw(statement).execute(h.db);
  } finally {
    await h.close();
  }
}

/** Catalog plus 400 generated communes; returns the unit codes for the generator. */
async function prepare(databaseUrl: string | undefined, dataDir: string | null) {
  const h = await openDatabase({ databaseUrl, dataDir });
  await migrateToLatest(h.db);
  await seedCorpusCatalog(h.db);
  const units = await seedGeneratedUnits(h.db, 400);
  return { handle: h, units };
}

const RATIO_LIMIT = 1.5;
const RSS_LIMIT_MB = 400;
/** the columns an import writes into `observation` */
const COLUMNS =
  "indicator_id, org_unit_id, period, period_start, period_end, basis, value, status, note, batch_id, recorded_by, replaces_id, source_row, source_col";

export async function importBenchmarks(): Promise<ImportFigure[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-import-"));
  fs.chmodSync(tmp, 0o777);
  const name = `chitieu_bench_import_${process.pid}`;
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  await admin(`create database ${name}`);
  try {
    const { handle, units } = await prepare(url.toString(), null);
    // no autovacuum in the scratch database: a vacuum or analyze of the rows one run wrote, set off
    // a minute later, ran into the next measurement (runs of 22 s beside runs of 13 s)
    for (const table of ["observation", "audit_log", "import_batch"])
      await sql.raw(`alter table ${table} set (autovacuum_enabled = false)`).execute(handle.db);
    const file = path.join(tmp, "1m.csv");
    fs.writeFileSync(file, generateLongCsv(1_000_000, units));
    fs.chmodSync(file, 0o644);
    const copySeconds = await rawCopy(handle.db, file);
    const insertSeconds = await bareInsert(handle.db);
    // the import three times into the same empty table, each followed by its limit: the rows it
    // wrote, copied into an empty table of the same shape
    const imports: { seconds: number; peakRssMb: number }[] = [];
    const limits: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // every run a first upload into an empty table, as its limit is a COPY into an empty table
      // (the catalog's seed holds two figures, one of an indicator the file names)
      await emptyObservations(handle.db);
      await sql`checkpoint`.execute(handle.db);
      imports.push(await importInChild(url.toString(), file));
      limits.push(await sameShapeCopy(handle.db, tmp));
    }
    // for scale, no limit: the same file when the table already holds a current figure of an
    // indicator it names (another unit, another month): the records are compared in SQL over a
    // stage read back from the table (`stageFromBatch`, `largeJumps`) instead of in memory
    const withHistory: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await emptyObservations(handle.db);
      await sql`insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
        select i.id, u.id, '1499-12', date '1499-12-01', date '1499-12-31', 'period', 1, 'official'
        from indicator i, org_unit u where i.code = 'qnam-budget-revenue' and u.code = 'p49'`.execute(
        handle.db,
      );
      await sql`checkpoint`.execute(handle.db);
      withHistory.push((await importInChild(url.toString(), file)).seconds);
    }
    await handle.close();
    const pglite = median(await repeat(RUNS, () => pglite100k(tmp)));
    const seconds = median(imports.map((r) => r.seconds));
    const limit = median(limits);
    const ratio = median(imports.map((r, i) => r.seconds / (limits[i] as number)));
    console.error(
      `import 1M runs: ${imports.map((r) => r.seconds.toFixed(1)).join(" / ")} s; same-shape COPY ${limits.map((l) => l.toFixed(1)).join(" / ")} s; with history ${withHistory.map((l) => l.toFixed(1)).join(" / ")} s`,
    );
    return [
      { name: "import_1m_rows_s", value: seconds, unit: "s" },
      { name: "import_same_shape_copy_1m_rows_s", value: limit, unit: "s" },
      { name: "import_vs_same_shape_copy_ratio", value: ratio, unit: "x" },
      { name: "import_vs_same_shape_copy_limit", value: RATIO_LIMIT, unit: "x" },
      { name: "import_1m_rows_with_history_s", value: median(withHistory), unit: "s" },
      { name: "import_peak_rss_mb", value: median(imports.map((r) => r.peakRssMb)), unit: "MB" },
      { name: "import_peak_rss_limit_mb", value: RSS_LIMIT_MB, unit: "MB" },
      { name: "import_vs_copy_ratio", value: seconds / copySeconds, unit: "x" },
      { name: "import_copy_1m_rows_s", value: copySeconds, unit: "s" },
      { name: "import_bare_insert_1m_rows_s", value: insertSeconds, unit: "s" },
      { name: "import_vs_bare_insert_ratio", value: seconds / insertSeconds, unit: "x" },
      { name: "import_100k_rows_pglite_s", value: pglite, unit: "s" },
    ];
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

type Db = Awaited<ReturnType<typeof prepare>>["handle"]["db"];

/** Back to an empty `observation` (and no batch) for the next run. */
async function emptyObservations(db: Db): Promise<void> {
  await sql`truncate observation, audit_log, import_batch cascade`.execute(db);
}

/**
 * The real limit of the import's write (issue #19): the rows the import just wrote, as COPY text,
 * streamed from this process into an empty table of the same shape as `observation` — the same
 * columns, defaults, checks, unique keys and indexes, and its foreign keys checked the way the
 * import checks them (every referenced indicator and org unit key-share-locked and proved to
 * exist once, then the rows written with row triggers off; `checkReferencesAsSet`). No file to
 * read, no validation, no comparison with current figures, no audit. Returns seconds.
 */
async function sameShapeCopy(db: Db, tmp: string): Promise<number> {
  const rows = path.join(tmp, "written.copy");
  await sql.raw(`copy (select ${COLUMNS} from observation) to '${rows.replace(/'/g, "''")}'`).execute(db);
  await sql`drop table if exists observation_limit`.execute(db);
  await sql`create table observation_limit (like observation including all)
    with (autovacuum_enabled = false)`.execute(db);
  const fks = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'observation'::regclass and contype = 'f'`.execute(db);
  for (const fk of fks.rows) await sql.raw(`alter table observation_limit add ${fk.def}`).execute(db);
  await sql`checkpoint`.execute(db);
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    const copy = await openCopy(db, trx, `copy observation_limit (${COLUMNS}) from stdin`);
    if (!copy) throw new Error("COPY needs PostgreSQL");
    for await (const chunk of fs.createReadStream(rows, { encoding: "utf8", highWaterMark: 1 << 20 }))
      await copy.write(chunk as string);
    await copy.end();
    // the foreign keys, proved once for the whole set as the import does
    await sql`
      with ind as (select distinct indicator_id as id from observation_limit),
        ou as (select distinct org_unit_id as id from observation_limit),
        locked_ind as (select i.id from indicator i join ind using (id) for key share of i),
        locked_ou as (select u.id from org_unit u join ou using (id) for key share of u)
      select id from ind where id not in (select id from locked_ind)
      union all select id from ou where id not in (select id from locked_ou)`.execute(trx);
    await sql`set local session_replication_role = origin`.execute(trx);
  });
  const seconds = (performance.now() - t0) / 1000;
  await sql`drop table observation_limit`.execute(db);
  fs.rmSync(rows, { force: true });
  return seconds;
}

/**
 * The floor: the same bytes into a table with no index, no constraint, no parsing of ours. The
 * table stays for `bareInsert`, which drops it.
 */
async function rawCopy(
  db: Awaited<ReturnType<typeof prepare>>["handle"]["db"],
  file: string,
): Promise<number> {
  await sql`create table bench_copy (indicator text, org_unit text, period text, value text, status text)`.execute(
    db,
  );
  const t0 = performance.now();
  await sql
    .raw(`copy bench_copy from '${file.replace(/'/g, "''")}' with (format csv, header true)`)
    .execute(db);
  return (performance.now() - t0) / 1000;
}

/**
 * What the database alone needs to store the same rows in `observation` with its checks, foreign
 * keys and indexes: one INSERT … SELECT from the text `rawCopy` loaded, codes resolved by join, no
 * validation, no comparison, no audit, rolled back. The import cannot be faster than this
 * unless it skips what the table guarantees.
 */
async function bareInsert(db: Awaited<ReturnType<typeof prepare>>["handle"]["db"]): Promise<number> {
  await sql`checkpoint`.execute(db);
  const t0 = performance.now();
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
        select i.id, u.id, c.period, to_date(c.period, 'YYYY-MM'),
          (to_date(c.period, 'YYYY-MM') + interval '1 month - 1 day')::date, 'period', c.value::numeric, 'official'
        from bench_copy c join indicator i on i.code = c.indicator join org_unit u on u.code = c.org_unit`.execute(
        trx,
      );
      throw new Error("rollback");
    })
    .catch((error: Error) => {
      if (error.message !== "rollback") throw error;
    });
  const seconds = (performance.now() - t0) / 1000;
  await sql`drop table bench_copy`.execute(db);
  // the rolled-back rows stay as dead tuples and index entries: rewrite the table so that the
  // import after this starts from the same empty table as without this measurement
  await sql`vacuum full observation`.execute(db);
  await sql`checkpoint`.execute(db);
  return seconds;
}

function importInChild(databaseUrl: string, file: string): Promise<{ seconds: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    // a capped old space: the import streams, so its live set is small; without a cap V8 grows
    // the heap lazily and the peak says more about the collector than about the import
    const child = spawn(
      process.execPath,
      ["--max-old-space-size=256", "--import", "tsx", SELF, "--child", file],
      {
        cwd: ROOT,
        env: { ...process.env, BENCH_CHILD_DATABASE_URL: databaseUrl },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`import child failed (${code}): ${out}`));
      resolve(JSON.parse(line) as { seconds: number; peakRssMb: number });
    });
  });
}

async function pglite100k(tmp: string): Promise<number> {
  const { handle, units } = await prepare(undefined, null);
  try {
    const file = path.join(tmp, "100k.csv");
    fs.writeFileSync(file, generateLongCsv(100_000, units));
    const t0 = performance.now();
    const r = await commitImport(handle.db, { name: "100k.csv", path: file }, { maxBytes: MAX_BYTES });
    if (r.status !== "committed" || r.rows.new !== 100_000)
      throw new Error(`PGlite import failed: ${JSON.stringify(r.rows)}`);
    return (performance.now() - t0) / 1000;
  } finally {
    await handle.close();
  }
}

/** The child: one commit, then its time and the peak resident memory the kernel saw (VmHWM). */
async function child(file: string) {
  const h = await openDatabase({ databaseUrl: process.env.BENCH_CHILD_DATABASE_URL, poolSize: 2 });
  const t0 = performance.now();
  // when each phase began (s): printed beside the run, so that a slow run says where it was slow
  const phases: string[] = [];
  const r = await commitImport(
    h.db,
    { name: path.basename(file), path: file },
    {
      maxBytes: MAX_BYTES,
      sampleSize: 10,
      maxProblems: 1000,
      onProgress: (p) => {
        if (!phases.at(-1)?.startsWith(p.phase))
          phases.push(`${p.phase} ${((performance.now() - t0) / 1000).toFixed(1)}`);
      },
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  console.error(`import phases (s from the start): ${phases.join(", ")}, end ${seconds.toFixed(1)}`);
  await h.close();
  if (r.status !== "committed" || r.rows.new !== 1_000_000)
    throw new Error(`import failed: ${JSON.stringify(r.rows)} ${r.errorCount}`);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  console.log(
    JSON.stringify({ seconds, peakRssMb: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 1048576 }),
  );
}

if (process.argv[2] === "--child" && process.argv[3]) {
  await child(process.argv[3]);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await importBenchmarks()) console.log(`BENCH ${f.name} ${f.value.toFixed(3)} ${f.unit}`);
}

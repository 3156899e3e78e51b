// API figures on PostgreSQL: a province with 500 published indicators and 5 years of monthly
// data, read by the public (cached per data version) and by a signed-in leader (computed).

import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { migrateToLatest, openDatabase } from "@chitieu/storage";
import { sql } from "kysely";
import pg from "pg";
import { startServer } from "../support/server.ts";
import { load } from "./load.ts";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const ADMIN = { email: "bench-admin@chitieu.vn", password: "bench-password-1234" };

export async function scratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `chitieu_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** 500 monthly flow indicators of Quảng Nam with a 2024 target and 2020–2024 monthly figures. */
export async function seedProvince(url: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url });
  try {
    await migrateToLatest(handle.db);
    await loadCatalog(handle.db, readCatalog());
    const db = handle.db;
    const unit = await db
      .selectFrom("org_unit")
      .select("id")
      .where("code", "=", "p49")
      .executeTakeFirstOrThrow();
    await sql`
      insert into indicator (code, name_vi, category, unit, measure_kind, direction, decimals, frequency, published)
      select 'bench-' || g, 'Chỉ tiêu thử tải ' || g, 'economy', 'tỷ đồng', 'flow', 'higher_better', 1, 'monthly', true
      from generate_series(1, 500) g`.execute(db);
    await sql`
      insert into target (indicator_id, org_unit_id, period)
      select id, ${unit.id}, '2024' from indicator where code like 'bench-%'`.execute(db);
    await sql`
      insert into target_revision (target_id, revision, form, low)
      select t.id, 1, 'at_least', (1000 + (t.id % 97) * 10)::numeric
      from target t join indicator i on i.id = t.indicator_id where i.code like 'bench-%'`.execute(db);
    await sql`
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
      select i.id, ${unit.id}, to_char(m, 'YYYY-MM'), m::date, (m + interval '1 month - 1 day')::date, 'period',
             round((80 + random() * 40)::numeric, 1), 'official'
      from indicator i cross join generate_series('2020-01-01'::timestamp, '2024-12-01', interval '1 month') m
      where i.code like 'bench-%'`.execute(db);
    await sql`analyze`.execute(db);
  } finally {
    await handle.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export async function apiBenchmarks(): Promise<BenchFigure[]> {
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  const scratch = await scratchDatabase(serverUrl);
  const figures: BenchFigure[] = [];
  try {
    await seedProvince(scratch.url);
    const server = await startServer({
      DATABASE_URL: scratch.url,
      DEMO: "0",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    try {
      // the signed-in leader first: after the load below, a kept-alive connection of this
      // process would have been closed by the server and a POST on it would fail
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ADMIN),
      });
      const cookie = (login.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
        ";",
      )[0] as string;
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/api/v1/scorecard?orgUnit=p49&asOf=2024-09`, {
          headers: { cookie },
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`internal scorecard answered ${r.status}`);
        if (i >= 10) times.push(performance.now() - t0); // the first ones warm the JIT
      }
      times.sort((a, b) => a - b);
      figures.push({ name: "internal_scorecard_p95_ms", value: percentile(times, 95), unit: "ms" });
      const publicUrl = `${server.url}/api/v1/public/scorecard?orgUnit=p49&asOf=2024-09`;
      const check = (await (await fetch(publicUrl)).json()) as { rows: unknown[] };
      if (check.rows.length < 500) throw new Error(`scorecard has ${check.rows.length} rows, expected ≥ 500`);
      // as browsers and news sites fetch it: compressed
      const result = await load(publicUrl, {
        connections: 20,
        seconds: 10,
        headers: { "accept-encoding": "gzip" },
      });
      console.error(`public scorecard load by ${result.tool}`);
      figures.push({ name: "public_scorecard_rps", value: result.rps, unit: "req/s" });
      figures.push({ name: "public_scorecard_p99_ms", value: result.p99Ms, unit: "ms" });
      figures.push({ name: "public_scorecard_errors", value: result.errors, unit: "count" });
    } catch (error) {
      console.error(server.output().slice(-3000), (error as { cause?: unknown }).cause);
      throw error;
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
  return figures;
}

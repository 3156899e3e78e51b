// API figures on PostgreSQL: a province with 500 published indicators and 5 years of monthly
// data, read by the public (cached per data version) and by a signed-in leader (computed).
// The public scorecard under wrk (the median of 3 runs) beside its limit, a bare Node server
// writing the same bytes in the same run; and its first answer after a change of public data.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { migrateToLatest, openDatabase } from "@chitieu/storage";
import { sql } from "kysely";
import pg from "pg";
import { freePort, startServer } from "../support/server.ts";
import { type LoadResult, load } from "./load.ts";
import { median, RUNS } from "./stats.ts";

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

const RPS_TARGET = 1500;
const P99_LIMIT_MS = 100;
const COLD_LIMIT_MS = 300;
const LOAD = { connections: 20, seconds: 5, headers: { "accept-encoding": "gzip" } };

/** A GET whose body is kept as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/** The bare Node server of bare-server.mjs, serving `spec`; stopped by the returned function. */
async function startBareServer(spec: { headers: Record<string, string>; gzipBase64: string }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-bare-"));
  const file = path.join(dir, "answer.json");
  fs.writeFileSync(file, JSON.stringify(spec));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "bare-server.mjs"), file], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/api/v1/public/scorecard`,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
      const { csrfToken } = (await login.json()) as { csrfToken: string };
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

      // the first answer after a change of public data (a figure recorded by the administrator):
      // the data version moves, the cached answer is dropped, the scorecard is computed again
      // for 500 indicators × 60 months; five changes, the median
      const cold: number[] = [];
      let etag = "";
      for (let i = 0; i < 5; i++) {
        const write = await fetch(`${server.url}/api/v1/observations`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
          body: JSON.stringify({
            indicator: "bench-1",
            orgUnit: "p49",
            period: "2024-09",
            value: String(100 + i),
            status: "official",
          }),
        });
        if (write.status !== 201)
          throw new Error(`recording a figure: ${write.status} ${await write.text()}`);
        const t0 = performance.now();
        const r = await fetch(publicUrl, { headers: { "accept-encoding": "gzip" } });
        await r.arrayBuffer();
        cold.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`public scorecard answered ${r.status}`);
        const next = r.headers.get("etag") ?? "";
        if (next === etag) throw new Error("the public scorecard did not change after a change of its data");
        etag = next;
      }
      const coldMs = median(cold);
      figures.push({ name: "public_scorecard_cold_ms", value: coldMs, unit: "ms" });
      figures.push({ name: "public_scorecard_cold_limit_ms", value: COLD_LIMIT_MS, unit: "ms" });

      const sample = await fetch(publicUrl, { headers: { "accept-encoding": "gzip" } });
      const check = (await sample.clone().json()) as { rows: unknown[] };
      if (check.rows.length < 500) throw new Error(`scorecard has ${check.rows.length} rows, expected ≥ 500`);
      // the same answer, compressed, from a bare Node server: what this machine can do at most
      const gz = await rawGet(publicUrl, { "accept-encoding": "gzip" });
      const gzBytes = gz.body;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(gz.headers))
        if (
          typeof v === "string" &&
          ![
            "date",
            "connection",
            "keep-alive",
            "content-length",
            "x-request-id",
            "transfer-encoding",
          ].includes(k)
        )
          headers[k] = v;
      if (headers["content-encoding"] !== "gzip")
        throw new Error("the public scorecard was not served compressed");
      const bare = await startBareServer({ headers, gzipBase64: gzBytes.toString("base64") });
      try {
        // as browsers and news sites fetch it: compressed; the app and the limit in turn, 3 runs each
        const app: LoadResult[] = [];
        const limit: LoadResult[] = [];
        for (let i = 0; i < RUNS; i++) {
          app.push(await load(publicUrl, LOAD));
          limit.push(await load(bare.url, LOAD));
        }
        const rps = median(app.map((r) => r.rps));
        const limitRps = median(limit.map((r) => r.rps));
        figures.push({ name: "public_scorecard_rps", value: rps, unit: "req/s" });
        figures.push({ name: "public_scorecard_rps_target", value: RPS_TARGET, unit: "req/s" });
        figures.push({ name: "public_scorecard_p99_ms", value: median(app.map((r) => r.p99Ms)), unit: "ms" });
        figures.push({ name: "public_scorecard_p99_limit_ms", value: P99_LIMIT_MS, unit: "ms" });
        figures.push({
          name: "public_scorecard_errors",
          value: app.reduce((a, r) => a + r.errors, 0),
          unit: "count",
        });
        figures.push({ name: "public_bare_node_rps", value: limitRps, unit: "req/s" });
        figures.push({
          name: "public_bare_node_p99_ms",
          value: median(limit.map((r) => r.p99Ms)),
          unit: "ms",
        });
        figures.push({ name: "public_scorecard_vs_bare_node", value: rps / limitRps, unit: "x" });
        console.error(
          `public scorecard by wrk, runs: app ${app.map((r) => r.rps).join(" / ")} req/s, bare ${limit.map((r) => r.rps).join(" / ")} req/s`,
        );
      } finally {
        await bare.stop();
      }
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

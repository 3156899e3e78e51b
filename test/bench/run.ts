// pnpm bench — every figure as one line `BENCH <name> <value> <unit>`.
// Needs the built app (npm test or pnpm build) and, for the PostgreSQL figures, a server at
// BENCH_DATABASE_URL / DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// `pnpm bench <group>…` runs only some groups: startup, engine, api, import, portal, dashboard,
// public-import (public latency while a 200k-row import commits). HTTP loads use wrk.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchScorecard } from "@chitieu/domain";
import { repoRoot, startServer } from "../support/server.ts";
import { apiBenchmarks, type BenchFigure } from "./api.ts";
import { dashboardBenchmarks } from "./dashboard.ts";
import { importBenchmarks } from "./import.ts";
import { portalBenchmarks } from "./portal.ts";
import { publicDuringImportBenchmarks } from "./public-during-import.ts";
import { realPathBenchmarks } from "./real-path.ts";
import { median, RUNS } from "./stats.ts";

/** The limit of each figure that has one (issues #12, #19): printed on the figure's own line. */
const LIMITS: Record<string, { max?: number; min?: number }> = {
  public_p99_during_import_ms: { max: 300 },
  public_errors_during_import: { max: 0 },
  public_scorecard_cold_ms: { max: 300 },
  public_scorecard_rps: { min: 1500 },
  public_scorecard_p99_ms: { max: 100 },
  public_scorecard_vs_bare_node: { min: 0.5 },
  public_scorecard_errors: { max: 0 },
  scorecard_real_path_ms: { max: 200 },
  import_vs_same_shape_copy_ratio: { max: 1.5 },
  import_peak_rss_mb: { max: 400 },
  dashboard_js_kb_gz: { max: 300 },
  dashboard_lcp_ms: { max: 1500 },
};

const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

function print(f: BenchFigure) {
  const limit = LIMITS[f.name];
  let beside = "";
  if (limit) {
    const ok =
      (limit.max === undefined || f.value <= limit.max) && (limit.min === undefined || f.value >= limit.min);
    const bound = limit.max !== undefined ? `≤ ${show(limit.max)}` : `≥ ${show(limit.min as number)}`;
    beside = ` (limit ${bound} ${f.unit}: ${ok ? "ok" : "OVER"})`;
  }
  console.log(`BENCH ${f.name} ${show(f.value)} ${f.unit}${beside}`);
}

async function startupFigures(): Promise<BenchFigure[]> {
  if (!fs.existsSync(path.join(repoRoot, "apps/web/build/index.js"))) {
    throw new Error("apps/web/build is missing: run `pnpm build` (or `npm test`) first");
  }
  const colds: number[] = [];
  const warms: number[] = [];
  // three of each, the median printed
  for (let run = 0; run < RUNS; run++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-"));
    try {
      // cold: an empty DATA_DIR to a healthy app with migrations run and the catalog loaded
      let t0 = performance.now();
      let server = await startServer({ DATA_DIR: dataDir, DEMO: "0" });
      colds.push((performance.now() - t0) / 1000);
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
        catalog: { indicators: number };
      };
      if (health.catalog.indicators === 0) throw new Error("catalog not loaded");
      await server.stop();
      // warm: the same directory again, nothing left to migrate or load
      t0 = performance.now();
      server = await startServer({ DATA_DIR: dataDir, DEMO: "0" });
      warms.push((performance.now() - t0) / 1000);
      await server.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return [
    { name: "cold_start_s", value: median(colds), unit: "s" },
    { name: "warm_start_s", value: median(warms), unit: "s" },
  ];
}

async function engineFigures(): Promise<BenchFigure[]> {
  const r = benchScorecard();
  return [
    { name: "evaluate_scorecard_ms", value: r.ms, unit: "ms" },
    { name: "evaluate_per_second", value: Math.round(r.evaluationsPerSecond), unit: "series/s" },
  ];
}

const groups: Record<string, () => Promise<BenchFigure[]>> = {
  startup: startupFigures,
  engine: engineFigures,
  "real-path": realPathBenchmarks,
  api: apiBenchmarks,
  import: importBenchmarks,
  portal: portalBenchmarks,
  dashboard: dashboardBenchmarks,
  "public-import": publicDuringImportBenchmarks,
};

const wanted = process.argv.slice(2).filter((a) => a !== "--");
let failed = false;
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  try {
    for (const figure of await run()) print(figure);
  } catch (error) {
    failed = true;
    console.error(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed ? 1 : 0);

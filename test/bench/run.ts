// pnpm bench — every figure as one line `BENCH <name> <value> <unit>`. Later issues add figures.
// Needs the built app (npm test or pnpm build). Reads DATABASE_URL for PostgreSQL figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, startServer } from "../support/server.ts";

function bench(name: string, value: number, unit: string) {
  console.log(`BENCH ${name} ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}`);
}

async function startupFigures() {
  if (!fs.existsSync(path.join(repoRoot, "apps/web/build/index.js"))) {
    throw new Error("apps/web/build is missing: run `pnpm build` (or `npm test`) first");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-"));
  try {
    // cold: an empty DATA_DIR to a healthy app with migrations run and the catalog loaded
    let t0 = performance.now();
    let server = await startServer({ DATA_DIR: dataDir, DEMO: "0" });
    const cold = (performance.now() - t0) / 1000;
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
      catalog: { indicators: number };
    };
    if (health.catalog.indicators === 0) throw new Error("catalog not loaded");
    await server.stop();
    // warm: the same directory again, nothing left to migrate or load
    t0 = performance.now();
    server = await startServer({ DATA_DIR: dataDir, DEMO: "0" });
    const warm = (performance.now() - t0) / 1000;
    await server.stop();
    bench("cold_start_s", cold, "s");
    bench("warm_start_s", warm, "s");
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await startupFigures();

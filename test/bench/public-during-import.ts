// Public latency while a large import commits (issue #12, finding 11: p99 went from 147 ms to
// 3,1 s). The built app on a scratch PostgreSQL database (demo data); wrk loads the public
// scorecard for 5 s alone, then again while a 200.000-row long CSV is uploaded and committed
// through the API by the administrator; three such imports (each of new figures), every figure
// the median of the three. Figures:
// - public_p99_ms: p99 of the public scorecard without an import (the same load)
// - public_p99_during_import_ms: the worst p99 of the 3 s loads run while an import is under
//   way (median over the imports); limit 300 ms, printed beside it with the ratio
// - public_errors_during_import: non-2xx answers and socket errors meanwhile (must be 0)
// - import_200k_rows_http_s: the import's own time, for scale
import { openDatabase } from "@chitieu/storage";
import { createTestDatabase } from "@chitieu/storage/testing";
import { seedGeneratedUnits } from "../../packages/importer/src/test-support.ts";
import { startServer } from "../support/server.ts";
import type { BenchFigure } from "./api.ts";
import { type LoadResult, load } from "./load.ts";
import { median, RUNS } from "./stats.ts";

const ROWS = 200_000;
const LIMIT_MS = 300;
const PUBLIC = "/api/v1/public/scorecard?orgUnit=p49&asOf=2024";

/** A long CSV as an office exports it: indicator, unit, month, value, status; 200.000 data rows. */
function longCsv(units: string[], firstYear: number): string {
  const indicators = ["qnam24-budget-revenue", "qnam24-budget-revenue-domestic"];
  const out = ["Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị,Trạng thái"];
  for (let i = 0; i < ROWS; i++) {
    const month = (i % 12) + 1;
    const slot = Math.floor(i / 12);
    const indicator = indicators[slot % indicators.length];
    const unit = units[Math.floor(slot / indicators.length) % units.length];
    const year = firstYear + Math.floor(slot / (indicators.length * units.length));
    out.push(`${indicator},${unit},${year}-${String(month).padStart(2, "0")},${1000 + (i % 97)},chính thức`);
  }
  return `${out.join("\n")}\n`;
}

export async function publicDuringImportBenchmarks(): Promise<BenchFigure[]> {
  const serverUrl =
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/postgres";
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl;
  const db = await createTestDatabase({ migrate: false });
  if (previous === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previous;
  // plain http: adapter-node takes the protocol from PROTOCOL_HEADER (SvelteKit compares Origin)
  const server = await startServer({
    DATABASE_URL: db.url ?? "",
    DEMO: "1",
    PROTOCOL_HEADER: "x-forwarded-proto",
    BODY_SIZE_LIMIT: "60M",
  });
  try {
    // 400 communes for the file's rows
    const h = await openDatabase({ databaseUrl: db.url ?? "", poolSize: 1 });
    const units = await seedGeneratedUnits(h.db, 400);
    await h.close();

    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@demo.chitieu.vn", password: "chitieu-demo-2024" }),
    });
    if (!login.ok) throw new Error(`login: ${login.status}`);
    const cookie =
      (login.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(";")[0] ?? "";
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const url = `${server.url}${PUBLIC}`;
    await fetch(url); // computed once, as the first reader does
    const runs: { alone: LoadResult; during: LoadResult[]; seconds: number }[] = [];
    // three imports, each of 200.000 new figures (years of its own), each beside the same load alone
    for (let run = 0; run < RUNS; run++) {
      const alone = await load(url, { connections: 16, seconds: 5 });
      const form = new FormData();
      form.set("file", new Blob([longCsv(units, 1900 + run * 25)], { type: "text/csv" }), "bench-200k.csv");
      const t0 = performance.now();
      let finished = false;
      const imported = fetch(`${server.url}/api/v1/imports`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, origin: server.url, "x-forwarded-proto": "http" },
        body: form,
      })
        .then(async (r) => ({ status: r.status, body: await r.text() }))
        .finally(() => {
          finished = true;
        });
      const during: LoadResult[] = [];
      // 3 s loads back to back until the import has answered
      while (!finished && during.length < 200) during.push(await load(url, { connections: 16, seconds: 3 }));
      const result = await imported;
      const seconds = (performance.now() - t0) / 1000;
      console.error(
        `run ${run + 1}: public p99 of each 3 s load during the import: ${during.map((d) => d.p99Ms).join(" / ")} ms`,
      );
      if (result.status !== 201)
        throw new Error(
          `import: ${result.status} ${result.body.slice(0, 300)}\n${server.output().slice(-2000)}`,
        );
      if (during.length === 0) throw new Error("the import finished before any load ran");
      runs.push({ alone, during, seconds });
    }
    const worst = median(runs.map((r) => Math.max(...r.during.map((d) => d.p99Ms))));
    const alone = median(runs.map((r) => r.alone.p99Ms));
    const errors = runs.reduce((a, r) => a + r.alone.errors + r.during.reduce((b, d) => b + d.errors, 0), 0);
    const during = runs.flatMap((r) => r.during);
    return [
      { name: "public_p99_ms", value: alone, unit: "ms" },
      { name: "public_p99_during_import_ms", value: worst, unit: "ms" },
      { name: "public_p99_during_import_limit_ms", value: LIMIT_MS, unit: "ms" },
      { name: "public_p99_during_import_vs_limit", value: worst / LIMIT_MS, unit: "x" },
      { name: "public_p99_during_import_vs_alone", value: worst / alone, unit: "x" },
      { name: "public_errors_during_import", value: errors, unit: "requests" },
      {
        name: "public_rps_during_import",
        value: Math.round(during.reduce((a, d) => a + d.rps, 0) / during.length),
        unit: "req/s",
      },
      { name: "import_200k_rows_http_s", value: median(runs.map((r) => r.seconds)), unit: "s" },
    ];
  } finally {
    await server.stop();
    await db.drop();
  }
}

// Portal figures for `pnpm bench` (called from run.ts): what the public pays for a page.
// - portal_home_js_kb_gz: gzipped KB of all JavaScript the home page loads (0: none)
// - portal_home_rps: requests/s on /vi under wrk over loopback, app on a scratch PostgreSQL DB
// - portal_indicator_ttfb_ms: median time to first byte of an indicator page (warm: cached render)
// - portal_indicator_ttfb_cold_ms: the first request of an indicator page (rendered, charts drawn),
//   the median over three pages; portal_home_rps the median of three wrk runs
// Needs the built app (apps/web/build) and PostgreSQL (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createTestDatabase } from "@chitieu/storage/testing";
import { chromium } from "playwright-core";
import { repoRoot, startServer } from "../support/server.ts";
import { load } from "./load.ts";
import { median, RUNS } from "./stats.ts";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function portalBenchmarks(): Promise<BenchFigure[]> {
  if (!fs.existsSync(path.join(repoRoot, "apps/web/build/index.js"))) {
    throw new Error("apps/web/build is missing: run `pnpm build` (or `npm test`) first");
  }
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl; // createTestDatabase makes a scratch database on this server
  const db = await createTestDatabase({ migrate: false });
  if (previous === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previous;
  const server = await startServer({ DATABASE_URL: db.url ?? "", DEMO: "1" });
  try {
    const figures: BenchFigure[] = [];
    figures.push({ name: "portal_home_js_kb_gz", value: await homeJsKbGz(server.url), unit: "KB" });

    // the first request of three pages never rendered before, the median
    const colds: number[] = [];
    for (const code of ["qnam24-forest-cover", "qnam24-budget-revenue-domestic", "qnam24-grdp-growth"])
      colds.push(await ttfb(`${server.url}/vi/chi-tieu/${code}`));
    const cold = median(colds);
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) warm.push(await ttfb(`${server.url}/vi/chi-tieu/qnam24-budget-revenue`));
    warm.sort((a, b) => a - b);

    await fetch(`${server.url}/vi`); // render once, as the first reader does
    // as a browser asks: gzip accepted
    const loads = [];
    for (let run = 0; run < RUNS; run++)
      loads.push(
        await load(`${server.url}/vi`, {
          connections: 32,
          seconds: 10,
          headers: { "accept-encoding": "gzip, deflate, br" },
        }),
      );
    const errors = loads.reduce((a, r) => a + r.errors, 0);
    if (errors > 0) throw new Error(`portal_home_rps: ${errors} failed requests`);
    figures.push({ name: "portal_home_rps", value: median(loads.map((r) => r.rps)), unit: "req/s" });
    figures.push({
      name: "portal_indicator_ttfb_ms",
      value: warm[Math.floor(warm.length / 2)] ?? 0,
      unit: "ms",
    });
    figures.push({ name: "portal_indicator_ttfb_cold_ms", value: cold, unit: "ms" });
    return figures;
  } finally {
    await server.stop();
    await db.drop();
  }
}

/** Gzipped size of every script the page loads, in a real browser when one is installed, else from the HTML. */
async function homeJsKbGz(base: string): Promise<number> {
  let bytes = 0;
  if (fs.existsSync(CHROMIUM)) {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--headless"],
    });
    try {
      const page = await browser.newPage();
      const scripts: Promise<number>[] = [];
      page.on("response", (r) => {
        if (r.request().resourceType() === "script") scripts.push(r.body().then((b) => gzipSync(b).length));
      });
      await page.goto(`${base}/vi`, { waitUntil: "networkidle" });
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll("script:not([src])")].map((s) => s.textContent ?? "").join(""),
      );
      bytes =
        (await Promise.all(scripts)).reduce((a, b) => a + b, 0) + (inline ? gzipSync(inline).length : 0);
    } finally {
      await browser.close();
    }
  } else {
    const html = await (await fetch(`${base}/vi`)).text();
    const srcs = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+)"/g),
    ].map((m) => m[1] as string);
    for (const src of srcs)
      bytes += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => m[1])
      .join("");
    if (inline) bytes += gzipSync(inline).length;
  }
  return Math.round((bytes / 1024) * 10) / 10;
}

function ttfb(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, (res) => {
        res.once("data", () => {
          const ms = performance.now() - t0;
          res.resume();
          res.on("end", () => resolve(Math.round(ms * 100) / 100));
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

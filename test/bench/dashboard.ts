// Dashboard figures for pnpm bench, against the production build in Chromium:
// - dashboard_js_kb_gz: the bytes the server actually sends for every script the dashboard loads
//   once all its charts are drawn (the page scrolled through, every chart box holding its SVG),
//   as the browser's network saw them — compressed as served (Content-Encoding: adapter-node
//   serves the build's precompressed .br/.gz files), not re-compressed here; limit 300 KB
// - dashboard_lcp_ms: largest contentful paint (limit 1.500 ms)
// Each the median of 3 loads, each in a fresh browser context (nothing from the browser cache).
// Needs the built app and Chromium at /usr/bin/chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../e2e/support/browser.ts";
import { type RunningServer, startServer } from "../support/server.ts";
import { median, RUNS } from "./stats.ts";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const LEADER = { email: "lanhdao@demo.chitieu.vn", password: "chitieu-demo-2024" };
const DASHBOARD = "/app?unit=p49&period=2024";
const JS_LIMIT_KB = 300;
const LCP_LIMIT_MS = 1500;

interface Load {
  scriptBytes: number;
  scripts: number;
  encodings: Set<string>;
  charts: number;
  lcp: number;
}

async function loadDashboard(browser: Browser, server: RunningServer): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { "x-forwarded-proto": "http" },
  });
  try {
    // sign in through the API: the context keeps the session cookie
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: LEADER });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const page = await context.newPage();
    const responses: import("playwright-core").Response[] = [];
    page.on("response", (r) => {
      if (r.request().resourceType() === "script" || new URL(r.url()).pathname.endsWith(".js"))
        responses.push(r);
    });
    await page.goto(`${server.url}${DASHBOARD}`, { waitUntil: "load" });
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) last = Math.max(last, e.startTime);
          }).observe({ type: "largest-contentful-paint", buffered: true });
          setTimeout(() => resolve(last), 500);
        }),
    );
    // the charts load their code when they come into view: scroll through the whole page until
    // every chart box holds its drawing
    const boxes = page.locator(".chart-box");
    const charts = await boxes.count();
    if (charts === 0) throw new Error("the dashboard shows no chart");
    for (let i = 0; i < charts; i++) await boxes.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => [...document.querySelectorAll(".chart-box")].every((b) => b.querySelector("svg")),
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForLoadState("networkidle");
    let scriptBytes = 0;
    const encodings = new Set<string>();
    for (const r of responses) {
      // the body's size on the wire (as encoded), from the browser's network events
      const sizes = await r.request().sizes();
      scriptBytes += sizes.responseBodySize;
      encodings.add((await r.headerValue("content-encoding")) ?? "identity");
    }
    return { scriptBytes, scripts: responses.length, encodings, charts, lcp };
  } finally {
    await context.close();
  }
}

export async function dashboardBenchmarks(): Promise<BenchFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-dashboard-"));
  const server = await startServer({ DATA_DIR: dataDir, DEMO: "1", PROTOCOL_HEADER: "x-forwarded-proto" });
  const browser = await launchBrowser();
  try {
    // warm the server once (first render compiles nothing, but fills caches as a real day would)
    await loadDashboard(browser, server);
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) loads.push(await loadDashboard(browser, server));
    const kb = median(loads.map((l) => l.scriptBytes / 1024));
    const last = loads.at(-1) as Load;
    console.error(
      `dashboard: ${last.scripts} scripts, ${last.charts} charts, served as ${[...last.encodings].join(", ")}; KB per load ${loads.map((l) => (l.scriptBytes / 1024).toFixed(1)).join(" / ")}`,
    );
    return [
      { name: "dashboard_js_kb_gz", value: Math.round(kb * 10) / 10, unit: "KB" },
      { name: "dashboard_js_limit_kb", value: JS_LIMIT_KB, unit: "KB" },
      { name: "dashboard_scripts", value: last.scripts, unit: "files" },
      { name: "dashboard_lcp_ms", value: Math.round(median(loads.map((l) => l.lcp))), unit: "ms" },
      { name: "dashboard_lcp_limit_ms", value: LCP_LIMIT_MS, unit: "ms" },
    ];
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

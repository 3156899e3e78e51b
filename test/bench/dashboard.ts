// Dashboard figures for pnpm bench: the JavaScript a leader's browser loads for the dashboard
// (gzipped, KB; target ≤ 300) and its largest contentful paint in Chromium against the
// production build (ms; target ≤ 1,500). Needs the built app and Chromium at /usr/bin/chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { launchBrowser } from "../e2e/support/browser.ts";
import { startServer } from "../support/server.ts";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const LEADER = { email: "lanhdao@demo.chitieu.vn", password: "chitieu-demo-2024" };
const DASHBOARD = "/app?unit=p49&period=2024";

export async function dashboardBenchmarks(): Promise<BenchFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-bench-dashboard-"));
  const server = await startServer({ DATA_DIR: dataDir, DEMO: "1", PROTOCOL_HEADER: "x-forwarded-proto" });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { "x-forwarded-proto": "http" },
    });
    // sign in through the API: the context keeps the session cookie
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: LEADER });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);

    // warm the server once (first render compiles nothing, but fills caches as a real day would)
    const warm = await context.newPage();
    await warm.goto(`${server.url}${DASHBOARD}`, { waitUntil: "load" });
    await warm.close();

    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on("response", (r) => {
      if (r.request().resourceType() === "script" || r.url().endsWith(".js")) scripts.add(r.url());
    });
    await page.goto(`${server.url}${DASHBOARD}`, { waitUntil: "load" });
    // the charts load their code when they come into view: wait for the first one
    await page.locator(".chart-box svg").first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
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

    let bytes = 0;
    for (const url of scripts) {
      const body = await context.request.get(url);
      bytes += gzipSync(await body.body(), { level: 9 }).length;
    }
    await context.close();
    return [
      { name: "dashboard_js_kb_gz", value: Math.round((bytes / 1024) * 10) / 10, unit: "KB" },
      { name: "dashboard_lcp_ms", value: Math.round(lcp), unit: "ms" },
    ];
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

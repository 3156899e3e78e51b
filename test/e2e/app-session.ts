import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type RunningServer, startServer } from "../support/server.ts";

// Shared by the app-*.test.ts files: one built app per file, a browser context per role.

export const DEMO_PASSWORD = "chitieu-demo-2024";
export const ACCOUNTS = {
  admin: "admin@demo.chitieu.vn",
  leader: "lanhdao@demo.chitieu.vn",
  statistician: "thongke@demo.chitieu.vn",
  officer: "coquan@demo.chitieu.vn",
} as const;

export interface App {
  server: RunningServer;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The app over plain http: adapter-node takes the origin's protocol from PROTOCOL_HEADER (it
 * assumes https otherwise, and SvelteKit refuses form posts whose Origin differs), so the
 * browser contexts below send x-forwarded-proto: http, as a reverse proxy would.
 */
export async function startApp(): Promise<App> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-app-e2e-"));
  const server = await startServer({ DATA_DIR: dataDir, DEMO: "1", PROTOCOL_HEADER: "x-forwarded-proto" });
  return {
    server,
    dataDir,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function newContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width, height: width < 600 ? 780 : 900 },
    extraHTTPHeaders: { "x-forwarded-proto": "http" },
    locale: "vi-VN",
  });
}

export async function signIn(page: Page, url: string, email: string, next = ""): Promise<void> {
  // wait until the page is hydrated: a click in between would race the enhanced form
  await page.goto(`${url}/app/dang-nhap${next ? `?next=${encodeURIComponent(next)}` : ""}`, {
    waitUntil: "networkidle",
  });
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([
    // "commit": a client-side navigation after the enhanced form has no load event of its own
    page.waitForURL((u) => !u.pathname.startsWith("/app/dang-nhap"), { waitUntil: "commit" }),
    page.click("button[type=submit]"),
  ]);
  await page.waitForLoadState("networkidle");
}

/** Whether an API under /api/v1 is mounted (a signed-in GET that is not 404). */
export async function apiMounted(page: Page, url: string, apiPath: string): Promise<boolean> {
  const status = await page.evaluate(async (u) => (await fetch(u)).status, `${url}${apiPath}`);
  return status !== 404;
}

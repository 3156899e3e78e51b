import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type RunningServer, startServer } from "../support/server.ts";
import { launchBrowser } from "./support/browser.ts";

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

/** What the tests of one app-*.test.ts file share: the app, its address and the browser. */
export interface AppFixture {
  readonly app: App;
  readonly url: string;
  readonly browser: Browser;
  /** A new browser context (of this width) with a page signed in as `email`. */
  signedIn(email: string, width?: number): Promise<{ ctx: BrowserContext; page: Page }>;
}

/**
 * Starts the built app and a browser before the calling file's tests and stops both after them.
 * Call at the top level of the test file; read the fields inside tests, not at load time.
 */
export function useApp(): AppFixture {
  let app: App | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = () => {
    if (!app || !browser) throw new Error("useApp: the app and the browser start in beforeAll");
    return { app, browser };
  };
  return {
    get app() {
      return started().app;
    },
    get url() {
      return started().app.server.url;
    },
    get browser() {
      return started().browser;
    },
    async signedIn(email, width) {
      const { app, browser } = started();
      const ctx = await newContext(browser, width);
      const page = await ctx.newPage();
      await signIn(page, app.server.url, email);
      return { ctx, page };
    },
  };
}

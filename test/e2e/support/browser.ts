import fs from "node:fs";
import path from "node:path";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { repoRoot } from "../../support/server.ts";

// Debian's Chromium driven by Playwright: never a browser downloaded by a tool.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(repoRoot, "test-output", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Saves a screenshot under test-output/screenshots (kept by CI) at the page's current width. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core in the page: every violation of the WCAG 2.1 A/AA rules and of axe's best practices
 * (landmarks, region, heading order, …), whatever its impact. Issue #17 asks for none at all.
 */
export async function axeViolations(page: Page, bestPractice = true): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not
  // govern (an injected <script> would be refused, as it should be); the page itself keeps its CSP
  await page.evaluate(axe.source);
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", ...(bestPractice ? ["best-practice"] : [])];
  const results = await page.evaluate(async (values) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const w = window as any;
    const r = await w.axe.run(document, {
      runOnly: { type: "tag", values },
    });
    // biome-ignore lint/suspicious/noExplicitAny: plain data out of the page
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // biome-ignore lint/suspicious/noExplicitAny: plain data out of the page
      nodes: v.nodes.map((n: any) => n.target.join(" ")),
    }));
  }, tags);
  return results as AxeViolation[];
}

/** The serious and critical violations only (the pages issue #17 does not name yet). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page, false)).filter((v) => v.impact === "serious" || v.impact === "critical");
}

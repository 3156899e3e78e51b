import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCsvText, readCatalog } from "@chitieu/catalog";
import { formatNumberVi } from "@chitieu/domain";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server.ts";
import { axeViolations, launchBrowser, screenshot } from "./support/browser.ts";

// The public portal in Chromium with JavaScript off: what a reader on a slow phone gets.
let server: RunningServer;
let browser: Browser;
let noJs: BrowserContext;
let dataDir: string;

interface Row {
  indicator: { code: string; nameVi: string; decimals: number; unit: string };
  target?: { form: string };
  label: { vi: string };
  figures?: { actual?: string; achievedSoFar?: string };
}
const unpublished = readCatalog()
  .indicators.filter((i) => !i.published)
  .map((i) => i.code);
let published: Array<{ code: string; nameVi: string; targets: Array<{ orgUnitCode: string }> }> = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-portal-e2e-"));
  server = await startServer({ DATA_DIR: dataDir, DEMO: "1" });
  browser = await launchBrowser();
  noJs = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
  published = (
    (await (await fetch(`${server.url}/api/v1/public/indicators`)).json()) as { indicators: typeof published }
  ).indicators;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function scorecard(unit: string, asOf: string): Promise<Row[]> {
  const r = await fetch(`${server.url}/api/v1/public/scorecard?orgUnit=${unit}&asOf=${asOf}`);
  return ((await r.json()) as { rows: Row[] }).rows;
}

/** The figure as the portal prints it (the domain's Vietnamese number format). */
function figureText(row: Row): string | null {
  const f = row.figures ?? {};
  if (row.target?.form === "milestone" || row.target?.form === "category" || f.actual === undefined)
    return null;
  if (row.target?.form === "avg_annual_growth" && f.achievedSoFar !== undefined)
    return formatNumberVi(f.achievedSoFar, 2);
  return formatNumberVi(f.actual, row.indicator.decimals);
}

describe("the public portal without JavaScript", () => {
  it("shows every published indicator's figure, status and SVG chart on the home page of its unit", async () => {
    const page = await noJs.newPage();
    for (const [unit, asOf] of [
      ["p49", "2024"],
      ["p51", "2024"],
    ] as const) {
      const res = await page.goto(`${server.url}/vi?unit=${unit}&period=${asOf}`);
      expect(res?.status()).toBe(200);
      expect(await page.locator("script").count()).toBe(0);
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");
      const rows = await scorecard(unit, asOf);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const card = page.locator(`article[data-indicator="${row.indicator.code}"]`);
        expect(await card.count(), row.indicator.code).toBe(1);
        expect(await card.locator("h3").textContent()).toContain(row.indicator.nameVi);
        expect(await card.locator(".status").first().textContent()).toBe(row.label.vi);
        const figure = figureText(row);
        if (figure) expect(await card.locator(".value").textContent(), row.indicator.code).toContain(figure);
        const svg = card.locator('svg[role="img"]');
        expect(await svg.count(), row.indicator.code).toBe(1);
        expect(await svg.getAttribute("aria-label")).toContain(row.label.vi);
        expect(await svg.isVisible()).toBe(true);
      }
    }
    await page.close();
  });

  it("shows every published indicator's page with its figure, status, charts and source", async () => {
    const page = await noJs.newPage();
    for (const i of published) {
      const res = await page.goto(`${server.url}/vi/chi-tieu/${i.code}`);
      expect(res?.status(), i.code).toBe(200);
      expect(await page.locator("h1").textContent()).toBe(i.nameVi);
      expect(await page.locator(".line .status").count(), i.code).toBe(1);
      expect(await page.locator('main svg[role="img"]').count(), i.code).toBeGreaterThanOrEqual(1);
      expect(await page.locator("blockquote").count(), i.code).toBe(1);
      expect(await page.getByText("Số liệu minh hoạ").first().isVisible()).toBe(true);
    }
    const res = await page.goto(`${server.url}/en/indicators/qnam24-budget-revenue`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.close();
  });

  it("reaches no unpublished indicator by page, image, embed or download", async () => {
    const page = await noJs.newPage();
    expect(unpublished.length).toBeGreaterThan(0);
    for (const code of unpublished) {
      for (const p of [
        `/vi/chi-tieu/${code}`,
        `/en/indicators/${code}`,
        `/vi/chi-tieu/${code}.svg`,
        `/vi/chi-tieu/${code}.png`,
        `/embed/vi/${code}`,
        `/du-lieu/chi-tieu/${code}.csv`,
      ]) {
        const res = await page.request.get(`${server.url}${p}`, { maxRedirects: 0 });
        expect(res.status(), p).toBe(404);
      }
    }
    await page.close();
  });

  it("downloads the dataset as a CSV that opens with the right Vietnamese text and numbers", async () => {
    const page = await noJs.newPage();
    await page.goto(`${server.url}/vi/du-lieu`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^CSV/ }).first().click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsvText(bytes.subarray(3).toString("utf8"));
    expect(csv.problems).toEqual([]);
    const head = csv.fields;
    const rows = csv.rows.map((r) => head.map((h) => r[h] ?? ""));
    const col = (name: string) => head.indexOf(name);
    const revenue = rows.filter((r) => r[col("indicator_code")] === "qnam24-budget-revenue");
    expect(revenue[0]?.[col("indicator_name_vi")]).toBe("Thu ngân sách trên địa bàn");
    expect(rows.some((r) => r[col("indicator_name_vi")]?.startsWith("Thu ngân sách"))).toBe(true);
    const api = (await (
      await fetch(`${server.url}/api/v1/public/indicators/qnam24-forest-cover`)
    ).json()) as { observations: Array<{ period: string; value: string }> };
    const forest = rows.filter((r) => r[col("indicator_code")] === "qnam24-forest-cover");
    expect(api.observations.length).toBeGreaterThan(0);
    for (const o of api.observations)
      expect(forest.find((r) => r[col("period")] === o.period)?.[col("value")]).toBe(o.value);
    expect(forest.every((r) => r[col("illustrative")] === "true")).toBe(true);
    for (const code of unpublished) expect(rows.some((r) => r[col("indicator_code")] === code)).toBe(false);
    await page.close();
  });

  it("passes axe-core (no violation of any impact) and is screenshotted at 1280 and 360 px", async () => {
    // axe runs inside the page, so this context has JavaScript; the pages themselves ship none
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    for (const [p, name] of [
      ["/vi", "portal-home"],
      ["/vi/chi-tieu/qnam24-budget-revenue", "portal-indicator"],
      ["/vi/phuong-phap", "portal-methods"],
      ["/vi/chi-tieu", "portal-targets"],
      ["/en/indicators", "portal-targets-en"],
      ["/en", "portal-home-en"],
    ] as const) {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}${p}`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${p} at ${width}px scrolls sideways`).toBeLessThanOrEqual(width);
        await screenshot(page, name);
        const violations = await axeViolations(page);
        expect(violations, `${p} at ${width}px: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    // a standalone chart image is well-formed XML
    await page.goto(`${server.url}/vi/chi-tieu/qnam24-budget-revenue.svg`);
    expect(await page.locator("parsererror").count()).toBe(0);
    await ctx.close();
  });
});

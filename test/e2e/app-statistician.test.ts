import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/server.ts";
import { ACCOUNTS, apiMounted, signIn, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// The statistics office uploads a file with mistakes, sees them, fixes them, commits, sees the
// dashboard change, and rolls back.

const FIXTURES = path.join(repoRoot, "test/fixtures/web");
const e2e = useApp();

async function forestCover(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/app?unit=p49&period=2024`);
  return page.locator('[data-indicator="qnam24-forest-cover"] .figure strong').innerText();
}

describe("statistician", () => {
  it("sees the upload desk in the navigation, with templates and the reporting calendar", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.statistician);
    expect(await page.locator("header nav").innerText()).toContain("Tải số liệu");
    expect(await page.locator("header nav").innerText()).not.toContain("Quản trị");
    await page.goto(`${e2e.url}/app/tai-len`);
    expect(await page.locator("h1").textContent()).toBe("Tải số liệu lên");
    const links = await page
      .locator("a[download]")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toContain("/api/v1/imports/templates/long.csv");
    expect(await page.locator("#duties-h").innerText()).toContain("Lịch báo cáo");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-upload");
    await ctx.close();
  });

  it("uploads a file with errors, fixes it, commits, sees the dashboard change, rolls back", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.statistician);
    // the import API is mounted: without it the page would only say "Chưa có dịch vụ nhập số liệu"
    expect(await apiMounted(page, e2e.url, "/api/v1/imports")).toBe(true);
    expect(await forestCover(page, e2e.url)).toBe("60,25%");

    // 1. the file with an unknown indicator code and a bad number
    await page.goto(`${e2e.url}/app/tai-len`);
    await page.setInputFiles("#file", path.join(FIXTURES, "figures-with-errors.csv"));
    await page.click("form[action='?/preview'] button[type=submit]");
    await page.getByTestId("error-count").waitFor();
    expect(await page.getByTestId("error-count").innerText()).toContain("Có 2 lỗi");
    const detected = await page.getByTestId("detected").innerText();
    expect(detected).toContain("utf-8");
    expect(detected).toContain("dấu chấm phẩy (;)");
    expect(detected).toContain("thập phân dấu phẩy");
    expect(detected).toContain("dọc");
    const problems = page.getByTestId("problems");
    const unknown = problems.locator("tr", { hasText: "qnam24-khong-co-ma-nay" });
    expect(await unknown.locator("td").nth(1).innerText()).toBe("3");
    expect(await unknown.locator("td").nth(2).innerText()).toContain("A");
    const bad = problems.locator("tr", { hasText: "8x,6" });
    expect(await bad.locator("td").nth(1).innerText()).toBe("4");
    expect(await bad.locator("td").nth(2).innerText()).toContain("D");
    // the same problems, marked in their cells of the file
    const grid = page.getByTestId("preview-grid");
    expect(await grid.locator('[data-cell="A3"]').getAttribute("class")).toContain("cell-error");
    expect(await grid.locator('[data-cell="D4"]').getAttribute("class")).toContain("cell-error");
    expect(await grid.locator('[data-cell="D2"]').getAttribute("class")).not.toContain("cell-error");
    expect(await page.locator("form[action='?/commit']").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-upload-errors");

    // 2. the corrected file: no errors, commit
    await page.setInputFiles("#file", path.join(FIXTURES, "figures-corrected.csv"));
    await page.click("form[action='?/preview'] button[type=submit]");
    await page.getByTestId("no-errors").waitFor();
    expect(await page.getByTestId("row-counts").innerText()).toMatch(/^2 số liệu/);
    await page.click("form[action='?/commit'] button[type=submit]");
    await page.getByTestId("committed").waitFor();
    const committed = await page.getByTestId("committed").innerText();
    const batchId = Number(/#(\d+)/.exec(committed)?.[1]);
    expect(batchId).toBeGreaterThan(0);

    // 3. the dashboard shows the new figure, and the history names the upload
    expect(await forestCover(page, e2e.url)).toBe("61,37%");
    await page.goto(`${e2e.url}/app/chi-tieu/qnam24-forest-cover?unit=p49&period=2024`);
    const history = await page.getByTestId("figure-history").innerText();
    expect(history).toContain("figures-corrected.csv");
    expect(history).toContain(ACCOUNTS.statistician);

    // 4. roll back: the figure is gone, the earlier one is back
    await page.goto(`${e2e.url}/app/tai-len`);
    page.once("dialog", (d) => void d.accept());
    await page.locator(`[data-batch="${batchId}"] button[type=submit]`).click();
    await page.getByTestId("rolled-back").waitFor();
    await expect.poll(() => page.locator(`[data-batch="${batchId}"]`).innerText()).toContain("Đã hoàn tác");
    expect(await forestCover(page, e2e.url)).toBe("60,25%");
    await ctx.close();
  });

  it("uploads without JavaScript too (plain form posts)", async () => {
    const ctx = await e2e.browser.newContext({
      javaScriptEnabled: false,
      extraHTTPHeaders: { "x-forwarded-proto": "http" },
    });
    const page = await ctx.newPage();
    await signIn(page, e2e.url, ACCOUNTS.statistician);
    await page.goto(`${e2e.url}/app/tai-len`);
    expect(await page.locator("main").innerText()).not.toContain("Chưa có dịch vụ nhập số liệu");
    await page.setInputFiles("#file", path.join(FIXTURES, "figures-with-errors.csv"));
    await Promise.all([
      page.waitForLoadState("load"),
      page.click("form[action='?/preview'] button[type=submit]"),
    ]);
    await page.getByTestId("error-count").waitFor();
    expect(await page.getByTestId("error-count").innerText()).toContain("Có 2 lỗi");
    await screenshot(page, "app-upload-nojs");
    await ctx.close();
  });

  it("fits a phone", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.statistician, 360);
    await page.goto(`${e2e.url}/app/tai-len`);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(1);
    await screenshot(page, "app-upload");
    await ctx.close();
  });
});

import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// An administrator revises a target, manages users and API tokens, reads the thresholds, and
// keeps the catalog: an indicator's publication and thresholds, a unit's rename with its date,
// a new document.

const e2e = useApp();

describe("admin", () => {
  it("revises a target: the new value is in force and the revision is listed", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    expect(await page.locator("header nav").innerText()).toContain("Quản trị");
    await page.goto(`${e2e.url}/app/quan-tri?tab=ke-hoach`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-admin-targets");
    const row = page.locator("tr", { hasText: "Thu ngân sách trên địa bàn" }).first();
    await Promise.all([page.waitForURL(/\/app\/quan-tri\/ke-hoach\/\d+/), row.locator("a").click()]);
    expect(await page.getByTestId("current-target").innerText()).toContain("23.600 tỷ đồng");
    // Vietnamese notation in the form: "24.500" is twenty-four thousand five hundred
    await page.fill("#r-low", "24.500");
    await page.selectOption("#r-doc", "qnam-ctct-2024");
    await page.fill("#r-eff", "2024-07-01");
    await page.fill("#r-reason", "HĐND tỉnh điều chỉnh dự toán thu giữa năm");
    await page.click("form[action='?/revise'] button[type=submit]");
    await page.getByTestId("revised").waitFor();
    await expect.poll(() => page.getByTestId("current-target").innerText()).toContain("24.500 tỷ đồng");
    const revisions = await page.getByTestId("target-revisions").innerText();
    expect(revisions).toContain("HĐND tỉnh điều chỉnh dự toán thu giữa năm");
    expect(revisions).toContain(ACCOUNTS.admin);
    expect(revisions).toContain("01/07/2024");
    expect(revisions).toContain("23.600 tỷ đồng");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-admin-revise");

    // the leader's views read the revised target
    await page.goto(`${e2e.url}/app/chi-tieu/qnam24-budget-revenue?unit=p49&period=2024-09`);
    expect(await page.getByTestId("target-text").innerText()).toContain("24.500 tỷ đồng");
    expect(await page.getByTestId("target-revisions").innerText()).toContain(
      "HĐND tỉnh điều chỉnh dự toán thu giữa năm",
    );
    await ctx.close();
  });

  it("creates and disables a user; creates a token shown once and revokes it", async () => {
    for (const width of [1280, 360]) {
      const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin, width);
      await page.goto(`${e2e.url}/app/quan-tri?tab=nguoi-dung`);
      if (width === 1280) {
        await page.fill("#u-email", "pho.chu.tich@example.vn");
        await page.fill("#u-name", "Phó Chủ tịch (thử)");
        await page.fill("#u-pass", "mat-khau-rat-dai-2024");
        await page.selectOption("#u-role", "leader");
        await page.click("form[action='?/createUser'] button[type=submit]");
        await expect
          .poll(() => page.locator("main").innerText())
          .toContain("Đã tạo tài khoản pho.chu.tich@example.vn");
        const user = page.locator('[data-user="pho.chu.tich@example.vn"]');
        expect(await user.innerText()).toContain("Lãnh đạo");
        await user.locator("form[action='?/setDisabled'] button").click();
        await expect.poll(() => user.innerText()).toContain("Đã khoá");
        expect(await seriousViolations(page)).toEqual([]);
      }
      await screenshot(page, "app-admin-users");

      await page.goto(`${e2e.url}/app/quan-tri?tab=ma-truy-cap`);
      if (width === 1280) {
        await page.fill("#k-name", "Cổng dữ liệu mở");
        await page.click("form[action='?/createToken'] button[type=submit]");
        await page.getByTestId("new-token").waitFor();
        const token = await page.getByTestId("new-token").innerText();
        expect(token.length).toBeGreaterThan(20);
        // it works as a bearer token, once revoked no more
        const status = (t: string) =>
          page.evaluate(
            async (tok) =>
              (
                await fetch("/api/v1/indicators?limit=1", {
                  headers: { authorization: `Bearer ${tok}` },
                  credentials: "omit",
                })
              ).status,
            t,
          );
        expect(await status(token)).toBe(200);
        const row = page.getByTestId("tokens").locator("tr", { hasText: "Cổng dữ liệu mở" });
        await row.locator("button").click();
        await expect.poll(() => row.innerText()).toContain("Đã thu hồi");
        expect(await status(token)).toBe(401);
        // shown once: after a reload the token is nowhere on the page
        await page.reload();
        expect(await page.locator("main").innerText()).not.toContain(token);
      }
      await screenshot(page, "app-admin-tokens");

      await page.goto(`${e2e.url}/app/quan-tri?tab=nguong`);
      const th = await page.getByTestId("thresholds").innerText();
      expect(th).toContain("5");
      expect(th).toContain("15");
      expect(await page.locator("main").innerText()).toContain("ngưỡng riêng");
      // the old tab address leads to the page of its own
      await page.goto(`${e2e.url}/app/quan-tri?tab=don-vi`);
      expect(new URL(page.url()).pathname).toBe("/app/quan-tri/don-vi");
      expect(await page.locator("main").innerText()).toContain("Tỉnh Quảng Nam");
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
      await ctx.close();
    }
  });

  it("unpublishes an indicator and sets its own threshold: the portal stops showing it", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    const code = "qnam24-budget-revenue-domestic";
    const portal = `${e2e.url}/vi/chi-tieu/${code}`;
    expect((await page.request.get(portal)).status()).toBe(200);
    await page.goto(`${e2e.url}/app/quan-tri?tab=chi-tieu`);
    await Promise.all([
      page.waitForURL(`**/app/quan-tri/chi-tieu/${code}`),
      page.locator(`[data-indicator="${code}"] a`, { hasText: "Sửa" }).click(),
    ]);
    await page.waitForLoadState("networkidle");
    // the defaults are shown beside the fields of the indicator's own thresholds
    expect(await page.getByTestId("thresholds-form").innerText()).toContain("mặc định 15");
    expect(await page.isChecked("#e-pub")).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-admin-indicator");

    // a band that crosses the default is refused, with the reason next to the form
    await page.fill("#th-onTrackPoints", "20");
    await page.click("form[action='?/save'] button[type=submit]");
    await expect.poll(() => page.getByTestId("form-error").innerText()).toContain("có nguy cơ");

    await page.fill("#th-onTrackPoints", "2,5");
    await page.uncheck("#e-pub");
    await page.click("form[action='?/save'] button[type=submit]");
    await page.getByTestId("saved").waitFor();
    await page.reload();
    expect(await page.inputValue("#th-onTrackPoints")).toBe("2,5");
    expect(await page.isChecked("#e-pub")).toBe(false);
    await expect.poll(async () => (await page.request.get(portal)).status(), { timeout: 10_000 }).toBe(404);
    await page.goto(`${e2e.url}/app/quan-tri?tab=chi-tieu`);
    expect(await page.locator(`[data-indicator="${code}"]`).innerText()).toContain("Không");
    await ctx.close();
  });

  it("records a unit's rename with its date and creates a document", async () => {
    for (const width of [1280, 360]) {
      const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin, width);
      await page.goto(`${e2e.url}/app/quan-tri/don-vi`, { waitUntil: "networkidle" });
      if (width === 1280) {
        await page.fill("#uc-code", "qnam-h-thu");
        await page.fill("#uc-name", "Huyện Thử Nghiệm");
        await page.selectOption("#uc-parent", "p49");
        await page.fill("#uc-from", "2020-01-01");
        await page.click("form[action='?/create'] button[type=submit]");
        await expect.poll(() => page.locator("main").innerText()).toContain("Đã tạo qnam-h-thu");

        // a merge into itself is refused, with the reason beside the form
        await page.selectOption("#u-ch-from", ["qnam-h-thu"]);
        await page.selectOption("#u-ch-to", "qnam-h-thu");
        await page.fill("#u-ch-date", "2025-01-01");
        await page.click("form[action='?/change'] button[type=submit]");
        await expect.poll(() => page.getByTestId("change-error").innerText()).toContain("chính nó");

        await page.selectOption("#u-ch-kind", "rename");
        await page.fill("#u-ch-date", "2025-01-01");
        await page.selectOption("#u-ch-from", ["qnam-h-thu"]);
        await page.selectOption("#u-ch-to", "");
        await page.fill("#u-ch-code", "qnam-tx-thu");
        await page.fill("#u-ch-name", "Thị xã Thử Nghiệm");
        await page.fill("#u-ch-note", "Nghị quyết của UBTVQH (thử)");
        await page.click("form[action='?/change'] button[type=submit]");
        await page.getByTestId("recorded").waitFor();
        const old = await page.locator('[data-unit="qnam-h-thu"]').innerText();
        expect(old).toContain("31/12/2024");
        expect(old).toContain("Thị xã Thử Nghiệm từ 01/01/2025");
        expect(await page.locator('[data-unit="qnam-tx-thu"]').innerText()).toContain("01/01/2025");
        expect(await seriousViolations(page)).toEqual([]);
      }
      await screenshot(page, "app-admin-units");
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);

      await page.goto(`${e2e.url}/app/quan-tri/van-ban`, { waitUntil: "networkidle" });
      if (width === 1280) {
        await page.fill("#d-code", "qnam-nq-thu-2025");
        await page.selectOption("#d-kind", "NQ");
        await page.fill("#d-number", "99/NQ-HĐND");
        await page.fill("#d-issuer", "HĐND tỉnh Quảng Nam");
        await page.fill("#d-issued", "2024-12-10");
        await page.fill("#d-from", "2025");
        await page.fill("#d-to", "2025");
        await page.fill("#d-title", "Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2025 (thử)");
        await Promise.all([
          page.waitForURL("**/app/quan-tri/van-ban/qnam-nq-thu-2025?created=1"),
          page.click("form[action='?/create'] button[type=submit]"),
        ]);
        await page.getByTestId("created").waitFor();
        await page.waitForLoadState("networkidle");
        // the number was misread: amend it
        await page.fill("#d-number", "98/NQ-HĐND");
        await page.click("form[action='?/save'] button[type=submit]");
        await page.getByTestId("saved").waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await page.goto(`${e2e.url}/app/quan-tri/van-ban`);
        const row = await page.locator('[data-document="qnam-nq-thu-2025"]').innerText();
        expect(row).toContain("98/NQ-HĐND");
        expect(row).toContain("10/12/2024");
      }
      await screenshot(page, "app-admin-documents");
      await ctx.close();
    }
  });
});

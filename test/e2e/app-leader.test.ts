import { describe, expect, it } from "vitest";
import { ACCOUNTS, newContext, signIn, useApp } from "./app-session.ts";
import { axeViolations, screenshot } from "./support/browser.ts";

// A leader opens the dashboard in the monthly meeting, reads it, and opens one indicator.

const e2e = useApp();

describe("leader", () => {
  it("is sent to the login page, signs in, and sees only the dashboard and tasks", async () => {
    const ctx = await newContext(e2e.browser);
    const page = await ctx.newPage();
    await page.goto(`${e2e.url}/app`);
    expect(new URL(page.url()).pathname).toBe("/app/dang-nhap");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "app-login");

    await page.fill("#email", ACCOUNTS.leader);
    await page.fill("#password", "wrong-password-123");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("#login-error").textContent()).toContain("Sai email hoặc mật khẩu");

    await signIn(page, e2e.url, ACCOUNTS.leader);
    expect(new URL(page.url()).pathname).toBe("/app");
    const nav = await page.locator("header nav").innerText();
    expect(nav).toContain("Bảng điều hành");
    expect(nav).toContain("Nhiệm vụ");
    expect(nav).not.toContain("Tải số liệu");
    expect(nav).not.toContain("Quản trị");
    // the session cookie came from the API through the form action, HttpOnly
    const cookies = await ctx.cookies();
    expect(cookies.find((c) => c.name === "chitieu_session")?.httpOnly).toBe(true);
    // a page the role cannot use is refused
    const denied = await page.goto(`${e2e.url}/app/quan-tri`);
    expect(denied?.status()).toBe(403);
    await ctx.close();
  });

  it("reads the year's dashboard: summary, groups, figures, statuses, illustrative marking", async () => {
    for (const width of [1280, 360]) {
      const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader, width);
      await page.goto(`${e2e.url}/app?unit=p49&period=2024`);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Bảng điều hành chỉ tiêu");
      expect(await page.locator(".lede").innerText()).toContain("Tỉnh Quảng Nam · Năm 2024");

      const summary = await page.getByTestId("summary").innerText();
      // the domain's one line: "x/y chỉ tiêu ước đạt và vượt; n đúng tiến độ; …"
      expect(summary).toMatch(/^\d+\/\d+ chỉ tiêu (ước )?đạt và vượt(; \d+ [^;]+)*$/);
      const [n, m] = summary.split(" ")[0]?.split("/").map(Number) ?? [];
      expect(n).toBeGreaterThan(0);
      expect(m).toBeGreaterThanOrEqual(n as number);
      expect(await page.getByTestId("illustrative").isVisible()).toBe(true);
      expect(await page.getByTestId("illustrative").innerText()).toContain("SỐ LIỆU MINH HOẠ");

      // grouped as the documents group them
      const groups = await page.locator("main section[aria-labelledby^=cat-] > h2").allInnerTexts();
      for (const g of ["Kinh tế", "Xã hội", "Môi trường", "Quốc phòng – an ninh"])
        expect(groups.some((h) => h.startsWith(g))).toBe(true);

      // one card, read in full: figure in Vietnamese notation, status, target, explanation, marking
      const grdp = page.locator('[data-indicator="qnam24-grdp-growth"]');
      const text = await grdp.innerText();
      expect(text).toContain("8,1%");
      expect(text).toContain("Vượt");
      expect(text).toContain("7,5–8%");
      expect(text).toContain("so với cùng kỳ");
      expect(text).toContain("MINH HOẠ");
      // the chart arrives in its fixed box with a text alternative
      const box = grdp.locator(".chart-box");
      expect(await box.getAttribute("role")).toBe("img");
      expect(await box.getAttribute("aria-label")).toContain("8,1%");
      await grdp.scrollIntoViewIfNeeded();
      await box.locator("svg").first().waitFor({ timeout: 15_000 });
      // "giảm 2.900 hộ nghèo" (002) reads with the document's verb, never "tăng" or "thay đổi"
      const poor = await page.locator('[data-indicator="qnam24-poor-households"]').innerText();
      expect(poor).toContain("giảm ít nhất 2.900 hộ");
      expect(poor).not.toMatch(/tăng ít nhất|thay đổi/);
      // a flow's card says it is an estimate
      expect(await page.locator('[data-indicator="qnam24-budget-revenue"]').innerText()).toMatch(
        /Ước (vượt|đạt|không đạt)/,
      );
      // no horizontal scrolling at 360 px
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      // issue #17: no axe violation of any impact, at both widths
      expect(await axeViolations(page), `dashboard at ${width}px`).toEqual([]);
      await screenshot(page, "app-dashboard");
      await ctx.close();
    }
  });

  it("filters with plain GET parameters and switches to English", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    await page.goto(`${e2e.url}/app?unit=p49&period=2024&status=exceeded`);
    const chips = await page.locator("ul.cards .status").allInnerTexts();
    expect(chips.length).toBeGreaterThan(0);
    for (const c of chips) expect(c).toMatch(/vượt/i);
    expect(await page.locator("main").innerText()).toContain("Đang hiện");

    // the filter form itself works without JavaScript (a browser with JavaScript off, signed in
    // with the same cookie): choose a category and submit
    const noJs = await e2e.browser.newContext({
      javaScriptEnabled: false,
      extraHTTPHeaders: { "x-forwarded-proto": "http" },
    });
    await noJs.addCookies(await ctx.cookies());
    const plain = await noJs.newPage();
    await plain.goto(`${e2e.url}/app?unit=p49&period=2024`);
    await plain.selectOption("#f-cat", "environment");
    await Promise.all([
      plain.waitForURL(/category=environment/),
      plain.click("form.filters button[type=submit]"),
    ]);
    const headings = await plain.locator("main section[aria-labelledby^=cat-] > h2").allInnerTexts();
    expect(headings.length).toBeGreaterThan(0);
    expect(headings.every((h) => h.startsWith("Môi trường"))).toBe(true);
    await noJs.close();

    await page.goto(`${e2e.url}/app?unit=p49&period=2024&lang=en`);
    expect(await page.locator("h1").textContent()).toBe("Targets dashboard");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByTestId("summary").innerText()).toMatch(
      /targets (estimated )?achieved or exceeded/,
    );
    expect(await page.getByTestId("illustrative").innerText()).toContain("ILLUSTRATIVE");
    // the choice is remembered
    await page.goto(`${e2e.url}/app`);
    expect(await page.locator("h1").textContent()).toBe("Targets dashboard");
    await page.goto(`${e2e.url}/app?lang=vi`);
    expect(await page.locator("h1").textContent()).toBe("Bảng điều hành chỉ tiêu");
    await ctx.close();
  });

  it("opens an indicator: trend, same period last year, forecast, source document, revisions, history", async () => {
    for (const width of [1280, 360]) {
      const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader, width);
      await page.goto(`${e2e.url}/app?unit=p49&period=2024-09`);
      await Promise.all([
        page.waitForURL(/\/app\/chi-tieu\/qnam24-budget-revenue/),
        page.click('[data-indicator="qnam24-budget-revenue"] h3 a'),
      ]);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Thu ngân sách trên địa bàn");
      const main = await page.locator("main").innerText();
      expect(main).toContain("Đánh giá đến Tháng 9/2024");
      expect(await page.getByTestId("actual").innerText()).toContain("15.511 tỷ đồng");
      expect(main).toContain("Cùng kỳ năm trước");
      expect(await page.getByTestId("forecast").innerText()).toMatch(/^[\d.]+(,\d+)? tỷ đồng$/);
      expect(await page.getByTestId("target-text").innerText()).toContain("23.600 tỷ đồng");
      expect(main).toContain("Chương trình công tác trọng tâm năm 2024");
      expect(await page.getByTestId("target-revisions").innerText()).toContain("Danh mục gốc");
      const history = await page.getByTestId("figure-history").innerText();
      expect(history).toContain("Tháng 9/2024");
      expect(history).toContain("demo-data");
      expect(await page.getByTestId("illustrative").isVisible()).toBe(true);
      await page.locator("#trend-h").scrollIntoViewIfNeeded();
      await page
        .locator("section[aria-labelledby=trend-h] .chart-box svg")
        .first()
        .waitFor({ timeout: 15_000 });
      // at 360 px the tables of revisions and figures scroll sideways: their boxes take the focus
      expect(await axeViolations(page), `indicator page at ${width}px`).toEqual([]);
      await screenshot(page, "app-indicator");
      await ctx.close();
    }
  });
});

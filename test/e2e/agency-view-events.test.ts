import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, newContext, useApp } from "./app-session.ts";
import { seriousViolations } from "./support/browser.ts";

// Issue 16, item 6: a leader's agency view opens on the latest year with data up to today, says
// which year it shows and links to the others. Item 5: an officer of a Quảng Ngãi agency records
// an event of the plan of 29/8/2024 ("trường hợp phát sinh khó khăn, vướng mắc … kịp thời báo
// cáo UBND tỉnh … tại các phiên họp thường kỳ hàng tháng"); from then on the report is owed on
// their home and on the calendar. The demo officer of Sở Tài chính tỉnh Quảng Nam is refused.

const e2e = useApp();
const DUTY = "qng24-bc-vuong-mac-phien-hop";
const OFFICER = "canbo.tttt@example.vn";
const PASSWORD = "mat-khau-rat-dai-2024";
const KEY = `${DUTY}|qng-so-tttt|2024-10`;

async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (u) => (await fetch(u)).json(), `${e2e.url}${path}`) as Promise<T>;
}

describe("the agency view opens on the current year with data", () => {
  it("a leader sees the latest year up to today with work due, is told so, and moves between years by links", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    const years = await getJson<{ today: string; defaultYear: number; years: number[] }>(
      page,
      "/api/v1/reporting-duties/years",
    );
    const thisYear = Number(years.today.slice(0, 4));
    expect(years.defaultYear).toBeLessThanOrEqual(thisYear);
    await page.goto(`${e2e.url}/app/co-quan`);
    const shown = await page.getByTestId("year-shown").innerText();
    expect(shown).toContain(`Đang xem năm ${years.defaultYear}`);
    expect(shown).toContain("năm gần nhất (đến hôm nay) có số liệu, nhiệm vụ hoặc báo cáo đến hạn");
    // the year has data: agencies with tasks or reports due, as the API counts them
    const api = await getJson<{ items: Array<{ tasksLed: number; reportsDue: number }> }>(
      page,
      `/api/v1/agency-scorecard?year=${years.defaultYear}`,
    );
    const active = api.items.filter((i) => i.tasksLed > 0 || i.reportsDue > 0).length;
    expect(active).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=agency-scores] tbody tr").count()).toBeGreaterThanOrEqual(active);
    expect(await page.getByTestId("agency-summary").innerText()).toMatch(/^\d+ cơ quan; /);
    // no year after this one is offered as "with work due"
    const linked = await page
      .locator("[data-testid=year-nav] a")
      .evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    expect(linked).toContain(`?nam=${years.defaultYear - 1}`);
    // move to 2024 through the links
    await Promise.all([
      page.waitForURL(/\?nam=2024$/),
      page.locator("[data-testid=year-nav] a[href='?nam=2024']").first().click(),
    ]);
    const shown2024 = await page.getByTestId("year-shown").innerText();
    expect(shown2024).toContain("Đang xem năm 2024");
    expect(shown2024).not.toContain("năm gần nhất");
    expect(await page.locator("[data-testid=year-links] a[aria-current=page]").innerText()).toBe("2024");
    // one agency's page says the same year and links on
    await page.locator("[data-testid=agency-scores] tbody tr th a").first().click();
    await page.waitForURL(/\/app\/co-quan\/[^/?]+\?nam=2024/);
    expect(await page.getByTestId("year-shown").innerText()).toContain("Đang xem năm 2024");
    await Promise.all([page.waitForURL(/\?nam=2023$/), page.locator("a[rel=prev]").click()]);
    expect(await page.getByTestId("year-shown").innerText()).toContain("Đang xem năm 2023");
    await ctx.close();
  });
});

describe("an event of an event-driven duty", () => {
  it("the demo officer of a Quảng Nam agency is refused; nothing is owed", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.officer);
    await page.goto(`${e2e.url}/app/bao-cao`, { waitUntil: "networkidle" });
    expect(await page.locator("#event-h").innerText()).toBe("Ghi nhận sự việc phát sinh");
    await page.selectOption("#ev-duty", DUTY);
    await page.fill("#ev-date", "2024-10-05");
    await page.fill("#ev-text", "Vướng mắc của cơ quan khác");
    await page.click("form[action='?/event'] button[type=submit]");
    const error = page.getByTestId("event-error");
    await error.waitFor();
    expect(await error.innerText()).toContain("cơ quan không có nghĩa vụ báo cáo này");
    const c = await getJson<{ duties: unknown[] }>(
      page,
      `/api/v1/reporting-duties/compliance?period=2024&duty=${DUTY}`,
    );
    expect(c.duties).toEqual([]);
    await ctx.close();
  });

  it("an officer of Sở TTTT Quảng Ngãi records one and sees the report owed on their home and the calendar", async () => {
    // the administrator creates the officer's account
    const admin = await e2e.signedIn(ACCOUNTS.admin);
    const session = await getJson<{ csrfToken: string }>(admin.page, "/api/v1/auth/session");
    const agencies = await getJson<{ items: Array<{ id: number; code: string }> }>(
      admin.page,
      "/api/v1/agencies?limit=500",
    );
    const tttt = agencies.items.find((a) => a.code === "qng-so-tttt");
    const created = await admin.ctx.request.post(`${e2e.url}/api/v1/users`, {
      headers: { "x-csrf-token": session.csrfToken },
      data: {
        email: OFFICER,
        displayName: "Cán bộ Sở TTTT",
        password: PASSWORD,
        role: "agency_officer",
        agencyId: tttt?.id,
      },
    });
    expect(created.status()).toBe(201);
    await admin.ctx.close();

    const ctx = await newContext(e2e.browser);
    const page = await ctx.newPage();
    await page.goto(`${e2e.url}/app/dang-nhap`, { waitUntil: "networkidle" });
    await page.fill("#email", OFFICER);
    await page.fill("#password", PASSWORD);
    await Promise.all([
      page.waitForURL(/\/app\/viec-cua-toi/, { waitUntil: "commit" }),
      page.click("button[type=submit]"),
    ]);
    await page.waitForLoadState("networkidle");
    // nothing owed without an event
    expect(await page.locator(`[data-report="${KEY}"]`).count()).toBe(0);

    await page.goto(`${e2e.url}/app/bao-cao`, { waitUntil: "networkidle" });
    expect(await page.locator("#ev-duty option:checked").innerText()).toContain(
      "Báo cáo UBND tỉnh (qua Sở Kế hoạch và Đầu tư) khó khăn, vướng mắc phát sinh khi triển khai Kế hoạch",
    );
    // the document gives no due day: the form offers a due date; left empty, the duty's rule decides
    expect(await page.locator("#ev-due").count()).toBe(1);
    await page.fill("#ev-date", "2024-10-05");
    await page.fill("#ev-text", "Vướng mắc triển khai nền tảng số dùng chung");
    await page.click("form[action='?/event'] button[type=submit]");
    const ok = page.getByTestId("event-recorded");
    await ok.waitFor();
    const said = await ok.innerText();
    expect(said).toContain("Đã ghi nhận sự việc ngày 05/10/2024");
    expect(said).toContain("hạn 20/10/2024");
    expect(await seriousViolations(page)).toEqual([]);

    // the calendar of that month lists the report, not delivered, with a link to mark it sent
    await Promise.all([page.waitForURL(/period=2024-10/), ok.locator("a").click()]);
    const line = page.locator(`[data-duty="${KEY}"]`);
    await line.waitFor();
    const text = await line.innerText();
    expect(text).toContain("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi");
    expect(text).toContain("20/10/2024");
    expect(text).toContain("Chưa gửi");
    expect(await line.locator("a").innerText()).toContain("Ghi nhận đã gửi");

    // and the officer's home lists it among the overdue reports
    await page.goto(`${e2e.url}/app/viec-cua-toi`, { waitUntil: "networkidle" });
    const owed = page.getByTestId("mine-reports-overdue").locator(`[data-report="${KEY}"]`);
    expect(await owed.innerText()).toContain("hạn 20/10/2024");
    // marked as sent from there, it moves to the reports sent
    await Promise.all([page.waitForURL(/ghi-nhan=/), owed.locator("a").click()]);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("#dl-report").inputValue()).toBe(KEY);
    await page.fill("#dl-date", "2024-10-18");
    await page.fill("#dl-doc", "212/BC-STTTT");
    await page.click("form[action='?/deliver'] button[type=submit]");
    await page.getByTestId("delivered").waitFor();
    await page.goto(`${e2e.url}/app/viec-cua-toi`, { waitUntil: "networkidle" });
    expect(await page.getByTestId("mine-reported").locator(`[data-report="${KEY}"]`).innerText()).toContain(
      "đã gửi 18/10/2024",
    );
    await ctx.close();
  });
});

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// Agencies' results, deadline moves, the reporting calendar's deliveries and task-table uploads.

const e2e = useApp();

const KEYS = [
  "tasksLed",
  "doneOnTime",
  "doneLate",
  "overdue",
  "open",
  "reportsOnTime",
  "reportsLate",
  "reportsMissing",
] as const;

async function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (u) => (await fetch(u)).json(), `${e2e.url}${path}`) as Promise<T>;
}

async function fitsAt360(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 780 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(1);
}

describe("agency scorecard", () => {
  it("shows each agency's numbers as the API counts them, worst first, and opens the list behind one", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    expect(await page.locator("header nav").innerText()).toContain("Cơ quan");
    await page.goto(`${e2e.url}/app/nhiem-vu`);
    await Promise.all([page.waitForURL(/\/app\/co-quan/), page.getByTestId("to-agencies").click()]);
    // the year is a link, not a form with a "Xem" button (issue #17 item 7)
    await Promise.all([
      page.waitForURL(/nam=2024/),
      page.getByTestId("year-links").getByRole("link", { name: "2024", exact: true }).click(),
    ]);
    expect(await page.getByTestId("year-links").locator("a[aria-current=page]").innerText()).toBe("2024");

    const api = await getJson<{ items: Array<Record<string, number> & { agency: { code: string } }> }>(
      page,
      "/api/v1/agency-scorecard?year=2024",
    );
    const withOverdue = api.items.filter((i) => (i.overdue ?? 0) > 0);
    expect(withOverdue.length).toBeGreaterThan(0);
    const agency = withOverdue.sort(
      (a, b) => (b.overdue ?? 0) - (a.overdue ?? 0),
    )[0] as (typeof api.items)[number];
    const row = page.locator(`tr[data-agency="${agency.agency.code}"]`);
    for (const k of KEYS)
      expect(await row.locator(`td[data-k="${k}"]`).innerText(), k).toBe(String(agency[k]));
    // worst first: the first row has at least as many overdue tasks and missing reports as the last
    const bad = await page
      .locator("tr[data-agency]")
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            Number(r.querySelector('[data-k="overdue"]')?.textContent) +
            Number(r.querySelector('[data-k="reportsMissing"]')?.textContent),
        ),
      );
    expect(bad[0]).toBeGreaterThanOrEqual(bad[bad.length - 1] as number);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-agencies");
    await fitsAt360(page);
    await screenshot(page, "app-agencies");
    await page.setViewportSize({ width: 1280, height: 900 });

    await Promise.all([
      page.waitForURL(new RegExp(`/app/co-quan/${agency.agency.code}\\?nam=2024#overdue`)),
      row.locator('td[data-k="overdue"] a').click(),
    ]);
    const list = page.getByTestId("list-overdue");
    expect(await list.locator("tbody tr").count()).toBe(agency.overdue);
    expect(await list.innerText()).toContain("Quá hạn");
    expect(await page.locator('[data-testid="agency-counts"] [data-k="reportsMissing"] .n').innerText()).toBe(
      String(agency.reportsMissing),
    );
    // a task of the list opens its page
    await Promise.all([page.waitForURL(/\/app\/nhiem-vu\/\d+$/), list.locator("a").first().click()]);
    expect(await page.getByTestId("task-status").innerText()).toBe("Quá hạn");
    await page.goBack();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-agency");
    await fitsAt360(page);
    await screenshot(page, "app-agency");
    await ctx.close();
  });
});

describe("deadlines", () => {
  it("an admin moves a task's deadline: the history shows the new revision with its reason", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    const tasks = await getJson<{ items: Array<{ id: number }> }>(page, "/api/v1/tasks?limit=5");
    const id = tasks.items[0]?.id;
    expect(id).toBeDefined();
    await page.goto(`${e2e.url}/app/nhiem-vu/${id}`);
    const before = await page.getByTestId("deadline-history").locator("tbody tr").count();
    await page.fill("#m-text", "Quý III năm 2025");
    await page.selectOption("#m-doc", "qng-kh-214-2024");
    await page.fill("#m-reason", "UBND tỉnh cho lùi thời hạn theo đề nghị của cơ quan chủ trì");
    await page.click("form[action='?/deadline'] button[type=submit]");
    await page.getByTestId("deadline-moved").waitFor();
    const history = page.getByTestId("deadline-history");
    await expect.poll(() => history.locator("tbody tr").count()).toBe(before + 1);
    const last = await history.locator("tbody tr", { hasText: "UBND tỉnh cho lùi thời hạn" }).innerText();
    expect(last.split("\t")[0]).toBe(String(before + 1));
    expect(last).toContain("Quý III");
    expect(last).toContain("30/09/2025");
    expect(last).toContain("UBND tỉnh cho lùi thời hạn theo đề nghị của cơ quan chủ trì");
    expect(last).toContain("214/KH-UBND");
    expect(last).toContain(ACCOUNTS.admin);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-task-deadline");
    await fitsAt360(page);
    await screenshot(page, "app-task-deadline");

    // an unreadable deadline is refused with the API's reason, nothing is added
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill("#m-text", "sớm nhất có thể");
    await page.selectOption("#m-doc", "qng-kh-214-2024");
    await page.fill("#m-reason", "thử");
    await page.click("form[action='?/deadline'] button[type=submit]");
    await page.locator("[role=alert]").waitFor();
    expect(await history.locator("tbody tr").count()).toBe(before + 1);
    await ctx.close();
  });

  it("a leader has no deadline form", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    const tasks = await getJson<{ items: Array<{ id: number }> }>(page, "/api/v1/tasks?limit=1");
    await page.goto(`${e2e.url}/app/nhiem-vu/${tasks.items[0]?.id}`);
    expect(await page.locator("form[action='?/deadline']").count()).toBe(0);
    await ctx.close();
  });
});

describe("reporting calendar", () => {
  it("an officer chooses a quarter and marks their agency's report sent: the calendar shows it on time", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.officer);
    const nav = await page.locator("header nav").innerText();
    expect(nav).toContain("Lịch báo cáo");
    expect(nav).toContain("Cơ quan");
    await Promise.all([
      page.waitForURL(/\/app\/bao-cao/),
      page.locator("header nav a[href='/app/bao-cao']").click(),
    ]);
    await page.selectOption("#d-ky", "Q3");
    await page.selectOption("#d-nam", "2024");
    await Promise.all([page.waitForURL(/ky=Q3/), page.click("form[method=GET] button[type=submit]")]);
    expect(await page.locator("#duties-h").innerText()).toContain("Quý III/2024");
    const key = "qnam24-bc-chi-tieu-quy|qnam-so-tai-chinh|2024-Q3";
    const row = page.locator(`tr[data-duty="${key}"]`);
    expect(await row.innerText()).toContain("Chưa gửi");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-duties");
    await Promise.all([page.waitForURL(/ghi-nhan=/), row.locator("a").click()]);
    expect(await page.locator("#dl-report").inputValue()).toBe(key);
    await page.fill("#dl-date", "2024-09-15");
    await page.fill("#dl-doc", "125/BC-STC");
    await page.click("form[action='?/deliver'] button[type=submit]");
    await page.getByTestId("delivered").waitFor();
    await expect.poll(() => row.innerText()).toContain("Đúng hạn");
    expect(await row.innerText()).toContain("15/09/2024");
    expect(await seriousViolations(page)).toEqual([]);
    await fitsAt360(page);
    await screenshot(page, "app-duties");

    // a year, all agencies: the same report is listed among the year's
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/app/bao-cao?nam=2024&ky=Y`);
    expect(await page.locator(`tr[data-duty="${key}"]`).innerText()).toContain("Đúng hạn");
    await ctx.close();
  });
});

describe("task-table upload", () => {
  const header = "STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành\n";
  const text = "Xây dựng đề án thí điểm số hoá hồ sơ nhiệm vụ (thử nghiệm e2e)";
  const file = (support: string) => ({
    name: "nhiem-vu.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${header}901,${text},Sở Tài chính,${support},Quý IV năm 2024\n`, "utf8"),
  });

  it("lists an unknown agency with its row, commits the corrected file, shows the task, rolls back", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.statistician);
    await page.goto(`${e2e.url}/app/tai-len`);
    await Promise.all([page.waitForURL(/tab=nhiem-vu/), page.click("a[href='?tab=nhiem-vu']")]);
    await page.selectOption("#tup-doc", "qnam-ctct-2024");
    await page.setInputFiles("#tup-file", file("Sở Không Có Thật"));
    await page.click("form[action='?/taskPreview'] button[type=submit]");
    await page.getByTestId("task-problems").waitFor();
    const problem = page.getByTestId("task-problems").locator("tr", { hasText: "Sở Không Có Thật" });
    const cells = await problem.locator("td").allInnerTexts();
    expect(cells[0]).toBe("Lỗi");
    expect(cells[1]).toBe("2");
    expect(cells[2]).toContain("D");
    expect(cells[2]).toContain("Cơ quan phối hợp");
    expect(await page.getByTestId("task-error-count").isVisible()).toBe(true);
    expect(await page.locator("form[action='?/taskCommit']").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-task-upload");
    await fitsAt360(page);
    await screenshot(page, "app-task-upload");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.selectOption("#tup-doc", "qnam-ctct-2024");
    await page.setInputFiles("#tup-file", file("Sở Nội vụ"));
    await page.click("form[action='?/taskPreview'] button[type=submit]");
    await page.getByTestId("task-no-errors").waitFor();
    expect(await page.getByTestId("task-counts").innerText()).toContain("1 mới");
    await page.click("form[action='?/taskCommit'] button[type=submit]");
    await page.getByTestId("task-committed").waitFor();
    const committed = await page.getByTestId("task-committed").innerText();
    const batch = Number(/#(\d+)/.exec(committed)?.[1]);
    expect(batch).toBeGreaterThan(0);

    await page.goto(`${e2e.url}/app/nhiem-vu?document=qnam-ctct-2024`);
    const task = page.locator("li.task", { hasText: text });
    expect(await task.innerText()).toContain("Quý IV năm 2024");
    expect(await task.innerText()).toContain("Sở Tài chính");

    await page.goto(`${e2e.url}/app/tai-len?tab=nhiem-vu`);
    page.once("dialog", (d) => void d.accept());
    await page.locator(`tr[data-task-batch="${batch}"] button`).click();
    await page.getByTestId("task-rolled-back").waitFor();
    await expect
      .poll(() => page.locator(`tr[data-task-batch="${batch}"]`).innerText())
      .toContain("Đã hoàn tác");
    await page.goto(`${e2e.url}/app/nhiem-vu?document=qnam-ctct-2024`);
    expect(await page.locator("li.task", { hasText: text }).count()).toBe(0);
    await ctx.close();
  });
});

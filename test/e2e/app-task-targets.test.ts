import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";

// Issue 16, item 7 in the browser: an indicator page lists the tasks that serve it, with their
// status; the task page names its targets; an administrator links a task to another indicator
// and the app's and the portal's indicator pages list it.

const e2e = useApp();

describe("targets ↔ tasks", () => {
  it("the indicator page of CV 1468's disbursement target lists the tasks of its section 5, with their status", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    await page.goto(`${e2e.url}/app/chi-tieu/cv1468-disbursement`);
    const section = page.getByTestId("related-tasks");
    expect(await section.locator("h2").innerText()).toBe("Nhiệm vụ liên quan");
    const rows = section.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    const a = await section.locator('tr[data-task="cv1468-05a-quan-ly-du-an-dau-tu-cong"]').innerText();
    expect(a).toContain("Quản lý chặt chẽ các chương trình, dự án đầu tư công");
    // no report, deadline the document's horizon 31/12/2024, and the day is later: overdue
    expect(a).toContain("Quá hạn");
    expect(a).toContain("31/12/2024");
    const c = await section.locator('tr[data-task="cv1468-05c-theo-doi-du-an-trong-diem"]').innerText();
    expect(c).toContain("Sở Kế hoạch và Đầu tư");
    expect(c).toContain("30/4/2024");

    // the task names its target, and the link leads back to the indicator
    await section.locator('tr[data-task="cv1468-05a-quan-ly-du-an-dau-tu-cong"] a').click();
    await page.waitForURL(/\/app\/nhiem-vu\/\d+$/);
    const targets = page.getByTestId("task-targets");
    expect(await targets.locator("h2").innerText()).toBe("Chỉ tiêu nhiệm vụ phục vụ");
    const li = await targets.locator('li[data-indicator="cv1468-disbursement"]').innerText();
    expect(li).toContain("Tỷ lệ giải ngân so với kế hoạch vốn được giao");
    expect(li).toContain("giải ngân đạt 100% kế hoạch vốn được giao");
    // a leader reads; only an administrator links
    expect(await targets.locator("form").count()).toBe(0);
    await ctx.close();
  });

  it("an administrator links a task to an indicator; both indicator pages list it", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    const list = await (
      await page.request.get(`${e2e.url}/api/v1/tasks?document=qnam-ctct-2024&limit=500`)
    ).json();
    const task = (list.items as { id: number; code: string }[]).find(
      (x) => x.code === "qnam24-monthly-business-dialogue",
    );
    expect(task).toBeDefined();
    await page.goto(`${e2e.url}/app/nhiem-vu/${task?.id}`, { waitUntil: "networkidle" });
    const targets = page.getByTestId("task-targets");
    expect(await targets.innerText()).toContain("Nhiệm vụ chưa gắn với chỉ tiêu nào.");
    await targets.locator("#tt-indicator").selectOption("qnam24-budget-revenue");
    await targets
      .locator("#tt-basis")
      .fill("Văn phòng phân công: đối thoại doanh nghiệp phục vụ thu ngân sách");
    await targets.getByRole("button", { name: "Gắn", exact: true }).click();
    await targets.locator('li[data-indicator="qnam24-budget-revenue"]').waitFor();
    expect(await targets.locator('li[data-indicator="qnam24-budget-revenue"]').innerText()).toContain(
      "quản trị viên gắn",
    );

    await page.goto(`${e2e.url}/app/chi-tieu/qnam24-budget-revenue`);
    const section = page.getByTestId("related-tasks");
    const codes = await section
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task")));
    expect(codes.sort()).toEqual([
      "qnam24-all-main-indicators-met-or-exceeded",
      "qnam24-monthly-business-dialogue",
    ]);
    expect(await section.locator('tr[data-task="qnam24-monthly-business-dialogue"]').innerText()).toContain(
      "Gặp gỡ, đối thoại doanh nghiệp định kỳ hàng tháng",
    );

    // the public portal: the same tasks, without signing in
    const pub = await ctx.browser()?.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "http" } });
    const p = await pub?.newPage();
    await p?.goto(`${e2e.url}/vi/chi-tieu/qnam24-budget-revenue`);
    const portal = p?.getByTestId("related-tasks");
    expect(await portal?.locator("h2").innerText()).toBe("Nhiệm vụ liên quan");
    const portalCodes = await portal
      ?.locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task")));
    expect(portalCodes?.sort()).toEqual([
      "qnam24-all-main-indicators-met-or-exceeded",
      "qnam24-monthly-business-dialogue",
    ]);
    await pub?.close();
    await ctx.close();
  });
});

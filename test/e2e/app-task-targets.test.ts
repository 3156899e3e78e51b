import { describe, expect, it } from "vitest";
import { ACCOUNTS, DEMO_PASSWORD, newContext, useApp } from "./app-session.ts";

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

  it("the portal's related tasks show a new status report and a moved deadline at once (issue #17 item 7)", async () => {
    const ctx = await newContext(e2e.browser);
    const api = ctx.request;
    const session = await (
      await api.post(`${e2e.url}/api/v1/auth/login`, {
        data: { email: ACCOUNTS.admin, password: DEMO_PASSWORD },
      })
    ).json();
    const headers = { "x-csrf-token": session.csrfToken as string };
    const list = await (await api.get(`${e2e.url}/api/v1/tasks?document=qnam-ctct-2024&limit=500`)).json();
    const code = "qnam24-all-main-indicators-met-or-exceeded";
    const id = (list.items as { id: number; code: string }[]).find((x) => x.code === code)?.id;
    expect(id).toBeDefined();
    // each read in a fresh browser context: the portal lets a browser keep a page 5 s
    // (Cache-Control max-age=5, by design); what is tested is the server's page cache
    const row = async () => {
      const pub = await e2e.browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "http" } });
      const p = await pub.newPage();
      await p.goto(`${e2e.url}/vi/chi-tieu/qnam24-budget-revenue`);
      const text = await p.getByTestId("related-tasks").locator(`tr[data-task="${code}"]`).innerText();
      await pub.close();
      return text;
    };
    // read once, so the page is in the portal's cache before the report
    const before = await row();

    // past its deadline (31/12/2024), never reported: overdue
    expect(before).toContain("Quá hạn");
    const move = await api.post(`${e2e.url}/api/v1/tasks/${id}/deadlines`, {
      headers,
      data: { dueDate: "2099-06-30", document: "qnam-ctct-2024", reason: "Kiểm thử: lùi thời hạn" },
    });
    expect(move.status(), await move.text()).toBe(201);
    const moved = await row();
    expect(moved).toContain("30/06/2099");
    expect(moved).toContain("Chưa thực hiện");

    const report = await api.post(`${e2e.url}/api/v1/tasks/${id}/status-reports`, {
      headers,
      data: { status: "in_progress", agency: "qnam-so-khdt", progressNote: "Kiểm thử: đang tổng hợp" },
    });
    expect(report.status(), await report.text()).toBe(201);
    expect(await row()).toContain("Đang thực hiện");

    const done = await api.post(`${e2e.url}/api/v1/tasks/${id}/status-reports`, {
      headers,
      data: {
        status: "done",
        agency: "qnam-so-khdt",
        completedOn: "2024-12-20",
        evidenceDocument: "Báo cáo kiểm thử số 1/BC ngày 20/12/2024",
      },
    });
    expect(done.status(), await done.text()).toBe(201);
    expect(await row()).toContain("Hoàn thành đúng hạn");
    await ctx.close();
  });
});

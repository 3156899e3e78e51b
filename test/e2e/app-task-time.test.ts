import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";
import { seriousViolations } from "./support/browser.ts";

// Tasks as the documents mean them in time: a task with no date of its own shows its document's
// horizon, marked so; a task "nếu cần thiết" is conditional and never overdue.

const e2e = useApp();

describe("task deadlines in the browser", () => {
  it("shows the document's horizon for a task of KH 214/KH-UBND that states no date", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    await page.goto(`${e2e.url}/app/nhiem-vu?document=qng-kh-214-2024`);
    const first = page.locator("li.task").first();
    const text = await first.innerText();
    expect(text).toContain("31/12/2030");
    expect(await first.getByTestId("deadline-notes").innerText()).toContain("hạn theo thời hạn của văn bản");
    // not one task of the plan is left "chưa ghi thời gian hoàn thành" for review
    expect(await page.locator("li.task").count()).toBe(41);
    expect(await page.locator("main").innerText()).not.toContain("Chưa ghi thời gian hoàn thành");
    await ctx.close();
  });

  it("shows a task 'nếu cần thiết' as conditional, not overdue, two years after its quarter", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.leader);
    const list = await (
      await page.request.get(`${e2e.url}/api/v1/tasks?document=qnam-ctct-2024&limit=500`)
    ).json();
    const task = (list.items as { id: number; code: string }[]).find(
      (x) => x.code === "qnam24-evaluation-regulation-q3-2024",
    );
    expect(task).toBeDefined();
    await page.goto(`${e2e.url}/app/nhiem-vu/${task?.id}`);
    const facts = await page.locator("dl.facts").innerText();
    expect(facts).toContain("trong Quý III/2024 (nếu cần thiết)");
    expect(facts).toContain("có điều kiện: nếu cần thiết");
    expect(await page.getByTestId("task-status").innerText()).not.toMatch(/quá hạn/i);
    await page.goto(`${e2e.url}/app/nhiem-vu/${task?.id}?lang=en`);
    expect(await page.locator("dl.facts").innerText()).toContain("conditional: nếu cần thiết");
    await ctx.close();
  });

  it("shows a restated task's deadline history with the document that restated it and its words", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    const list = await (
      await page.request.get(`${e2e.url}/api/v1/tasks?document=qng-cv-1468-2024&limit=500`)
    ).json();
    const id = (code: string) =>
      (list.items as { id: number; code: string }[]).find((x) => x.code === code)?.id;
    // 1468/UBND-KTTH (22/3/2024): "hoàn thành trước ngày 31/3/2024"; the plan of 29/8/2024:
    // "Tiếp tục hoàn thiện Đề án phát triển huyện đảo Lý Sơn …", "Thường xuyên trong những tháng cuối năm 2024"
    await page.goto(`${e2e.url}/app/nhiem-vu/${id("cv1468-08b-de-an-ly-son")}`);
    const rows = page.getByTestId("deadline-history").locator("tbody tr");
    expect(await rows.count()).toBe(2);
    const later = (await rows.nth(0).innerText()).normalize("NFC");
    expect(later).toContain("Thường xuyên trong những tháng cuối năm 2024");
    expect(later).toContain("Nhắc lại tại Kế hoạch ngày 29/8/2024");
    expect(later).toContain(
      "Tiếp tục hoàn thiện Đề án phát triển huyện đảo Lý Sơn thành trung tâm du lịch biển - đảo sau khi có ý kiến của Bộ Văn hóa, Thể thao và Du lịch.",
    );
    expect(later).toContain("qng-kh-2024-08-29 ngày 29/08/2024");
    const original = await rows.nth(1).innerText();
    expect(original).toContain("hoàn thành trước ngày 31/3/2024");
    expect(original).toContain("1468/UBND-KTTH ngày 22/03/2024");
    expect(await seriousViolations(page)).toEqual([]);

    // the Quy hoạch tỉnh of KH 124/KH-UBND: done, the Prime Minister's decision cited, as KH 214 states
    const kh124 = await (
      await page.request.get(`${e2e.url}/api/v1/tasks?document=qng-kh-124-2022&limit=500`)
    ).json();
    const plan = (kh124.items as { id: number; code: string }[]).find((x) => x.code === "kh124-24");
    await page.goto(`${e2e.url}/app/nhiem-vu/${plan?.id}`);
    const reports = (await page.getByTestId("reports").innerText()).normalize("NFC");
    expect(reports).toContain("1456/QĐ-TTg ngày 22/11/2023");
    expect(reports).toContain("nêu tại 214/KH-UBND ngày 06/11/2024");
    expect(reports).toContain("phê duyệt Quy hoạch tỉnh Quảng Ngãi thời kỳ 2021-2030, tầm nhìn đến năm 2050");

    // a report citing the document that shows it done, through the form
    await page.goto(`${e2e.url}/app/nhiem-vu/${id("cv1468-06c-nguon-luc-dau-tu-cong-trung-han")}`);
    await page.selectOption("#r-status", "done");
    await page.fill("#r-date", "2024-05-20");
    await page.fill("#r-done", "2024-05-15");
    await page.fill("#r-evnum", "95/QĐ-UBND");
    await page.fill("#r-evdate", "2024-05-15");
    await page.click("form[action='?/report'] button[type=submit]");
    await page.getByTestId("reported").waitFor();
    await expect
      .poll(async () => page.getByTestId("evidence-cited").allInnerTexts())
      .toContain("95/QĐ-UBND ngày 15/05/2024");
    // a number without its date is refused, in Vietnamese
    await page.selectOption("#r-status", "done");
    await page.fill("#r-done", "2024-05-15");
    await page.fill("#r-evnum", "96/QĐ-UBND");
    await page.click("form[action='?/report'] button[type=submit]");
    await page.locator("[role=alert]").waitFor();
    expect(await page.locator("[role=alert]").innerText()).toContain("Cần ngày của văn bản chứng minh");
    await ctx.close();
  });
});

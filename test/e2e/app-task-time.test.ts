import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";

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
});

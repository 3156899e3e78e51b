import { describe, expect, it } from "vitest";
import { ACCOUNTS, apiMounted, DEMO_PASSWORD, newContext, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// An agency officer finds a task of their agency and reports it done, with evidence.

const e2e = useApp();

describe("agency officer", () => {
  it("lands on their agency's work and sees no dashboard, upload or administration", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.officer);
    // issue 16: an officer lands on their own agency's work first
    expect(new URL(page.url()).pathname).toBe("/app/viec-cua-toi");
    const nav = await page.locator("header nav").innerText();
    expect(nav).toContain("Việc của tôi");
    expect(nav).toContain("Nhiệm vụ");
    for (const hidden of ["Bảng điều hành", "Tải số liệu", "Quản trị"]) expect(nav).not.toContain(hidden);
    expect((await page.goto(`${e2e.url}/app/tai-len`))?.status()).toBe(403);
    await ctx.close();
  });

  it("reports a task done with evidence", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.officer);
    // the tasks API is mounted: without it the page would only say "Chưa có dịch vụ nhiệm vụ"
    expect(await apiMounted(page, e2e.url, "/api/v1/tasks")).toBe(true);
    await ctx.close();

    // The demo officer's agency (the first agency of the catalog) leads no task: the
    // administrator gives an officer account to an agency that does, as a province would.
    const admin = await newContext(e2e.browser);
    const api = admin.request;
    const session = await (
      await api.post(`${e2e.url}/api/v1/auth/login`, {
        data: { email: ACCOUNTS.admin, password: DEMO_PASSWORD },
      })
    ).json();
    const headers = { "x-csrf-token": session.csrfToken as string };
    const tasks = await (await api.get(`${e2e.url}/api/v1/tasks?limit=500`)).json();
    const task = (tasks.items as { id: number; status: string; leads: { code: string }[] }[]).find(
      (x) => x.leads.length > 0 && !["done", "done_late", "cancelled", "replaced"].includes(x.status),
    );
    expect(task).toBeDefined();
    const agencies = await (await api.get(`${e2e.url}/api/v1/agencies?limit=500`)).json();
    const agency = (agencies.items as { id: number; code: string }[]).find(
      (a) => a.code === task?.leads[0]?.code,
    );
    const created = await api.post(`${e2e.url}/api/v1/users`, {
      headers,
      data: {
        email: "canbo.so@example.vn",
        displayName: "Cán bộ sở (thử)",
        password: "mat-khau-rat-dai-2024",
        role: "agency_officer",
        agencyId: agency?.id,
      },
    });
    expect(created.status()).toBe(201);
    await admin.close();

    const officer = await newContext(e2e.browser);
    const p = await officer.newPage();
    await p.goto(`${e2e.url}/app/dang-nhap`, { waitUntil: "networkidle" });
    await p.fill("#email", "canbo.so@example.vn");
    await p.fill("#password", "mat-khau-rat-dai-2024");
    await Promise.all([
      // an officer lands on their own agency's work (issue 16)
      p.waitForURL(/\/app\/viec-cua-toi/, { waitUntil: "commit" }),
      p.click("button[type=submit]"),
    ]);
    await p.waitForLoadState("networkidle");
    await p.goto(`${e2e.url}/app/nhiem-vu?by=agency&agency=${agency?.code}`);
    expect(await p.getByTestId("tasks-summary").innerText()).toMatch(
      /^\d+ nhiệm vụ; \d+ quá hạn; \d+ sắp đến hạn$/,
    );
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, "app-tasks");
    await Promise.all([
      p.waitForURL(new RegExp(`/app/nhiem-vu/${task?.id}$`)),
      p.locator(`[data-task="${task?.id}"] a`).first().click(),
    ]);
    await p.selectOption("#r-status", "done");
    await p.fill("#r-done", "2024-11-15");
    await p.fill("#r-note", "Đã hoàn thành, báo cáo UBND tỉnh");
    await p.fill("#r-doc", "245/BC-STC");
    await p.click("form[action='?/report'] button[type=submit]");
    await p.getByTestId("reported").waitFor();
    const reports = await p.getByTestId("reports").innerText();
    expect(reports).toContain("Đã hoàn thành, báo cáo UBND tỉnh");
    expect(reports).toContain("245/BC-STC");
    expect(reports).toContain("canbo.so@example.vn");
    expect(await p.getByTestId("task-status").innerText()).toMatch(/Hoàn thành/);
    expect(await seriousViolations(p)).toEqual([]);
    await screenshot(p, "app-task");
    await p.setViewportSize({ width: 360, height: 780 });
    expect(
      await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(1);
    await screenshot(p, "app-task");
    await officer.close();
  });
});

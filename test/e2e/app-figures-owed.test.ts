import type { APIRequestContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, DEMO_PASSWORD, newContext, signIn, useApp } from "./app-session.ts";

// Issue 16, item 4 in a real browser, on the real catalog: Sở Nông nghiệp và PTNT Quảng Ngãi
// leads the 2025 targets of KH 124 (annual: the 2025 figure is due on 20/01/2026; the demo
// figures stop at 2024, so none is held). Its officer sees the late figures on their home and on
// the calendar, by indicator and org unit name with the due day; a figure entered shows as
// received; the Statistics Office's assignment (made by the admin on the indicator page) moves a
// figure to Sở Tài chính, whose officer now sees it while the first no longer does. Indicators
// nobody owes (no lead agency, no assignment) are listed on the calendar and the admin's page.

const e2e = useApp();

const RICE = "kh124-rice-irrigation-assurance";
const RICE_NAME = "Mức đảm bảo tưới cho diện tích đất trồng lúa 2 vụ";
const WATER = "kh124-water-saving-irrigation";
const NN = { email: "canbo.nongnghiep@example.vn", agency: "qng-so-nnptnt" };
const TC = { email: "canbo.taichinh@example.vn", agency: "qng-so-tai-chinh" };
const PASSWORD = "mat-khau-rat-dai-2025";

async function adminApi(): Promise<{
  api: APIRequestContext;
  headers: Record<string, string>;
  close(): Promise<void>;
}> {
  const ctx = await newContext(e2e.browser);
  const session = await (
    await ctx.request.post(`${e2e.url}/api/v1/auth/login`, {
      data: { email: ACCOUNTS.admin, password: DEMO_PASSWORD },
    })
  ).json();
  return {
    api: ctx.request,
    headers: { "x-csrf-token": session.csrfToken as string },
    close: () => ctx.close(),
  };
}

async function officer(email: string): Promise<{ page: Page; close(): Promise<void> }> {
  const ctx = await newContext(e2e.browser);
  const page = await ctx.newPage();
  await page.goto(`${e2e.url}/app/dang-nhap`, { waitUntil: "networkidle" });
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/app/dang-nhap"), { waitUntil: "commit" }),
    page.click("button[type=submit]"),
  ]);
  await page.waitForLoadState("networkidle");
  return { page, close: () => ctx.close() };
}

const lateOnHome = async (p: Page) => {
  await p.goto(`${e2e.url}/app/viec-cua-toi`, { waitUntil: "networkidle" });
  return p.getByTestId("mine-figures-late");
};
const calendarRow = async (p: Page, code: string, query = "") => {
  await p.goto(`${e2e.url}/app/bao-cao?nam=2025&ky=Y${query}`, { waitUntil: "networkidle" });
  return p.locator(`[data-figure="${code}|p51|2025"]`);
};

describe("who owes figures, in the browser", () => {
  it("the lead agency's officer sees the late 2025 figures on their home and the calendar, by name", async () => {
    const admin = await adminApi();
    const agencies = (await (await admin.api.get(`${e2e.url}/api/v1/agencies?limit=500`)).json()).items as {
      id: number;
      code: string;
    }[];
    for (const [who, name] of [
      [NN, "Cán bộ Sở Nông nghiệp"],
      [TC, "Cán bộ Sở Tài chính"],
    ] as const) {
      const created = await admin.api.post(`${e2e.url}/api/v1/users`, {
        headers: admin.headers,
        data: {
          email: who.email,
          displayName: name,
          password: PASSWORD,
          role: "agency_officer",
          agencyId: agencies.find((a) => a.code === who.agency)?.id,
        },
      });
      expect(created.status()).toBe(201);
    }
    await admin.close();

    const nn = await officer(NN.email);
    const late = await lateOnHome(nn.page);
    const rice = late.locator(`[data-figure="${RICE}|p51|2025"]`);
    // indicator name, org unit name (not its code), period and due day
    expect(await rice.innerText()).toBe(
      `${RICE_NAME} · Tỉnh Quảng Ngãi · Kỳ: Năm 2025 · Hạn nộp: 20/01/2026`,
    );
    expect(await late.locator(`[data-figure="${WATER}|p51|2025"]`).count()).toBe(1);

    const row = await calendarRow(nn.page, RICE);
    const cells = await row.locator("td").allInnerTexts();
    expect(cells.slice(0, 6)).toEqual([
      RICE_NAME,
      "Tỉnh Quảng Ngãi",
      "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi",
      "Năm 2025",
      "20/01/2026",
      "Quá hạn, chưa có",
    ]);
    expect(await nn.page.getByTestId("figures-title").innerText()).toBe("Số liệu chỉ tiêu · Năm 2025");
    await nn.close();
    // officers have no indicator pages; a leader reads who supplies the figures, without the form
    const leader = await newContext(e2e.browser);
    const lp = await leader.newPage();
    await signIn(lp, e2e.url, ACCOUNTS.leader);
    await lp.goto(`${e2e.url}/app/chi-tieu/${RICE}`, { waitUntil: "networkidle" });
    expect(await lp.getByTestId("supplier-current").innerText()).toBe(
      "Cơ quan cung cấp số liệu (Tỉnh Quảng Ngãi): Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi, cơ quan chủ trì",
    );
    expect(await lp.locator("#sp-agency").count()).toBe(0);
    await leader.close();
    await nn.close();
  });

  it("a figure entered shows as received (late: after 20/01/2026)", async () => {
    const admin = await adminApi();
    const r = await admin.api.post(`${e2e.url}/api/v1/observations`, {
      headers: admin.headers,
      data: { indicator: WATER, orgUnit: "p51", period: "2025", value: "62.5", status: "preliminary" },
    });
    expect(r.status()).toBe(201);
    await admin.close();
    const nn = await officer(NN.email);
    const row = await calendarRow(nn.page, WATER);
    const cells = await row.locator("td").allInnerTexts();
    expect(cells[5]).toBe("Nhận trễ hạn");
    expect(cells[6]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const late = await lateOnHome(nn.page);
    expect(await late.locator(`[data-figure="${WATER}|p51|2025"]`).count()).toBe(0);
    expect(await late.locator(`[data-figure="${RICE}|p51|2025"]`).count()).toBe(1);
    await nn.close();
  });

  it("the admin assigns Sở Tài chính on the indicator page: the duty moves to its officer", async () => {
    const ctx = await newContext(e2e.browser);
    const page = await ctx.newPage();
    await signIn(page, e2e.url, ACCOUNTS.admin);
    await page.goto(`${e2e.url}/app/chi-tieu/${RICE}`, { waitUntil: "networkidle" });
    const section = page.getByTestId("figure-supplier");
    await section.locator("summary").click();
    await page.selectOption("#sp-agency", TC.agency);
    await page.selectOption("#sp-unit", "p51");
    await page.fill("#sp-from", "2025-01-01");
    await page.fill("#sp-basis", "Cục Thống kê giao (thử nghiệm e2e)");
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("assignSupplier") && r.request().method() === "POST"),
      section.locator("button[type=submit]", { hasText: "Giao" }).last().click(),
    ]);
    await page.waitForLoadState("networkidle");
    await expect
      .poll(() => page.getByTestId("supplier-current").innerText(), { timeout: 15_000 })
      .toBe(
        "Cơ quan cung cấp số liệu (Tỉnh Quảng Ngãi): Sở Tài chính tỉnh Quảng Ngãi, do Cục Thống kê giao từ 01/01/2025",
      );
    const assigned = await page.getByTestId("supplier-assignments").locator("tbody tr td").allInnerTexts();
    expect(assigned.slice(0, 5)).toEqual([
      "Sở Tài chính tỉnh Quảng Ngãi",
      "Tỉnh Quảng Ngãi",
      "01/01/2025",
      "–",
      "Cục Thống kê giao (thử nghiệm e2e)",
    ]);
    expect(assigned[5]).not.toBe("–"); // who assigned
    // a bad request is refused in words, nothing saved: an end before the start
    await section.locator("summary").click();
    await page.selectOption("#sp-agency", NN.agency);
    await page.fill("#sp-from", "2026-06-01");
    await page.fill("#sp-to", "2026-05-01");
    await section.locator("button[type=submit]", { hasText: "Giao" }).last().click();
    await expect
      .poll(() => section.getByRole("alert").innerText(), { timeout: 15_000 })
      .toBe("Ngày kết thúc (2026-05-01) trước ngày bắt đầu (2026-06-01).");
    expect(await page.getByTestId("supplier-assignments").locator("tbody tr").count()).toBe(1);
    await ctx.close();

    const nn = await officer(NN.email);
    const nnLate = await lateOnHome(nn.page);
    expect(await nnLate.locator(`[data-figure="${RICE}|p51|2025"]`).count()).toBe(0);
    expect(await (await calendarRow(nn.page, RICE)).count()).toBe(0);
    await nn.close();

    const tc = await officer(TC.email);
    const tcLate = await lateOnHome(tc.page);
    expect(await tcLate.locator(`[data-figure="${RICE}|p51|2025"]`).innerText()).toBe(
      `${RICE_NAME} · Tỉnh Quảng Ngãi · Kỳ: Năm 2025 · Hạn nộp: 20/01/2026`,
    );
    const cells = await (await calendarRow(tc.page, RICE)).locator("td").allInnerTexts();
    expect(cells.slice(0, 6)).toEqual([
      RICE_NAME,
      "Tỉnh Quảng Ngãi",
      "Sở Tài chính tỉnh Quảng Ngãi (do Cục Thống kê giao)",
      "Năm 2025",
      "20/01/2026",
      "Quá hạn, chưa có",
    ]);
    await tc.close();
  });

  it("indicators nobody owes figures for are listed on the calendar and the admin's page", async () => {
    const ctx = await newContext(e2e.browser);
    const page = await ctx.newPage();
    await signIn(page, e2e.url, ACCOUNTS.admin);
    await page.goto(`${e2e.url}/app/bao-cao?nam=2025&ky=Y&co-quan=`, { waitUntil: "networkidle" });
    const gaps = page.getByTestId("figures-unassigned");
    expect(await gaps.locator("h4").innerText()).toMatch(
      /^Chỉ tiêu chưa giao cơ quan cung cấp số liệu \(\d+\)$/,
    );
    // KH 214 (2021-2030) of Quảng Ngãi names no lead agency: 4 quarterly figures of 2025
    expect(await gaps.locator('[data-unassigned="kh214-grdp-growth"]').innerText()).toBe(
      "Tốc độ tăng trưởng GRDP · Tỉnh Quảng Ngãi · 4 số liệu của năm",
    );
    expect(await gaps.locator(`[data-unassigned="${RICE}"]`).count()).toBe(0);
    await page.goto(`${e2e.url}/app/quan-tri`, { waitUntil: "networkidle" });
    const admin = page.getByTestId("figures-unassigned");
    expect(await admin.locator("h2").innerText()).toMatch(
      /^Chỉ tiêu chưa giao cơ quan cung cấp số liệu năm \d{4} \(\d+\)$/,
    );
    expect(await admin.locator('[data-unassigned="kh214-grdp-growth"]').innerText()).toContain(
      "Tốc độ tăng trưởng GRDP · Tỉnh Quảng Ngãi",
    );
    await ctx.close();
  });
});

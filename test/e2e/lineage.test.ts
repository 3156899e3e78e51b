import { describe, expect, it } from "vitest";
import { ACCOUNTS, DEMO_PASSWORD, useApp } from "./app-session.ts";

// Issue #13 item 8 in a real browser: on the indicator page of the app and of the portal, the
// figures of Quảng Nam shown under Đà Nẵng's history ("số liệu của Quảng Nam (trước sáp nhập)"),
// the roll-up from two districts beside the province's own figure, and a ratio from its numerator
// and denominator. The figures are entered through the API first, as a statistics office would.

const e2e = useApp();

async function enterFigures(url: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-proto": "http" },
    body: JSON.stringify({ email: ACCOUNTS.admin, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(
    ";",
  )[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const post = async (body: Record<string, unknown>) => {
    const r = await fetch(`${url}/api/v1/observations`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: cookie ?? "",
        "x-csrf-token": csrfToken,
        "x-forwarded-proto": "http",
      },
      body: JSON.stringify({ period: "2024", status: "official", ...body }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
  };
  await post({ indicator: "qnam24-budget-revenue", orgUnit: "p49", value: "27594" });
  await post({ indicator: "qnam24-budget-revenue", orgUnit: "qnam-tp-tam-ky", value: "3000.5" });
  await post({ indicator: "qnam24-budget-revenue", orgUnit: "qnam-tp-hoi-an", value: "1500.25" });
  await post({
    indicator: "qnam24-ntm-communes-share",
    orgUnit: "p49",
    value: "71",
    numerator: "137",
    denominator: "193",
  });
}

describe("merged units, roll-ups and ratios on the indicator pages", () => {
  it("the portal and the app say whose figures they are, that a figure is rolled up, and how a ratio was computed", async () => {
    await enterFigures(e2e.url);
    const ctx = await e2e.browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "http" } });
    const page = await ctx.newPage();

    // the portal, in Vietnamese and in English
    expect((await page.goto(`${e2e.url}/vi/chi-tieu/qnam24-budget-revenue?period=2024`))?.status()).toBe(200);
    let section = page.locator('[data-testid="lineage"]');
    let text = (await section.textContent()) ?? "";
    expect(text).toContain("Lịch sử của Đà Nẵng");
    expect(text).toContain("Quảng Nam nhập vào Đà Nẵng từ ngày 01/07/2025");
    expect(text).toContain("số liệu của Quảng Nam (trước sáp nhập)");
    expect(text).toContain("Năm 2024: 27.594 tỷ đồng (chính thức)");
    expect(text).toContain("đánh giá theo chỉ tiêu của chính Quảng Nam");
    expect(text).toContain("tổng hợp từ 2 huyện: 4.500,75 tỷ đồng; số của chính đơn vị: 27.594 tỷ đồng");
    expect(text).toContain("số của chính đơn vị được dùng");

    expect((await page.goto(`${e2e.url}/en/indicators/qnam24-budget-revenue?period=2024`))?.status()).toBe(
      200,
    );
    text = (await page.locator('[data-testid="lineage"]').textContent()) ?? "";
    expect(text).toContain("figures of Quảng Nam before the merger");
    expect(text).toContain("rolled up from 2 districts: 4,500.75 tỷ đồng");

    expect((await page.goto(`${e2e.url}/vi/chi-tieu/qnam24-ntm-communes-share?period=2024`))?.status()).toBe(
      200,
    );
    text = (await page.locator('[data-testid="lineage"]').textContent()) ?? "";
    expect(text).toContain("tính từ tử số 137 và mẫu số 193: 70,98%");

    // the app, signed in as a leader
    const { ctx: appCtx, page: app } = await e2e.signedIn(ACCOUNTS.leader);
    await app.goto(`${e2e.url}/app/chi-tieu/qnam24-budget-revenue?unit=p49&period=2024`);
    section = app.locator('[data-testid="lineage"]');
    text = (await section.textContent()) ?? "";
    expect(text).toContain("số liệu của Quảng Nam (trước sáp nhập)");
    expect(text).toContain("tổng hợp từ 2 huyện: 4.500,75 tỷ đồng");
    await app.goto(`${e2e.url}/app/chi-tieu/qnam24-ntm-communes-share?unit=p49&period=2024`);
    text = (await app.locator('[data-testid="lineage"]').textContent()) ?? "";
    expect(text).toContain("tính từ tử số 137 và mẫu số 193: 70,98%");
    await appCtx.close();
    await ctx.close();
  });
});

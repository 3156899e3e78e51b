import { describe, expect, it } from "vitest";
import { ACCOUNTS, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// The plan form (Quản trị → Thêm chỉ tiêu kế hoạch): an administrator enters a target as the
// document states it, in Vietnamese notation, and the indicator page reads it back; an amount
// that is not a number is refused beside the form and nothing is stored.

const e2e = useApp();

describe("the plan form", () => {
  it("creates a 2025 target typed as 25.750,5 and the indicator page shows it; refuses a non-number", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.admin);
    // the stored low amounts of the 2025 targets of the indicator, as the API reads them
    const targets2025 = () =>
      page.evaluate(async () => {
        const r = await fetch("/api/v1/targets?indicator=qnam24-budget-revenue&orgUnit=p49&period=2025");
        const body = (await r.json()) as { items: { period: string; low: string | null }[] };
        return body.items.filter((t) => t.period === "2025").map((t) => Number(t.low));
      });

    await page.goto(`${e2e.url}/app/quan-tri/ke-hoach/moi`, { waitUntil: "networkidle" });
    expect(await page.locator("h1").innerText()).toBe("Thêm chỉ tiêu kế hoạch");
    expect(await targets2025()).toEqual([]);
    const fill = async (low: string) => {
      await page.selectOption("#c-ind", "qnam24-budget-revenue");
      await page.selectOption("#c-unit", "p49");
      await page.fill("#c-period", "2025");
      await page.selectOption("#c-form", "at_least");
      await page.fill("#c-low", low);
      await page.selectOption("#c-doc", "qnam-ctct-2024");
      await page.fill("#c-eff", "2025-01-01");
      await page.fill("#c-quote", "Thu ngân sách trên địa bàn năm 2025 đạt 25.750,5 tỷ đồng (thử)");
      await page.click("form[action='?/create'] button[type=submit]");
    };

    // refused: words where the amount goes; the message beside the form, nothing stored
    await fill("khoảng 25 nghìn");
    await expect.poll(() => page.locator("p[role=alert]").innerText()).toBe("Không phải số: khoảng 25 nghìn");
    expect(await page.getByTestId("target-created").count()).toBe(0);
    expect(await targets2025()).toEqual([]);
    await screenshot(page, "app-target-create-refused");

    // the same target with the amount in Vietnamese notation: twenty-five thousand seven hundred fifty and a half
    await fill("25.750,5");
    await page.getByTestId("target-created").waitFor();
    expect(await page.getByTestId("target-created").innerText()).toContain(
      "Đã thêm: qnam24-budget-revenue · p49 · 2025",
    );
    expect(await page.locator("p[role=alert]").count()).toBe(0);
    expect(await targets2025()).toEqual([25750.5]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-target-create");

    // stored as 25750.5, read back on the indicator page of June 2025 as the reader writes it
    await page.goto(`${e2e.url}/app/chi-tieu/qnam24-budget-revenue?unit=p49&period=2025-06`);
    const text = await page.getByTestId("target-text").innerText();
    expect(text).toContain("25.750,5 tỷ đồng");
    const main = await page.locator("main").innerText();
    expect(main).toContain("(2025)");
    expect(main).toContain("Thu ngân sách trên địa bàn năm 2025 đạt 25.750,5 tỷ đồng (thử)");
    // the 2024 target is untouched
    await page.goto(`${e2e.url}/app/chi-tieu/qnam24-budget-revenue?unit=p49&period=2024-09`);
    expect(await page.getByTestId("target-text").innerText()).toContain("23.600 tỷ đồng");
    await ctx.close();
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/server.ts";
import { ACCOUNTS, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// Issue #15, done when: the statistician uploads a report table as the office publishes it,
// answers the org-unit and status questions, picks a candidate for an unknown indicator name,
// sees old → new for a revision, commits; and the next month's file of the same table matches
// that name at once, without a question.

const FIXTURES = path.join(repoRoot, "test/fixtures/web");
const e2e = useApp();

describe("upload desk: a report table", () => {
  it("asks what the file does not say, remembers the chosen name, and matches it next month", async () => {
    const { ctx, page } = await e2e.signedIn(ACCOUNTS.statistician);
    await page.goto(`${e2e.url}/app/tai-len`);
    await page.setInputFiles("#file", path.join(FIXTURES, "report-june-2024.csv"));
    await page.click("form[action='?/preview'] button[type=submit]");
    const questions = page.getByTestId("report-questions");
    await questions.waitFor();

    // 1. what it read, and where
    const inferred = await page.getByTestId("report-inferred").innerText();
    expect(inferred).toContain("năm 2024 – dòng tiêu đề 1");
    // 2. the questions: whose figures, which status (pre-filled, still asked), which indicator
    expect(
      await questions
        .locator("[data-question]")
        .evaluateAll((qs) => qs.map((q) => q.getAttribute("data-question"))),
    ).toEqual(expect.arrayContaining(["orgUnit", "status", "name"]));
    const status = questions.locator('[data-question="status"] select');
    expect(await status.inputValue()).toBe("official");
    const name = questions.locator('[data-question="name"]');
    expect(await name.locator("label").innerText()).toContain("Tổng thu NSNN trên địa bàn");
    const candidates = await name
      .locator("option")
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(candidates).toContain("qnam24-budget-revenue");
    expect(await page.getByTestId("error-count").innerText()).toContain("lỗi");
    expect(await page.locator("form[action='?/commit']").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "app-upload-report-questions");

    await questions.locator('[data-question="orgUnit"] select').selectOption("p49");
    await status.selectOption("official");
    await name.locator("select").selectOption("qnam24-budget-revenue");
    await questions.locator("button[type=submit]").click();
    await page.getByTestId("no-errors").waitFor();
    expect(await page.getByTestId("report-questions").count()).toBe(0);

    // 3. the choice is shown as such, and June's figure is a revision: old → new, by whom, when
    expect(await page.getByTestId("report-matches").innerText()).toContain(
      "“Tổng thu NSNN trên địa bàn” → Thu ngân sách trên địa bàn (qnam24-budget-revenue) — bạn đã chọn",
    );
    const revisions = page.getByTestId("revisions");
    const june = revisions.locator("tr", { hasText: "qnam24-budget-revenue · p49" });
    expect(await june.innerText()).toMatch(/→ 2\.105,5 \(chính thức\)/);
    expect(await june.locator("td").nth(3).innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await screenshot(page, "app-upload-report-answered");

    await page.click("form[action='?/commit'] button[type=submit]");
    await page.getByTestId("committed").waitFor();

    // 4. July's file of the same table: the name matches at once (remembered for Quảng Nam)
    await page.goto(`${e2e.url}/app/tai-len`);
    await page.setInputFiles("#file", path.join(FIXTURES, "report-july-2024.csv"));
    await page.click("form[action='?/preview'] button[type=submit]");
    await page.getByTestId("no-errors").waitFor();
    expect(await page.getByTestId("report-questions").count()).toBe(0);
    expect(await page.getByTestId("report-matches").innerText()).toContain("— đã ghi nhớ");
    expect(await page.getByTestId("report-inferred").innerText()).toContain(
      "Tỉnh Quảng Nam – dòng tiêu đề 1",
    );
    await ctx.close();
  });
});

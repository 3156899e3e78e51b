import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/server.ts";
import { ACCOUNTS, newContext, useApp } from "./app-session.ts";
import { screenshot, seriousViolations } from "./support/browser.ts";

// Accounts as an office runs them (issue 17, item 6), in a real browser: the administrator
// invites a statistician for one province, the invitee sets a password from the link and signs
// in; the administrator issues a reset link and the person resets; the administrator moves the
// scope to another province; an upload for a province outside it is refused and writes nothing.

const e2e = useApp();
const FILE = path.join(repoRoot, "test/fixtures/web/figures-two-provinces.csv");
const INVITEE = "thong.ke.quangnam@example.vn";

async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${e2e.url}/app/dang-nhap`, { waitUntil: "networkidle" });
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/app/dang-nhap"), { waitUntil: "commit" }),
    page.click("button[type=submit]"),
  ]);
  await page.waitForLoadState("networkidle");
}

/** Opens a one-time link in a browser without a session and chooses a password there. */
async function setPassword(ctx: BrowserContext, link: string, password: string, heading: string) {
  const page = await ctx.newPage();
  await page.goto(link);
  expect(await page.locator("h1").innerText()).toBe(heading);
  expect(await page.locator("main").innerText()).toContain(INVITEE);
  await page.fill("#password", password);
  await page.fill("#confirm", password);
  await page.click("#setpw-form button[type=submit]");
  await page
    .getByTestId("password-set")
    .waitFor()
    .catch(async (e) => {
      throw new Error(`${e}\n${await page.locator("body").innerText()}`);
    });
  expect(await page.getByTestId("password-set").innerText()).toContain(`Đã đặt mật khẩu cho ${INVITEE}`);
  // the link works once
  await page.goto(link);
  expect(await page.getByTestId("link-refused").innerText()).toContain("đã được dùng");
  await page.close();
}

async function issuedLink(admin: Page): Promise<string> {
  const notice = admin.getByTestId("issued-link");
  await notice.waitFor();
  expect(await notice.innerText()).toContain("Chưa cấu hình máy chủ thư");
  return admin.getByTestId("account-link").inputValue();
}

describe("accounts", () => {
  it("invite, accept, reset, edit the scope; an upload for another province is refused", async () => {
    const { ctx: adminCtx, page: admin } = await e2e.signedIn(ACCOUNTS.admin);

    // 1. the invitation, for Quảng Ngãi; an agency officer without an agency is refused first
    await admin.goto(`${e2e.url}/app/quan-tri?tab=nguoi-dung`);
    expect(new URL(admin.url()).pathname).toBe("/app/quan-tri/nguoi-dung");
    await admin.fill("#inv-email", "can.bo@example.vn");
    await admin.fill("#inv-name", "Cán bộ không cơ quan");
    await admin.selectOption("#inv-role", "agency_officer");
    await admin.click("form[action='?/invite'] button[type=submit]");
    await admin.getByTestId("user-error").waitFor();
    expect(await admin.getByTestId("user-error").innerText()).toBe(
      "Cán bộ cơ quan phải thuộc một cơ quan: hãy chọn cơ quan.",
    );
    expect(await admin.locator('[data-user="can.bo@example.vn"]').count()).toBe(0);

    await admin.fill("#inv-email", INVITEE);
    await admin.fill("#inv-name", "Nguyễn Thị Thống Kê");
    await admin.selectOption("#inv-role", "statistician");
    await admin.selectOption("#inv-scope", { label: "Tỉnh Quảng Ngãi" });
    await admin.click("form[action='?/invite'] button[type=submit]");
    const invitation = await issuedLink(admin);
    expect(invitation).toMatch(new RegExp(`^${e2e.url}/app/dat-mat-khau\\?t=`));
    const row = admin.locator(`[data-user="${INVITEE}"]`);
    expect(await row.innerText()).toContain("chờ nhận lời mời");
    expect(await row.getByTestId("scope").innerText()).toBe("Tỉnh Quảng Ngãi");
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, "app-admin-accounts");

    // 2. the invitee opens the link, sets a password, signs in
    const invitee = await newContext(e2e.browser);
    await setPassword(invitee, invitation, "mat-khau-cua-thong-ke-2026", "Nhận lời mời: đặt mật khẩu");
    const me = await invitee.newPage();
    await signInAs(me, INVITEE, "mat-khau-cua-thong-ke-2026");
    expect(await me.locator("header nav").innerText()).toContain("Tải số liệu");

    // 3. a reset link: the new password works, the old one and the old session do not
    await admin.reload();
    await admin.locator(`[data-user="${INVITEE}"]`).getByTestId("reset-link").click();
    const reset = await issuedLink(admin);
    expect(await admin.getByTestId("issued-link").innerText()).toContain("đặt lại mật khẩu");
    const other = await newContext(e2e.browser);
    await setPassword(other, reset, "mat-khau-moi-sau-khi-quen", "Đặt lại mật khẩu");
    await other.close();
    await me.goto(`${e2e.url}/app/tai-len`);
    expect(new URL(me.url()).pathname).toBe("/app/dang-nhap");
    await me.fill("#email", INVITEE);
    await me.fill("#password", "mat-khau-cua-thong-ke-2026");
    await me.click("button[type=submit]");
    await me.locator("#login-error").waitFor();
    await signInAs(me, INVITEE, "mat-khau-moi-sau-khi-quen");

    // 4. the administrator moves the scope to Quảng Nam
    await admin.goto(`${e2e.url}/app/quan-tri/nguoi-dung`);
    const edited = admin.locator(`[data-user="${INVITEE}"]`);
    await edited.locator("summary").click();
    await edited.locator("select[name=orgUnitIds]").selectOption({ label: "Tỉnh Quảng Nam" });
    await edited.locator("form[action='?/update'] button[type=submit]").click();
    await admin.getByTestId("user-updated").waitFor();
    await expect.poll(() => edited.getByTestId("scope").innerText()).toBe("Tỉnh Quảng Nam");
    await adminCtx.close();

    // 5. the upload desk: a real file with a Quảng Nam row and a Quảng Ngãi row is refused
    const count = () =>
      me.evaluate(
        async () =>
          (
            (await (
              await fetch("/api/v1/observations?indicator=qnam24-forest-cover&orgUnit=p51&limit=500")
            ).json()) as {
              items: unknown[];
            }
          ).items.length,
      );
    const before = await count();
    await me.goto(`${e2e.url}/app/tai-len`);
    await me.setInputFiles("#file", FILE);
    await me.click("form[action='?/preview'] button[type=submit]");
    await me.getByTestId("error-count").waitFor();
    expect(await me.getByTestId("error-count").innerText()).toContain("Có 1 lỗi");
    const refused = me.getByTestId("problems").locator("tr", { hasText: "p51" });
    expect(await refused.innerText()).toContain("ngoài phạm vi được giao");
    expect(await me.locator("form[action='?/commit']").count()).toBe(0);
    await screenshot(me, "app-upload-other-province");
    // committing the same file straight through the API is refused too, and writes nothing
    const csv = fs.readFileSync(FILE, "utf8");
    const status = await me.evaluate(async (text) => {
      const csrf = /chitieu_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? "";
      const form = new FormData();
      form.set("file", new File([text], "figures-two-provinces.csv", { type: "text/csv" }));
      return (
        await fetch("/api/v1/imports", { method: "POST", body: form, headers: { "x-csrf-token": csrf } })
      ).status;
    }, csv);
    expect(status).toBe(422);
    expect(await count()).toBe(before);
    await invitee.close();
  });
});

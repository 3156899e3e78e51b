import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server.ts";
import { ACCOUNTS, DEMO_PASSWORD, newContext } from "./app-session.ts";
import { launchBrowser } from "./support/browser.ts";

// Issue 16, done when: an officer signs in and sees only their agency's open tasks and due
// reports first; a reminder e-mail for an overdue task arrives at the test SMTP server once, and
// not again after a restart. The app runs with SMTP_HOST pointing at an SMTP server in this
// process; restarts are real (the same data directory, a new process).

let smtp: SMTPServer;
let smtpPort = 0;
const inbox: Array<{ to: string[]; mail: ParsedMail }> = [];
let dataDir = "";
let server: RunningServer | undefined;
let browser: Browser;
const OFFICER = "canbo.nhacviec@example.vn";
const PASSWORD = "mat-khau-rat-dai-2024";

const start = () =>
  startServer({
    DATA_DIR: dataDir,
    DEMO: "1",
    PROTOCOL_HEADER: "x-forwarded-proto",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtpPort),
    MAIL_FROM: "chitieu <nhacviec@example.vn>",
    REMINDER_START_DELAY_SECONDS: "1",
  });

async function waitFor(check: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  return check();
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-officer-home-"));
  [server, browser] = await Promise.all([start(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("an officer's own work, and reminders", () => {
  let agency = "";
  let overdueCode = "";

  it("an officer signs in and lands on their agency's overdue tasks and due reports, nothing else", async () => {
    const url = (server as RunningServer).url;
    const admin = await newContext(browser);
    const api = admin.request;
    const session = await (
      await api.post(`${url}/api/v1/auth/login`, { data: { email: ACCOUNTS.admin, password: DEMO_PASSWORD } })
    ).json();
    const tasks = await (await api.get(`${url}/api/v1/tasks?limit=500`)).json();
    const overdue = (tasks.items as { code: string; status: string; leads: { code: string }[] }[]).find(
      (x) => x.status === "overdue" && x.leads.length === 1,
    );
    expect(overdue).toBeDefined();
    agency = overdue?.leads[0]?.code ?? "";
    overdueCode = overdue?.code ?? "";
    const agencies = await (await api.get(`${url}/api/v1/agencies?limit=500`)).json();
    const a = (agencies.items as { id: number; code: string }[]).find((x) => x.code === agency);
    const created = await api.post(`${url}/api/v1/users`, {
      headers: { "x-csrf-token": session.csrfToken as string },
      data: {
        email: OFFICER,
        displayName: "Cán bộ nhắc việc",
        password: PASSWORD,
        role: "agency_officer",
        agencyId: a?.id,
      },
    });
    expect(created.status()).toBe(201);
    const mine = await (await api.get(`${url}/api/v1/tasks?limit=500&agency=${agency}`)).json();
    const ours = new Set((mine.items as { code: string }[]).map((x) => x.code));
    await admin.close();

    const ctx = await newContext(browser);
    const p = await ctx.newPage();
    await p.goto(`${url}/app/dang-nhap`, { waitUntil: "networkidle" });
    await p.fill("#email", OFFICER);
    await p.fill("#password", PASSWORD);
    await Promise.all([
      p.waitForURL(/\/app\/viec-cua-toi/, { waitUntil: "commit" }),
      p.click("button[type=submit]"),
    ]);
    await p.waitForLoadState("networkidle");
    expect(await p.locator("h1").innerText()).toBe("Việc của cơ quan tôi");
    // overdue first
    const sections = await p.locator("main section h2").allInnerTexts();
    expect(sections[0]).toMatch(/^Nhiệm vụ quá hạn \(\d+\)$/);
    expect(sections[1]).toMatch(/^Báo cáo quá hạn, chưa gửi \(\d+\)$/);
    const listed = await p
      .locator("[data-task]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-task")));
    expect(listed).toContain(overdueCode);
    expect(await p.getByTestId("mine-overdue").innerText()).toContain(overdueCode);
    // only their agency's
    expect(listed.filter((c) => !ours.has(c ?? ""))).toEqual([]);
    await ctx.close();
  });

  it("a reminder for the overdue task arrives once, and not again after a restart", async () => {
    // the officer was created after the first run: a restart runs the reminders again
    await server?.stop();
    server = await start();
    expect(await waitFor(() => inbox.some((m) => m.to.includes(OFFICER)), 30_000)).toBe(true);
    const mails = inbox.filter((m) => m.to.includes(OFFICER));
    expect(mails).toHaveLength(1);
    const text = mails[0]?.mail.text ?? "";
    expect(mails[0]?.mail.subject).toMatch(/^\[chitieu\] Nhắc việc: \d+ quá hạn/);
    expect(text).toContain(overdueCode);
    expect(text).toMatch(/quá hạn \d+ ngày/);
    expect(text).toMatch(/\/app\/nhiem-vu\/\d+/);

    await server.stop();
    server = await start();
    await new Promise((r) => setTimeout(r, 8000));
    expect(inbox.filter((m) => m.to.includes(OFFICER))).toHaveLength(1);
  });
});

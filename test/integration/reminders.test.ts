import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../apps/api/src/config.ts";
import { startReminderScheduler } from "../../apps/api/src/reminder-scheduler.ts";
import {
  collectReminders,
  type ReminderSettings,
  reminderStatus,
} from "../../apps/api/src/services/reminders.ts";

// Reminder e-mails (issue 16, item 8) through nodemailer to a real SMTP server running in this
// process: one digest per agency's officers, Vietnamese first, with links; an overdue task is
// reminded once, and not again after a restart; every reminder sent is in reminder_log.

let t: TestDatabase;
let server: SMTPServer;
let port = 0;
const inbox: Array<{ to: string[]; mail: ParsedMail }> = [];
let settings: ReminderSettings;
const DAY = "2024-12-01";

async function officer(email: string, agency: string, disabled = false) {
  const a = await t.db.selectFrom("agency").select("id").where("code", "=", agency).executeTakeFirstOrThrow();
  await t.db
    .insertInto("app_user")
    .values({
      email,
      display_name: email,
      role: "agency_officer",
      agency_id: a.id,
      disabled_at: disabled ? new Date() : null,
    })
    .execute();
}

beforeAll(async () => {
  server = new SMTPServer({
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as { port: number }).port;
  settings = {
    ...readConfig({ SMTP_HOST: "127.0.0.1", SMTP_PORT: String(port), ORIGIN: "https://chitieu.example.vn" })
      .reminders,
  };
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  await officer("khdt1@qng.test", "qng-so-khdt");
  await officer("khdt2@qng.test", "qng-so-khdt");
  await officer("khdt-nghi@qng.test", "qng-so-khdt", true);
  await officer("tttt@qng.test", "qng-so-tttt");
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.drop();
});

describe("reminder e-mails", () => {
  it("are off without SMTP_HOST, and the admin status says so in both languages", async () => {
    const off = readConfig({}).reminders;
    expect(off.smtp).toBeNull();
    const s = await reminderStatus(t.db, off);
    expect(s).toMatchObject({
      enabled: false,
      reasonVi: "Chưa cấu hình máy chủ thư (SMTP_HOST): không gửi thư nhắc việc.",
      reasonEn: "No mail server configured (SMTP_HOST): reminders are off.",
      leadDays: 7,
    });
    expect(startReminderScheduler(t.db, off).enabled).toBe(false);
  });

  it("send one digest per agency to its active officers; an overdue task arrives once, not again after a restart", async () => {
    const expected = await collectReminders(t.db, settings, DAY);
    const khdt = expected.find((d) => d.agency.code === "qng-so-khdt");
    const overdueTask = khdt?.items.find((i) => i.kind === "task" && i.stage === "overdue");
    if (!overdueTask) throw new Error("Sở KHĐT has no overdue task on 1/12/2024");

    const first = startReminderScheduler(t.db, settings, () => {}, { autostart: false });
    const run = await first.runOnce(DAY);
    await first.stop();
    expect(run?.failed).toEqual([]);
    const toKhdt = inbox.filter((m) => m.to.includes("khdt1@qng.test"));
    expect(toKhdt).toHaveLength(1);
    const mail = toKhdt[0] as (typeof inbox)[number];
    // both active officers, not the disabled one, nor another agency's
    expect(mail.to.sort()).toEqual(["khdt1@qng.test", "khdt2@qng.test"]);
    expect(mail.mail.subject).toMatch(
      /^\[chitieu\] Nhắc việc: \d+ quá hạn, \d+ sắp đến hạn — Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi \/ Reminder:/,
    );
    const text = mail.mail.text ?? "";
    expect(text.startsWith("Kính gửi Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi,")).toBe(true);
    expect(text.indexOf("Quá hạn:")).toBeLessThan(text.indexOf("— English —"));
    const id = await t.db
      .selectFrom("task")
      .select("id")
      .where("code", "=", overdueTask.key.split("|")[0] as string)
      .executeTakeFirstOrThrow();
    expect(text).toContain(`https://chitieu.example.vn/app/nhiem-vu/${id.id}`);
    expect(text).toMatch(/hạn \d{2}\/\d{2}\/\d{4}, quá hạn \d+ ngày/);
    expect(mail.mail.html || "").toContain(`href="https://chitieu.example.vn/app/nhiem-vu/${id.id}"`);
    expect(inbox.some((m) => m.to.includes("khdt-nghi@qng.test"))).toBe(false);

    // every item sent is logged, with the message id the server accepted
    const logged = await t.db
      .selectFrom("reminder_log")
      .select(["item_key", "stage", "recipients", "message_id"])
      .where("item_kind", "=", "task")
      .where("item_key", "=", overdueTask.key)
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ stage: "overdue", recipients: "khdt1@qng.test, khdt2@qng.test" });
    expect(logged[0]?.message_id).toBe(mail.mail.messageId);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("entity_id")
      .where("entity", "=", "reminder")
      .where("action", "=", "send")
      .execute();
    expect(audit.map((a) => a.entity_id)).toContain("qng-so-khdt");

    // a restart: a new scheduler and a new SMTP connection, same day — nothing is sent again
    const count = inbox.length;
    const second = startReminderScheduler(t.db, settings, () => {}, { autostart: false });
    const again = await second.runOnce(DAY);
    await second.stop();
    expect(again?.sent).toEqual([]);
    expect(inbox.length).toBe(count);
  });

  it("remind an overdue item again only every REMINDER_REPEAT_DAYS when set", async () => {
    const repeat = { ...settings, repeatDays: 7 };
    const before = inbox.length;
    const s = startReminderScheduler(t.db, repeat, () => {}, { autostart: false });
    // 10 days on: every overdue item is past its first week, so it is due a second reminder
    const run = await s.runOnce("2024-12-11");
    await s.stop();
    expect(run?.sent.map((x) => x.agency)).toContain("qng-so-khdt");
    expect(inbox.length).toBeGreaterThan(before);
    const rerun = startReminderScheduler(t.db, repeat, () => {}, { autostart: false });
    expect((await rerun.runOnce("2024-12-11"))?.sent).toEqual([]);
    await rerun.stop();
  });

  it("a mail the server refuses releases its claim, and goes at the next run", async () => {
    await officer("ytte@qng.test", "qng-so-y-te");
    const pending = (await collectReminders(t.db, settings, DAY)).find(
      (d) => d.agency.code === "qng-so-y-te",
    );
    if (!pending) return expect.unreachable("Sở Y tế has nothing due on 1/12/2024");
    const broken = startReminderScheduler(
      t.db,
      { ...settings, smtp: { host: "127.0.0.1", port: 1, secure: false } },
      () => {},
      {
        autostart: false,
      },
    );
    const failed = await broken.runOnce(DAY);
    await broken.stop();
    expect(failed?.failed.map((f) => f.agency)).toContain("qng-so-y-te");
    const ok = startReminderScheduler(t.db, settings, () => {}, { autostart: false });
    const sent = await ok.runOnce(DAY);
    await ok.stop();
    expect(sent?.sent.find((x) => x.agency === "qng-so-y-te")?.items).toBe(pending.items.length);
    expect(inbox.filter((m) => m.to.includes("ytte@qng.test"))).toHaveLength(1);
  });
});

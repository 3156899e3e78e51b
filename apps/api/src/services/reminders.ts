import {
  addDays,
  daysBetween,
  formatDateVi,
  formatPeriodEn,
  formatPeriodVi,
  parsePeriod,
} from "@chitieu/domain";
import { type Database, writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { agencyScorecards, calendarYears } from "./reporting.ts";
import { today as todayVn } from "./tasks.ts";

// Reminder e-mails (issue 16, item 8). Once per run (every `intervalMinutes`), for each agency:
// the tasks it leads and the reports it owes that fall due within `leadDays` ("before") or are
// overdue ("overdue"), minus what was already sent (reminder_log), in one digest to the agency's
// officers, Vietnamese first, with links. An overdue item is reminded once, or again every
// `repeatDays` when set. The items are claimed in reminder_log (unique key) before the mail
// goes, so a restart or a second process never sends one twice; a mail that fails releases its
// claim and is tried at the next run. Off when no SMTP host is configured.

type Db = Kysely<Database>;

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
}

export interface ReminderSettings {
  /** null: reminders are off (no SMTP_HOST) */
  smtp: SmtpSettings | null;
  from: string;
  /** the public address links point to */
  appUrl: string;
  /** remind this many days before a due date */
  leadDays: number;
  /** 0: an overdue item is reminded once; n: again every n days */
  repeatDays: number;
  /** how often the scheduler runs */
  intervalMinutes: number;
  /** the first run, this long after start */
  startDelaySeconds?: number;
}

/** What sends a message: nodemailer's transport in the app, anything with the same shape in tests. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string[];
    subject: string;
    text: string;
    html: string;
  }): Promise<{ messageId?: string }>;
}

export interface ReminderItem {
  kind: "task" | "report";
  key: string;
  stage: "before" | "overdue";
  round: number;
  due: string;
  vi: string;
  en: string;
  link: string;
}

export interface Digest {
  agency: { id: number; code: string; nameVi: string };
  to: string[];
  items: ReminderItem[];
}

/** The reminders owed today, by agency, without those already sent. */
export async function collectReminders(
  db: Db,
  settings: Pick<ReminderSettings, "leadDays" | "repeatDays" | "appUrl">,
  day = todayVn(),
): Promise<Digest[]> {
  const year = Number(day.slice(0, 4));
  const horizon = addDays(day, settings.leadDays);
  const base = settings.appUrl.replace(/\/+$/, "");
  const items = new Map<number, ReminderItem[]>();
  const names = new Map<number, { code: string; nameVi: string }>();
  const agencyIds = new Map(
    (await db.selectFrom("agency").select(["id", "code"]).execute()).map((a) => [a.code, a.id]),
  );
  const taskIds = new Map(
    (await db.selectFrom("task").select(["id", "code"]).execute()).map((t) => [t.code, t.id]),
  );
  const push = (agencyId: number, item: ReminderItem) => {
    const list = items.get(agencyId) ?? [];
    if (!list.some((i) => i.kind === item.kind && i.key === item.key && i.stage === item.stage))
      list.push(item);
    items.set(agencyId, list);
  };
  const stageOf = (due: string, open: boolean): { stage: "before" | "overdue"; round: number } | null => {
    if (!open) return null;
    if (due < day) {
      const late = daysBetween(due, day);
      return {
        stage: "overdue",
        round: settings.repeatDays > 0 ? Math.floor(late / settings.repeatDays) : 0,
      };
    }
    return due <= horizon ? { stage: "before", round: 0 } : null;
  };
  // work of an earlier year still overdue is reminded too: every year with something due
  const years = (await calendarYears(db, { today: day })).years;
  if (!years.includes(year)) years.unshift(year);
  for (const y of years) {
    for (const s of await agencyScorecards(db, { year: y, today: day })) {
      const agencyId = agencyIds.get(s.agency.code);
      if (agencyId === undefined || s.agency.kind === "group") continue;
      names.set(agencyId, { code: s.agency.code, nameVi: s.agency.nameVi });
      for (const t of [...s.lists.overdue, ...s.lists.open]) {
        if (!t.due) continue;
        const st = stageOf(t.due, true);
        if (!st) continue;
        const id = taskIds.get(t.taskCode);
        const label = t.occurrence ? `${t.taskCode} (${t.occurrence})` : t.taskCode;
        push(agencyId, {
          kind: "task",
          key: t.occurrence ? `${t.taskCode}|${t.occurrence}` : t.taskCode,
          ...st,
          due: t.due,
          vi: `Nhiệm vụ ${label}: ${t.textVi}`,
          en: `Task ${label}`,
          link: `${base}/app/nhiem-vu/${id ?? ""}`,
        });
      }
      for (const r of [
        ...s.lists.reportsMissing,
        ...s.lists.reportsDue.filter((x) => x.status === "not_due"),
      ]) {
        const st = stageOf(r.due, true);
        if (!st) continue;
        const p = parsePeriod(r.period);
        push(agencyId, {
          kind: "report",
          key: `${r.duty}|${r.period}`,
          ...st,
          due: r.due,
          vi: `Báo cáo ${r.duty}, kỳ ${p ? formatPeriodVi(p) : r.period}`,
          en: `Report ${r.duty}, ${p ? formatPeriodEn(p) : r.period}`,
          link: `${base}/app/bao-cao?period=${encodeURIComponent(r.period)}`,
        });
      }
    }
  }
  if (items.size === 0) return [];
  const sent = await db
    .selectFrom("reminder_log")
    .select(["agency_id", "item_kind", "item_key", "stage", "round"])
    .where("agency_id", "in", [...items.keys()])
    .execute();
  const done = new Set(sent.map((r) => `${r.agency_id}/${r.item_kind}/${r.item_key}/${r.stage}/${r.round}`));
  const officers = await db
    .selectFrom("app_user")
    .select(["email", "agency_id"])
    .where("role", "=", "agency_officer")
    .where("disabled_at", "is", null)
    .where("agency_id", "in", [...items.keys()])
    .orderBy("email")
    .execute();
  const digests: Digest[] = [];
  for (const [agencyId, list] of items) {
    const fresh = list.filter((i) => !done.has(`${agencyId}/${i.kind}/${i.key}/${i.stage}/${i.round}`));
    const to = officers.filter((o) => o.agency_id === agencyId).map((o) => o.email);
    if (fresh.length === 0 || to.length === 0) continue;
    const name = names.get(agencyId) ?? { code: "", nameVi: "" };
    fresh.sort((a, b) => (a.stage === b.stage ? a.due.localeCompare(b.due) : a.stage === "overdue" ? -1 : 1));
    digests.push({ agency: { id: agencyId, ...name }, to, items: fresh });
  }
  return digests.sort((a, b) => a.agency.code.localeCompare(b.agency.code));
}

/** The digest as a message: Vietnamese first, English second, a link for each item. */
export function digestMessage(d: Digest, day: string): { subject: string; text: string; html: string } {
  const overdue = d.items.filter((i) => i.stage === "overdue");
  const before = d.items.filter((i) => i.stage === "before");
  const subject =
    `[chitieu] Nhắc việc: ${overdue.length} quá hạn, ${before.length} sắp đến hạn — ${d.agency.nameVi}` +
    ` / Reminder: ${overdue.length} overdue, ${before.length} due soon`;
  const line = (i: ReminderItem) =>
    i.stage === "overdue"
      ? `- ${i.vi} — hạn ${formatDateVi(i.due)}, quá hạn ${daysBetween(i.due, day)} ngày\n  ${i.link}`
      : `- ${i.vi} — hạn ${formatDateVi(i.due)}\n  ${i.link}`;
  const lineEn = (i: ReminderItem) =>
    `- ${i.en} — due ${i.due}${i.stage === "overdue" ? `, ${daysBetween(i.due, day)} days overdue` : ""}`;
  const text = [
    `Kính gửi ${d.agency.nameVi},`,
    "",
    ...(overdue.length > 0 ? ["Quá hạn:", ...overdue.map(line), ""] : []),
    ...(before.length > 0 ? ["Sắp đến hạn:", ...before.map(line), ""] : []),
    `Thư nhắc việc tự động ngày ${formatDateVi(day)}; mỗi việc chỉ được nhắc một lần ở mỗi mốc.`,
    "",
    "— English —",
    ...(overdue.length > 0 ? ["Overdue:", ...overdue.map(lineEn)] : []),
    ...(before.length > 0 ? ["Due soon:", ...before.map(lineEn)] : []),
    `Automatic reminder of ${day}; each item is reminded once at each stage.`,
  ].join("\n");
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
  const li = (i: ReminderItem) =>
    `<li><a href="${esc(i.link)}">${esc(i.vi)}</a> — hạn ${formatDateVi(i.due)}${i.stage === "overdue" ? `, quá hạn ${daysBetween(i.due, day)} ngày` : ""}</li>`;
  const html = [
    `<p lang="vi">Kính gửi ${esc(d.agency.nameVi)},</p>`,
    ...(overdue.length > 0 ? [`<h2 lang="vi">Quá hạn</h2><ul>${overdue.map(li).join("")}</ul>`] : []),
    ...(before.length > 0 ? [`<h2 lang="vi">Sắp đến hạn</h2><ul>${before.map(li).join("")}</ul>`] : []),
    `<p lang="en">Overdue: ${overdue.length}; due soon: ${before.length}.</p>`,
  ].join("\n");
  return { subject, text, html };
}

export interface RunResult {
  day: string;
  sent: Array<{ agency: string; to: string[]; items: number; messageId: string | null }>;
  failed: Array<{ agency: string; error: string }>;
}

/** One run: collect, claim, send, record. */
export async function runReminders(
  db: Db,
  transport: MailTransport,
  settings: Pick<ReminderSettings, "leadDays" | "repeatDays" | "appUrl" | "from">,
  day = todayVn(),
): Promise<RunResult> {
  const result: RunResult = { day, sent: [], failed: [] };
  for (const d of await collectReminders(db, settings, day)) {
    const message = digestMessage(d, day);
    // claim first: a unique key per item, so a second process (or a rerun) claims nothing
    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .insertInto("reminder_log")
        .values(
          d.items.map((i) => ({
            agency_id: d.agency.id,
            item_kind: i.kind,
            item_key: i.key,
            stage: i.stage,
            round: i.round,
            due_on: i.due,
            recipients: d.to.join(", "),
            subject: message.subject,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(["id", "item_kind", "item_key", "stage", "round"])
        .execute();
      if (rows.length > 0)
        await writeAudit(trx, [
          {
            action: "send",
            entity: "reminder",
            entityId: d.agency.code,
            newValue: { to: d.to, items: rows.map((r) => `${r.item_kind} ${r.item_key} ${r.stage}`) },
          },
        ]);
      return rows;
    });
    if (claimed.length === 0) continue;
    const keys = new Set(claimed.map((r) => `${r.item_kind}/${r.item_key}/${r.stage}/${r.round}`));
    const items = d.items.filter((i) => keys.has(`${i.kind}/${i.key}/${i.stage}/${i.round}`));
    const final = items.length === d.items.length ? message : digestMessage({ ...d, items }, day);
    try {
      const info = await transport.sendMail({ from: settings.from, to: d.to, ...final });
      const messageId = info.messageId ?? null;
      await db
        .updateTable("reminder_log")
        .set({ message_id: messageId, subject: final.subject })
        .where(
          "id",
          "in",
          claimed.map((r) => r.id),
        )
        .execute();
      result.sent.push({ agency: d.agency.code, to: d.to, items: items.length, messageId });
    } catch (e) {
      // release the claim: the next run tries again
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom("reminder_log")
          .where(
            "id",
            "in",
            claimed.map((r) => r.id),
          )
          .execute();
        await writeAudit(trx, [
          {
            action: "send_failed",
            entity: "reminder",
            entityId: d.agency.code,
            newValue: { to: d.to, error: String(e) },
          },
        ]);
      });
      result.failed.push({ agency: d.agency.code, error: String(e) });
    }
  }
  return result;
}

/** What the admin page shows: on or off and why, the settings, the last reminders sent. */
export async function reminderStatus(db: Db, settings: ReminderSettings) {
  const last = await db
    .selectFrom("reminder_log as r")
    .innerJoin("agency as a", "a.id", "r.agency_id")
    .select([
      "r.sent_at",
      "a.code",
      "r.item_kind",
      "r.item_key",
      "r.stage",
      "r.due_on",
      "r.recipients",
      "r.message_id",
    ])
    .orderBy("r.id", "desc")
    .limit(20)
    .execute();
  return {
    enabled: settings.smtp !== null,
    reasonVi:
      settings.smtp === null ? "Chưa cấu hình máy chủ thư (SMTP_HOST): không gửi thư nhắc việc." : null,
    reasonEn: settings.smtp === null ? "No mail server configured (SMTP_HOST): reminders are off." : null,
    smtpHost: settings.smtp?.host ?? null,
    from: settings.from,
    leadDays: settings.leadDays,
    repeatDays: settings.repeatDays,
    intervalMinutes: settings.intervalMinutes,
    lastSent: last.map((r) => ({
      sentAt: new Date(r.sent_at).toISOString(),
      agency: r.code,
      kind: r.item_kind,
      item: r.item_key,
      stage: r.stage,
      due: r.due_on,
      recipients: r.recipients,
      messageId: r.message_id,
    })),
  };
}

import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import {
  type MailTransport,
  type ReminderSettings,
  type RunResult,
  runReminders,
} from "./services/reminders.ts";

// Runs the reminder e-mails every `intervalMinutes` while the process lives (and once shortly
// after start). Nothing runs when no SMTP host is configured. A run never overlaps the previous.

export interface ReminderScheduler {
  enabled: boolean;
  /** one run now (also what the timer calls) */
  runOnce(day?: string): Promise<RunResult | null>;
  stop(): Promise<void>;
}

export function smtpTransport(settings: ReminderSettings): MailTransport | null {
  const smtp = settings.smtp;
  if (!smtp) return null;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? "" } } : {}),
  });
}

export function startReminderScheduler(
  db: Kysely<Database>,
  settings: ReminderSettings,
  log: (line: string) => void = () => {},
  options: { transport?: MailTransport; autostart?: boolean } = {},
): ReminderScheduler {
  const transport = options.transport ?? smtpTransport(settings);
  if (!transport) return { enabled: false, runOnce: async () => null, stop: async () => {} };
  let running: Promise<RunResult | null> | null = null;
  const runOnce = (day?: string) => {
    running ??= runReminders(db, transport, settings, day)
      .then((r) => {
        for (const s of r.sent) log(`reminder sent to ${s.agency} (${s.items} items): ${s.to.join(", ")}`);
        for (const f of r.failed) log(`reminder to ${f.agency} failed: ${f.error}`);
        return r;
      })
      .catch((e) => {
        log(`reminders failed: ${String(e)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.autostart !== false) {
    first = setTimeout(() => void runOnce(), (settings.startDelaySeconds ?? 30) * 1000);
    timer = setInterval(() => void runOnce(), settings.intervalMinutes * 60_000);
    first.unref();
    timer.unref();
  }
  return {
    enabled: true,
    runOnce,
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}

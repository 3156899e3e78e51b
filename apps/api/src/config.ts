import { z } from "zod";
import type { ReminderSettings } from "./services/reminders.ts";

// Everything the process reads from its environment, checked once at start.
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).optional(),
  DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  NODE_ENV: z.string().optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12).optional(),
  // the header a trusted reverse proxy puts the client's address in (also read by adapter-node)
  ADDRESS_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "a header name, e.g. x-forwarded-for or x-real-ip")
    .optional(),
  XFF_DEPTH: z.coerce.number().int().min(1).max(10).default(1),
  // reminder e-mails: off when SMTP_HOST is unset
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(["0", "1", "true", "false"]).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default("chitieu <no-reply@localhost>"),
  ORIGIN: z.string().url().optional(),
  REMINDER_LEAD_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  REMINDER_REPEAT_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  REMINDER_START_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

export interface AppConfig {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  demo: boolean;
  production: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** header set by a trusted proxy with the client's address; unset: the socket's address */
  addressHeader: string | undefined;
  xffDepth: number;
  /** reminder e-mails (smtp null: off) */
  reminders: ReminderSettings;
}

export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Cấu hình không hợp lệ / Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const demo = e.DEMO === "1" || e.DEMO === "true";
  const production = e.NODE_ENV === "production";
  if (demo && production) {
    throw new Error(
      "Chế độ trình diễn (DEMO=1) không chạy với NODE_ENV=production: số liệu minh hoạ và tài khoản mẫu không được vào hệ thống thật. / " +
        "Demo mode (DEMO=1) refuses to run with NODE_ENV=production: illustrative figures and demo accounts must not reach a real system.",
    );
  }
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    demo,
    production,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    addressHeader: e.ADDRESS_HEADER?.toLowerCase(),
    xffDepth: e.XFF_DEPTH,
    reminders: {
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE === "1" || e.SMTP_SECURE === "true",
            user: e.SMTP_USER,
            password: e.SMTP_PASSWORD,
          }
        : null,
      from: e.MAIL_FROM,
      appUrl: e.ORIGIN ?? `http://localhost:${e.PORT}`,
      leadDays: e.REMINDER_LEAD_DAYS,
      repeatDays: e.REMINDER_REPEAT_DAYS,
      intervalMinutes: e.REMINDER_INTERVAL_MINUTES,
      startDelaySeconds: e.REMINDER_START_DELAY_SECONDS,
    },
  };
}

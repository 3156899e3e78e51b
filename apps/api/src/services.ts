import { loadCatalogIfChanged, loadDemoData, readCatalog } from "@chitieu/catalog";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@chitieu/storage";
import { ensureAdmin, ensureDemoAccounts } from "./auth/accounts.ts";
import type { AppConfig } from "./config.ts";
import { type ReminderScheduler, startReminderScheduler } from "./reminder-scheduler.ts";
import { createDataVersion, type DataVersion } from "./services/data-version.ts";
import type { ReminderSettings } from "./services/reminders.ts";

// What the HTTP layer needs from the outside world, built once per process.
export interface Services extends DatabaseHandle {
  startedAt: Date;
  dataVersion: DataVersion;
  migrations: string[];
  demo: boolean;
  /** reminder e-mails: the settings the admin page shows, and the scheduler (off without SMTP) */
  reminders: ReminderSettings;
  reminderScheduler: ReminderScheduler;
}

/** Reminders off: what tests and scripts get unless they pass settings. */
export const REMINDERS_OFF: ReminderSettings = {
  smtp: null,
  from: "chitieu <no-reply@localhost>",
  appUrl: "http://localhost:3000",
  leadDays: 7,
  repeatDays: 0,
  intervalMinutes: 60,
};

export async function startServices(
  config: Pick<AppConfig, "databaseUrl" | "dataDir" | "demo"> &
    Partial<Pick<AppConfig, "adminEmail" | "adminPassword" | "reminders">>,
  log: (line: string) => void = () => {},
): Promise<Services> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrated = await migrateToLatest(handle.db);
    const migrations = (migrated.results ?? []).map((r) => r.migrationName);
    if (migrations.length > 0) log(`migrations applied: ${migrations.join(", ")}`);
    const report = await loadCatalogIfChanged(handle.db, readCatalog());
    if (report?.changed) log(`catalog loaded (batch ${report.batchId})`);
    if (await ensureAdmin(handle.db, config.adminEmail, config.adminPassword))
      log(`administrator ${config.adminEmail} created`);
    if (config.demo) {
      await ensureDemoAccounts(handle.db);
      const demo = await loadDemoData(handle.db);
      if (demo.batchId !== null)
        log(`illustrative demo data loaded: ${demo.observations} observations (batch ${demo.batchId})`);
    }
    const reminders = config.reminders ?? REMINDERS_OFF;
    const reminderScheduler = startReminderScheduler(handle.db, reminders, log);
    log(
      reminderScheduler.enabled
        ? `reminder e-mails on (${reminders.smtp?.host}, every ${reminders.intervalMinutes} min, ${reminders.leadDays} days ahead)`
        : "reminder e-mails off (SMTP_HOST unset)",
    );
    return {
      ...handle,
      close: async () => {
        await reminderScheduler.stop();
        await handle.close();
      },
      startedAt: new Date(),
      migrations,
      demo: config.demo,
      dataVersion: createDataVersion(handle.db),
      reminders,
      reminderScheduler,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Services around a database someone else opened and migrated (tests, scripts). */
export function servicesFromHandle(
  handle: DatabaseHandle,
  options: { demo?: boolean; versionTtlMs?: number; reminders?: ReminderSettings } = {},
): Services {
  const reminders = options.reminders ?? REMINDERS_OFF;
  return {
    ...handle,
    reminders,
    reminderScheduler: startReminderScheduler(handle.db, reminders, () => {}, { autostart: false }),
    startedAt: new Date(),
    migrations: [],
    demo: options.demo ?? false,
    dataVersion: createDataVersion(handle.db, options.versionTtlMs ?? 0),
  };
}

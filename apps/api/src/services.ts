import { loadCatalogIfChanged, loadDemoData, readCatalog } from "@chitieu/catalog";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@chitieu/storage";
import { ensureAdmin, ensureDemoAccounts } from "./auth/accounts.ts";
import type { AppConfig } from "./config.ts";
import { createDataVersion, type DataVersion } from "./services/data-version.ts";

// What the HTTP layer needs from the outside world, built once per process.
export interface Services extends DatabaseHandle {
  startedAt: Date;
  dataVersion: DataVersion;
  migrations: string[];
  demo: boolean;
}

export async function startServices(
  config: Pick<AppConfig, "databaseUrl" | "dataDir" | "demo"> &
    Partial<Pick<AppConfig, "adminEmail" | "adminPassword">>,
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
    return {
      ...handle,
      startedAt: new Date(),
      migrations,
      demo: config.demo,
      dataVersion: createDataVersion(handle.db),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Services around a database someone else opened and migrated (tests, scripts). */
export function servicesFromHandle(
  handle: DatabaseHandle,
  options: { demo?: boolean; versionTtlMs?: number } = {},
): Services {
  return {
    ...handle,
    startedAt: new Date(),
    migrations: [],
    demo: options.demo ?? false,
    dataVersion: createDataVersion(handle.db, options.versionTtlMs ?? 0),
  };
}

import { migrations } from "@chitieu/migrations";
import type { Kysely } from "kysely";
import { type MigrationResultSet, Migrator } from "kysely/migration";
import type { Database } from "./database.ts";

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${cause}`, { cause: result.error });
  }
  return result;
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<Database>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateDown());
}

export async function migrateToZero(db: Kysely<Database>): Promise<void> {
  for (;;) {
    const result = check(await migrator(db).migrateDown());
    if (!result.results || result.results.length === 0) return;
  }
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const list = await migrator(db).getMigrations();
  return list.filter((m) => m.executedAt).map((m) => m.name);
}

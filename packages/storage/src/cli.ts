// pnpm db:migrate [up|down|status] — against DATABASE_URL, or the PGlite in DATA_DIR.
import { openDatabase } from "./connect.ts";
import { appliedMigrations, migrateDown, migrateToLatest } from "./migrate.ts";

const command = process.argv[2] ?? "up";
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
try {
  if (command === "up") {
    const r = await migrateToLatest(handle.db);
    console.log(`${handle.engine} ${handle.location}: ${r.results?.length ?? 0} migration(s) applied`);
  } else if (command === "down") {
    const r = await migrateDown(handle.db);
    console.log(
      `${handle.engine} ${handle.location}: reverted ${r.results?.map((m) => m.migrationName).join(", ") || "nothing"}`,
    );
  } else if (command === "status") {
    console.log((await appliedMigrations(handle.db)).join("\n") || "(none)");
  } else {
    console.error(`usage: db:migrate [up|down|status]`);
    process.exitCode = 2;
  }
} finally {
  await handle.close();
}

// pnpm db:seed [--demo] [--force] — migrate, load data/catalog when it changed since the last
// load (--force: load it anyway, overwriting app edits of the rows it carries), and optionally
// the illustrative demo figures, into DATABASE_URL or the PGlite in DATA_DIR.
import { migrateToLatest, openDatabase } from "@chitieu/storage";
import { loadDemoData } from "./demo-data.ts";
import { loadCatalogIfChanged } from "./load-catalog.ts";
import { readCatalog } from "./read-catalog.ts";

const args = new Set(process.argv.slice(2));
if (args.has("--demo") && process.env.NODE_ENV === "production") {
  console.error(
    "Không nạp số liệu minh hoạ khi NODE_ENV=production / Refusing to load illustrative data with NODE_ENV=production",
  );
  process.exit(2);
}
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
try {
  await migrateToLatest(handle.db);
  const report = await loadCatalogIfChanged(handle.db, readCatalog(), { force: args.has("--force") });
  if (!report) {
    console.log(
      "Danh mục không đổi từ lần nạp trước (--force để nạp lại) / catalog unchanged since the last load (--force reloads it)",
    );
  } else {
    for (const [entity, c] of Object.entries(report.counts)) {
      console.log(`${entity.padEnd(20)} +${c.inserted} ~${c.updated} =${c.unchanged}`);
    }
    console.log(report.changed ? `catalog batch ${report.batchId}` : "catalog unchanged");
  }
  if (args.has("--demo")) {
    const demo = await loadDemoData(handle.db);
    console.log(
      demo.batchId === null
        ? "demo data already present"
        : `demo data: ${demo.observations} illustrative observations`,
    );
  }
} finally {
  await handle.close();
}

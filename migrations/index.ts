import type { Migration } from "kysely/migration";
import { core } from "./2026-11-22-001-core.ts";
import { taskTracking } from "./2026-11-22-201-task-tracking.ts";

// Registered in order, by name: never scan a folder (the bundle must not depend on file layout).
export const migrations: Record<string, Migration> = {
  "2026-11-22-001-core": core,
  "2026-11-22-201-task-tracking": taskTracking,
};

import type { Migration } from "kysely/migration";
import { core } from "./2026-11-22-001-core.ts";
import { taskTracking } from "./2026-11-22-201-task-tracking.ts";
import { observationReplacesPartial } from "./2026-11-22-301-observation-replaces-partial.ts";
import { taskDeadlineFrame } from "./2026-12-03-401-task-deadline-frame.ts";
import { scorecardReadIndexes } from "./2026-12-03-402-scorecard-read-indexes.ts";
import { targetClauses } from "./2026-12-03-403-target-clauses.ts";
import { targetInForce } from "./2026-12-03-510-target-in-force.ts";
import { oneFigurePerSpan } from "./2026-12-03-511-one-figure-per-span.ts";
import { importNameAlias } from "./2026-12-03-530-import-name-alias.ts";
import { explanationsDirectionsDrafts } from "./2026-12-03-560-explanations-directions-drafts.ts";
import { realDuties } from "./2026-12-03-570-real-duties.ts";
import { reminderLog } from "./2026-12-03-571-reminder-log.ts";
import { observationComponents } from "./2026-12-03-610-observation-components.ts";
import { accountLinks } from "./2026-12-03-630-account-links.ts";
import { namedConstraints } from "./2026-12-03-650-named-constraints.ts";
import { taskIndicator } from "./2026-12-03-670-task-indicator.ts";
import { restatementsCompletions } from "./2026-12-03-700-restatements-completions.ts";
import { eventDue } from "./2026-12-03-720-event-due.ts";
import { figureSupplier } from "./2026-12-03-740-figure-supplier.ts";
import { targetRevisionBatch } from "./2026-12-03-820-target-revision-batch.ts";
import { observationSourceCell } from "./2026-12-04-900-observation-source-cell.ts";

// Registered in order, by name: never scan a folder (the bundle must not depend on file layout).
export const migrations: Record<string, Migration> = {
  "2026-11-22-001-core": core,
  "2026-11-22-201-task-tracking": taskTracking,
  "2026-11-22-301-observation-replaces-partial": observationReplacesPartial,
  "2026-12-03-401-task-deadline-frame": taskDeadlineFrame,
  "2026-12-03-402-scorecard-read-indexes": scorecardReadIndexes,
  "2026-12-03-403-target-clauses": targetClauses,
  "2026-12-03-510-target-in-force": targetInForce,
  "2026-12-03-511-one-figure-per-span": oneFigurePerSpan,
  "2026-12-03-530-import-name-alias": importNameAlias,
  "2026-12-03-560-explanations-directions-drafts": explanationsDirectionsDrafts,
  "2026-12-03-570-real-duties": realDuties,
  "2026-12-03-571-reminder-log": reminderLog,
  "2026-12-03-610-observation-components": observationComponents,
  "2026-12-03-630-account-links": accountLinks,
  "2026-12-03-650-named-constraints": namedConstraints,
  "2026-12-03-670-task-indicator": taskIndicator,
  "2026-12-03-700-restatements-completions": restatementsCompletions,
  "2026-12-03-720-event-due": eventDue,
  "2026-12-03-740-figure-supplier": figureSupplier,
  "2026-12-03-820-target-revision-batch": targetRevisionBatch,
  "2026-12-04-900-observation-source-cell": observationSourceCell,
};

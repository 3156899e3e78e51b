import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Only a revision replaces an earlier figure: most observations have no `replaces_id`, and the
// index held one entry per row for nothing (a million entries for a million-row upload). The
// partial index serves every lookup that names a row (`replaces_id = …`, including the foreign
// key's check when an observation is deleted) at a fraction of the write cost.

const up = [
  "drop index observation_replaces_idx",
  "create index observation_replaces_idx on observation (replaces_id) where replaces_id is not null",
];

const down = [
  "drop index observation_replaces_idx",
  "create index observation_replaces_idx on observation (replaces_id)",
];

export const observationReplacesPartial = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

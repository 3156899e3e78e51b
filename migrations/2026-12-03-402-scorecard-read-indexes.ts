import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// The scorecard of one org unit reads its current figures and the latest revision of its
// targets. With 150 units × 500 indicators × 24 months (BENCH scorecard_real_path_ms) the
// figures of one unit lie on ~5.000 heap pages and the view target_current sorted every
// revision of every unit: a covering index on the current figures makes the first an
// index-only scan, and the latest revision is found per target through its own index.

const up = [
  `create index observation_unit_current_cover on observation (org_unit_id, period_end, indicator_id)
    include (period, basis, value, status, is_illustrative) where superseded_at is null`,
  "create index target_org_unit_idx on target (org_unit_id, indicator_id)",
  "create index target_revision_latest_idx on target_revision (target_id, revision desc)",
];

const down = [
  "drop index target_revision_latest_idx",
  "drop index target_org_unit_idx",
  "drop index observation_unit_current_cover",
];

export const scorecardReadIndexes = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// A target revision recorded from an upload's plan column (issue #15 item 1) names its import
// batch, so that rolling the batch back undoes it (or refuses, naming the target, when the target
// was revised again since). Revisions recorded before this column existed are found by their
// audit row ("revise" of the target, with the batch and the revision number).

const up = [
  `alter table target_revision add column batch_id integer
    constraint target_revision_batch_ref references import_batch (id)`,
  "create index target_revision_batch_idx on target_revision (batch_id) where batch_id is not null",
  `update target_revision r set batch_id = a.batch_id
    from audit_log a
    where a.entity = 'target' and a.action = 'revise' and a.batch_id is not null
      and a.entity_id = r.target_id::text and a.new_value ->> 'revision' = r.revision::text`,
];

const down = ["drop index target_revision_batch_idx", "alter table target_revision drop column batch_id"];

export const targetRevisionBatch = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

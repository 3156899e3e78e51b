import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Issue #13 items 7 and 10.
// - A figure can carry the day it was measured at ("giải ngân … đến 31/01/2025 đạt 86,3%" of the
//   2024 plan): observation.measured_at, never before the period starts.
// - A target revision says where its value comes from: stated in the document, inferred (a
//   deadline inherited from the document, "giải ngân hết" read as 100%), or an assumption, which
//   must say why.
// - A revision takes effect from its date: target_current is the latest revision already in force
//   today (a revision dated in the future does not replace the one in force until its day).

const up = [
  `alter table observation add column measured_at date
    check (measured_at is null or measured_at >= period_start)`,
  `alter table target_revision add column provenance text not null default 'stated'
    check (provenance in ('stated', 'inferred', 'assumption'))`,
  `alter table target_revision add column provenance_note text`,
  `alter table target_revision add constraint target_revision_assumption_why
    check (provenance <> 'assumption' or (provenance_note is not null and length(provenance_note) > 0))`,
  "drop view target_current",
  `create view target_current as
    select distinct on (target_id) * from target_revision
    where effective_from is null or effective_from <= current_date
    order by target_id, revision desc`,
];

const down = [
  "drop view target_current",
  "alter table target_revision drop constraint target_revision_assumption_why",
  "alter table target_revision drop column provenance_note",
  "alter table target_revision drop column provenance",
  "alter table observation drop column measured_at",
  `create view target_current as
    select distinct on (target_id) * from target_revision order by target_id, revision desc`,
];

export const targetInForce = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// A compound target ("có thêm ít nhất 07 xã … nâng số xã đạt chuẩn lên 137 xã/193 xã, đạt tỷ lệ
// 71%") keeps its other clauses with the revision that states them, as a JSON array of targets
// in the domain's shape (see Target.clauses): each clause is judged and shown. The view
// target_current is recreated so that it carries the new column.

const up = [
  `alter table target_revision add column clauses text
    check (clauses is null or jsonb_typeof(clauses::jsonb) = 'array')`,
  `create or replace view target_current as
    select distinct on (target_id) * from target_revision order by target_id, revision desc`,
];

const down = [
  "drop view target_current",
  "alter table target_revision drop column clauses",
  `create view target_current as
    select distinct on (target_id) * from target_revision order by target_id, revision desc`,
];

export const targetClauses = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

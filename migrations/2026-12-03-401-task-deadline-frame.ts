import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// What frames a deadline without being one, kept beside it: where the date came from (stated in
// the text, or inferred from the document's horizon), a condition ("nếu cần thiết": never
// overdue until met), an aspiration ("phấn đấu") and a vision year ("tầm nhìn đến năm 2045").

const up = [
  `alter table task_deadline
    add column provenance text not null default 'stated'
      constraint task_deadline_provenance_check check (provenance in ('stated', 'inferred', 'assumption')),
    add column condition_text text,
    add column aspiration boolean not null default false,
    add column vision_year integer`,
  // a view's "*" is expanded when it is created: recreate it to carry the new columns
  "drop view task_deadline_current",
  `create view task_deadline_current as
    select distinct on (task_id) * from task_deadline order by task_id, revision desc`,
];

const down = [
  "drop view task_deadline_current",
  `alter table task_deadline
    drop column provenance,
    drop column condition_text,
    drop column aspiration,
    drop column vision_year`,
  `create view task_deadline_current as
    select distinct on (task_id) * from task_deadline order by task_id, revision desc`,
];

export const taskDeadlineFrame = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

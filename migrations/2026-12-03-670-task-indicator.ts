import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Targets ↔ tasks (issue 16, item 7): a task names the indicators it serves. A link comes from
// the catalog (the document's structure says so: `basis` quotes where) or from an administrator
// (audited). A catalog load only ever adds or removes catalog links; an administrator's stay.

const up = [
  `create table task_indicator (
    task_id integer not null references task (id) on delete cascade,
    indicator_id integer not null references indicator (id) on delete cascade,
    source text not null check (source in ('catalog', 'admin')),
    basis text,
    created_by integer references app_user (id),
    created_at timestamptz not null default now(),
    primary key (task_id, indicator_id)
  )`,
  "create index task_indicator_indicator_idx on task_indicator (indicator_id)",
];

const down = ["drop table task_indicator"];

export const taskIndicator = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

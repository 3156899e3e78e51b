import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Tasks and reporting duties (issue #5):
// - report_delivery: an officer marks a duty's report for one period as sent, with the document
//   that carried it; compliance reads it beside the deliveries implied by uploads and status reports.
// - task.batch_id: the task-table upload that created a task, so that the upload can be rolled back.

const up = [
  `create table report_delivery (
    id integer generated always as identity primary key,
    duty_id integer not null references reporting_duty (id) on delete cascade,
    agency_id integer not null references agency (id),
    period text not null check (period ~ '^[0-9]{4}(-([0-9]{2}|Q[1-4]|H[12]|9M))?$'),
    delivered_on date not null,
    document_number text,
    evidence_url text,
    note text,
    user_id integer references app_user (id),
    created_at timestamptz not null default now(),
    unique (duty_id, agency_id, period)
  )`,
  `create index report_delivery_agency_idx on report_delivery (agency_id, period)`,
  `alter table task add column batch_id integer references import_batch (id)`,
  `create index task_batch_idx on task (batch_id)`,
  `create index task_status_report_batch_idx on task_status_report (batch_id)`,
];

const down = [
  "drop index task_status_report_batch_idx",
  "drop index task_batch_idx",
  "alter table task drop column batch_id",
  "drop table report_delivery",
];

export const taskTracking = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Reminder e-mails (issue 16, item 8): every reminder sent is one row per item of the digest, so
// a restart never sends the same reminder twice (the unique key), and who got what is on record.

const up = [
  `create table reminder_log (
    id integer generated always as identity primary key,
    agency_id integer not null references agency (id),
    item_kind text not null check (item_kind in ('task', 'report')),
    item_key text not null,
    stage text not null check (stage in ('before', 'overdue')),
    round integer not null default 0,
    due_on date not null,
    recipients text not null,
    subject text not null,
    message_id text,
    sent_at timestamptz not null default now(),
    unique (agency_id, item_kind, item_key, stage, round)
  )`,
  "create index reminder_log_sent_idx on reminder_log (sent_at)",
];

const down = ["drop table reminder_log"];

export const reminderLog = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Reporting duties as the documents mean them (issue 16, items 1 and 5):
// - one duty per report with its list of recipients (reporting_duty_recipient), not one duty per
//   recipient; a duty the catalog merged into another points to it (replaced_by_id) and owes
//   nothing itself, while its recorded deliveries still count for the duty that replaced it;
// - event-driven duties ("trường hợp phát sinh khó khăn, vướng mắc … kịp thời báo cáo") have no
//   calendar slots: a slot exists only for an event recorded in reporting_event;
// - a duty's own bounds (valid_from, valid_to) and the later document that ended it
//   (ended_by_document_id), beside the document's period and the agencies' validity.

const up = [
  `alter table reporting_duty
    add column event_driven boolean not null default false,
    add column valid_from date,
    add column valid_to date,
    add column ended_by_document_id integer references document (id),
    add column replaced_by_id integer references reporting_duty (id)`,
  `create table reporting_duty_recipient (
    duty_id integer not null references reporting_duty (id) on delete cascade,
    agency_id integer not null references agency (id),
    seq integer not null default 0,
    primary key (duty_id, agency_id)
  )`,
  `insert into reporting_duty_recipient (duty_id, agency_id, seq)
    select id, recipient_agency_id, 0 from reporting_duty where recipient_agency_id is not null`,
  `create table reporting_event (
    id integer generated always as identity primary key,
    duty_id integer not null references reporting_duty (id),
    agency_id integer not null references agency (id),
    occurred_on date not null,
    description text not null check (length(trim(description)) > 0),
    user_id integer references app_user (id),
    created_at timestamptz not null default now()
  )`,
  "create index reporting_event_duty_idx on reporting_event (duty_id, occurred_on)",
];

const down = [
  "drop table reporting_event",
  "drop table reporting_duty_recipient",
  `alter table reporting_duty
    drop column event_driven,
    drop column valid_from,
    drop column valid_to,
    drop column ended_by_document_id,
    drop column replaced_by_id`,
];

export const realDuties = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Issue #20, from figures to the meeting:
// - explanation: the lead agency's causes and measures (nguyên nhân, giải pháp) for one target ×
//   org unit × period, with who and when; published on the portal only when an administrator or
//   leader marks it public.
// - direction: a leader's direction (ý kiến chỉ đạo) at a meeting, on an indicator, an agency or
//   the meeting as a whole; it is a task (under the meeting's conclusions document) from the start.
// - report_draft: each generated socio-economic report draft, with its period, the data version it
//   was built from, who made it, and its content (so regenerating can say what changed).

const PERIOD = `'^[0-9]{4}(-([0-9]{2}|Q[1-4]|H[12]|9M))?$'`;

const up = [
  `create table explanation (
    id integer generated always as identity primary key,
    indicator_id integer not null references indicator (id),
    org_unit_id integer not null references org_unit (id),
    period text not null check (period ~ ${PERIOD}),
    causes_vi text not null check (length(causes_vi) between 1 and 4000),
    measures_vi text not null check (length(measures_vi) between 1 and 4000),
    agency_id integer references agency (id),
    written_by integer references app_user (id),
    written_at timestamptz not null default now(),
    is_public boolean not null default false,
    published_by integer references app_user (id),
    published_at timestamptz,
    unique (indicator_id, org_unit_id, period)
  )`,
  "create index explanation_unit_period_idx on explanation (org_unit_id, period)",
  `create table direction (
    id integer generated always as identity primary key,
    org_unit_id integer not null references org_unit (id),
    meeting_date date not null,
    subject text not null check (subject in ('indicator', 'agency', 'meeting')),
    indicator_id integer references indicator (id),
    subject_agency_id integer references agency (id),
    text_vi text not null check (length(text_vi) between 1 and 4000),
    deadline date not null,
    document_id integer not null references document (id),
    task_id integer not null unique references task (id),
    recorded_by integer references app_user (id),
    recorded_at timestamptz not null default now(),
    check ((subject = 'indicator') = (indicator_id is not null)),
    check ((subject = 'agency') = (subject_agency_id is not null))
  )`,
  "create index direction_unit_meeting_idx on direction (org_unit_id, meeting_date)",
  `create table report_draft (
    id integer generated always as identity primary key,
    org_unit_id integer not null references org_unit (id),
    period text not null check (period ~ ${PERIOD}),
    data_version text not null,
    content jsonb not null,
    illustrative boolean not null default false,
    created_by integer references app_user (id),
    created_at timestamptz not null default now()
  )`,
  "create index report_draft_unit_period_idx on report_draft (org_unit_id, period, id desc)",
];

const down = ["drop table report_draft", "drop table direction", "drop table explanation"];

export const explanationsDirectionsDrafts = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// The whole data model of DOMAIN.md. Every rule the database can hold is held here
// (foreign keys, checks, unique keys), so that no code path can write a row the domain forbids.
// Values are `numeric` (exact decimals); periods are stored as their canonical code plus the
// dates they cover, so range questions are index scans.

const up = [
  `create table org_unit (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    gso_code text,
    name_vi text not null check (length(name_vi) > 0),
    name_en text,
    level text not null check (level in ('country', 'province', 'district', 'commune')),
    parent_id integer references org_unit (id),
    valid_from date,
    valid_to date,
    source text,
    check (valid_to is null or valid_from is null or valid_to >= valid_from),
    check (parent_id is null or parent_id <> id)
  )`,
  `create index org_unit_parent_idx on org_unit (parent_id)`,
  `create table org_unit_succession (
    predecessor_id integer not null references org_unit (id),
    successor_id integer not null references org_unit (id),
    effective_on date,
    source text,
    primary key (predecessor_id, successor_id),
    check (predecessor_id <> successor_id)
  )`,
  `create table agency (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    name_vi text not null check (length(name_vi) > 0),
    name_en text,
    short_name text,
    kind text not null default 'agency' check (kind in ('agency', 'group')),
    org_unit_id integer references org_unit (id),
    valid_from date,
    valid_to date,
    note text,
    check (valid_to is null or valid_from is null or valid_to >= valid_from)
  )`,
  // A spelling such as "Sở Tài chính" names a different body in each province: aliases are
  // unique within the org unit of their agency, and a lookup says which province it reads for.
  `create table agency_alias (
    agency_id integer not null references agency (id) on delete cascade,
    org_unit_id integer references org_unit (id),
    alias text not null,
    alias_key text not null,
    primary key (agency_id, alias_key),
    unique nulls not distinct (org_unit_id, alias_key)
  )`,
  `create table agency_succession (
    predecessor_id integer not null references agency (id),
    successor_id integer not null references agency (id),
    effective_on date,
    note text,
    primary key (predecessor_id, successor_id),
    check (predecessor_id <> successor_id)
  )`,
  `create table document (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    kind text not null check (kind in ('KH', 'QD', 'CV', 'NQ', 'KL', 'CT', 'CTR', 'TB', 'other')),
    number text,
    issuer text,
    org_unit_id integer references org_unit (id),
    issued_on date,
    title_vi text not null,
    title_en text,
    period_from integer,
    period_to integer,
    supersedes_id integer references document (id),
    source_file text,
    note text,
    check (period_to is null or period_from is null or period_to >= period_from)
  )`,
  `create table app_user (
    id integer generated always as identity primary key,
    email text not null unique check (email = lower(email) and position('@' in email) > 1),
    display_name text not null,
    password_hash text,
    role text not null check (role in ('admin', 'statistician', 'agency_officer', 'leader')),
    agency_id integer references agency (id),
    is_demo boolean not null default false,
    created_at timestamptz not null default now(),
    disabled_at timestamptz
  )`,
  // What a statistician or an agency officer may write: indicators, org units or agencies.
  `create table user_scope (
    user_id integer not null references app_user (id) on delete cascade,
    scope_kind text not null check (scope_kind in ('indicator', 'org_unit', 'agency')),
    ref_id integer not null,
    primary key (user_id, scope_kind, ref_id)
  )`,
  `create table session (
    id_hash text primary key,
    user_id integer not null references app_user (id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    ip text,
    user_agent text,
    check (expires_at > created_at)
  )`,
  `create index session_user_idx on session (user_id)`,
  `create table api_token (
    id integer generated always as identity primary key,
    user_id integer not null references app_user (id) on delete cascade,
    name text not null,
    token_hash text not null unique,
    scopes text[] not null default '{}',
    created_at timestamptz not null default now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz
  )`,
  `create table indicator (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    name_vi text not null check (length(name_vi) > 0),
    name_en text,
    category text not null check (category in ('economy', 'society', 'environment', 'defence_security', 'governance', 'infrastructure')),
    unit text not null,
    measure_kind text not null check (measure_kind in ('flow', 'stock', 'growth_rate', 'ratio', 'milestone', 'category')),
    direction text not null check (direction in ('higher_better', 'lower_better', 'in_range', 'done')),
    decimals smallint not null default 0 check (decimals between 0 and 6),
    parent_id integer references indicator (id),
    frequency text not null check (frequency in ('monthly', 'quarterly', 'annual')),
    lead_agency_id integer references agency (id),
    document_id integer references document (id),
    published boolean not null default false,
    plausible_min numeric,
    plausible_max numeric,
    thresholds jsonb,
    seq text,
    note text,
    check (plausible_min is null or plausible_max is null or plausible_min <= plausible_max),
    check (parent_id is null or parent_id <> id)
  )`,
  `create index indicator_parent_idx on indicator (parent_id)`,
  `create index indicator_document_idx on indicator (document_id)`,
  // A target is the key (indicator, org unit, period); what it says lives in its revisions,
  // so a mid-year amendment never erases the original.
  `create table target (
    id integer generated always as identity primary key,
    indicator_id integer not null references indicator (id),
    org_unit_id integer not null references org_unit (id),
    period text not null check (period ~ '^[0-9]{4}(-[0-9]{4})?$'),
    unique (indicator_id, org_unit_id, period)
  )`,
  `create table target_revision (
    id integer generated always as identity primary key,
    target_id integer not null references target (id) on delete cascade,
    revision integer not null check (revision >= 1),
    form text not null check (form in ('at_least', 'above', 'at_most', 'below', 'range_floor', 'range_inside',
      'approximately', 'change', 'avg_annual_growth', 'level_by_year', 'share_of_plan', 'milestone', 'category')),
    low numeric,
    high numeric,
    low_inclusive boolean not null default true,
    high_inclusive boolean not null default true,
    tolerance numeric check (tolerance is null or tolerance >= 0),
    change_unit text check (change_unit in ('absolute', 'percent')),
    baseline_period text,
    baseline_value numeric,
    plan_amount numeric check (plan_amount is null or plan_amount > 0),
    category_value text,
    due_date date,
    document_id integer references document (id),
    effective_from date,
    quote text,
    note text,
    reason text,
    created_at timestamptz not null default now(),
    created_by integer references app_user (id),
    unique (target_id, revision),
    check (low is null or high is null or low <= high),
    check (form not in ('at_least', 'above') or low is not null),
    check (form not in ('at_most', 'below') or high is not null),
    check (form not in ('range_floor', 'range_inside', 'avg_annual_growth') or (low is not null and high is not null)),
    check (form <> 'approximately' or low is not null),
    check (form <> 'change' or (low is not null and change_unit is not null)),
    check (form <> 'share_of_plan' or low is not null),
    check (form <> 'milestone' or due_date is not null),
    check (form <> 'category' or category_value is not null),
    check (form <> 'level_by_year' or low is not null or high is not null)
  )`,
  // the revision in force of each target: one place for "current"
  `create view target_current as
    select distinct on (target_id) * from target_revision order by target_id, revision desc`,
  `create table import_batch (
    id integer generated always as identity primary key,
    kind text not null check (kind in ('observations', 'tasks', 'task_status', 'catalog', 'demo')),
    file_name text not null,
    file_hash text not null,
    user_id integer references app_user (id),
    created_at timestamptz not null default now(),
    status text not null default 'committed' check (status in ('committed', 'rolled_back')),
    is_illustrative boolean not null default false,
    rows_total integer not null default 0 check (rows_total >= 0),
    rows_new integer not null default 0 check (rows_new >= 0),
    rows_revised integer not null default 0 check (rows_revised >= 0),
    rows_unchanged integer not null default 0 check (rows_unchanged >= 0),
    rows_invalid integer not null default 0 check (rows_invalid >= 0),
    rolled_back_at timestamptz,
    rolled_back_by integer references app_user (id),
    check ((status = 'rolled_back') = (rolled_back_at is not null))
  )`,
  `create index import_batch_hash_idx on import_batch (file_hash)`,
  // Observations are never updated in place: a new value for the same key is a new row that
  // points at the one it replaces; the replaced row gets superseded_at. Rolling back a batch
  // deletes its rows and clears superseded_at on what they replaced.
  `create table observation (
    id bigint generated always as identity primary key,
    indicator_id integer not null references indicator (id),
    org_unit_id integer not null references org_unit (id),
    period text not null check (period ~ '^[0-9]{4}(-([0-9]{2}|Q[1-4]|H[12]|9M))?$'),
    period_start date not null,
    period_end date not null,
    basis text not null check (basis in ('period', 'ytd')),
    value numeric not null,
    status text not null check (status in ('estimate', 'preliminary', 'official')),
    note text,
    is_illustrative boolean not null default false,
    batch_id integer references import_batch (id),
    recorded_by integer references app_user (id),
    recorded_at timestamptz not null default now(),
    replaces_id bigint references observation (id),
    superseded_at timestamptz,
    check (period_end >= period_start)
  )`,
  `create unique index observation_current_key on observation (indicator_id, org_unit_id, period, basis)
    where superseded_at is null`,
  // dashboard: all indicators of one org unit for one period
  `create index observation_unit_period_idx on observation (org_unit_id, period_end, indicator_id)
    where superseded_at is null`,
  // one indicator over time, and one indicator across org units
  `create index observation_indicator_time_idx on observation (indicator_id, period_end, org_unit_id)
    where superseded_at is null`,
  `create index observation_batch_idx on observation (batch_id)`,
  `create index observation_replaces_idx on observation (replaces_id)`,
  // A period closed by an approved report: uploads into it are refused.
  `create table period_lock (
    org_unit_id integer not null references org_unit (id),
    period text not null,
    locked_at timestamptz not null default now(),
    locked_by integer references app_user (id),
    document_id integer references document (id),
    primary key (org_unit_id, period)
  )`,
  `create table task (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    document_id integer not null references document (id),
    number text,
    section text,
    text_vi text not null check (length(text_vi) > 0),
    text_en text,
    lead_text text,
    support_text text,
    approval_level text,
    expected_output text,
    note text,
    quote text,
    status text not null default 'not_started'
      check (status in ('not_started', 'in_progress', 'done', 'cancelled', 'replaced')),
    completed_on date,
    replaced_by_id integer references task (id),
    check ((status = 'done') = (completed_on is not null)),
    check (status <> 'replaced' or replaced_by_id is not null)
  )`,
  `create index task_document_idx on task (document_id)`,
  `create table task_agency (
    task_id integer not null references task (id) on delete cascade,
    agency_id integer not null references agency (id),
    role text not null check (role in ('lead', 'support')),
    part text,
    primary key (task_id, agency_id, role)
  )`,
  `create index task_agency_agency_idx on task_agency (agency_id, role)`,
  // Deadline history: revision 1 is the original text; a moved deadline is a new revision
  // with the document that moved it. The current deadline is the highest revision.
  `create table task_deadline (
    id integer generated always as identity primary key,
    task_id integer not null references task (id) on delete cascade,
    revision integer not null check (revision >= 1),
    deadline_text text,
    kind text not null check (kind in ('date', 'recurring', 'window', 'none')),
    due_date date,
    window_from date,
    window_to date,
    recurrence text check (recurrence in ('monthly', 'quarterly', 'half_yearly', 'annual')),
    start_year integer,
    end_year integer,
    review_code text,
    review_reason text,
    document_id integer references document (id),
    changed_at timestamptz not null default now(),
    changed_by integer references app_user (id),
    reason text,
    unique (task_id, revision),
    check (kind <> 'date' or due_date is not null),
    check (kind <> 'recurring' or recurrence is not null),
    check (window_to is null or window_from is null or window_to >= window_from)
  )`,
  `create view task_deadline_current as
    select distinct on (task_id) * from task_deadline order by task_id, revision desc`,
  `create table task_status_report (
    id integer generated always as identity primary key,
    task_id integer not null references task (id) on delete cascade,
    occurrence text,
    reported_on date not null,
    status text not null check (status in ('not_started', 'in_progress', 'done', 'cancelled', 'replaced')),
    progress_note text,
    completed_on date,
    evidence_document text,
    evidence_url text,
    evidence_file text,
    agency_id integer references agency (id),
    user_id integer references app_user (id),
    batch_id integer references import_batch (id),
    created_at timestamptz not null default now(),
    check (status <> 'done' or completed_on is not null)
  )`,
  `create index task_status_report_task_idx on task_status_report (task_id, reported_on)`,
  `create table reporting_duty (
    id integer generated always as identity primary key,
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    document_id integer references document (id),
    reporter_agency_id integer references agency (id),
    recipient_agency_id integer references agency (id),
    subject_vi text not null,
    cadence text not null check (cadence in ('monthly', 'quarterly', 'half_yearly', 'nine_months', 'annual', 'once')),
    due_text text,
    quote text
  )`,
  `create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    user_id integer references app_user (id),
    action text not null,
    entity text not null,
    entity_id text,
    old_value jsonb,
    new_value jsonb,
    batch_id integer references import_batch (id),
    request_id text
  )`,
  `create index audit_log_entity_idx on audit_log (entity, entity_id)`,
  `create index audit_log_at_idx on audit_log (at)`,
  `create table app_setting (
    key text primary key,
    value jsonb not null,
    updated_at timestamptz not null default now()
  )`,
];

const down = [
  "view task_deadline_current",
  "view target_current",
  "app_setting",
  "audit_log",
  "reporting_duty",
  "task_status_report",
  "task_deadline",
  "task_agency",
  "task",
  "period_lock",
  "observation",
  "import_batch",
  "target_revision",
  "target",
  "indicator",
  "api_token",
  "session",
  "user_scope",
  "app_user",
  "document",
  "agency_succession",
  "agency_alias",
  "agency",
  "org_unit_succession",
  "org_unit",
].map((t) => (t.startsWith("view ") ? `drop ${t}` : `drop table ${t}`));

export const core = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

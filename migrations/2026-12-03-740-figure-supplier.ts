import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Who owes figures (issue 16, item 4): the statistics office assigns which agency supplies an
// indicator's figures — for every org unit, or for one — from a day (and until a day), overriding
// the indicator's lead agency. Audited by the service that writes it; overlapping assignments of
// the same indicator and org unit are refused there (a new one from a day ends the one in force).

const up = [
  `create table figure_supplier (
    id integer generated always as identity primary key,
    indicator_id integer not null references indicator (id) on delete cascade,
    org_unit_id integer references org_unit (id) on delete cascade,
    agency_id integer not null references agency (id),
    valid_from date not null,
    valid_to date,
    basis text,
    created_by integer references app_user (id),
    created_at timestamptz not null default now(),
    constraint figure_supplier_valid_range check (valid_to is null or valid_to >= valid_from)
  )`,
  "create index figure_supplier_indicator_idx on figure_supplier (indicator_id)",
  "create index figure_supplier_agency_idx on figure_supplier (agency_id)",
];

const down = ["drop table figure_supplier"];

export const figureSupplier = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

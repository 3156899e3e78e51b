import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Names as a province's reports write them, confirmed once by an officer (issue #15): the next
// file that writes "Trong đó: Thu nội địa" for that province matches the indicator at once.
// `name_key` is the matching key (names.ts), never the raw text; one alias per key and scope.

const up = [
  `create table import_name_alias (
    id integer generated always as identity primary key,
    kind text not null check (kind in ('indicator', 'org_unit')),
    scope_org_unit_id integer not null references org_unit (id),
    name_key text not null check (name_key <> ''),
    name_text text not null,
    target_id integer not null,
    created_by integer references app_user (id),
    created_at timestamptz not null default now(),
    unique (kind, scope_org_unit_id, name_key)
  )`,
];

const down = ["drop table import_name_alias"];

export const importNameAlias = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

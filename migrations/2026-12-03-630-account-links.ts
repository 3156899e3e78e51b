import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// One-time links for accounts (issue 17, item 6): an invitation lets a new person choose their
// own password, a reset lets an administrator hand a person a way back in. The link's token is
// stored only as its SHA-256; a link works once and until it expires.

const up = [
  `create table account_link (
    id integer generated always as identity primary key,
    user_id integer not null references app_user (id) on delete cascade,
    kind text not null check (kind in ('invitation', 'reset')),
    token_hash text not null unique check (length(token_hash) = 64),
    created_by integer references app_user (id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz,
    check (expires_at > created_at)
  )`,
  "create index account_link_user_idx on account_link (user_id)",
];

const down = ["drop table account_link"];

export const accountLinks = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

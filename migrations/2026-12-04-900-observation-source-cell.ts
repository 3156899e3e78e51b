import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Where an imported figure came from inside its file (issue #19 item 3): the row (as the file
// numbers it) and the column (0-based) of its cell, beside `batch_id`, which names the file. A
// figure is traceable to its cell, and an import that writes its rows straight into
// `observation` as it reads the file can still name the row and column of each warning. Null for
// figures entered by hand, loaded with the catalog or imported before this column existed.

const up = ["alter table observation add column source_row integer, add column source_col integer"];

const down = ["alter table observation drop column source_row, drop column source_col"];

export const observationSourceCell = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

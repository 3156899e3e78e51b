import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Restatements and completion evidence (issue #16, item 3):
// - task_deadline.quote: the words of the document that set or moved the deadline (a later
//   document restating a task quotes it here; the revision's document_id names that document).
// - task_status_report.evidence_document_number / evidence_document_date: a completion can cite
//   the document that shows it done ("Quyết định số 1456/QĐ-TTg ngày 22/11/2023"), apart from the
//   free-text evidence_document; evidence_quote the words that state it; stated_in_document_id
//   the catalog document whose text states the completion; catalog_key makes a catalog-recorded
//   completion load once however often the catalog is loaded.

const view = `create view task_deadline_current as
    select distinct on (task_id) * from task_deadline order by task_id, revision desc`;

const up = [
  "drop view task_deadline_current",
  "alter table task_deadline add column quote text",
  view,
  `alter table task_status_report
    add column evidence_document_number text,
    add column evidence_document_date date,
    add column evidence_quote text,
    add column stated_in_document_id integer references document (id),
    add column catalog_key text`,
  "create unique index task_status_report_catalog_key_idx on task_status_report (catalog_key)",
];

const down = [
  "drop index task_status_report_catalog_key_idx",
  `alter table task_status_report
    drop column catalog_key,
    drop column stated_in_document_id,
    drop column evidence_quote,
    drop column evidence_document_date,
    drop column evidence_document_number`,
  "drop view task_deadline_current",
  "alter table task_deadline drop column quote",
  view,
];

export const restatementsCompletions = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// An event of an event-driven duty (issue 16, item 5) may carry the date its report is due: the
// document of qng24-bc-vuong-mac-phien-hop says only "kịp thời báo cáo … tại các phiên họp thường
// kỳ hàng tháng", so the officer who records the event can enter the date the report is asked for.
// Without it the duty's rule decides (the default due day of the month). The report can never be
// due before the event occurred.

const up = [
  `alter table reporting_event
    add column due_on date,
    add constraint reporting_event_due_after_event check (due_on is null or due_on >= occurred_on)`,
];

const down = ["alter table reporting_event drop column due_on"];

export const eventDue = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

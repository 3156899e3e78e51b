import type { Generated } from "kysely";

/** One item of a reminder digest sent to an agency's officers; the unique key stops repeats. */
export interface ReminderLogTable {
  id: Generated<number>;
  agency_id: number;
  item_kind: "task" | "report";
  /** task: its code (and occurrence); report: "duty|period" */
  item_key: string;
  stage: "before" | "overdue";
  /** overdue reminders repeat every few days when configured: which repeat this is */
  round: Generated<number>;
  due_on: string;
  /** the addresses it went to, comma-separated */
  recipients: string;
  subject: string;
  message_id: string | null;
  sent_at: Generated<Date>;
}

import type { ColumnType, Generated } from "kysely";

/** A duty's report for one period marked as sent by the reporting agency. */
export interface ReportDeliveryTable {
  id: Generated<number>;
  duty_id: number;
  agency_id: number;
  period: string;
  delivered_on: string;
  document_number: string | null;
  evidence_url: string | null;
  note: string | null;
  user_id: number | null;
  created_at: Generated<Date>;
}

/** Columns added to `task` by 2026-11-22-201: the upload that created the task. */
export interface TaskBatchColumns {
  batch_id: ColumnType<number | null, number | null | undefined, number | null>;
}

import type { Generated } from "kysely";

export type TaskStatus = "not_started" | "in_progress" | "done" | "cancelled" | "replaced";

export interface TaskTable {
  id: Generated<number>;
  code: string;
  document_id: number;
  number: string | null;
  section: string | null;
  text_vi: string;
  text_en: string | null;
  lead_text: string | null;
  support_text: string | null;
  approval_level: string | null;
  expected_output: string | null;
  note: string | null;
  quote: string | null;
  status: Generated<TaskStatus>;
  completed_on: string | null;
  replaced_by_id: number | null;
}

export interface TaskAgencyTable {
  task_id: number;
  agency_id: number;
  role: "lead" | "support";
  part: string | null;
}

export interface TaskDeadlineTable {
  id: Generated<number>;
  task_id: number;
  revision: number;
  deadline_text: string | null;
  kind: "date" | "recurring" | "window" | "none";
  due_date: string | null;
  window_from: string | null;
  window_to: string | null;
  recurrence: "monthly" | "quarterly" | "half_yearly" | "annual" | null;
  start_year: number | null;
  end_year: number | null;
  review_code: string | null;
  review_reason: string | null;
  /** stated in the text, or inferred (the document's horizon) */
  provenance: Generated<"stated" | "inferred" | "assumption">;
  /** "nếu cần thiết": owed only once the condition is met */
  condition_text: string | null;
  /** "phấn đấu": an aspiration */
  aspiration: Generated<boolean>;
  /** "tầm nhìn đến năm 2045" */
  vision_year: number | null;
  document_id: number | null;
  changed_at: Generated<Date>;
  changed_by: number | null;
  reason: string | null;
  /** the words of the document that set or moved this deadline */
  quote: string | null;
}

export interface TaskStatusReportTable {
  id: Generated<number>;
  task_id: number;
  occurrence: string | null;
  reported_on: string;
  status: TaskStatus;
  progress_note: string | null;
  completed_on: string | null;
  evidence_document: string | null;
  evidence_url: string | null;
  evidence_file: string | null;
  /** the document that shows the task done: its number ("1456/QĐ-TTg") and date */
  evidence_document_number: string | null;
  evidence_document_date: string | null;
  /** the words that state the completion */
  evidence_quote: string | null;
  /** the catalog document whose text states the completion */
  stated_in_document_id: number | null;
  /** set for a completion the catalog records (task_completions.csv): loads once */
  catalog_key: string | null;
  agency_id: number | null;
  user_id: number | null;
  batch_id: number | null;
  created_at: Generated<Date>;
}

export interface ReportingDutyTable {
  id: Generated<number>;
  code: string;
  document_id: number | null;
  reporter_agency_id: number | null;
  recipient_agency_id: number | null;
  subject_vi: string;
  cadence: "monthly" | "quarterly" | "half_yearly" | "nine_months" | "annual" | "once";
  due_text: string | null;
  quote: string | null;
  /** "trường hợp phát sinh …": no calendar slots; a slot exists only for a recorded event */
  event_driven: Generated<boolean>;
  /** the duty's own bounds, beside its document's period and its agencies' validity */
  valid_from: string | null;
  valid_to: string | null;
  /** a later document that ended the duty (it owes nothing from that document's date) */
  ended_by_document_id: number | null;
  /** merged into another duty by the catalog (one duty per report, not one per recipient) */
  replaced_by_id: number | null;
}

export interface ReportingDutyRecipientTable {
  duty_id: number;
  agency_id: number;
  seq: Generated<number>;
}

/** An event an event-driven duty must be reported for ("khi có phát sinh khó khăn, vướng mắc"). */
export interface ReportingEventTable {
  id: Generated<number>;
  duty_id: number;
  agency_id: number;
  occurred_on: string;
  description: string;
  /** the date the report is due when the document gives none (migration 720); else the duty's rule */
  due_on: string | null;
  user_id: number | null;
  created_at: Generated<Date>;
}

/** A task serves an indicator: from the catalog (the document's structure) or set by an administrator. */
export interface TaskIndicatorTable {
  task_id: number;
  indicator_id: number;
  source: "catalog" | "admin";
  /** where the document says so, or the administrator's reason */
  basis: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

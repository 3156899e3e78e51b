import type { Column } from "./table.ts";

// Problems of a task table or a table of status reports: the same shape as the figures import
// (row as the spreadsheet shows it, column header and letter, value, stable code, severity,
// Vietnamese first then English), with the codes of tasks.

export const TASK_ERROR_CODES = [
  "empty_task_text",
  "duplicate_number",
  "unknown_agency",
  "ambiguous_agency",
  "task_exists",
  "unknown_task",
  "ambiguous_task",
  "invalid_status",
  "derived_status",
  "invalid_date",
  "missing_completion_date",
  "completion_in_future",
  "missing_evidence",
  "missing_replacement",
  "occurrence_required",
  "occurrence_not_allowed",
  "unknown_occurrence",
  "unsafe_link",
  "not_permitted",
] as const;

export const TASK_WARNING_CODES = ["unreadable_deadline", "missing_deadline", "missing_lead"] as const;

export type TaskProblemCode = (typeof TASK_ERROR_CODES)[number] | (typeof TASK_WARNING_CODES)[number];

export interface TaskImportProblem {
  row: number | null;
  column: string | null;
  column_letter: string | null;
  value: string | null;
  code: TaskProblemCode;
  severity: "error" | "warning";
  message: string;
  message_en: string;
}

const WARNINGS = new Set<string>(TASK_WARNING_CODES);

export function taskProblem(
  code: TaskProblemCode,
  row: number | null,
  column: Column<string> | undefined,
  value: string | null,
  vi: string,
  en: string,
): TaskImportProblem {
  return {
    row,
    column: column?.header ?? null,
    column_letter: column?.letter ?? null,
    value,
    code,
    severity: WARNINGS.has(code) ? "warning" : "error",
    message: vi,
    message_en: en,
  };
}

// What an agency may report about a task, checked the same way whether it comes from the form,
// the API or a spreadsheet of status reports.

import { isIsoDate, parseDateVi } from "../date.ts";
import { type Deadline, occurrences } from "../deadline.ts";
import { parsePeriod, periodCode, periodEnd, periodStart } from "../period.ts";
import { foldDiacritics } from "../text.ts";
import { isDerivedTaskStatus, type StatusReport, type StoredTaskStatus } from "./status.ts";

export interface StatusReportInput {
  status: string;
  occurrence?: string | null;
  reportedOn: string;
  completedOn?: string | null;
  evidenceDocument?: string | null;
  evidenceUrl?: string | null;
  evidenceFile?: string | null;
  /** "replaced": the task that replaces this one */
  replacedById?: number | null;
}

export type ReportIssueCode =
  | "derived_status"
  | "invalid_status"
  | "missing_completion_date"
  | "invalid_date"
  | "completion_in_future"
  | "missing_evidence"
  | "missing_replacement"
  | "occurrence_required"
  | "occurrence_not_allowed"
  | "unknown_occurrence"
  | "unsafe_link";

export interface ReportIssue {
  code: ReportIssueCode;
  field: "status" | "completedOn" | "evidence" | "occurrence" | "replacedBy";
  vi: string;
  en: string;
}

const issue = (code: ReportIssueCode, field: ReportIssue["field"], vi: string, en: string): ReportIssue => ({
  code,
  field,
  vi,
  en,
});

/**
 * The problems of one status report (empty when it can be stored):
 * - overdue and done_late are derived, never reported;
 * - done needs the completion date (not after the day of the report) and evidence: a document
 *   number, a file name or a link;
 * - replaced needs the replacing task;
 * - a recurring task is reported per occurrence (its period), except to cancel or replace it as a
 *   whole; any other task is reported as a whole.
 */
export function checkStatusReport(input: StatusReportInput, deadline: Deadline): ReportIssue[] {
  const out: ReportIssue[] = [];
  if (input.evidenceUrl && !isWebLink(input.evidenceUrl))
    out.push(
      issue(
        "unsafe_link",
        "evidence",
        "Đường dẫn minh chứng phải là địa chỉ web http:// hoặc https://.",
        "The evidence link must be a web address (http:// or https://).",
      ),
    );
  if (isDerivedTaskStatus(input.status))
    out.push(
      issue(
        "derived_status",
        "status",
        `Trạng thái "${input.status}" được hệ thống tự xác định từ thời hạn, không báo cáo được; hãy báo "done" (hoàn thành) kèm ngày hoàn thành.`,
        `Status "${input.status}" is derived from the deadline and cannot be reported; report "done" with the completion date.`,
      ),
    );
  else if (!["not_started", "in_progress", "done", "cancelled", "replaced"].includes(input.status))
    out.push(
      issue(
        "invalid_status",
        "status",
        `Trạng thái "${input.status}" không hợp lệ.`,
        `Invalid status "${input.status}".`,
      ),
    );
  if (input.status === "done") {
    if (!input.completedOn)
      out.push(
        issue(
          "missing_completion_date",
          "completedOn",
          "Cần ngày hoàn thành.",
          "The completion date is required.",
        ),
      );
    else if (!isIsoDate(input.completedOn))
      out.push(
        issue(
          "invalid_date",
          "completedOn",
          `Ngày hoàn thành "${input.completedOn}" không hợp lệ.`,
          `Invalid completion date "${input.completedOn}".`,
        ),
      );
    else if (input.completedOn > input.reportedOn)
      out.push(
        issue(
          "completion_in_future",
          "completedOn",
          "Ngày hoàn thành sau ngày báo cáo.",
          "The completion date is after the date of the report.",
        ),
      );
    if (!input.evidenceDocument && !input.evidenceUrl && !input.evidenceFile)
      out.push(
        issue(
          "missing_evidence",
          "evidence",
          "Cần minh chứng hoàn thành: số văn bản, tên tệp hoặc đường dẫn.",
          "Evidence is required: a document number, a file name or a link.",
        ),
      );
  }
  if (input.status === "replaced" && !input.replacedById)
    out.push(
      issue("missing_replacement", "replacedBy", "Cần nhiệm vụ thay thế.", "The replacing task is required."),
    );
  const whole = input.status === "cancelled" || input.status === "replaced";
  if (deadline.kind === "recurring") {
    if (!input.occurrence && !whole)
      out.push(
        issue(
          "occurrence_required",
          "occurrence",
          "Nhiệm vụ định kỳ: cần ghi kỳ báo cáo (ví dụ 2024-Q3, 2024-07, 2024).",
          "Recurring task: the period is required (e.g. 2024-Q3, 2024-07, 2024).",
        ),
      );
    else if (input.occurrence) {
      const p = parsePeriod(input.occurrence);
      const code = p ? periodCode(p) : null;
      const known =
        p !== null &&
        occurrences(deadline, periodStart(p), addYear(periodEnd(p))).some((o) => o.period === code);
      if (!known)
        out.push(
          issue(
            "unknown_occurrence",
            "occurrence",
            `Kỳ "${input.occurrence}" không phải là một kỳ của nhiệm vụ này.`,
            `"${input.occurrence}" is not a period of this task.`,
          ),
        );
    }
  } else if (input.occurrence)
    out.push(
      issue(
        "occurrence_not_allowed",
        "occurrence",
        "Nhiệm vụ không định kỳ: không ghi kỳ báo cáo.",
        "The task does not recur: no period is reported.",
      ),
    );
  return out;
}

function addYear(iso: string): string {
  return `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}`;
}

/** The period code an occurrence text names ("Quý III/2024" → "2024-Q3"), or the text unchanged. */
export function occurrenceCode(text: string | null | undefined): string | null {
  if (!text || text.trim() === "") return null;
  const p = parsePeriod(text);
  return p ? periodCode(p) : text.trim();
}

const STATUS_WORDS: Array<[RegExp, StoredTaskStatus | "overdue" | "done_late"]> = [
  [/^(?:hoan thanh (?:tre|cham|qua) han|done[ _]late|completed late)$/, "done_late"],
  [/^(?:qua han|tre han|cham tien do|overdue|late)$/, "overdue"],
  [/^(?:chua thuc hien|chua trien khai|chua bat dau|not[ _]started|chua)$/, "not_started"],
  [/^(?:dang thuc hien|dang trien khai|dang lam|in[ _]progress|ongoing)$/, "in_progress"],
  [/^(?:hoan thanh|da hoan thanh|xong|done|completed|complete)$/, "done"],
  [/^(?:dung thuc hien|dung|huy|khong thuc hien|cancelled|canceled)$/, "cancelled"],
  [/^(?:thay the|duoc thay the|da thay the|replaced)$/, "replaced"],
];

/** A status as people write it, in Vietnamese or English, with or without diacritics. */
export function parseTaskStatusText(text: string): StoredTaskStatus | "overdue" | "done_late" | null {
  const key = foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[.\s]+/g, " ")
    .trim();
  return STATUS_WORDS.find(([re]) => re.test(key))?.[1] ?? null;
}

/** "30/4/2024", "2024-04-30" → ISO; null when not a date. */
export function parseReportDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  return parseDateVi(t);
}

/**
 * A link that is safe to store and show as href: an absolute http(s) address. `javascript:`,
 * `data:`, `vbscript:`, `file:` and relative links are not (a link in a report is clicked by
 * whoever reads it).
 */
export function isWebLink(text: string): boolean {
  if (!/^https?:\/\//i.test(text.trim())) return false;
  try {
    const url = new URL(text.trim());
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** One evidence cell read as a link, a file name, or a document number. */
export function classifyEvidence(text: string): {
  evidenceDocument?: string;
  evidenceUrl?: string;
  evidenceFile?: string;
} {
  const t = text.trim();
  if (t === "") return {};
  if (isWebLink(t)) return { evidenceUrl: t };
  if (/^[^\s/\\]+\.(?:pdf|docx?|xlsx?|odt|ods|jpe?g|png|zip|rar)$/i.test(t)) return { evidenceFile: t };
  return { evidenceDocument: t };
}

/**
 * The state kept on the task row: the latest report (by date of report, then order of entry),
 * or not started when there is none.
 */
export function taskStateFromReports(reports: StatusReport[]): {
  status: StoredTaskStatus;
  completedOn: string | null;
} {
  let best: StatusReport | undefined;
  for (const r of reports)
    if (
      !best ||
      r.reportedOn > best.reportedOn ||
      (r.reportedOn === best.reportedOn && (r.seq ?? 0) >= (best.seq ?? 0))
    )
      best = r;
  if (!best) return { status: "not_started", completedOn: null };
  return { status: best.status, completedOn: best.status === "done" ? best.completedOn : null };
}

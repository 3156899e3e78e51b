import {
  checkStatusReport,
  classifyEvidence,
  matchKey,
  occurrenceCode,
  parseReportDate,
  parseTaskStatusText,
  type StoredTaskStatus,
} from "@chitieu/domain";
import {
  type AuditEntry,
  type Database,
  insertStatusReport,
  taskDeadline,
  tasksWithDeadline,
} from "@chitieu/storage";
import type { Kysely } from "kysely";
import type { ImportSource } from "../source.ts";
import {
  countOutcomes,
  importStatus,
  readTaskTable,
  type TaskImportCounts,
  writeTaskBatch,
} from "./batch.ts";
import { type TaskImportProblem, taskProblem } from "./problems.ts";
import { cellOf, columnOf } from "./table.ts";
import { findDocument } from "./task-import.ts";

// Agency officers' status reports in bulk: one row per task (or per occurrence of a recurring
// task) with the status, the completion date and the evidence. Checked row by row exactly as a
// single report is (checkStatusReport); written all or nothing as one batch ("task_status").
// A row that repeats the task's latest report for the same occurrence is unchanged, so the same
// file can be uploaded again without duplicates.

export type StatusColumn =
  | "task"
  | "status"
  | "completedOn"
  | "evidence"
  | "note"
  | "occurrence"
  | "reportedOn";

export const STATUS_COLUMNS: Record<StatusColumn, string[]> = {
  task: [
    "Mã/STT nhiệm vụ",
    "Mã nhiệm vụ",
    "STT nhiệm vụ",
    "STT",
    "TT",
    "Mã",
    "Task",
    "Task code",
    "Task number",
  ],
  status: ["Trạng thái", "Tình trạng", "Tình hình thực hiện", "Kết quả thực hiện", "Status"],
  completedOn: [
    "Ngày hoàn thành",
    "Thời gian hoàn thành",
    "Completed on",
    "Completion date",
    "Date completed",
  ],
  evidence: [
    "Văn bản/minh chứng",
    "Văn bản, minh chứng",
    "Minh chứng",
    "Văn bản",
    "Số văn bản",
    "Evidence",
    "Document",
  ],
  note: ["Ghi chú", "Tiến độ", "Nội dung báo cáo", "Note", "Notes", "Progress"],
  occurrence: ["Kỳ", "Kỳ báo cáo", "Period"],
  reportedOn: ["Ngày báo cáo", "Reported on", "Report date"],
};

/** What the uploader may report for a task: the agency to record (null for an admin), or false. */
export type ReportAs = (taskAgencyIds: number[]) => { agencyId: number | null } | false;

export interface StatusImportOptions {
  /** tasks may be named by their number in this document; codes work without it */
  documentCode?: string | null;
  userId: number | null;
  reportAs: ReportAs;
  today: string;
  dryRun: boolean;
  maxBytes?: number;
  requestId?: string | null;
}

export interface StatusImportRow {
  row: number;
  taskId: number | null;
  taskCode: string | null;
  status: StoredTaskStatus | null;
  occurrence: string | null;
  completedOn: string | null;
  outcome: "new" | "unchanged" | "invalid";
}

export interface StatusImportResult {
  status: "preview" | "committed" | "rejected";
  batchId: number | null;
  fileName: string;
  headerRow: number;
  counts: TaskImportCounts;
  problems: TaskImportProblem[];
  rows: StatusImportRow[];
}

type Db = Kysely<Database>;

export async function importStatusReports(
  db: Db,
  source: ImportSource,
  options: StatusImportOptions,
): Promise<StatusImportResult> {
  const doc = options.documentCode ? await findDocument(db, options.documentCode) : null;
  const table = await readTaskTable(source, STATUS_COLUMNS, ["task", "status"], options.maxBytes);
  const tasks = await tasksWithDeadline(db).execute();
  const byCode = new Map(tasks.map((t) => [t.code.toLowerCase(), t]));
  const agencies = await db.selectFrom("task_agency").select(["task_id", "agency_id"]).execute();
  const agenciesOf = new Map<number, number[]>();
  for (const a of agencies) agenciesOf.set(a.task_id, [...(agenciesOf.get(a.task_id) ?? []), a.agency_id]);
  const latest = await db
    .selectFrom("task_status_report")
    .select([
      "id",
      "task_id",
      "occurrence",
      "status",
      "completed_on",
      "evidence_document",
      "evidence_url",
      "evidence_file",
    ])
    .orderBy("reported_on")
    .orderBy("id")
    .execute();
  const latestOf = new Map(latest.map((r) => [`${r.task_id}/${r.occurrence ?? ""}`, r]));

  const problems: TaskImportProblem[] = [];
  const rows: StatusImportRow[] = [];
  const toWrite: Array<Parameters<typeof insertStatusReport>[1]> = [];
  for (const r of table.rows) {
    const get = (role: StatusColumn) => cellOf(table, r.cells, role);
    const rowProblems: TaskImportProblem[] = [];
    const ref = get("task");
    const found = byCode.get(ref.toLowerCase());
    const candidates = found
      ? [found]
      : doc
        ? tasks.filter(
            (t) => t.document_id === doc.id && t.number !== null && matchKey(t.number) === matchKey(ref),
          )
        : [];
    const task = candidates.length === 1 ? candidates[0] : undefined;
    if (!task)
      rowProblems.push(
        candidates.length > 1
          ? taskProblem(
              "ambiguous_task",
              r.row,
              columnOf(table, "task"),
              ref,
              `STT "${ref}" ứng với nhiều nhiệm vụ; hãy dùng mã nhiệm vụ.`,
              `Number "${ref}" names several tasks; use the task code.`,
            )
          : taskProblem(
              "unknown_task",
              r.row,
              columnOf(table, "task"),
              ref,
              `Không tìm thấy nhiệm vụ "${ref}"${doc ? ` (theo mã, hoặc STT trong văn bản ${doc.code})` : " (theo mã; chọn văn bản để dùng STT)"}.`,
              `Unknown task "${ref}"${doc ? ` (by code, or number in document ${doc.code})` : " (by code; choose a document to use numbers)"}.`,
            ),
      );
    const statusText = get("status");
    const status = parseTaskStatusText(statusText);
    if (status === null)
      rowProblems.push(
        taskProblem(
          "invalid_status",
          r.row,
          columnOf(table, "status"),
          statusText,
          `Trạng thái "${statusText}" không hợp lệ; dùng "Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Dừng thực hiện" hoặc "Được thay thế".`,
          `Invalid status "${statusText}"; use "not started", "in progress", "done", "cancelled" or "replaced".`,
        ),
      );
    const completedText = get("completedOn");
    const completedOn = completedText ? parseReportDate(completedText) : null;
    if (completedText && completedOn === null)
      rowProblems.push(
        taskProblem(
          "invalid_date",
          r.row,
          columnOf(table, "completedOn"),
          completedText,
          `Ngày "${completedText}" không hợp lệ; ghi dạng 30/4/2024.`,
          `Invalid date "${completedText}"; write it as 30/4/2024.`,
        ),
      );
    const reportedText = get("reportedOn");
    const reportedOn = (reportedText && parseReportDate(reportedText)) || options.today;
    const occurrence = occurrenceCode(get("occurrence"));
    const evidence = classifyEvidence(get("evidence"));
    let outcome: StatusImportRow["outcome"] = "new";
    if (task && status !== null) {
      const reportAs = options.reportAs(agenciesOf.get(task.id) ?? []);
      if (reportAs === false)
        rowProblems.push(
          taskProblem(
            "not_permitted",
            r.row,
            columnOf(table, "task"),
            ref,
            `Cơ quan của bạn không chủ trì hay phối hợp nhiệm vụ ${task.code}: không báo cáo được.`,
            `Your agency neither leads nor supports task ${task.code}: you cannot report on it.`,
          ),
        );
      const deadline = taskDeadline(task);
      const issues = checkStatusReport(
        { status, occurrence, reportedOn, completedOn, ...evidence },
        deadline,
      );
      for (const i of issues) {
        if (i.code === "invalid_date" && completedText) continue;
        if (i.code === "invalid_status") continue;
        const role: StatusColumn =
          i.field === "completedOn"
            ? "completedOn"
            : i.field === "evidence"
              ? "evidence"
              : i.field === "occurrence"
                ? "occurrence"
                : "status";
        rowProblems.push(taskProblem(i.code, r.row, columnOf(table, role), get(role) || null, i.vi, i.en));
      }
      const prev = latestOf.get(`${task.id}/${occurrence ?? ""}`);
      if (
        prev &&
        prev.status === status &&
        (prev.completed_on ?? null) === (status === "done" ? completedOn : null) &&
        (prev.evidence_document ?? null) === (evidence.evidenceDocument ?? null) &&
        (prev.evidence_url ?? null) === (evidence.evidenceUrl ?? null) &&
        (prev.evidence_file ?? null) === (evidence.evidenceFile ?? null)
      )
        outcome = "unchanged";
      if (reportAs !== false && !rowProblems.some((p) => p.severity === "error") && outcome === "new")
        toWrite.push({
          taskId: task.id,
          occurrence,
          reportedOn,
          status: status as StoredTaskStatus,
          completedOn: status === "done" ? completedOn : null,
          progressNote: get("note") || null,
          evidenceDocument: evidence.evidenceDocument ?? null,
          evidenceUrl: evidence.evidenceUrl ?? null,
          evidenceFile: evidence.evidenceFile ?? null,
          agencyId: reportAs.agencyId,
          userId: options.userId,
          batchId: null,
        });
    }
    if (rowProblems.some((p) => p.severity === "error")) outcome = "invalid";
    problems.push(...rowProblems);
    rows.push({
      row: r.row,
      taskId: task?.id ?? null,
      taskCode: task?.code ?? null,
      status: status === "overdue" || status === "done_late" ? null : status,
      occurrence,
      completedOn,
      outcome,
    });
  }
  const counts = countOutcomes(rows, problems);
  const result: StatusImportResult = {
    status: importStatus(options.dryRun, counts),
    batchId: null,
    fileName: source.name,
    headerRow: table.headerRow,
    counts,
    problems,
    rows,
  };
  if (result.status !== "committed" || toWrite.length === 0) return result;
  const batch = {
    kind: "task_status",
    source,
    fileHash: table.fileHash,
    counts,
    userId: options.userId,
    requestId: options.requestId,
  } as const;
  result.batchId = await writeTaskBatch(db, batch, async (trx, batchId) => {
    const audit: AuditEntry[] = [];
    for (const w of toWrite) {
      const id = await insertStatusReport(trx, { ...w, batchId });
      audit.push({
        userId: options.userId,
        action: "create",
        entity: "task_status_report",
        entityId: id,
        newValue: { ...w, batchId },
        batchId,
        requestId: options.requestId ?? null,
      });
    }
    return audit;
  });
  return result;
}

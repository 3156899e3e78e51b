import {
  checkStatusReport,
  compareVi,
  type Deadline,
  effectiveDue,
  isDueSoon,
  looseKey,
  occurrenceStatuses,
  parseDeadline,
  type StatusReport,
  type StoredTaskStatus,
  type TaskStatus,
  taskStatus,
  urgencyRank,
  vietnamDate,
} from "@chitieu/domain";
import {
  type Database,
  documentYearOf,
  insertStatusReport,
  type TaskWithDeadline,
  taskDeadline,
  tasksWithDeadline,
  writeAudit,
} from "@chitieu/storage";
import type { Kysely } from "kysely";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";

// Tasks: lists and detail with the status derived from the deadline in force and today, status
// reports by the agencies, and deadline moves by an administrator. Every write runs in one
// transaction with its audit row.

type Db = Kysely<Database>;

export const today = () => vietnamDate();

export interface TaskFilter {
  document?: string | undefined;
  agency?: string | undefined;
  role?: "lead" | "support" | undefined;
  status?: TaskStatus | undefined;
  dueBefore?: string | undefined;
  dueAfter?: string | undefined;
  review?: boolean | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
  today?: string | undefined;
}

export interface DeadlineView {
  text: string;
  kind: Deadline["kind"];
  due: string | null;
  from: string | null;
  to: string | null;
  recurrence: string | null;
  review: { code: string; vi: string; en: string } | null;
  /** the date is the document's horizon, not stated in the task's text */
  inherited: boolean;
  /** "nếu cần thiết": owed only once the condition is met (never overdue before) */
  condition: string | null;
  /** "phấn đấu": an aspiration */
  aspiration: boolean;
  /** "thường xuyên …" with a dated part: the date is the dated part's */
  ongoing: boolean;
  /** "tầm nhìn đến năm 2045" */
  visionYear: number | null;
}

export interface TaskSummary {
  id: number;
  code: string;
  number: string | null;
  section: string | null;
  textVi: string;
  document: { code: string; number: string | null };
  leadText: string | null;
  supportText: string | null;
  leads: Array<{ code: string; nameVi: string; part: string | null }>;
  status: TaskStatus;
  reportedStatus: StoredTaskStatus;
  completedOn: string | null;
  deadline: DeadlineView;
  /** the date lists sort by: due date, next occurrence, or window end */
  due: string | null;
  dueSoon: boolean;
}

function deadlineView(d: Deadline): DeadlineView {
  return {
    text: d.text,
    kind: d.kind,
    due: d.due ?? null,
    from: d.from ?? null,
    to: d.to ?? null,
    recurrence: d.recurrence ?? null,
    review: d.review ? { code: d.review.code, vi: d.review.reason_vi, en: d.review.reason_en } : null,
    inherited: d.inherited === true,
    condition: d.condition ?? null,
    aspiration: d.aspiration === true,
    ongoing: d.ongoing === true,
    visionYear: d.visionYear ?? null,
  };
}

export async function reportsByTask(db: Db, taskIds: number[]): Promise<Map<number, StatusReport[]>> {
  const out = new Map<number, StatusReport[]>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom("task_status_report")
    .select(["id", "task_id", "occurrence", "status", "completed_on", "reported_on"])
    .where("task_id", "in", taskIds)
    .execute();
  for (const r of rows)
    out.set(r.task_id, [
      ...(out.get(r.task_id) ?? []),
      {
        occurrence: r.occurrence,
        status: r.status,
        completedOn: r.completed_on,
        reportedOn: r.reported_on,
        seq: r.id,
      },
    ]);
  return out;
}

/** The status shown for a task row, derived from its deadline in force, its reports and today. */
export function derivedStatus(row: TaskWithDeadline, reports: StatusReport[], day: string): TaskStatus {
  const deadline = taskDeadline(row);
  return taskStatus({
    stored: row.status,
    completedOn: row.completed_on,
    deadline,
    today: day,
    ...(deadline.kind === "recurring" ? { reports } : {}),
  });
}

/**
 * Tasks filtered and sorted overdue first, then due soon, then by due date. The derived status
 * and due date are computed for every task the SQL filters leave (a province has hundreds to a
 * few thousand tasks), then filtered and paged.
 */
export async function listTasks(db: Db, f: TaskFilter): Promise<{ items: TaskSummary[]; total: number }> {
  const day = f.today ?? today();
  let q = tasksWithDeadline(db);
  if (f.document) q = q.where("doc.code", "=", f.document);
  if (f.agency) {
    const agency = f.agency;
    const role = f.role;
    q = q.where("t.id", "in", (eb) => {
      let sub = eb
        .selectFrom("task_agency as ta")
        .innerJoin("agency as a", "a.id", "ta.agency_id")
        .select("ta.task_id")
        .where("a.code", "=", agency);
      if (role) sub = sub.where("ta.role", "=", role);
      return sub;
    });
  }
  if (f.review) q = q.where("dl.review_code", "is not", null);
  const rows = await q.execute();
  const reports = await reportsByTask(
    db,
    rows.filter((r) => r.deadline_kind === "recurring").map((r) => r.id),
  );
  const leads = await leadsOf(
    db,
    rows.map((r) => r.id),
  );
  const needle = f.q ? looseKey(f.q) : null;
  const items: TaskSummary[] = [];
  for (const r of rows) {
    if (needle && !looseKey(`${r.code} ${r.number ?? ""} ${r.text_vi} ${r.lead_text ?? ""}`).includes(needle))
      continue;
    const deadline = taskDeadline(r);
    const status = derivedStatus(r, reports.get(r.id) ?? [], day);
    const due = effectiveDue(deadline, day);
    if (f.status && status !== f.status) continue;
    if (f.dueBefore && (due === null || due > f.dueBefore)) continue;
    if (f.dueAfter && (due === null || due < f.dueAfter)) continue;
    items.push({
      id: r.id,
      code: r.code,
      number: r.number,
      section: r.section,
      textVi: r.text_vi,
      document: { code: r.document_code, number: r.document_number },
      leadText: r.lead_text,
      supportText: r.support_text,
      leads: leads.get(r.id) ?? [],
      status,
      reportedStatus: r.status,
      completedOn: r.completed_on,
      deadline: deadlineView(deadline),
      due,
      dueSoon: isDueSoon(status, due, day),
    });
  }
  items.sort(
    (a, b) =>
      urgencyRank(a.status, a.due, day) - urgencyRank(b.status, b.due, day) ||
      (a.due ?? "9999").localeCompare(b.due ?? "9999") ||
      compareVi(a.document.code, b.document.code) ||
      a.id - b.id,
  );
  return { items: items.slice(f.offset, f.offset + f.limit), total: items.length };
}

export async function leadsOf(db: Db, taskIds: number[]) {
  const out = new Map<number, Array<{ code: string; nameVi: string; part: string | null }>>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom("task_agency as ta")
    .innerJoin("agency as a", "a.id", "ta.agency_id")
    .select(["ta.task_id", "a.code", "a.name_vi", "ta.part"])
    .where("ta.role", "=", "lead")
    .where("ta.task_id", "in", taskIds)
    .orderBy("a.code")
    .execute();
  for (const r of rows)
    out.set(r.task_id, [...(out.get(r.task_id) ?? []), { code: r.code, nameVi: r.name_vi, part: r.part }]);
  return out;
}

/** One task with its agencies and parts, deadline history, status reports and, when it recurs, its occurrences. */
export async function getTask(db: Db, id: number, day = today()) {
  const row = await tasksWithDeadline(db).where("t.id", "=", id).executeTakeFirst();
  if (!row) return null;
  const [agencies, history, reportRows] = await Promise.all([
    db
      .selectFrom("task_agency as ta")
      .innerJoin("agency as a", "a.id", "ta.agency_id")
      .select(["a.id", "a.code", "a.name_vi", "a.kind", "ta.role", "ta.part"])
      .where("ta.task_id", "=", id)
      .orderBy("ta.role")
      .orderBy("a.code")
      .execute(),
    db
      .selectFrom("task_deadline as d")
      .leftJoin("document as doc", "doc.id", "d.document_id")
      .leftJoin("app_user as u", "u.id", "d.changed_by")
      .select([
        "d.revision",
        "d.deadline_text",
        "d.kind",
        "d.due_date",
        "d.window_from",
        "d.window_to",
        "d.recurrence",
        "d.review_code",
        "d.reason",
        "d.quote",
        "d.changed_at",
        "doc.code as document_code",
        "doc.number as document_number",
        "doc.issued_on as document_issued_on",
        "u.email as changed_by",
      ])
      .where("d.task_id", "=", id)
      .orderBy("d.revision", "desc")
      .execute(),
    db
      .selectFrom("task_status_report as r")
      .leftJoin("agency as a", "a.id", "r.agency_id")
      .leftJoin("app_user as u", "u.id", "r.user_id")
      .leftJoin("document as sd", "sd.id", "r.stated_in_document_id")
      .select([
        "r.evidence_document_number",
        "r.evidence_document_date",
        "r.evidence_quote",
        "sd.code as stated_in_code",
        "sd.number as stated_in_number",
        "sd.issued_on as stated_in_issued_on",
        "r.id",
        "r.occurrence",
        "r.reported_on",
        "r.status",
        "r.progress_note",
        "r.completed_on",
        "r.evidence_document",
        "r.evidence_url",
        "r.evidence_file",
        "r.batch_id",
        "r.created_at",
        "a.code as agency_code",
        "u.email as user_email",
      ])
      .where("r.task_id", "=", id)
      .orderBy("r.reported_on", "desc")
      .orderBy("r.id", "desc")
      .execute(),
  ]);
  const deadline = taskDeadline(row);
  const reports: StatusReport[] = reportRows.map((r) => ({
    occurrence: r.occurrence,
    status: r.status,
    completedOn: r.completed_on,
    reportedOn: r.reported_on,
    seq: r.id,
  }));
  const status = derivedStatus(row, reports, day);
  const year = Number(day.slice(0, 4));
  const due = effectiveDue(deadline, day);
  return {
    id: row.id,
    code: row.code,
    number: row.number,
    section: row.section,
    textVi: row.text_vi,
    textEn: row.text_en,
    document: { code: row.document_code, number: row.document_number },
    leadText: row.lead_text,
    supportText: row.support_text,
    approvalLevel: row.approval_level,
    expectedOutput: row.expected_output,
    note: row.note,
    status,
    reportedStatus: row.status,
    completedOn: row.completed_on,
    deadline: deadlineView(deadline),
    due,
    dueSoon: isDueSoon(status, due, day),
    agencies: agencies.map((a) => ({
      code: a.code,
      nameVi: a.name_vi,
      kind: a.kind,
      role: a.role,
      part: a.part,
    })),
    deadlineHistory: history.map((h) => ({
      revision: h.revision,
      text: h.deadline_text,
      kind: h.kind,
      due: h.due_date,
      from: h.window_from,
      to: h.window_to,
      recurrence: h.recurrence,
      review: h.review_code,
      reason: h.reason,
      /** the words of the document that set or moved it (a restating document's, say) */
      quote: h.quote,
      document: h.document_code
        ? { code: h.document_code, number: h.document_number, issuedOn: h.document_issued_on }
        : null,
      changedAt: new Date(h.changed_at).toISOString(),
      changedBy: h.changed_by,
    })),
    statusReports: reportRows.map((r) => ({
      id: r.id,
      occurrence: r.occurrence,
      reportedOn: r.reported_on,
      status: r.status,
      progressNote: r.progress_note,
      completedOn: r.completed_on,
      evidence: {
        document: r.evidence_document,
        url: r.evidence_url,
        file: r.evidence_file,
        documentNumber: r.evidence_document_number,
        documentDate: r.evidence_document_date,
        quote: r.evidence_quote,
        /** the catalog document whose text states the completion */
        statedIn: r.stated_in_code
          ? { code: r.stated_in_code, number: r.stated_in_number, issuedOn: r.stated_in_issued_on }
          : null,
      },
      agency: r.agency_code,
      user: r.user_email,
      batchId: r.batch_id,
    })),
    occurrences:
      deadline.kind === "recurring"
        ? occurrenceStatuses({
            deadline,
            reports,
            from: `${year - 1}-01-01`,
            to: `${year}-12-31`,
            today: day,
          })
        : [],
  };
}

export interface StatusReportBody {
  status: StoredTaskStatus;
  occurrence?: string | null | undefined;
  reportedOn?: string | undefined;
  completedOn?: string | null | undefined;
  progressNote?: string | null | undefined;
  evidenceDocument?: string | null | undefined;
  evidenceUrl?: string | null | undefined;
  evidenceFile?: string | null | undefined;
  /** the document that shows the task done: its number ("1456/QĐ-TTg") and date, given together */
  evidenceDocumentNumber?: string | null | undefined;
  evidenceDocumentDate?: string | null | undefined;
  /** "replaced": code of the replacing task */
  replacedBy?: string | null | undefined;
  /** admin only: the agency the report speaks for */
  agency?: string | null | undefined;
}

/** The agencies that lead or support a task; an agency officer may report on it when theirs is one. */
export async function taskAgencyIds(db: Db, taskId: number): Promise<number[]> {
  const rows = await db.selectFrom("task_agency").select("agency_id").where("task_id", "=", taskId).execute();
  return rows.map((r) => r.agency_id);
}

export async function reportTaskStatus(
  ctx: ServiceContext,
  taskId: number,
  body: StatusReportBody,
  day = today(),
) {
  const { actor, requestId } = ctx;
  return withTransaction(ctx, async (trx) => {
    const row = await tasksWithDeadline(trx).where("t.id", "=", taskId).executeTakeFirst();
    if (!row) throw failures.notFound(`nhiệm vụ ${taskId} / task ${taskId}`);
    const agencyIds = await taskAgencyIds(trx as unknown as Db, taskId);
    let agencyId: number | null = null;
    if (actor.role === "admin") {
      if (body.agency) {
        const a = await trx
          .selectFrom("agency")
          .select("id")
          .where("code", "=", body.agency)
          .executeTakeFirst();
        if (!a) throw failures.notFound(`cơ quan ${body.agency} / agency ${body.agency}`);
        agencyId = a.id;
      }
    } else {
      agencyId = agencyIds.find((id) => actor.scopes.agency.includes(id)) ?? null;
      if (actor.role !== "agency_officer" || agencyId === null)
        throw failures.forbidden(
          "cơ quan của bạn không chủ trì hay phối hợp nhiệm vụ này / not your agency's task",
        );
    }
    let replacedById: number | null = null;
    if (body.replacedBy) {
      const r = await trx
        .selectFrom("task")
        .select("id")
        .where("code", "=", body.replacedBy)
        .executeTakeFirst();
      if (!r || r.id === taskId)
        throw failures.invalid([
          {
            path: "replacedBy",
            message: `Không có nhiệm vụ ${body.replacedBy} / no task ${body.replacedBy}`,
          },
        ]);
      replacedById = r.id;
    }
    const reportedOn = body.reportedOn ?? day;
    if (reportedOn > day)
      throw failures.invalid([
        { path: "reportedOn", message: "Ngày báo cáo ở tương lai / report date in the future" },
      ]);
    const evidenceDocumentNumber = body.evidenceDocumentNumber?.trim() || null;
    const evidenceDocumentDate = body.evidenceDocumentDate || null;
    const refuse = (path: string, code: string, vi: string, en: string): never => {
      throw failures.rejected(code, vi, en, [{ path, code, message: vi, message_en: en }]);
    };
    if (evidenceDocumentNumber !== null && evidenceDocumentDate === null)
      refuse(
        "evidenceDocumentDate",
        "evidence_document_date_missing",
        "Cần ngày của văn bản chứng minh đi kèm số văn bản.",
        "The evidence document's date is required with its number.",
      );
    if (evidenceDocumentNumber === null && evidenceDocumentDate !== null)
      refuse(
        "evidenceDocumentNumber",
        "evidence_document_number_missing",
        "Cần số văn bản chứng minh đi kèm ngày văn bản.",
        "A document date needs the document's number.",
      );
    if (evidenceDocumentDate !== null && evidenceDocumentDate > reportedOn)
      refuse(
        "evidenceDocumentDate",
        "evidence_document_after_report",
        "Văn bản chứng minh không thể ban hành sau ngày báo cáo.",
        "The evidence document cannot be dated after the report.",
      );
    if (
      evidenceDocumentDate !== null &&
      body.status === "done" &&
      body.completedOn &&
      body.completedOn < evidenceDocumentDate
    )
      refuse(
        "completedOn",
        "completed_before_evidence",
        "Ngày hoàn thành trước ngày của văn bản chứng minh hoàn thành.",
        "Completed before the date of the document that shows it done.",
      );
    const input = {
      status: body.status,
      occurrence: body.occurrence ?? null,
      reportedOn,
      completedOn: body.completedOn ?? null,
      evidenceDocument: body.evidenceDocument ?? null,
      evidenceUrl: body.evidenceUrl ?? null,
      evidenceFile: body.evidenceFile ?? null,
      replacedById,
    };
    // a cited document (number and date) is evidence too
    const issues = checkStatusReport(
      { ...input, evidenceDocument: input.evidenceDocument ?? evidenceDocumentNumber },
      taskDeadline(row),
    );
    if (issues.length > 0)
      throw new ServiceError(
        "invalid",
        "invalid_status_report",
        issues.map((i) => i.vi).join(" "),
        issues.map((i) => i.en).join(" "),
        issues.map((i) => ({ path: i.field, code: i.code, message: i.vi, message_en: i.en })),
      );
    const report = {
      taskId,
      occurrence: input.occurrence,
      reportedOn,
      status: body.status,
      completedOn: body.status === "done" ? input.completedOn : null,
      progressNote: body.progressNote ?? null,
      evidenceDocument: input.evidenceDocument,
      evidenceUrl: input.evidenceUrl,
      evidenceFile: input.evidenceFile,
      evidenceDocumentNumber,
      evidenceDocumentDate,
      agencyId,
      userId: actor.userId,
      batchId: null,
      replacedById,
    };
    const id = await insertStatusReport(trx, report);
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "create",
        entity: "task_status_report",
        entityId: id,
        oldValue: { task: row.code, status: row.status, completedOn: row.completed_on },
        newValue: { task: row.code, ...report },
        requestId,
      },
    ]);
    return { id, task: row.code, ...report };
  });
}

export interface DeadlineMoveBody {
  /** the new deadline as the document writes it ("Quý III năm 2024") */
  text?: string | null | undefined;
  /** or a date */
  dueDate?: string | null | undefined;
  /** code of the document that moved it */
  document: string;
  reason: string;
}

/** A new revision of the task's deadline, with the document that moved it; history is kept. */
export async function moveTaskDeadline(ctx: ServiceContext, taskId: number, body: DeadlineMoveBody) {
  const { actor, requestId } = ctx;
  return withTransaction(ctx, async (trx) => {
    const row = await tasksWithDeadline(trx).where("t.id", "=", taskId).executeTakeFirst();
    if (!row) throw failures.notFound(`nhiệm vụ ${taskId} / task ${taskId}`);
    const doc = await trx
      .selectFrom("document")
      .select(["id", "code", "issued_on", "period_from"])
      .where("code", "=", body.document)
      .executeTakeFirst();
    if (!doc) throw failures.notFound(`văn bản ${body.document} / document ${body.document}`);
    const documentYear = documentYearOf({
      document_issued_on: doc.issued_on,
      document_period_from: doc.period_from,
    });
    let d: Deadline;
    if (body.text) {
      d = parseDeadline(body.text, {
        ...(documentYear ? { documentYear } : {}),
        ...(doc.issued_on ? { documentDate: doc.issued_on } : {}),
      });
      if (d.kind === "none")
        throw new ServiceError(
          "invalid",
          "unreadable_deadline",
          `${d.review?.reason_vi ?? "Không đọc được thời hạn"}: thời hạn mới phải đọc được.`,
          `${d.review?.reason_en ?? "Deadline not understood"}: a new deadline must be readable.`,
        );
      if (body.dueDate && d.due !== body.dueDate)
        throw failures.invalid([
          { path: "dueDate", message: "Ngày không khớp với văn bản / date differs from the text" },
        ]);
    } else if (body.dueDate) {
      d = { text: "", kind: "date", due: body.dueDate };
    } else
      throw failures.invalid([
        { path: "text", message: "Cần thời hạn mới (text hoặc dueDate) / text or dueDate required" },
      ]);
    const revision = (row.deadline_revision ?? 0) + 1;
    const values = {
      task_id: taskId,
      revision,
      deadline_text: d.text || null,
      kind: d.kind,
      due_date: d.due ?? null,
      window_from: d.from ?? null,
      window_to: d.to ?? null,
      recurrence: d.recurrence ?? null,
      start_year: d.startYear ?? null,
      end_year: d.endYear ?? null,
      review_code: d.review?.code ?? null,
      review_reason: d.review ? `${d.review.reason_vi} / ${d.review.reason_en}` : null,
      document_id: doc.id,
      changed_by: actor.userId,
      reason: body.reason,
    };
    await trx.insertInto("task_deadline").values(values).execute();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "revise",
        entity: "task_deadline",
        entityId: row.code,
        oldValue: {
          revision: row.deadline_revision,
          text: row.deadline_text,
          kind: row.deadline_kind,
          due: row.due_date,
        },
        newValue: { ...values, document: doc.code },
        requestId,
      },
    ]);
    return {
      taskId,
      task: row.code,
      revision,
      deadline: deadlineView(d),
      document: doc.code,
      reason: body.reason,
    };
  });
}

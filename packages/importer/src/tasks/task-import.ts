import { type Deadline, formatDateVi, isIsoDate, matchKey, parseDeadline, slugify } from "@chitieu/domain";
import {
  type AgencyMatch,
  type AuditEntry,
  agencyResolver,
  type Database,
  documentYearOf,
  type ResolvedAgencies,
  refreshTaskState,
  writeAudit,
} from "@chitieu/storage";
import type { Kysely } from "kysely";
import { ImportError } from "../problems.ts";
import type { ImportSource } from "../source.ts";
import {
  countOutcomes,
  importStatus,
  readTaskTable,
  type TaskImportCounts,
  writeTaskBatch,
} from "./batch.ts";
import { type TaskImportProblem, taskProblem } from "./problems.ts";
import { cellOf, columnOf, type Table } from "./table.ts";

// Task tables shaped like the appendices of the plans (STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan
// phối hợp, Thời gian hoàn thành, Cấp trình/phê duyệt, Ghi chú) imported into one document:
// a preview lists every problem; a commit writes all new tasks or none, with their agencies,
// their deadline (revision 1) and the audit, in one transaction; a rollback removes them.
// A row whose STT already exists in the document with the same content is unchanged (so the
// same file can be uploaded again); with other content it is refused (deadlines move through
// a new deadline revision, not an upload).

export type TaskColumn = "number" | "text" | "lead" | "support" | "deadline" | "approval" | "output" | "note";

export const TASK_COLUMNS: Record<TaskColumn, string[]> = {
  number: ["STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#", "Number", "Mã nhiệm vụ"],
  text: [
    "Nhiệm vụ",
    "Nội dung",
    "Nội dung nhiệm vụ",
    "Tên nhiệm vụ",
    "Nhiệm vụ, giải pháp",
    "Task",
    "Tasks",
    "Task text",
  ],
  lead: [
    "Cơ quan chủ trì",
    "Cơ quan chủ trì tham mưu",
    "Cơ quan chủ trì, tham mưu",
    "Đơn vị chủ trì",
    "Chủ trì",
    "Cơ quan thực hiện",
    "Lead agency",
    "Lead agencies",
    "Lead",
  ],
  support: [
    "Cơ quan phối hợp",
    "Đơn vị phối hợp",
    "Phối hợp",
    "Supporting agencies",
    "Support agencies",
    "Support",
  ],
  deadline: [
    "Thời gian hoàn thành",
    "Thời hạn hoàn thành",
    "Thời hạn",
    "Tiến độ thực hiện",
    "Tiến độ",
    "Thời gian thực hiện",
    "Deadline",
    "Due",
    "Due date",
  ],
  approval: [
    "Cấp trình/phê duyệt",
    "Cấp trình phê duyệt",
    "Cấp trình",
    "Cấp phê duyệt",
    "Approval level",
    "Approval",
  ],
  output: ["Sản phẩm", "Hình thức sản phẩm", "Kết quả", "Sản phẩm đầu ra", "Expected output", "Output"],
  note: ["Ghi chú", "Note", "Notes"],
};

export interface TaskImportOptions {
  documentCode: string;
  userId: number | null;
  dryRun: boolean;
  maxBytes?: number;
  requestId?: string | null;
}

export interface TaskImportRow {
  row: number;
  number: string | null;
  section: string | null;
  text: string;
  lead: AgencyMatch[];
  support: AgencyMatch[];
  deadline: Deadline;
  outcome: "new" | "unchanged" | "invalid";
  taskCode: string | null;
}

export interface TaskImportResult {
  status: "preview" | "committed" | "rejected";
  batchId: number | null;
  fileName: string;
  document: { id: number; code: string };
  headerRow: number;
  columns: Array<{ role: string; header: string; letter: string }>;
  counts: TaskImportCounts;
  problems: TaskImportProblem[];
  rows: TaskImportRow[];
}

type Db = Kysely<Database>;

export async function findDocument(db: Db, code: string) {
  const doc = await db
    .selectFrom("document")
    .select(["id", "code", "org_unit_id", "issued_on", "period_from"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!doc)
    throw new ImportError("not_found", `Không tìm thấy văn bản "${code}".`, `Document "${code}" not found.`);
  if (doc.org_unit_id === null)
    throw new ImportError(
      "conflict",
      `Văn bản "${code}" chưa gắn với đơn vị hành chính: không tra được cơ quan.`,
      `Document "${code}" has no org unit: agencies cannot be looked up.`,
    );
  return { ...doc, org_unit_id: doc.org_unit_id };
}

/** "I", "II", "A", "B": a heading of the appendix, not a task. */
const SECTION_NUMBER = /^(?:[IVXLC]+|[A-Z])\.?$/;

function agencyProblems(
  resolved: ResolvedAgencies,
  row: number,
  table: Table<TaskColumn>,
  role: "lead" | "support",
): TaskImportProblem[] {
  const col = columnOf(table, role);
  const label = role === "lead" ? ["chủ trì", "lead"] : ["phối hợp", "supporting"];
  return resolved.unresolved.map((u) =>
    u.reason === "ambiguous"
      ? taskProblem(
          "ambiguous_agency",
          row,
          col,
          u.text,
          `Cơ quan ${label[0]} "${u.text}" ứng với nhiều cơ quan (${u.candidates.join(", ")}); hãy ghi tên đầy đủ.`,
          `${label[1]} agency "${u.text}" names several agencies (${u.candidates.join(", ")}); write the full name.`,
        )
      : taskProblem(
          "unknown_agency",
          row,
          col,
          u.text,
          `Không tìm thấy cơ quan ${label[0]} "${u.text}" trong danh mục cơ quan (kể cả tên gọi khác) của tỉnh; hãy sửa tên hoặc bổ sung tên gọi khác vào danh mục.`,
          `Unknown ${label[1]} agency "${u.text}" (names and aliases of the province's agencies); correct the name or add the alias to the catalog.`,
        ),
  );
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  matchKey(a ?? "") === matchKey(b ?? "");

export async function importTaskTable(
  db: Db,
  source: ImportSource,
  options: TaskImportOptions,
): Promise<TaskImportResult> {
  const doc = await findDocument(db, options.documentCode);
  const table = await readTaskTable(source, TASK_COLUMNS, ["text"], options.maxBytes);
  const resolve = await agencyResolver(db, doc.org_unit_id);
  const documentYear = documentYearOf({
    document_issued_on: doc.issued_on,
    document_period_from: doc.period_from,
  });
  const ctx = {
    ...(documentYear ? { documentYear } : {}),
    ...(doc.issued_on ? { documentDate: doc.issued_on } : {}),
  };
  const existing = await db
    .selectFrom("task as t")
    .leftJoin("task_deadline as d", (j) => j.onRef("d.task_id", "=", "t.id").on("d.revision", "=", 1))
    .select(["t.id", "t.code", "t.number", "t.text_vi", "t.lead_text", "t.support_text", "d.deadline_text"])
    .where("t.document_id", "=", doc.id)
    .execute();
  const existingByNumber = new Map(
    existing.filter((e) => e.number).map((e) => [matchKey(e.number as string), e]),
  );
  const existingByText = new Map(existing.map((e) => [matchKey(e.text_vi), e]));
  const takenCodes = new Set(
    (await db.selectFrom("task").select("code").where("code", "like", `${doc.code}-%`).execute()).map(
      (r) => r.code,
    ),
  );

  const problems: TaskImportProblem[] = [];
  const rows: TaskImportRow[] = [];
  const numberRows = new Map<string, number[]>();
  let section: string | null = null;
  for (const r of table.rows) {
    const get = (role: TaskColumn) => cellOf(table, r.cells, role);
    const number = get("number") || null;
    const text = get("text");
    const lead = get("lead");
    const support = get("support");
    // an Excel date cell arrives as ISO: read it as the date the sheet shows
    const rawDeadline = get("deadline");
    const deadlineText = isIsoDate(rawDeadline) ? formatDateVi(rawDeadline) : rawDeadline;
    if (number && SECTION_NUMBER.test(number) && !lead && !support && !deadlineText) {
      section = text ? `${number.replace(/\.$/, "")}. ${text}` : number;
      continue;
    }
    const rowProblems: TaskImportProblem[] = [];
    if (text === "") {
      rowProblems.push(
        taskProblem(
          "empty_task_text",
          r.row,
          columnOf(table, "text"),
          null,
          "Dòng có STT hoặc cơ quan nhưng không có nội dung nhiệm vụ.",
          "The row has a number or agencies but no task text.",
        ),
      );
    }
    if (number) numberRows.set(matchKey(number), [...(numberRows.get(matchKey(number)) ?? []), r.row]);
    const leadResolved = resolve(lead);
    const supportResolved = resolve(support);
    rowProblems.push(...agencyProblems(leadResolved, r.row, table, "lead"));
    rowProblems.push(...agencyProblems(supportResolved, r.row, table, "support"));
    if (lead === "" && text !== "")
      rowProblems.push(
        taskProblem(
          "missing_lead",
          r.row,
          columnOf(table, "lead"),
          null,
          "Nhiệm vụ chưa có cơ quan chủ trì: sẽ không được tính cho cơ quan nào.",
          "The task has no lead agency: it will count for no agency.",
        ),
      );
    const deadline = parseDeadline(deadlineText, ctx);
    if (deadline.review) {
      const missing = deadline.review.code === "missing";
      rowProblems.push(
        taskProblem(
          missing ? "missing_deadline" : "unreadable_deadline",
          r.row,
          columnOf(table, "deadline"),
          deadlineText || null,
          `${deadline.review.reason_vi}. Nhiệm vụ vẫn được nhập và đưa vào danh sách cần rà soát.`,
          `${deadline.review.reason_en}. The task is still imported and put on the review list.`,
        ),
      );
    }
    const before = number ? existingByNumber.get(matchKey(number)) : existingByText.get(matchKey(text));
    let outcome: TaskImportRow["outcome"] = "new";
    if (before) {
      const unchanged =
        same(before.text_vi, text) &&
        same(before.lead_text, lead) &&
        same(before.support_text, support) &&
        same(before.deadline_text, deadlineText);
      if (unchanged) outcome = "unchanged";
      else
        rowProblems.push(
          taskProblem(
            "task_exists",
            r.row,
            columnOf(table, number ? "number" : "text"),
            number ?? text,
            `Văn bản đã có nhiệm vụ ${number ? `STT ${number}` : "này"} (${before.code}) với nội dung khác; không ghi đè: hãy điều chỉnh thời hạn hoặc nội dung trên nhiệm vụ đó.`,
            `The document already has task ${number ? `number ${number}` : "with this text"} (${before.code}) with other content; it is not overwritten: move its deadline or edit it instead.`,
          ),
        );
    }
    if (rowProblems.some((p) => p.severity === "error")) outcome = "invalid";
    problems.push(...rowProblems);
    let taskCode: string | null = before?.code ?? null;
    if (outcome === "new") {
      const base = `${doc.code}-${number ? slugify(number) || `r${r.row}` : `r${r.row}`}`;
      taskCode = base;
      for (let n = 2; takenCodes.has(taskCode); n++) taskCode = `${base}-${n}`;
      takenCodes.add(taskCode);
    }
    rows.push({
      row: r.row,
      number,
      section,
      text,
      lead: leadResolved.matches,
      support: supportResolved.matches,
      deadline,
      outcome,
      taskCode,
    });
  }
  for (const [, at] of numberRows) {
    if (at.length < 2) continue;
    for (const row of at) {
      const x = rows.find((y) => y.row === row);
      const value = x?.number ?? null;
      problems.push(
        taskProblem(
          "duplicate_number",
          row,
          columnOf(table, "number"),
          value,
          `STT ${value} xuất hiện nhiều lần trong tệp (các dòng ${at.join(", ")}).`,
          `Number ${value} appears more than once in the file (rows ${at.join(", ")}).`,
        ),
      );
      if (x) x.outcome = "invalid";
    }
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const counts = countOutcomes(rows, problems);
  const result: TaskImportResult = {
    status: importStatus(options.dryRun, counts),
    batchId: null,
    fileName: source.name,
    document: { id: doc.id, code: doc.code },
    headerRow: table.headerRow,
    columns: table.columns.map((c) => ({ role: c.role, header: c.header, letter: c.letter })),
    counts,
    problems,
    rows,
  };
  if (result.status !== "committed" || counts.new === 0) return result;

  const batch = {
    kind: "tasks",
    source,
    fileHash: table.fileHash,
    counts,
    userId: options.userId,
    requestId: options.requestId,
    audited: { document: doc.code },
  } as const;
  result.batchId = await writeTaskBatch(db, batch, async (trx, batchId) => {
    const audit: AuditEntry[] = [];
    for (const x of rows.filter((y) => y.outcome === "new")) {
      const r = table.rows.find((y) => y.row === x.row) as { cells: string[] };
      const get = (role: TaskColumn) => cellOf(table, r.cells, role) || null;
      const task = await trx
        .insertInto("task")
        .values({
          code: x.taskCode as string,
          document_id: doc.id,
          number: x.number,
          section: x.section,
          text_vi: x.text,
          lead_text: get("lead"),
          support_text: get("support"),
          approval_level: get("approval"),
          expected_output: get("output"),
          note: get("note"),
          batch_id: batchId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const links = new Map<
        string,
        { task_id: number; agency_id: number; role: "lead" | "support"; part: string | null }
      >();
      for (const [role, list] of [
        ["lead", x.lead],
        ["support", x.support],
      ] as const)
        for (const m of list) {
          const key = `${m.agencyId}/${role}`;
          const prev = links.get(key);
          const part = prev?.part && m.part ? `${prev.part}; ${m.part}` : (prev?.part ?? m.part);
          links.set(key, { task_id: task.id, agency_id: m.agencyId, role, part });
        }
      if (links.size > 0)
        await trx
          .insertInto("task_agency")
          .values([...links.values()])
          .execute();
      const d = x.deadline;
      await trx
        .insertInto("task_deadline")
        .values({
          task_id: task.id,
          revision: 1,
          deadline_text: x.deadline.text || null,
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
          changed_by: options.userId,
          reason: null,
        })
        .execute();
      audit.push({
        userId: options.userId,
        action: "create",
        entity: "task",
        entityId: x.taskCode,
        newValue: {
          document: doc.code,
          number: x.number,
          text: x.text,
          lead: x.lead.map((m) => ({ code: m.code, part: m.part })),
          support: x.support.map((m) => m.code),
          deadline: { text: d.text, kind: d.kind, due: d.due ?? null, review: d.review?.code ?? null },
        },
        batchId,
        requestId: options.requestId ?? null,
      });
    }
    return audit;
  });
  return result;
}

export interface TaskRollbackResult {
  batchId: number;
  kind: "tasks" | "task_status";
  removed: number;
}

/**
 * Undoes a task-table upload (removes the tasks it created) or a status-report upload (removes
 * its reports and brings each task back to its previous latest report), in one transaction with
 * the audit. A task upload is refused once one of its tasks has a status report or a moved
 * deadline: undoing it would erase that history.
 */
export async function rollbackTaskBatch(
  db: Db,
  batchId: number,
  userId: number | null,
  requestId: string | null = null,
): Promise<TaskRollbackResult> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .selectFrom("import_batch")
      .select(["id", "kind", "status", "user_id"])
      .where("id", "=", batchId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch || (batch.kind !== "tasks" && batch.kind !== "task_status"))
      throw new ImportError(
        "not_found",
        `Không tìm thấy lần nhập ${batchId}.`,
        `Batch ${batchId} not found.`,
      );
    if (batch.status === "rolled_back")
      throw new ImportError(
        "already_rolled_back",
        `Lần nhập ${batchId} đã được hoàn tác.`,
        `Batch ${batchId} has already been rolled back.`,
      );
    const audit: AuditEntry[] = [];
    let removed = 0;
    if (batch.kind === "tasks") {
      const tasks = await trx
        .selectFrom("task")
        .select(["id", "code"])
        .where("batch_id", "=", batchId)
        .execute();
      const ids = tasks.map((t) => t.id);
      if (ids.length > 0) {
        const reports = await trx
          .selectFrom("task_status_report")
          .select("task_id")
          .where("task_id", "in", ids)
          .executeTakeFirst();
        const moved = await trx
          .selectFrom("task_deadline")
          .select("task_id")
          .where("task_id", "in", ids)
          .where("revision", ">", 1)
          .executeTakeFirst();
        const replacing = await trx
          .selectFrom("task")
          .select("id")
          .where("replaced_by_id", "in", ids)
          .executeTakeFirst();
        if (reports || moved || replacing)
          throw new ImportError(
            "conflict",
            "Không hoàn tác được: đã có báo cáo tình hình, điều chỉnh thời hạn hoặc nhiệm vụ thay thế gắn với nhiệm vụ của lần nhập này.",
            "Cannot roll back: tasks of this batch already have status reports, moved deadlines or replacements.",
          );
        await trx.deleteFrom("task").where("id", "in", ids).execute();
      }
      removed = tasks.length;
      for (const t of tasks)
        audit.push({ userId, action: "delete", entity: "task", entityId: t.code, batchId, requestId });
    } else {
      const reports = await trx
        .selectFrom("task_status_report")
        .select(["id", "task_id", "status", "occurrence"])
        .where("batch_id", "=", batchId)
        .execute();
      await trx.deleteFrom("task_status_report").where("batch_id", "=", batchId).execute();
      for (const taskId of new Set(reports.map((r) => r.task_id))) await refreshTaskState(trx, taskId);
      removed = reports.length;
      for (const r of reports)
        audit.push({
          userId,
          action: "delete",
          entity: "task_status_report",
          entityId: r.id,
          oldValue: { task_id: r.task_id, status: r.status, occurrence: r.occurrence },
          batchId,
          requestId,
        });
    }
    await trx
      .updateTable("import_batch")
      .set({ status: "rolled_back", rolled_back_at: new Date(), rolled_back_by: userId })
      .where("id", "=", batchId)
      .execute();
    audit.push({
      userId,
      action: "rollback",
      entity: "import_batch",
      entityId: batchId,
      newValue: { kind: batch.kind, removed },
      batchId,
      requestId,
    });
    await writeAudit(trx, audit);
    return { batchId, kind: batch.kind, removed };
  });
}

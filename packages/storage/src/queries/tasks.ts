import {
  type AgencyTextPiece,
  type Deadline,
  deadlineFromRow,
  matchKey,
  splitAgencyText,
  taskStateFromReports,
} from "@chitieu/domain";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../database.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface AgencyMatch {
  agencyId: number;
  code: string;
  nameVi: string;
  kind: "agency" | "group";
  /** the piece of the cell as written */
  text: string;
  /** the alias it matched (with the list's head when the cell lists names under one) */
  spelling: string;
  part: string | null;
}

export interface UnresolvedAgency {
  text: string;
  part: string | null;
  reason: "unknown" | "ambiguous";
  /** agency codes an ambiguous spelling names */
  candidates: string[];
}

export interface ResolvedAgencies {
  matches: AgencyMatch[];
  unresolved: UnresolvedAgency[];
}

/**
 * The org units an alias may belong to when read for `orgUnitId`: the unit and everything
 * under it first (a province's departments and districts), then the units above it (national
 * bodies). A spelling known in both reads as the nearer one.
 */
async function unitRanks(db: Db, orgUnitId: number): Promise<Map<number, number>> {
  const units = await db.selectFrom("org_unit").select(["id", "parent_id"]).execute();
  const children = new Map<number, number[]>();
  const parent = new Map<number, number | null>();
  for (const u of units) {
    parent.set(u.id, u.parent_id);
    if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  }
  const rank = new Map<number, number>();
  const stack = [orgUnitId];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (rank.has(id)) continue;
    rank.set(id, 0);
    stack.push(...(children.get(id) ?? []));
  }
  for (
    let up = parent.get(orgUnitId) ?? null, r = 1;
    up !== null && !rank.has(up);
    up = parent.get(up) ?? null, r++
  )
    rank.set(up, r);
  return rank;
}

/**
 * A resolver for the cells of one document: aliases are read once, then each cell is split
 * (splitAgencyText) and every piece looked up by matchKey. Pieces that are unknown, or that
 * name several agencies at the same distance, are returned as unresolved; nothing is guessed.
 */
export async function agencyResolver(
  db: Db,
  orgUnitId: number,
): Promise<(text: string | null) => ResolvedAgencies> {
  const ranks = await unitRanks(db, orgUnitId);
  const rows = await db
    .selectFrom("agency_alias as al")
    .innerJoin("agency as a", "a.id", "al.agency_id")
    .select(["al.alias_key", "al.org_unit_id", "a.id", "a.code", "a.name_vi", "a.kind"])
    .execute();
  type Candidate = { id: number; code: string; nameVi: string; kind: "agency" | "group"; rank: number };
  const byKey = new Map<string, Candidate[]>();
  for (const r of rows) {
    const rank = r.org_unit_id === null ? 1000 : ranks.get(r.org_unit_id);
    if (rank === undefined) continue;
    const list = byKey.get(r.alias_key) ?? [];
    if (!list.some((c) => c.id === r.id))
      list.push({ id: r.id, code: r.code, nameVi: r.name_vi, kind: r.kind, rank });
    byKey.set(r.alias_key, list);
  }
  const best = (key: string): Candidate[] => {
    const list = byKey.get(key) ?? [];
    const top = Math.min(...list.map((c) => c.rank));
    return list.filter((c) => c.rank === top);
  };
  return (text) => {
    const out: ResolvedAgencies = { matches: [], unresolved: [] };
    const pieces: AgencyTextPiece[] = splitAgencyText(text, (s) => byKey.has(matchKey(s)));
    for (const p of pieces) {
      const found = p.match === null ? [] : best(matchKey(p.match));
      const only = found.length === 1 ? found[0] : undefined;
      if (only && p.match !== null) {
        if (!out.matches.some((m) => m.agencyId === only.id && m.part === p.part))
          out.matches.push({
            agencyId: only.id,
            code: only.code,
            nameVi: only.nameVi,
            kind: only.kind,
            text: p.text,
            spelling: p.match,
            part: p.part,
          });
      } else {
        out.unresolved.push({
          text: p.text,
          part: p.part,
          reason: found.length > 1 ? "ambiguous" : "unknown",
          candidates: found.map((c) => c.code),
        });
      }
    }
    return out;
  };
}

/**
 * Splits a lead or support cell ("Sở Tài chính; Sở Kế hoạch và Đầu tư", "Các Sở: Thông tin và
 * Truyền thông, Nội vụ") and resolves each piece through agency_alias as read in `orgUnitId`
 * (the document's province). Generic phrases resolve to their group agency.
 */
export async function resolveAgencies(
  db: Db,
  text: string | null,
  orgUnitId: number,
): Promise<ResolvedAgencies> {
  return (await agencyResolver(db, orgUnitId))(text);
}

/** Every task with its document and its deadline in force (one row per task). */
export function tasksWithDeadline(db: Db) {
  return db
    .selectFrom("task as t")
    .innerJoin("document as doc", "doc.id", "t.document_id")
    .leftJoin("task_deadline_current as dl", "dl.task_id", "t.id")
    .select([
      "t.id",
      "t.code",
      "t.number",
      "t.section",
      "t.text_vi",
      "t.text_en",
      "t.lead_text",
      "t.support_text",
      "t.approval_level",
      "t.expected_output",
      "t.note",
      "t.status",
      "t.completed_on",
      "t.replaced_by_id",
      "t.batch_id",
      "doc.id as document_id",
      "doc.code as document_code",
      "doc.number as document_number",
      "doc.issued_on as document_issued_on",
      "doc.period_from as document_period_from",
      "doc.org_unit_id as document_org_unit_id",
      "dl.revision as deadline_revision",
      "dl.deadline_text",
      "dl.kind as deadline_kind",
      "dl.due_date",
      "dl.window_from",
      "dl.window_to",
      "dl.recurrence",
      "dl.start_year",
      "dl.end_year",
      "dl.review_code",
      "dl.review_reason",
      "dl.provenance as deadline_provenance",
      "dl.condition_text as deadline_condition",
      "dl.aspiration as deadline_aspiration",
      "dl.vision_year as deadline_vision_year",
    ]);
}

export interface StatusReportRow {
  taskId: number;
  occurrence: string | null;
  reportedOn: string;
  status: "not_started" | "in_progress" | "done" | "cancelled" | "replaced";
  completedOn: string | null;
  progressNote: string | null;
  evidenceDocument: string | null;
  evidenceUrl: string | null;
  evidenceFile: string | null;
  /** the document that shows it done: number ("1456/QĐ-TTg") and date */
  evidenceDocumentNumber?: string | null;
  evidenceDocumentDate?: string | null;
  agencyId: number | null;
  userId: number | null;
  batchId: number | null;
  replacedById?: number | null;
}

/**
 * Stores a report (already checked with checkStatusReport) and brings the task row up to date:
 * its status and completion date are those of its latest report (taskStateFromReports).
 * Call inside the transaction that writes the audit row.
 */
export async function insertStatusReport(trx: Transaction<Database>, r: StatusReportRow): Promise<number> {
  const row = await trx
    .insertInto("task_status_report")
    .values({
      task_id: r.taskId,
      occurrence: r.occurrence,
      reported_on: r.reportedOn,
      status: r.status,
      progress_note: r.progressNote,
      completed_on: r.status === "done" ? r.completedOn : null,
      evidence_document: r.evidenceDocument,
      evidence_url: r.evidenceUrl,
      evidence_file: r.evidenceFile,
      evidence_document_number: r.evidenceDocumentNumber ?? null,
      evidence_document_date: r.evidenceDocumentDate ?? null,
      agency_id: r.agencyId,
      user_id: r.userId,
      batch_id: r.batchId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (r.status === "replaced" && r.replacedById)
    await trx
      .updateTable("task")
      .set({ replaced_by_id: r.replacedById })
      .where("id", "=", r.taskId)
      .execute();
  await refreshTaskState(trx, r.taskId);
  return row.id;
}

/** task.status and task.completed_on from the task's reports (after an insert or a rollback). */
export async function refreshTaskState(trx: Transaction<Database>, taskId: number): Promise<void> {
  const reports = await trx
    .selectFrom("task_status_report")
    .select(["id", "occurrence", "status", "completed_on", "reported_on"])
    .where("task_id", "=", taskId)
    .execute();
  const state = taskStateFromReports(
    reports.map((x) => ({
      occurrence: x.occurrence,
      status: x.status,
      completedOn: x.completed_on,
      reportedOn: x.reported_on,
      seq: x.id,
    })),
  );
  const current = await trx
    .selectFrom("task")
    .select("replaced_by_id")
    .where("id", "=", taskId)
    .executeTakeFirstOrThrow();
  // a task can only read "replaced" while it knows its replacement
  const status =
    state.status === "replaced" && current.replaced_by_id === null ? "in_progress" : state.status;
  await trx
    .updateTable("task")
    .set({ status, completed_on: state.completedOn })
    .where("id", "=", taskId)
    .execute();
}

export type TaskWithDeadline = Awaited<ReturnType<ReturnType<typeof tasksWithDeadline>["execute"]>>[number];

/** The year a task's document speaks of: its date, else the first year of its period. */
export function documentYearOf(row: {
  document_issued_on: string | null;
  document_period_from: number | null;
}) {
  return row.document_issued_on
    ? Number(row.document_issued_on.slice(0, 4))
    : (row.document_period_from ?? undefined);
}

/** The deadline in force of a task row (tasksWithDeadline), as the domain reads it. */
export function taskDeadline(row: TaskWithDeadline): Deadline {
  const documentYear = documentYearOf(row);
  return deadlineFromRow(
    {
      deadline_text: row.deadline_text ?? null,
      kind: row.deadline_kind ?? "none",
      due_date: row.due_date ?? null,
      window_from: row.window_from ?? null,
      window_to: row.window_to ?? null,
      recurrence: row.recurrence ?? null,
      start_year: row.start_year ?? null,
      end_year: row.end_year ?? null,
      review_code: row.review_code ?? null,
      review_reason: row.review_reason ?? null,
      provenance: row.deadline_provenance ?? "stated",
      condition_text: row.deadline_condition ?? null,
      aspiration: row.deadline_aspiration ?? false,
      vision_year: row.deadline_vision_year ?? null,
    },
    documentYear === undefined ? {} : { documentYear },
  );
}

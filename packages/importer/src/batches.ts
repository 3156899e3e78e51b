import { type Database, writeAudit } from "@chitieu/storage";
import { type Kysely, sql, type Transaction } from "kysely";
import { IMPORT_LOCK } from "./import-service.ts";
import { ImportError } from "./problems.ts";

// Import batches: list, read, and roll back. A rollback deletes the batch's observations and
// makes current again the rows they replaced, and removes the target revisions the batch
// recorded from its plan column (the target's previous revision is in force again), in one
// transaction with its audit; it is refused when a later batch has already revised a row of this
// one, or anyone has revised such a target again since (undoing would rewrite history).

export interface BatchFilter {
  userId?: number;
  status?: "committed" | "rolled_back";
  limit?: number;
  offset?: number;
}

export interface BatchSummary {
  id: number;
  file_name: string;
  file_hash: string;
  user_id: number | null;
  user_email: string | null;
  created_at: string;
  status: "committed" | "rolled_back";
  rows_total: number;
  rows_new: number;
  rows_revised: number;
  rows_unchanged: number;
  rows_invalid: number;
  rolled_back_at: string | null;
  rolled_back_by: number | null;
}

type Db = Kysely<Database>;

function batchQuery(db: Db | Transaction<Database>) {
  return db
    .selectFrom("import_batch as b")
    .leftJoin("app_user as u", "u.id", "b.user_id")
    .select([
      "b.id",
      "b.file_name",
      "b.file_hash",
      "b.user_id",
      "u.email as user_email",
      "b.created_at",
      "b.status",
      "b.rows_total",
      "b.rows_new",
      "b.rows_revised",
      "b.rows_unchanged",
      "b.rows_invalid",
      "b.rolled_back_at",
      "b.rolled_back_by",
    ])
    .where("b.kind", "=", "observations");
}

function toSummary(
  r: Awaited<ReturnType<ReturnType<typeof batchQuery>["executeTakeFirstOrThrow"]>>,
): BatchSummary {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return { ...r, created_at: iso(r.created_at) as string, rolled_back_at: iso(r.rolled_back_at) };
}

export async function listBatches(db: Db, filter: BatchFilter = {}): Promise<BatchSummary[]> {
  let q = batchQuery(db);
  if (filter.userId !== undefined) q = q.where("b.user_id", "=", filter.userId);
  if (filter.status) q = q.where("b.status", "=", filter.status);
  const rows = await q
    .orderBy("b.id", "desc")
    .limit(Math.min(filter.limit ?? 50, 500))
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(toSummary);
}

export async function getBatch(db: Db, batchId: number): Promise<BatchSummary | null> {
  const row = await batchQuery(db).where("b.id", "=", batchId).executeTakeFirst();
  return row ? toSummary(row) : null;
}

export interface RollbackResult {
  batchId: number;
  deleted: number;
  restored: number;
  /** target revisions recorded from the batch's plan column, removed (the previous one in force again) */
  targetsRestored: number;
}

export async function rollbackBatch(db: Db, batchId: number, userId: number | null): Promise<RollbackResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    const batch = await trx
      .selectFrom("import_batch")
      .select(["id", "status", "kind", "file_name"])
      .where("id", "=", batchId)
      .forUpdate()
      .executeTakeFirst();
    if (batch?.kind !== "observations") {
      throw new ImportError(
        "not_found",
        `Không tìm thấy lần nhập ${batchId}.`,
        `Import batch ${batchId} not found.`,
      );
    }
    if (batch.status === "rolled_back") {
      throw new ImportError(
        "already_rolled_back",
        `Lần nhập ${batchId} đã được hoàn tác trước đó.`,
        `Import batch ${batchId} has already been rolled back.`,
      );
    }
    await refuseIfRevisedLater(trx, batchId);
    const plans = await planRevisionsToUndo(trx, batchId);
    const counts = {
      ...(await undoObservations(trx, batchId, userId)),
      targetsRestored: await undoPlanRevisions(trx, batchId, userId, plans),
    };
    await trx
      .updateTable("import_batch")
      .set({ status: "rolled_back", rolled_back_at: sql`now()`, rolled_back_by: userId })
      .where("id", "=", batchId)
      .execute();
    await writeAudit(trx, [
      {
        userId,
        action: "rollback",
        entity: "import_batch",
        entityId: batchId,
        oldValue: { status: "committed" },
        newValue: { status: "rolled_back", file_name: batch.file_name, ...counts },
        batchId,
      },
    ]);
    return { batchId, ...counts };
  });
}

async function refuseIfRevisedLater(trx: Transaction<Database>, batchId: number) {
  const later = await sql<{ batch_id: number | null; n: number }>`
    select later.batch_id, count(*)::int as n
    from observation mine join observation later on later.replaces_id = mine.id
    where mine.batch_id = ${batchId}
    group by later.batch_id order by later.batch_id`.execute(trx);
  if (later.rows.length === 0) return;
  const ids = later.rows.map((r) => r.batch_id ?? "?").join(", ");
  const n = later.rows.reduce((s, r) => s + Number(r.n), 0);
  throw new ImportError(
    "conflict",
    `Không thể hoàn tác lần nhập ${batchId}: ${n} số liệu của lần nhập này đã được sửa tiếp bởi lần nhập ${ids}. Hãy hoàn tác các lần nhập sau trước.`,
    `Cannot roll back batch ${batchId}: ${n} of its figures were revised again by batch ${ids}. Roll back the later batches first.`,
    { laterBatches: later.rows.map((r) => r.batch_id) },
  );
}

async function undoObservations(trx: Transaction<Database>, batchId: number, userId: number | null) {
  await sql`insert into audit_log (user_id, action, entity, entity_id, old_value, new_value, batch_id)
    select ${userId}, 'rollback', 'observation', n.id::text,
      jsonb_build_object('id', n.id, 'value', n.value::text, 'status', n.status, 'note', n.note, 'batch_id', n.batch_id),
      case when o.id is null then null
        else jsonb_build_object('id', o.id, 'value', o.value::text, 'status', o.status, 'note', o.note, 'batch_id', o.batch_id) end,
      ${batchId}
    from observation n left join observation o on o.id = n.replaces_id
    where n.batch_id = ${batchId} and n.replaces_id is not null`.execute(trx);
  await sql`create temp table rollback_restore on commit drop as
    select replaces_id as id from observation where batch_id = ${batchId} and replaces_id is not null`.execute(
    trx,
  );
  const deleted = await sql`delete from observation where batch_id = ${batchId}`.execute(trx);
  const restored = await sql`update observation o set superseded_at = null
    from rollback_restore r where o.id = r.id`.execute(trx);
  await sql`drop table rollback_restore`.execute(trx);
  return { deleted: Number(deleted.numAffectedRows ?? 0), restored: Number(restored.numAffectedRows ?? 0) };
}

interface PlanRevisionRow {
  id: number;
  target_id: number;
  revision: number;
  indicator_code: string;
  indicator_name: string;
  org_unit_name: string;
  period: string;
  later_revision: number | null;
  later_by: string | null;
  later_on: string | null;
}

/**
 * The target revisions the batch recorded from its plan column, each target locked (a revision by
 * hand waits); refused, naming the target, when one was revised again since by anyone else (a hand
 * revision, the catalog, another batch): removing this batch's revision would rewrite the history
 * the later one was made on.
 */
async function planRevisionsToUndo(trx: Transaction<Database>, batchId: number): Promise<PlanRevisionRow[]> {
  const targets = await trx
    .selectFrom("target_revision")
    .select("target_id")
    .where("batch_id", "=", batchId)
    .execute();
  if (targets.length === 0) return [];
  await trx
    .selectFrom("target")
    .select("id")
    .where(
      "id",
      "in",
      targets.map((t) => t.target_id),
    )
    .orderBy("id")
    .forUpdate()
    .execute();
  const rows = await sql<PlanRevisionRow>`
    select r.id, r.target_id, r.revision, i.code as indicator_code, i.name_vi as indicator_name,
      o.name_vi as org_unit_name, t.period,
      l.revision as later_revision, coalesce(u.display_name, u.email) as later_by,
      to_char(l.created_at, 'DD/MM/YYYY') as later_on
    from target_revision r
      join target t on t.id = r.target_id
      join indicator i on i.id = t.indicator_id
      join org_unit o on o.id = t.org_unit_id
      left join lateral (
        select x.revision, x.created_by, x.created_at from target_revision x
        where x.target_id = r.target_id and x.revision > r.revision
          and x.batch_id is distinct from ${batchId}
        order by x.revision limit 1
      ) l on true
      left join app_user u on u.id = l.created_by
    where r.batch_id = ${batchId}
    order by r.target_id, r.revision`.execute(trx);
  const later = rows.rows.find((r) => r.later_revision !== null);
  if (later) {
    const by = later.later_by ?? "hệ thống";
    const byEn = later.later_by ?? "the system";
    throw new ImportError(
      "conflict",
      `Không thể hoàn tác lần nhập ${batchId}: chỉ tiêu kế hoạch "${later.indicator_name}" (${later.indicator_code}) của ${later.org_unit_name}, năm ${later.period}, mà lần nhập này đã điều chỉnh theo cột kế hoạch (lần điều chỉnh ${later.revision}), đã được điều chỉnh tiếp (lần điều chỉnh ${later.later_revision}, ${by}, ngày ${later.later_on}). Hoàn tác sẽ xóa mức mà lần điều chỉnh sau dựa vào; hãy điều chỉnh chỉ tiêu trong mục Quản trị nếu cần.`,
      `Cannot roll back batch ${batchId}: the target "${later.indicator_name}" (${later.indicator_code}) of ${later.org_unit_name}, ${later.period}, which this batch revised from its plan column (revision ${later.revision}), was revised again since (revision ${later.later_revision}, by ${byEn}, on ${later.later_on}). Rolling back would remove the amount the later revision was made on; revise the target in Administration if needed.`,
      {
        target: {
          id: later.target_id,
          indicator: later.indicator_code,
          period: later.period,
          revision: later.revision,
          laterRevision: later.later_revision,
        },
      },
    );
  }
  return rows.rows;
}

/** Removes the batch's plan revisions, each audited with the revision now in force again. */
async function undoPlanRevisions(
  trx: Transaction<Database>,
  batchId: number,
  userId: number | null,
  plans: PlanRevisionRow[],
): Promise<number> {
  // the latest first: two revisions of one target by this batch go back to the one before both
  for (const p of [...plans].sort((a, b) => b.revision - a.revision)) {
    const removed = await trx
      .deleteFrom("target_revision")
      .where("id", "=", p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const previous = await trx
      .selectFrom("target_revision")
      .selectAll()
      .where("target_id", "=", p.target_id)
      .orderBy("revision", "desc")
      .limit(1)
      .executeTakeFirst();
    await writeAudit(trx, [
      {
        userId,
        action: "rollback",
        entity: "target",
        entityId: p.target_id,
        oldValue: removed,
        newValue: previous ?? null,
        batchId,
      },
    ]);
  }
  return plans.length;
}

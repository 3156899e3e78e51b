import { rollbackTaskBatch } from "@chitieu/importer";
import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { camelRow } from "./camel.ts";
import type { ServiceContext } from "./context.ts";
import { failures } from "./errors.ts";

// Task-table and status uploads as the people who made them see them: an admin sees every one,
// anyone else only their own (someone else's batch is "not found", never "forbidden").

const TASK_KINDS = ["tasks", "task_status"] as const;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function listTaskImports(ctx: ServiceContext, page: { limit: number; offset: number }) {
  const { db, actor } = ctx;
  let query = db
    .selectFrom("import_batch as b")
    .leftJoin("app_user as u", "u.id", "b.user_id")
    .select([
      "b.id",
      "b.kind",
      "b.file_name",
      "u.email as user_email",
      "b.created_at",
      "b.status",
      "b.rows_total",
      "b.rows_new",
      "b.rolled_back_at",
    ])
    .where("b.kind", "in", TASK_KINDS);
  if (actor.role !== "admin") query = query.where("b.user_id", "=", actor.userId);
  const rows = await query.orderBy("b.id", "desc").limit(page.limit).offset(page.offset).execute();
  return rows.map((r) =>
    camelRow({
      ...r,
      kind: r.kind as (typeof TASK_KINDS)[number],
      created_at: new Date(r.created_at).toISOString(),
      rolled_back_at: iso(r.rolled_back_at),
    }),
  );
}

/** Rolls back a task or status upload: an admin any, anyone else only their own. */
export async function rollbackTaskImport(ctx: ServiceContext, batchId: number) {
  const { db, actor, requestId } = ctx;
  const batch = await db
    .selectFrom("import_batch")
    .select(["user_id", "kind"])
    .where("id", "=", batchId)
    .executeTakeFirst();
  if (
    !batch ||
    !(TASK_KINDS as readonly string[]).includes(batch.kind) ||
    (actor.role !== "admin" && batch.user_id !== actor.userId)
  )
    throw failures.notFound(`lần nhập ${batchId} / batch ${batchId}`);
  return rollbackTaskBatch(db, batchId, actor.userId, requestId);
}

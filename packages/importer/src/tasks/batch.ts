import { type AuditEntry, type Database, writeAudit } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";
import { ImportError } from "../problems.ts";
import type { ImportSource } from "../source.ts";
import type { TaskImportProblem } from "./problems.ts";
import { readTable, type Table, TableError } from "./table.ts";

// What the task-table and the status-report uploads do alike: read the table (a file the table
// reader refuses is an ImportError, as for figures), count the rows' outcomes and the problems,
// and write all the rows of a commit under one import batch with its audit, in one transaction.

export interface TaskImportCounts {
  total: number;
  new: number;
  unchanged: number;
  invalid: number;
  errors: number;
  warnings: number;
}

export function tableError(e: TableError): ImportError {
  return new ImportError(e.code === "file_too_large" ? "file_too_large" : "unreadable_file", e.vi, e.en, {
    code: e.code,
    ...e.details,
  });
}

/** readTable, with a refused file as an ImportError. */
export async function readTaskTable<R extends string>(
  source: ImportSource,
  synonyms: Record<R, string[]>,
  required: R[],
  maxBytes?: number,
): Promise<Table<R>> {
  try {
    return await readTable(source, synonyms, required, maxBytes);
  } catch (e) {
    throw e instanceof TableError ? tableError(e) : e;
  }
}

export function countOutcomes(
  rows: Array<{ outcome: "new" | "unchanged" | "invalid" }>,
  problems: TaskImportProblem[],
): TaskImportCounts {
  const errors = problems.filter((p) => p.severity === "error").length;
  return {
    total: rows.length,
    new: rows.filter((x) => x.outcome === "new").length,
    unchanged: rows.filter((x) => x.outcome === "unchanged").length,
    invalid: rows.filter((x) => x.outcome === "invalid").length,
    errors,
    warnings: problems.length - errors,
  };
}

/** A preview stays a preview; a commit with any error is rejected as a whole. */
export function importStatus(
  dryRun: boolean,
  counts: TaskImportCounts,
): "preview" | "committed" | "rejected" {
  return dryRun ? "preview" : counts.errors > 0 ? "rejected" : "committed";
}

export interface TaskBatch {
  kind: "tasks" | "task_status";
  source: ImportSource;
  fileHash: string;
  counts: TaskImportCounts;
  userId: number | null;
  requestId?: string | null | undefined;
  /** more of the batch's "import" audit entry, between the file name and the counts */
  audited?: Record<string, unknown>;
}

/**
 * Opens an import batch, lets `write` insert the rows under it (returning their audit entries),
 * then writes those entries and the batch's own "import" entry; all in one transaction.
 * Returns the batch id.
 */
export async function writeTaskBatch(
  db: Kysely<Database>,
  b: TaskBatch,
  write: (trx: Transaction<Database>, batchId: number) => Promise<AuditEntry[]>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto("import_batch")
      .values({
        kind: b.kind,
        file_name: b.source.name,
        file_hash: b.fileHash,
        user_id: b.userId,
        rows_total: b.counts.total,
        rows_new: b.counts.new,
        rows_unchanged: b.counts.unchanged,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const audit = await write(trx, batch.id);
    audit.push({
      userId: b.userId,
      action: "import",
      entity: "import_batch",
      entityId: batch.id,
      newValue: { kind: b.kind, file: b.source.name, ...b.audited, ...b.counts },
      batchId: batch.id,
      requestId: b.requestId ?? null,
    });
    await writeAudit(trx, audit);
    return batch.id;
  });
}

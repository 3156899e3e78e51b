import { resolveThresholds, thresholdsSchema } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Selectable, Transaction } from "kysely";
import { type ConstraintProblem, INTEGRITY_CODES, violatedConstraint } from "../constraints.ts";
import type { ServiceContext } from "../context.ts";
import { failures, ServiceError } from "../errors.ts";

// What the administrator's changes to the catalog share (indicators.ts, org-units.ts, agencies.ts,
// succession.ts, documents.ts): field problems in both languages, lookups by code, and the insert
// and update that write their audit row in the same transaction, old and new values side by side.

export type Trx = Transaction<Database>;
export type Row = Record<string, unknown>;

/** A 400 that names the field in both languages. */
export function fieldProblem(code: string, path: string, vi: string, en: string): ServiceError {
  return new ServiceError("invalid", code, `${path}: ${vi}`, `${path}: ${en}`, [
    { path, message: `${vi} / ${en}`, code },
  ]);
}

export const unknownCode = (path: string, what: { vi: string; en: string }, code: string) =>
  fieldProblem("unknown_code", path, `không có ${what.vi} mã “${code}”`, `no ${what.en} with code “${code}”`);

export const WHAT = {
  indicator: { vi: "chỉ tiêu", en: "indicator" },
  org_unit: { vi: "đơn vị hành chính", en: "org unit" },
  agency: { vi: "cơ quan", en: "agency" },
  document: { vi: "văn bản", en: "document" },
} as const;
export type Table = keyof typeof WHAT;

const CONSTRAINT_WORDS: Record<Exclude<ConstraintProblem, "invalid_target">, [vi: string, en: string]> = {
  duplicate: ["giá trị này đã có", "this value already exists"],
  check_violation: ["giá trị không hợp lệ", "value not allowed"],
  unknown_reference: ["tham chiếu không tồn tại", "reference does not exist"],
};

/**
 * The database holds the last word on every rule; what slipped past the checks here still answers
 * 400, at the field its named constraint speaks of (constraints.ts).
 */
export function fromDatabase(error: unknown): never {
  const named = violatedConstraint(error);
  const code = (error as { code?: unknown } | null)?.code;
  const problem = named?.problem ?? (typeof code === "string" ? INTEGRITY_CODES[code] : undefined) ?? null;
  if (problem === null || problem === "invalid_target") throw error;
  const [vi, en] = CONSTRAINT_WORDS[problem];
  throw fieldProblem(problem, named?.field ?? "body", vi, en);
}

export async function idOf(
  trx: Trx,
  table: Table,
  code: string | null | undefined,
  path: string,
): Promise<number | null | undefined> {
  if (code === undefined) return undefined;
  if (code === null || code === "") return null;
  const row = await trx.selectFrom(table).select("id").where("code", "=", code).executeTakeFirst();
  if (!row) throw unknownCode(path, WHAT[table], code);
  return row.id;
}

export async function mustNotExist(trx: Trx, table: Table, code: string, path = "code") {
  const row = await trx.selectFrom(table).select("id").where("code", "=", code).executeTakeFirst();
  if (row)
    throw fieldProblem(
      "duplicate_code",
      path,
      `đã có ${WHAT[table].vi} mã “${code}”`,
      `an ${WHAT[table].en} with code “${code}” already exists`,
    );
}

/** Only the keys the caller sent: undefined means "leave as is", null means "clear". */
export function defined<T extends Row>(row: T): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function changedOnly(old: Row, wanted: Row): { before: Row; after: Row } {
  const before: Row = {};
  const after: Row = {};
  for (const [k, v] of Object.entries(wanted)) {
    if (JSON.stringify(old[k] ?? null) === JSON.stringify(v ?? null)) continue;
    before[k] = old[k] ?? null;
    after[k] = v;
  }
  return { before, after };
}

/** The row of a catalog entity by its code; a 404 that names it in both languages when there is none. */
export async function mustFind<T extends Table>(trx: Trx, table: T, code: string, vi: string, en: string) {
  const row = await trx
    .selectFrom(table as Table)
    .selectAll()
    .where("code", "=", code)
    .executeTakeFirst();
  if (!row) throw failures.notFound(`${vi} ${code} / ${en} ${code}`);
  return row as Selectable<Database[T]>;
}

/** Inserts one new catalog row; what the database refuses comes back as a 400 naming the field. */
export async function insertRow(trx: Trx, table: Table, row: Row): Promise<number> {
  try {
    return (
      await trx
        .insertInto(table)
        .values(row as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  } catch (error) {
    fromDatabase(error);
  }
}

/** Inserts one new catalog row and audits it under its code; returns its id. */
export async function insertAudited(trx: Trx, ctx: ServiceContext, table: Table, row: Row) {
  const id = await insertRow(trx, table, row);
  await writeAudit(trx, [
    {
      userId: ctx.actor.userId,
      action: "create",
      entity: table,
      entityId: String(row.code),
      newValue: row,
      requestId: ctx.requestId,
    },
  ]);
  return id;
}

/**
 * Writes only the columns of `wanted` that differ from the row and audits them, old and new side
 * by side; nothing changed, nothing written. `current` is the row as `wanted` spells it (when the
 * stored form differs), `audited` how both sides are written into the audit. Returns the changes.
 */
export async function updateAudited(
  trx: Trx,
  ctx: ServiceContext,
  table: Table,
  old: Row & { id: number; code: string },
  wanted: Row,
  { current = old, audited = (r: Row) => r }: { current?: Row; audited?: (r: Row) => Row } = {},
): Promise<Row> {
  const { before, after } = changedOnly(current, wanted);
  if (Object.keys(after).length === 0) return after;
  try {
    await trx
      .updateTable(table)
      .set(after as never)
      .where("id", "=", old.id)
      .execute();
  } catch (error) {
    fromDatabase(error);
  }
  await writeAudit(trx, [
    {
      userId: ctx.actor.userId,
      action: "update",
      entity: table,
      entityId: old.code,
      oldValue: audited(before),
      newValue: audited(after),
      requestId: ctx.requestId,
    },
  ]);
  return after;
}

/** Only what the progress engine can honour: known keys, right types, at-risk band ≥ on-track band. */
export function checkThresholds(value: Record<string, unknown> | null | undefined) {
  if (value === undefined || value === null) return value;
  const parsed = thresholdsSchema.partial().strict().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") || (issue && "keys" in issue ? String(issue.keys) : "");
    throw fieldProblem(
      "invalid_thresholds",
      `thresholds${key ? `.${key}` : ""}`,
      "ngưỡng không hợp lệ (số không âm; số năm là số nguyên ≥ 1)",
      `invalid threshold (${issue?.message ?? "not a threshold"})`,
    );
  }
  const override = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  try {
    resolveThresholds({ thresholds: override });
  } catch {
    throw fieldProblem(
      "invalid_thresholds",
      "thresholds.atRiskPoints",
      "ngưỡng “có nguy cơ” phải lớn hơn hoặc bằng ngưỡng “đúng tiến độ”",
      "the at-risk threshold must be at least the on-track threshold",
    );
  }
  return Object.keys(override).length === 0 ? null : override;
}

import { dec } from "@chitieu/domain";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../database.ts";
import type { ObservationBasis, ObservationStatus } from "../tables/observation.ts";

export interface ObservationInput {
  indicatorId: number;
  orgUnitId: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  basis: ObservationBasis;
  /** exact decimal as a string */
  value: string;
  status: ObservationStatus;
  note?: string | null;
  isIllustrative?: boolean;
  /** the day the figure was measured at, when not the period's end (ISO date) */
  measuredAt?: string | null;
}

export interface WriteContext {
  batchId: number | null;
  userId: number | null;
}

export type RowOutcome = "new" | "revised" | "unchanged";

export interface WriteResult {
  outcomes: RowOutcome[];
  new: number;
  revised: number;
  unchanged: number;
}

const keyOf = (r: { indicator_id: number; org_unit_id: number; period: string; basis: string }) =>
  `${r.indicator_id}|${r.org_unit_id}|${r.period}|${r.basis}`;

/**
 * Writes observations without losing history: a value equal to the current one (same number,
 * status and note) changes nothing; a different one supersedes the current row and points at it.
 * Must run inside the caller's transaction so that a batch is written whole or not at all.
 */
export async function writeObservations(
  trx: Transaction<Database> | Kysely<Database>,
  rows: ObservationInput[],
  ctx: WriteContext,
): Promise<WriteResult> {
  const outcomes: RowOutcome[] = [];
  const result: WriteResult = { outcomes, new: 0, revised: 0, unchanged: 0 };
  const chunk = 1000;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const keys = part.map(
      (r) => sql`(${r.indicatorId}::int, ${r.orgUnitId}::int, ${r.period}::text, ${r.basis}::text)`,
    );
    const current = await trx
      .selectFrom("observation")
      .select([
        "id",
        "indicator_id",
        "org_unit_id",
        "period",
        "basis",
        "value",
        "status",
        "note",
        "measured_at",
      ])
      .where("superseded_at", "is", null)
      .where(sql<boolean>`(indicator_id, org_unit_id, period, basis) in (${sql.join(keys)})`)
      .execute();
    const byKey = new Map(current.map((r) => [keyOf(r), r]));
    const supersede: number[] = [];
    const inserts = [];
    for (const r of part) {
      const old = byKey.get(
        keyOf({ indicator_id: r.indicatorId, org_unit_id: r.orgUnitId, period: r.period, basis: r.basis }),
      );
      if (
        old &&
        dec(old.value).equals(dec(r.value)) &&
        old.status === r.status &&
        (old.note ?? null) === (r.note ?? null) &&
        (old.measured_at ?? null) === (r.measuredAt ?? null)
      ) {
        outcomes.push("unchanged");
        result.unchanged++;
        continue;
      }
      if (old) supersede.push(old.id);
      outcomes.push(old ? "revised" : "new");
      result[old ? "revised" : "new"]++;
      inserts.push({
        indicator_id: r.indicatorId,
        org_unit_id: r.orgUnitId,
        period: r.period,
        period_start: r.periodStart,
        period_end: r.periodEnd,
        basis: r.basis,
        value: r.value,
        status: r.status,
        note: r.note ?? null,
        is_illustrative: r.isIllustrative ?? false,
        measured_at: r.measuredAt ?? null,
        batch_id: ctx.batchId,
        recorded_by: ctx.userId,
        replaces_id: old?.id ?? null,
      });
    }
    if (supersede.length > 0)
      await trx
        .updateTable("observation")
        .set({ superseded_at: sql`now()` })
        .where("id", "in", supersede)
        .execute();
    if (inserts.length > 0) await trx.insertInto("observation").values(inserts).execute();
  }
  return result;
}

/** The history of one observation key, newest first. */
export async function observationHistory(
  db: Kysely<Database>,
  key: { indicatorId: number; orgUnitId: number; period: string; basis: ObservationBasis },
) {
  return db
    .selectFrom("observation")
    .selectAll()
    .where("indicator_id", "=", key.indicatorId)
    .where("org_unit_id", "=", key.orgUnitId)
    .where("period", "=", key.period)
    .where("basis", "=", key.basis)
    .orderBy("id", "desc")
    .execute();
}

import { dec, figureSpanKey } from "@chitieu/domain";
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
  /** a ratio's components (exact decimals); the denominator alone: a share's weight */
  numerator?: string | null;
  denominator?: string | null;
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
    // every current figure ending on the same day: among them, those covering the same months
    // whatever their basis ("2024-H1" as period or as ytd, "2024-9M" and "2024-09" ytd) are one
    // figure, which the new one replaces (issue #13: one current figure per span)
    const keys = part.map((r) => sql`(${r.indicatorId}::int, ${r.orgUnitId}::int, ${r.periodEnd}::date)`);
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
        "numerator",
        "denominator",
      ])
      .where("superseded_at", "is", null)
      .where(sql<boolean>`(indicator_id, org_unit_id, period_end) in (${sql.join(keys)})`)
      .execute();
    const spanKey = (r: { indicator_id: number; org_unit_id: number; period: string; basis: string }) => {
      const span = figureSpanKey(r.period, r.basis as ObservationBasis);
      return span === null ? keyOf(r) : `${r.indicator_id}|${r.org_unit_id}|${span}`;
    };
    const bySpan = new Map<string, (typeof current)[number][]>();
    for (const c of current) {
      const k = spanKey(c);
      const list = bySpan.get(k);
      if (list) list.push(c);
      else bySpan.set(k, [c]);
    }
    const supersede: number[] = [];
    const inserts = [];
    for (const r of part) {
      const wanted = {
        indicator_id: r.indicatorId,
        org_unit_id: r.orgUnitId,
        period: r.period,
        basis: r.basis,
      };
      const same = bySpan.get(spanKey(wanted)) ?? [];
      // the figure of the same key if there is one, else the one of the same span
      const old = same.find((c) => keyOf(c) === keyOf(wanted)) ?? same[0];
      const others = same.filter((c) => c !== old);
      bySpan.delete(spanKey(wanted));
      if (
        old &&
        dec(old.value).equals(dec(r.value)) &&
        old.status === r.status &&
        (old.note ?? null) === (r.note ?? null) &&
        (old.measured_at ?? null) === (r.measuredAt ?? null) &&
        sameDecimal(old.numerator, r.numerator) &&
        sameDecimal(old.denominator, r.denominator) &&
        others.length === 0
      ) {
        outcomes.push("unchanged");
        result.unchanged++;
        continue;
      }
      if (old) supersede.push(old.id);
      for (const o of others) supersede.push(o.id);
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
        numerator: r.numerator ?? null,
        denominator: r.denominator ?? null,
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

function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return dec(a).equals(dec(b));
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

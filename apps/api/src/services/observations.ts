import {
  dec,
  decToFixed,
  decToString,
  parsePeriod,
  periodCode,
  periodEnd,
  periodStart,
} from "@chitieu/domain";
import { IMPORT_LOCK } from "@chitieu/importer";
import { writeAudit, writeObservations } from "@chitieu/storage";
import { sql } from "kysely";
import { canWriteObservation } from "../auth/policy.ts";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";

export interface ObservationEntry {
  indicator: string;
  orgUnit: string;
  period: string;
  basis: "period" | "ytd";
  value: string;
  status: "estimate" | "preliminary" | "official";
  note?: string | null | undefined;
  /** the day the figure was measured at ("đến 31/01/2025"), when it is not the period's end */
  measuredAt?: string | null | undefined;
  /** issue #13 item 8: a ratio's components; the denominator alone is a share's weight */
  numerator?: string | null | undefined;
  denominator?: string | null | undefined;
}

/** One figure typed in by hand: a batch of one row, audited like an upload. */
export async function recordObservation(ctx: ServiceContext, e: ObservationEntry) {
  const { db, actor, requestId } = ctx;
  const p = parsePeriod(e.period);
  if (!p || p.kind === "plan")
    throw failures.invalid([{ path: "period", message: `Kỳ không hợp lệ / invalid period: ${e.period}` }]);
  const indicator = await db
    .selectFrom("indicator")
    .select(["id", "plausible_min", "plausible_max", "measure_kind", "unit"])
    .where("code", "=", e.indicator)
    .executeTakeFirst();
  const unit = await db
    .selectFrom("org_unit")
    .select(["id", "name_vi", "name_en"])
    .where("code", "=", e.orgUnit)
    .executeTakeFirst();
  if (e.measuredAt && e.measuredAt < periodStart(p))
    throw failures.invalid([
      {
        path: "measuredAt",
        message: `Ngày đo ${e.measuredAt} trước đầu kỳ ${periodStart(p)} / measured before the period starts`,
      },
    ]);
  if (!indicator || !unit)
    throw failures.invalid([
      { path: indicator ? "orgUnit" : "indicator", message: "Không tìm thấy / not found" },
    ]);
  checkComponents(e, indicator);
  if (!canWriteObservation(actor, indicator.id, unit.id))
    throw new ServiceError(
      "forbidden",
      "forbidden",
      `Không được ghi số liệu cho ${unit.name_vi} (${e.orgUnit}): ngoài phạm vi được giao cho tài khoản của bạn. Không có gì được lưu.`,
      `You may not write figures for ${unit.name_en ?? unit.name_vi} (${e.orgUnit}): it is outside your account's scope. Nothing was saved.`,
    );
  return withTransaction(ctx, async (trx) => {
    // the lock every import commit and rollback takes: two writes of one figure, or a write racing
    // the rollback of the batch it revises, run one after the other instead of failing on the
    // "one current figure" index or a foreign key
    await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    const batch = await trx
      .insertInto("import_batch")
      .values({
        kind: "observations",
        file_name: "nhập tay / manual entry",
        file_hash: `manual-${requestId}`,
        user_id: actor.userId,
        rows_total: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const result = await writeObservations(
      trx,
      [
        {
          indicatorId: indicator.id,
          orgUnitId: unit.id,
          period: periodCode(p),
          periodStart: periodStart(p),
          periodEnd: periodEnd(p),
          basis: e.basis,
          value: e.value,
          status: e.status,
          note: e.note ?? null,
          measuredAt: e.measuredAt ?? null,
          numerator: e.numerator ?? null,
          denominator: e.denominator ?? null,
        },
      ],
      { batchId: batch.id, userId: actor.userId },
    );
    await trx
      .updateTable("import_batch")
      .set({ rows_new: result.new, rows_revised: result.revised, rows_unchanged: result.unchanged })
      .where("id", "=", batch.id)
      .execute();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "record",
        entity: "observation",
        entityId: `${e.indicator}/${e.orgUnit}/${periodCode(p)}/${e.basis}`,
        newValue: e,
        batchId: batch.id,
        requestId,
      },
    ]);
    return { batchId: batch.id, outcome: result.outcomes[0] };
  });
}

/**
 * A ratio's components must make sense and agree with the value typed beside them: the value is
 * the ratio rounded half-up to the decimals it is written with (137/193 → "71" or "70.98").
 */
function checkComponents(e: ObservationEntry, indicator: { measure_kind: string; unit: string }) {
  const num = e.numerator ?? null;
  const den = e.denominator ?? null;
  if (num === null && den === null) return;
  if (num !== null && den === null)
    throw failures.invalid([
      {
        path: "denominator",
        message: `Có tử số ${num} mà không có mẫu số / a numerator without its denominator`,
      },
    ]);
  if (den !== null && !dec(den).greaterThan(0))
    throw failures.invalid([
      {
        path: "denominator",
        message: `Mẫu số phải lớn hơn 0, nhận ${den} / the denominator must be above 0`,
      },
    ]);
  if (num === null || den === null || indicator.measure_kind !== "ratio") return;
  const decimals = e.value.split(".")[1]?.length ?? 0;
  const ratio = dec(num)
    .div(den)
    .times(indicator.unit.includes("%") ? 100 : 1);
  const rounded = decToFixed(ratio, decimals);
  if (!dec(rounded).equals(dec(e.value)))
    throw failures.invalid([
      {
        path: "value",
        message: `Giá trị ${e.value} không khớp tử số ${num} / mẫu số ${den} = ${decToString(ratio.toDecimalPlaces(decimals + 4))} (làm tròn ${rounded}) / the value does not match its numerator and denominator`,
      },
    ]);
}

import { type Database, writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { type Actor, type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";

// Who owes figures (issue 16, item 4): the statistics office assigns which agency supplies an
// indicator's figures — for all its org units or for one, from a day and optionally until a day —
// overriding the indicator's lead agency (figure-duties.ts asks `supplierOf` first). An
// administrator or a statistician assigns, within the statistician's scope; every change audited.

type Db = Kysely<Database>;

export interface FigureSupplierView {
  id: number;
  agency: { code: string; nameVi: string };
  /** null: every org unit of the indicator */
  orgUnit: { code: string; nameVi: string } | null;
  validFrom: string;
  validTo: string | null;
  basis: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface FigureSupplierList {
  indicator: string;
  leadAgency: { code: string; nameVi: string } | null;
  items: FigureSupplierView[];
}

const day = (v: unknown) => String(v instanceof Date ? v.toISOString() : v).slice(0, 10);

/** An indicator's assignments, newest first, with its lead agency; null when there is no such indicator. */
export async function figureSuppliers(db: Db, code: string): Promise<FigureSupplierList | null> {
  const indicator = await db
    .selectFrom("indicator as i")
    .leftJoin("agency as a", "a.id", "i.lead_agency_id")
    .select(["i.id", "i.code", "a.code as agency_code", "a.name_vi as agency_name"])
    .where("i.code", "=", code)
    .executeTakeFirst();
  if (!indicator) return null;
  const rows = await db
    .selectFrom("figure_supplier as s")
    .innerJoin("agency as a", "a.id", "s.agency_id")
    .leftJoin("org_unit as u", "u.id", "s.org_unit_id")
    .leftJoin("app_user as p", "p.id", "s.created_by")
    .select([
      "s.id",
      "a.code as agency_code",
      "a.name_vi as agency_name",
      "u.code as unit_code",
      "u.name_vi as unit_name",
      "s.valid_from",
      "s.valid_to",
      "s.basis",
      "p.display_name as created_by",
      "s.created_at",
    ])
    .where("s.indicator_id", "=", indicator.id)
    .orderBy("s.valid_from", "desc")
    .orderBy("s.id", "desc")
    .execute();
  return {
    indicator: indicator.code,
    leadAgency: indicator.agency_code
      ? { code: indicator.agency_code, nameVi: indicator.agency_name ?? indicator.agency_code }
      : null,
    items: rows.map((r) => ({
      id: r.id,
      agency: { code: r.agency_code, nameVi: r.agency_name },
      orgUnit: r.unit_code ? { code: r.unit_code, nameVi: r.unit_name ?? r.unit_code } : null,
      validFrom: day(r.valid_from),
      validTo: r.valid_to === null ? null : day(r.valid_to),
      basis: r.basis,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

/**
 * An administrator assigns any indicator; a statistician only within their scope: with an
 * indicator list the indicator must be on it, with an org-unit list the assignment must name a unit
 * on it (an assignment for every unit reaches past that scope); with neither list, nothing.
 * Agency officers and leaders never assign.
 */
function mayAssign(actor: Actor, indicatorId: number, orgUnitId: number | null): boolean {
  if (actor.role === "admin") return true;
  if (actor.role !== "statistician") return false;
  const { indicator, org_unit } = actor.scopes;
  if (indicator.length === 0 && org_unit.length === 0) return false;
  if (indicator.length > 0 && !indicator.includes(indicatorId)) return false;
  if (org_unit.length > 0 && (orgUnitId === null || !org_unit.includes(orgUnitId))) return false;
  return true;
}

const FORBIDDEN = "giao cơ quan cung cấp số liệu / assign who supplies figures";

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface FigureSupplierInput {
  agency: string;
  orgUnit?: string | null | undefined;
  validFrom: string;
  validTo?: string | null | undefined;
  basis?: string | null | undefined;
}

/**
 * Assign the agency that supplies an indicator's figures (for one org unit, or all). A new
 * assignment from a day ends, the day before, the one of the same indicator and unit in force then;
 * one that would overlap an assignment starting on or after its first day is refused.
 */
export async function assignFigureSupplier(ctx: ServiceContext, code: string, input: FigureSupplierInput) {
  if (ctx.actor.role !== "admin" && ctx.actor.role !== "statistician") throw failures.forbidden(FORBIDDEN);
  const validTo = input.validTo ?? null;
  if (validTo !== null && validTo < input.validFrom)
    throw failures.rejected(
      "invalid_range",
      `Ngày kết thúc (${validTo}) trước ngày bắt đầu (${input.validFrom}).`,
      `The end day (${validTo}) is before the first day (${input.validFrom}).`,
      [{ field: "validTo" }],
    );
  return withTransaction(ctx, async (trx) => {
    const indicator = await trx
      .selectFrom("indicator")
      .select(["id", "code"])
      .where("code", "=", code)
      .executeTakeFirst();
    if (!indicator) throw failures.notFound(`chỉ tiêu ${code} / indicator ${code}`);
    const agency = await trx
      .selectFrom("agency")
      .select(["id", "code", "name_vi", "valid_to"])
      .where("code", "=", input.agency)
      .executeTakeFirst();
    if (!agency)
      throw failures.rejected(
        "unknown_reference",
        `Không có cơ quan ${input.agency}.`,
        `No agency ${input.agency}.`,
        [{ field: "agency" }],
      );
    let unit: { id: number; code: string } | null = null;
    if (input.orgUnit) {
      unit =
        (await trx
          .selectFrom("org_unit")
          .select(["id", "code"])
          .where("code", "=", input.orgUnit)
          .executeTakeFirst()) ?? null;
      if (!unit)
        throw failures.rejected(
          "unknown_reference",
          `Không có đơn vị hành chính ${input.orgUnit}.`,
          `No org unit ${input.orgUnit}.`,
          [{ field: "orgUnit" }],
        );
    }
    if (!mayAssign(ctx.actor, indicator.id, unit?.id ?? null)) throw failures.forbidden(FORBIDDEN);
    if (agency.valid_to !== null && day(agency.valid_to) < input.validFrom)
      throw failures.rejected(
        "agency_ended",
        `${agency.name_vi} đã thôi hoạt động từ ${day(agency.valid_to)}, không thể giao từ ${input.validFrom}.`,
        `${agency.code} ceased on ${day(agency.valid_to)}; it cannot be assigned from ${input.validFrom}.`,
        [{ field: "agency" }],
      );
    let same = trx
      .selectFrom("figure_supplier")
      .select(["id", "agency_id", "valid_from", "valid_to", "basis"])
      .where("indicator_id", "=", indicator.id);
    same = unit ? same.where("org_unit_id", "=", unit.id) : same.where("org_unit_id", "is", null);
    const existing = await same.forUpdate().execute();
    const entityId = `${indicator.code}/${unit?.code ?? "*"}`;
    const audits: Parameters<typeof writeAudit>[1] = [];
    for (const e of existing) {
      const from = day(e.valid_from);
      const to = e.valid_to === null ? null : day(e.valid_to);
      const overlaps = (to === null || to >= input.validFrom) && (validTo === null || from <= validTo);
      if (!overlaps) continue;
      if (from < input.validFrom) {
        // handed over: the one in force ends the day before
        const end = dayBefore(input.validFrom);
        await trx.updateTable("figure_supplier").set({ valid_to: end }).where("id", "=", e.id).execute();
        audits.push({
          userId: ctx.actor.userId,
          action: "update",
          entity: "figure_supplier",
          entityId: `${entityId}#${e.id}`,
          oldValue: { valid_to: to },
          newValue: { valid_to: end },
          requestId: ctx.requestId,
        });
        continue;
      }
      throw new ServiceError(
        "conflict",
        "supplier_overlap",
        `Chỉ tiêu ${indicator.code}${unit ? ` (${unit.code})` : ""} đã được giao từ ${from}${to ? ` đến ${to}` : ""}; bỏ giao việc đó hoặc chọn ngày bắt đầu khác.`,
        `Indicator ${indicator.code}${unit ? ` (${unit.code})` : ""} is already assigned from ${from}${to ? ` to ${to}` : ""}; remove that assignment or choose another first day.`,
      );
    }
    const row = await trx
      .insertInto("figure_supplier")
      .values({
        indicator_id: indicator.id,
        org_unit_id: unit?.id ?? null,
        agency_id: agency.id,
        valid_from: input.validFrom,
        valid_to: validTo,
        basis: input.basis ?? null,
        created_by: ctx.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    audits.push({
      userId: ctx.actor.userId,
      action: "create",
      entity: "figure_supplier",
      entityId: `${entityId}#${row.id}`,
      newValue: {
        agency: agency.code,
        org_unit: unit?.code ?? null,
        valid_from: input.validFrom,
        valid_to: validTo,
        basis: input.basis ?? null,
      },
      requestId: ctx.requestId,
    });
    await writeAudit(trx, audits);
    return {
      id: row.id,
      indicator: indicator.code,
      agency: { code: agency.code, nameVi: agency.name_vi },
      orgUnit: unit?.code ?? null,
      validFrom: input.validFrom,
      validTo,
      basis: input.basis ?? null,
    };
  });
}

/** Remove an assignment (the lead agency, or a wider assignment, owes those figures again); audited. */
export async function removeFigureSupplier(ctx: ServiceContext, code: string, id: number) {
  if (ctx.actor.role !== "admin" && ctx.actor.role !== "statistician") throw failures.forbidden(FORBIDDEN);
  return withTransaction(ctx, async (trx) => {
    const row = await trx
      .selectFrom("figure_supplier as s")
      .innerJoin("indicator as i", "i.id", "s.indicator_id")
      .innerJoin("agency as a", "a.id", "s.agency_id")
      .leftJoin("org_unit as u", "u.id", "s.org_unit_id")
      .select([
        "s.id",
        "s.indicator_id",
        "s.org_unit_id",
        "i.code as indicator_code",
        "a.code as agency_code",
        "u.code as unit_code",
        "s.valid_from",
        "s.valid_to",
        "s.basis",
      ])
      .where("s.id", "=", id)
      .where("i.code", "=", code)
      .forUpdate("s")
      .executeTakeFirst();
    if (!row)
      throw failures.notFound(
        `việc giao số ${id} của chỉ tiêu ${code} / assignment ${id} of indicator ${code}`,
      );
    if (!mayAssign(ctx.actor, row.indicator_id, row.org_unit_id)) throw failures.forbidden(FORBIDDEN);
    await trx.deleteFrom("figure_supplier").where("id", "=", id).execute();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "delete",
        entity: "figure_supplier",
        entityId: `${row.indicator_code}/${row.unit_code ?? "*"}#${row.id}`,
        oldValue: {
          agency: row.agency_code,
          org_unit: row.unit_code,
          valid_from: day(row.valid_from),
          valid_to: row.valid_to === null ? null : day(row.valid_to),
          basis: row.basis,
        },
        requestId: ctx.requestId,
      },
    ]);
    return { id: row.id, indicator: row.indicator_code };
  });
}

export interface SupplierRow {
  indicator_id: number;
  org_unit_id: number | null;
  agency_code: string;
  agency_name: string;
  agency_valid_to: string | null;
  valid_from: string;
  valid_to: string | null;
}

/** Every assignment of these indicators, for `supplierOf`. */
export async function suppliersOf(db: Db, indicatorIds: number[]): Promise<SupplierRow[]> {
  if (indicatorIds.length === 0) return [];
  const rows = await db
    .selectFrom("figure_supplier as s")
    .innerJoin("agency as a", "a.id", "s.agency_id")
    .select([
      "s.indicator_id",
      "s.org_unit_id",
      "a.code as agency_code",
      "a.name_vi as agency_name",
      "a.valid_to as agency_valid_to",
      "s.valid_from",
      "s.valid_to",
    ])
    .where("s.indicator_id", "in", indicatorIds)
    .execute();
  return rows.map((r) => ({
    ...r,
    agency_valid_to: r.agency_valid_to === null ? null : day(r.agency_valid_to),
    valid_from: day(r.valid_from),
    valid_to: r.valid_to === null ? null : day(r.valid_to),
  }));
}

/** The assignment in force on `on` for an indicator and unit: the unit's own first, then the indicator-wide one. */
export function supplierOf(
  rows: SupplierRow[],
  indicatorId: number,
  unitId: number,
  on: string,
): SupplierRow | null {
  const inForce = (r: SupplierRow) =>
    r.indicator_id === indicatorId && r.valid_from <= on && (r.valid_to === null || r.valid_to >= on);
  return (
    rows.find((r) => inForce(r) && r.org_unit_id === unitId) ??
    rows.find((r) => inForce(r) && r.org_unit_id === null) ??
    null
  );
}

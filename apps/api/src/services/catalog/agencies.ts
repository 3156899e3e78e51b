import { matchKey } from "@chitieu/domain";
import { writeAudit } from "@chitieu/storage";
import { type ServiceContext, withTransaction } from "../context.ts";
import { failures } from "../errors.ts";
import {
  defined,
  fieldProblem,
  idOf,
  insertAudited,
  mustFind,
  mustNotExist,
  type Trx,
  updateAudited,
} from "./shared.ts";

// The administrator's changes to agencies and their aliases (the seeds write one department
// several ways). A rename or merge of an agency is an administrative change with dates:
// succession.ts.

export interface AgencyInput {
  code: string;
  nameVi: string;
  nameEn?: string | null | undefined;
  shortName?: string | null | undefined;
  kind?: "agency" | "group" | undefined;
  orgUnit?: string | null | undefined;
  validFrom?: string | null | undefined;
  note?: string | null | undefined;
}

export type AgencyPatch = Partial<Omit<AgencyInput, "code" | "kind" | "validFrom">>;
export type NewAgency = Omit<AgencyInput, "validFrom">;

export async function agencyColumns(trx: Trx, input: AgencyPatch & Partial<AgencyInput>) {
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    short_name: input.shortName,
    kind: input.kind,
    org_unit_id: await idOf(trx, "org_unit", input.orgUnit, "orgUnit"),
    valid_from: input.validFrom,
    note: input.note,
  });
}

/** Every agency is found by its own name too (as the catalog loader does). */
export async function addOwnNameAlias(trx: Trx, agencyId: number, orgUnitId: number | null, name: string) {
  await trx
    .insertInto("agency_alias")
    .values({ agency_id: agencyId, org_unit_id: orgUnitId, alias: name, alias_key: matchKey(name) })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function createAgency(ctx: ServiceContext, input: AgencyInput) {
  return withTransaction(ctx, async (trx) => {
    await mustNotExist(trx, "agency", input.code);
    const row = { code: input.code, ...(await agencyColumns(trx, input)) };
    const id = await insertAudited(trx, ctx, "agency", row);
    await addOwnNameAlias(trx, id, row.org_unit_id ?? null, input.nameVi);
    return { code: input.code };
  });
}

export async function updateAgency(ctx: ServiceContext, code: string, patch: AgencyPatch) {
  return withTransaction(ctx, async (trx) => {
    const old = await mustFind(trx, "agency", code, "cơ quan", "agency");
    const after = await updateAudited(trx, ctx, "agency", old, await agencyColumns(trx, patch));
    // a corrected name is a spelling that must keep finding the agency
    if (typeof after.name_vi === "string")
      await addOwnNameAlias(
        trx,
        old.id,
        (after.org_unit_id as number | null | undefined) ?? old.org_unit_id,
        after.name_vi,
      );
    return { code };
  });
}

/** Another spelling of an agency (the seeds write one department several ways). */
export async function addAgencyAlias(ctx: ServiceContext, code: string, alias: string) {
  return withTransaction(ctx, async (trx) => {
    const agency = await trx
      .selectFrom("agency")
      .select(["id", "org_unit_id"])
      .where("code", "=", code)
      .executeTakeFirst();
    if (!agency) throw failures.notFound(`cơ quan ${code} / agency ${code}`);
    const key = matchKey(alias);
    if (key === "") throw fieldProblem("invalid_alias", "alias", "tên gọi trống", "empty alias");
    const taken = await trx
      .selectFrom("agency_alias as al")
      .innerJoin("agency as a", "a.id", "al.agency_id")
      .select(["a.code"])
      .where("al.alias_key", "=", key)
      .where((eb) =>
        agency.org_unit_id === null
          ? eb("al.org_unit_id", "is", null)
          : eb("al.org_unit_id", "=", agency.org_unit_id),
      )
      .executeTakeFirst();
    if (taken)
      throw fieldProblem(
        "duplicate",
        "alias",
        taken.code === code
          ? `“${alias}” đã là tên gọi của cơ quan này`
          : `“${alias}” đã là tên gọi của cơ quan “${taken.code}” cùng địa phương`,
        taken.code === code
          ? `“${alias}” already names this agency`
          : `“${alias}” already names agency “${taken.code}” of the same org unit`,
      );
    const row = {
      agency_id: agency.id,
      org_unit_id: agency.org_unit_id,
      alias: alias.trim(),
      alias_key: key,
    };
    await trx.insertInto("agency_alias").values(row).execute();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "create",
        entity: "agency_alias",
        entityId: `${code}|${key}`,
        newValue: row,
        requestId: ctx.requestId,
      },
    ]);
    return { code, alias: row.alias, aliasKey: key };
  });
}

export async function removeAgencyAlias(ctx: ServiceContext, code: string, alias: string) {
  return withTransaction(ctx, async (trx) => {
    const agency = await trx.selectFrom("agency").select(["id"]).where("code", "=", code).executeTakeFirst();
    if (!agency) throw failures.notFound(`cơ quan ${code} / agency ${code}`);
    const key = matchKey(alias);
    const old = await trx
      .deleteFrom("agency_alias")
      .where("agency_id", "=", agency.id)
      .where("alias_key", "=", key)
      .returningAll()
      .executeTakeFirst();
    if (!old) throw failures.notFound(`tên gọi “${alias}” / alias “${alias}”`);
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "delete",
        entity: "agency_alias",
        entityId: `${code}|${key}`,
        oldValue: old,
        requestId: ctx.requestId,
      },
    ]);
  });
}

import type { Database } from "@chitieu/storage";
import { type ServiceContext, withTransaction } from "../context.ts";
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

// The administrator's changes to org units (provinces, districts, communes). A rename or merge
// of a unit is an administrative change with dates: succession.ts.

export interface OrgUnitInput {
  code: string;
  nameVi: string;
  nameEn?: string | null | undefined;
  gsoCode?: string | null | undefined;
  level: Database["org_unit"]["level"];
  parent?: string | null | undefined;
  validFrom?: string | null | undefined;
  source?: string | null | undefined;
}

export type OrgUnitPatch = Partial<Omit<OrgUnitInput, "code" | "level" | "validFrom">>;
/** the unit a rename creates: its level and parent default to the predecessor's */
export type NewOrgUnit = Omit<OrgUnitInput, "validFrom" | "level"> & {
  level?: OrgUnitInput["level"] | undefined;
};

export async function orgUnitColumns(trx: Trx, input: OrgUnitPatch & Partial<OrgUnitInput>) {
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    gso_code: input.gsoCode,
    level: input.level,
    parent_id: await idOf(trx, "org_unit", input.parent, "parent"),
    valid_from: input.validFrom,
    source: input.source,
  });
}

export async function createOrgUnit(ctx: ServiceContext, input: OrgUnitInput) {
  return withTransaction(ctx, async (trx) => {
    await mustNotExist(trx, "org_unit", input.code);
    const row = { code: input.code, ...(await orgUnitColumns(trx, input)) };
    await insertAudited(trx, ctx, "org_unit", row);
    return { code: input.code };
  });
}

export async function updateOrgUnit(ctx: ServiceContext, code: string, patch: OrgUnitPatch) {
  return withTransaction(ctx, async (trx) => {
    const old = await mustFind(trx, "org_unit", code, "đơn vị", "org unit");
    const wanted = await orgUnitColumns(trx, patch);
    if (wanted.parent_id !== undefined && wanted.parent_id === old.id)
      throw fieldProblem(
        "invalid_parent",
        "parent",
        "đơn vị không thể trực thuộc chính nó",
        "a unit cannot be its own parent",
      );
    await updateAudited(trx, ctx, "org_unit", old, wanted);
    return { code };
  });
}

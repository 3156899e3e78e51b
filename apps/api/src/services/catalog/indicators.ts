import { dec } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { camelRow } from "../camel.ts";
import { type ServiceContext, withTransaction } from "../context.ts";
import { failures } from "../errors.ts";
import { indicatorsWithReferences } from "../reads.ts";
import {
  checkThresholds,
  defined,
  fieldProblem,
  idOf,
  insertAudited,
  mustFind,
  mustNotExist,
  type Row,
  type Trx,
  updateAudited,
} from "./shared.ts";

// The administrator's changes to indicators: their names, units, publication, plausible bounds
// and thresholds, each in one transaction with its audit row.

export interface IndicatorPatch {
  nameVi?: string | undefined;
  nameEn?: string | null | undefined;
  category?: Database["indicator"]["category"] | undefined;
  unit?: string | undefined;
  measureKind?: Database["indicator"]["measure_kind"] | undefined;
  direction?: Database["indicator"]["direction"] | undefined;
  decimals?: number | undefined;
  frequency?: Database["indicator"]["frequency"] | undefined;
  leadAgency?: string | null | undefined;
  document?: string | null | undefined;
  parent?: string | null | undefined;
  published?: boolean | undefined;
  /** dot-decimal strings, stored exactly as sent */
  plausibleMin?: string | null | undefined;
  plausibleMax?: string | null | undefined;
  note?: string | null | undefined;
  /** overrides of the default thresholds; null = the defaults */
  thresholds?: Record<string, unknown> | null | undefined;
}

export interface IndicatorInput extends IndicatorPatch {
  code: string;
  nameVi: string;
  category: Database["indicator"]["category"];
  unit: string;
  measureKind: Database["indicator"]["measure_kind"];
  direction: Database["indicator"]["direction"];
  frequency: Database["indicator"]["frequency"];
}

function checkPlausible(min: string | null | undefined, max: string | null | undefined) {
  if (min == null || max == null) return;
  if (dec(min).gt(dec(max)))
    throw fieldProblem(
      "invalid_range",
      "plausibleMax",
      "giới hạn trên phải lớn hơn hoặc bằng giới hạn dưới",
      "the plausible maximum must be at least the minimum",
    );
}

async function indicatorColumns(trx: Trx, input: IndicatorPatch) {
  const thresholds = checkThresholds(input.thresholds);
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    category: input.category,
    unit: input.unit,
    measure_kind: input.measureKind,
    direction: input.direction,
    decimals: input.decimals,
    frequency: input.frequency,
    lead_agency_id: await idOf(trx, "agency", input.leadAgency, "leadAgency"),
    document_id: await idOf(trx, "document", input.document, "document"),
    parent_id: await idOf(trx, "indicator", input.parent, "parent"),
    published: input.published,
    plausible_min: input.plausibleMin,
    plausible_max: input.plausibleMax,
    note: input.note,
    thresholds:
      thresholds === undefined ? undefined : thresholds === null ? null : JSON.stringify(thresholds),
  });
}

export async function createIndicator(ctx: ServiceContext, input: IndicatorInput) {
  return withTransaction(ctx, async (trx) => {
    await mustNotExist(trx, "indicator", input.code);
    checkPlausible(input.plausibleMin, input.plausibleMax);
    const row = { code: input.code, ...(await indicatorColumns(trx, input)) };
    await insertAudited(trx, ctx, "indicator", row);
    return getIndicator(trx, input.code);
  });
}

export async function updateIndicator(ctx: ServiceContext, code: string, patch: IndicatorPatch) {
  return withTransaction(ctx, async (trx) => {
    const old = await mustFind(trx, "indicator", code, "chỉ tiêu", "indicator");
    const wanted = await indicatorColumns(trx, patch);
    if (wanted.parent_id !== undefined && wanted.parent_id === old.id)
      throw fieldProblem(
        "invalid_parent",
        "parent",
        "chỉ tiêu không thể là “trong đó” của chính nó",
        "an indicator cannot be its own parent",
      );
    checkPlausible(
      patch.plausibleMin === undefined ? old.plausible_min : patch.plausibleMin,
      patch.plausibleMax === undefined ? old.plausible_max : patch.plausibleMax,
    );
    // the thresholds are compared as written (JSON text) and audited as objects
    await updateAudited(trx, ctx, "indicator", old, wanted, {
      current: { ...old, thresholds: old.thresholds == null ? null : JSON.stringify(old.thresholds) },
      audited: parseThresholdsIn,
    });
    return getIndicator(trx, code);
  });
}

const parseThresholdsIn = (r: Row): Row =>
  typeof r.thresholds === "string" ? { ...r, thresholds: JSON.parse(r.thresholds) } : r;

export async function getIndicator(db: Kysely<Database> | Trx, code: string) {
  const row = await indicatorsWithReferences(db)
    .select(["i.plausible_min", "i.plausible_max", "i.thresholds"])
    .where("i.code", "=", code)
    .executeTakeFirst();
  if (!row) throw failures.notFound(`chỉ tiêu ${code} / indicator ${code}`);
  return camelRow({ ...row, thresholds: (row.thresholds ?? null) as Record<string, number> | null });
}

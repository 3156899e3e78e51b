import type { Kysely } from "kysely";
import type { Database } from "../database.ts";

/** What a target revision says, as columns of a `target_revision`/`target_current` aliased `r`. */
export const TARGET_REVISION_COLUMNS = [
  "r.revision",
  "r.form",
  "r.low",
  "r.high",
  "r.low_inclusive",
  "r.high_inclusive",
  "r.tolerance",
  "r.change_unit",
  "r.baseline_period",
  "r.baseline_value",
  "r.plan_amount",
  "r.category_value",
  "r.due_date",
  "r.quote",
] as const;

/** Current revision of every target, with the indicator and the document that set it. */
export function currentTargets(db: Kysely<Database>) {
  return db
    .selectFrom("target as t")
    .innerJoin("target_current as r", "r.target_id", "t.id")
    .innerJoin("indicator as i", "i.id", "t.indicator_id")
    .innerJoin("org_unit as u", "u.id", "t.org_unit_id")
    .leftJoin("document as d", "d.id", "r.document_id")
    .select([
      "t.id as target_id",
      "t.period",
      "i.code as indicator_code",
      "u.code as org_unit_code",
      "u.name_vi as org_unit_name_vi",
      ...TARGET_REVISION_COLUMNS,
      "d.code as document_code",
      "d.number as document_number",
      "d.issued_on as document_issued_on",
      "d.title_vi as document_title_vi",
    ]);
}

/** Published indicators in the order their documents list them. */
export function publishedIndicators(db: Kysely<Database>) {
  return (
    db
      .selectFrom("indicator as i")
      .leftJoin("document as d", "d.id", "i.document_id")
      // an unpublished parent's code is not public either
      .leftJoin("indicator as p", (j) => j.onRef("p.id", "=", "i.parent_id").on("p.published", "=", true))
      .leftJoin("agency as a", "a.id", "i.lead_agency_id")
      .where("i.published", "=", true)
      .select([
        "i.id",
        "i.code",
        "i.name_vi",
        "i.name_en",
        "i.category",
        "i.unit",
        "i.measure_kind",
        "i.direction",
        "i.decimals",
        "i.frequency",
        "i.seq",
        "p.code as parent_code",
        "d.code as document_code",
        "a.name_vi as lead_agency_name_vi",
      ])
      .orderBy("d.code")
      .orderBy("i.id")
  );
}

/** The newest current observation of each (indicator, org unit), newest period first. */
export function latestObservations(db: Kysely<Database>, indicatorIds: number[]) {
  return db
    .selectFrom("observation as o")
    .where("o.superseded_at", "is", null)
    .where("o.indicator_id", "in", indicatorIds.length > 0 ? indicatorIds : [-1])
    .distinctOn(["o.indicator_id", "o.org_unit_id"])
    .select([
      "o.indicator_id",
      "o.org_unit_id",
      "o.period",
      "o.basis",
      "o.value",
      "o.status",
      "o.is_illustrative",
      "o.batch_id",
      "o.recorded_at",
    ])
    .orderBy("o.indicator_id")
    .orderBy("o.org_unit_id")
    .orderBy("o.period_end", "desc")
    .orderBy("o.period_start", "asc");
}

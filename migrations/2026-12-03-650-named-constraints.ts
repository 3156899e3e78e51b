import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Issue #14: the constraints the API maps to problems get names of their own, so the code reads
// `indicator_plausible_range` instead of guessing PostgreSQL's generated `indicator_check`
// (a name that changes when a check is added before it). The table of names the code maps is
// apps/api/src/services/constraints.ts. Renaming a unique or primary-key constraint renames its
// index too; the rules themselves do not change.

const RENAMES: ReadonlyArray<readonly [table: string, generated: string, named: string]> = [
  ["indicator", "indicator_code_key", "indicator_code_unique"],
  ["indicator", "indicator_code_check", "indicator_code_format"],
  ["indicator", "indicator_name_vi_check", "indicator_name_vi_present"],
  ["indicator", "indicator_check", "indicator_plausible_range"],
  ["indicator", "indicator_check1", "indicator_not_own_parent"],
  ["indicator", "indicator_category_check", "indicator_category_known"],
  ["indicator", "indicator_measure_kind_check", "indicator_measure_kind_known"],
  ["indicator", "indicator_direction_check", "indicator_direction_known"],
  ["indicator", "indicator_frequency_check", "indicator_frequency_known"],
  ["indicator", "indicator_decimals_check", "indicator_decimals_range"],
  ["indicator", "indicator_parent_id_fkey", "indicator_parent_ref"],
  ["indicator", "indicator_lead_agency_id_fkey", "indicator_lead_agency_ref"],
  ["indicator", "indicator_document_id_fkey", "indicator_document_ref"],
  ["org_unit", "org_unit_code_key", "org_unit_code_unique"],
  ["org_unit", "org_unit_code_check", "org_unit_code_format"],
  ["org_unit", "org_unit_name_vi_check", "org_unit_name_vi_present"],
  ["org_unit", "org_unit_check", "org_unit_valid_range"],
  ["org_unit", "org_unit_check1", "org_unit_not_own_parent"],
  ["org_unit", "org_unit_level_check", "org_unit_level_known"],
  ["org_unit", "org_unit_parent_id_fkey", "org_unit_parent_ref"],
  ["agency", "agency_code_key", "agency_code_unique"],
  ["agency", "agency_code_check", "agency_code_format"],
  ["agency", "agency_name_vi_check", "agency_name_vi_present"],
  ["agency", "agency_check", "agency_valid_range"],
  ["agency", "agency_kind_check", "agency_kind_known"],
  ["agency", "agency_org_unit_id_fkey", "agency_org_unit_ref"],
  ["document", "document_code_key", "document_code_unique"],
  ["document", "document_code_check", "document_code_format"],
  ["document", "document_check", "document_period_range"],
  ["document", "document_kind_check", "document_kind_known"],
  ["document", "document_org_unit_id_fkey", "document_org_unit_ref"],
  ["document", "document_supersedes_id_fkey", "document_supersedes_ref"],
  ["org_unit_succession", "org_unit_succession_pkey", "org_unit_succession_once"],
  ["org_unit_succession", "org_unit_succession_check", "org_unit_succession_not_self"],
  ["agency_succession", "agency_succession_pkey", "agency_succession_once"],
  ["agency_succession", "agency_succession_check", "agency_succession_not_self"],
  ["target_revision", "target_revision_check", "target_revision_low_not_above_high"],
  ["target_revision", "target_revision_check1", "target_revision_at_least_has_low"],
  ["target_revision", "target_revision_check2", "target_revision_at_most_has_high"],
  ["target_revision", "target_revision_check3", "target_revision_range_has_bounds"],
  ["target_revision", "target_revision_check4", "target_revision_approximately_has_low"],
  ["target_revision", "target_revision_check5", "target_revision_change_has_low_and_unit"],
  ["target_revision", "target_revision_check6", "target_revision_share_has_low"],
  ["target_revision", "target_revision_check7", "target_revision_milestone_has_due_date"],
  ["target_revision", "target_revision_check8", "target_revision_category_has_value"],
  ["target_revision", "target_revision_check9", "target_revision_level_has_bound"],
  ["target_revision", "target_revision_tolerance_check", "target_revision_tolerance_not_negative"],
  ["target_revision", "target_revision_plan_amount_check", "target_revision_plan_amount_positive"],
  ["target_revision", "target_revision_change_unit_check", "target_revision_change_unit_known"],
  ["target_revision", "target_revision_form_check", "target_revision_form_known"],
  ["target_revision", "target_revision_revision_check", "target_revision_revision_positive"],
  ["target_revision", "target_revision_clauses_check", "target_revision_clauses_array"],
];

const up = RENAMES.map(([table, from, to]) => `alter table ${table} rename constraint ${from} to ${to}`);
const down = RENAMES.map(
  ([table, from, to]) => `alter table ${table} rename constraint ${to} to ${from}`,
).reverse();

export const namedConstraints = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

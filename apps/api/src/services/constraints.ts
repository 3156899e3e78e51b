// The database constraints a service turns into a problem, by the names migration
// 2026-12-03-650-named-constraints gave them (never PostgreSQL's generated `…_check1`): which
// field of the request they speak of and which problem code answers them. One table, read by the
// catalog changes (catalog/shared.ts), the target revisions (targets.ts) and the successions.

export type ConstraintProblem =
  /** a unique key: the value is taken */
  | "duplicate"
  /** a check: the value is not allowed */
  | "check_violation"
  /** a foreign key: what it points at does not exist */
  | "unknown_reference"
  /** a target revision that does not fit its form */
  | "invalid_target";

export interface NamedConstraint {
  table: string;
  /** the request field (camelCase, as the API spells it) the violation is reported at */
  field: string;
  problem: ConstraintProblem;
}

const c = (table: string, field: string, problem: ConstraintProblem): NamedConstraint => ({
  table,
  field,
  problem,
});

export const CONSTRAINTS = {
  indicator_code_unique: c("indicator", "code", "duplicate"),
  indicator_code_format: c("indicator", "code", "check_violation"),
  indicator_name_vi_present: c("indicator", "nameVi", "check_violation"),
  indicator_plausible_range: c("indicator", "plausibleMin", "check_violation"),
  indicator_not_own_parent: c("indicator", "parent", "check_violation"),
  indicator_category_known: c("indicator", "category", "check_violation"),
  indicator_measure_kind_known: c("indicator", "measureKind", "check_violation"),
  indicator_direction_known: c("indicator", "direction", "check_violation"),
  indicator_frequency_known: c("indicator", "frequency", "check_violation"),
  indicator_decimals_range: c("indicator", "decimals", "check_violation"),
  indicator_parent_ref: c("indicator", "parent", "unknown_reference"),
  indicator_lead_agency_ref: c("indicator", "leadAgency", "unknown_reference"),
  indicator_document_ref: c("indicator", "document", "unknown_reference"),
  org_unit_code_unique: c("org_unit", "code", "duplicate"),
  org_unit_code_format: c("org_unit", "code", "check_violation"),
  org_unit_name_vi_present: c("org_unit", "nameVi", "check_violation"),
  org_unit_valid_range: c("org_unit", "validTo", "check_violation"),
  org_unit_not_own_parent: c("org_unit", "parent", "check_violation"),
  org_unit_level_known: c("org_unit", "level", "check_violation"),
  org_unit_parent_ref: c("org_unit", "parent", "unknown_reference"),
  agency_code_unique: c("agency", "code", "duplicate"),
  agency_code_format: c("agency", "code", "check_violation"),
  agency_name_vi_present: c("agency", "nameVi", "check_violation"),
  agency_valid_range: c("agency", "validTo", "check_violation"),
  agency_kind_known: c("agency", "kind", "check_violation"),
  agency_org_unit_ref: c("agency", "orgUnit", "unknown_reference"),
  document_code_unique: c("document", "code", "duplicate"),
  document_code_format: c("document", "code", "check_violation"),
  document_period_range: c("document", "periodTo", "check_violation"),
  document_kind_known: c("document", "kind", "check_violation"),
  document_org_unit_ref: c("document", "orgUnit", "unknown_reference"),
  document_supersedes_ref: c("document", "supersedes", "unknown_reference"),
  org_unit_succession_once: c("org_unit_succession", "successor", "duplicate"),
  org_unit_succession_not_self: c("org_unit_succession", "successor", "check_violation"),
  agency_succession_once: c("agency_succession", "successor", "duplicate"),
  agency_succession_not_self: c("agency_succession", "successor", "check_violation"),
  target_revision_low_not_above_high: c("target_revision", "high", "invalid_target"),
  target_revision_at_least_has_low: c("target_revision", "low", "invalid_target"),
  target_revision_at_most_has_high: c("target_revision", "high", "invalid_target"),
  target_revision_range_has_bounds: c("target_revision", "low", "invalid_target"),
  target_revision_approximately_has_low: c("target_revision", "low", "invalid_target"),
  target_revision_change_has_low_and_unit: c("target_revision", "changeUnit", "invalid_target"),
  target_revision_share_has_low: c("target_revision", "low", "invalid_target"),
  target_revision_milestone_has_due_date: c("target_revision", "dueDate", "invalid_target"),
  target_revision_category_has_value: c("target_revision", "categoryValue", "invalid_target"),
  target_revision_level_has_bound: c("target_revision", "low", "invalid_target"),
  target_revision_tolerance_not_negative: c("target_revision", "tolerance", "invalid_target"),
  target_revision_plan_amount_positive: c("target_revision", "planAmount", "invalid_target"),
  target_revision_change_unit_known: c("target_revision", "changeUnit", "invalid_target"),
  target_revision_form_known: c("target_revision", "form", "invalid_target"),
  target_revision_revision_positive: c("target_revision", "revision", "invalid_target"),
  target_revision_clauses_array: c("target_revision", "clauses", "invalid_target"),
  target_revision_assumption_why: c("target_revision", "provenanceNote", "invalid_target"),
} as const satisfies Record<string, NamedConstraint>;

export type ConstraintName = keyof typeof CONSTRAINTS;

/** SQLSTATE of the integrity violations a constraint name comes with: unique, foreign key, check */
export const INTEGRITY_CODES: Record<string, ConstraintProblem> = {
  "23505": "duplicate",
  "23503": "unknown_reference",
  "23514": "check_violation",
};

/** The constraint name a database error carries (the driver's field, else its message). */
export function constraintOf(error: unknown): string | null {
  const e = error as { constraint?: unknown; message?: unknown } | null;
  if (typeof e?.constraint === "string") return e.constraint;
  return /violates .*constraint "([^"]+)"/.exec(String(e?.message ?? error))?.[1] ?? null;
}

/**
 * The named constraint a database error broke, or null when the error is not a violation of a
 * constraint in the table (a not-null, a lost connection, a constraint no service maps): the
 * caller rethrows those.
 */
export function violatedConstraint(error: unknown): (NamedConstraint & { name: ConstraintName }) | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && !(code in INTEGRITY_CODES)) return null;
  const name = constraintOf(error);
  if (name === null || !Object.hasOwn(CONSTRAINTS, name)) return null;
  return { name: name as ConstraintName, ...CONSTRAINTS[name as ConstraintName] };
}

import type { Generated } from "kysely";

export type TargetForm =
  | "at_least"
  | "above"
  | "at_most"
  | "below"
  | "range_floor"
  | "range_inside"
  | "approximately"
  | "change"
  | "avg_annual_growth"
  | "level_by_year"
  | "share_of_plan"
  | "milestone"
  | "category";

export interface TargetTable {
  id: Generated<number>;
  indicator_id: number;
  org_unit_id: number;
  period: string;
}

export interface TargetRevisionTable {
  id: Generated<number>;
  target_id: number;
  revision: number;
  form: TargetForm;
  low: string | null;
  high: string | null;
  low_inclusive: Generated<boolean>;
  high_inclusive: Generated<boolean>;
  tolerance: string | null;
  change_unit: "absolute" | "percent" | null;
  baseline_period: string | null;
  baseline_value: string | null;
  plan_amount: string | null;
  category_value: string | null;
  due_date: string | null;
  document_id: number | null;
  effective_from: string | null;
  quote: string | null;
  note: string | null;
  /** a compound target's other clauses: a JSON array of targets in the domain's shape */
  clauses: string | null;
  reason: string | null;
  /** where the value comes from: stated in the document, inferred, or an assumption (with why) */
  provenance: Generated<"stated" | "inferred" | "assumption">;
  provenance_note: string | null;
  created_at: Generated<Date>;
  created_by: number | null;
  /** the import batch whose plan column recorded this revision; its rollback undoes it */
  batch_id: number | null;
}

import type { Generated } from "kysely";

export type IndicatorCategory =
  | "economy"
  | "society"
  | "environment"
  | "defence_security"
  | "governance"
  | "infrastructure";
export type MeasureKind = "flow" | "stock" | "growth_rate" | "ratio" | "milestone" | "category";
export type Direction = "higher_better" | "lower_better" | "in_range" | "done";
export type Frequency = "monthly" | "quarterly" | "annual";

export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string | null;
  category: IndicatorCategory;
  unit: string;
  measure_kind: MeasureKind;
  direction: Direction;
  decimals: Generated<number>;
  parent_id: number | null;
  frequency: Frequency;
  lead_agency_id: number | null;
  document_id: number | null;
  published: Generated<boolean>;
  plausible_min: string | null;
  plausible_max: string | null;
  thresholds: unknown | null;
  seq: string | null;
  note: string | null;
}

/** The agency the statistics office assigns to supply an indicator's figures (issue 16, item 4). */
export interface FigureSupplierTable {
  id: Generated<number>;
  indicator_id: number;
  /** null: every org unit of the indicator */
  org_unit_id: number | null;
  agency_id: number;
  valid_from: string;
  valid_to: string | null;
  basis: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

import type { Generated } from "kysely";

export type OrgUnitLevel = "country" | "province" | "district" | "commune";

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  gso_code: string | null;
  name_vi: string;
  name_en: string | null;
  level: OrgUnitLevel;
  parent_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  source: string | null;
}

export interface OrgUnitSuccessionTable {
  predecessor_id: number;
  successor_id: number;
  effective_on: string | null;
  source: string | null;
}

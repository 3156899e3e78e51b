import type { Generated } from "kysely";

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string | null;
  short_name: string | null;
  kind: Generated<"agency" | "group">;
  org_unit_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
}

export interface AgencyAliasTable {
  agency_id: number;
  org_unit_id: number | null;
  alias: string;
  alias_key: string;
}

export interface AgencySuccessionTable {
  predecessor_id: number;
  successor_id: number;
  effective_on: string | null;
  note: string | null;
}

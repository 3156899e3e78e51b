import type { Generated } from "kysely";

export interface ImportBatchTable {
  id: Generated<number>;
  kind: "observations" | "tasks" | "task_status" | "catalog" | "demo";
  file_name: string;
  file_hash: string;
  user_id: number | null;
  created_at: Generated<Date>;
  status: Generated<"committed" | "rolled_back">;
  is_illustrative: Generated<boolean>;
  rows_total: Generated<number>;
  rows_new: Generated<number>;
  rows_revised: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_invalid: Generated<number>;
  rolled_back_at: Date | null;
  rolled_back_by: number | null;
}

/** A name a province's reports write, confirmed by an officer as an indicator or org unit (issue #15). */
export interface ImportNameAliasTable {
  id: Generated<number>;
  kind: "indicator" | "org_unit";
  scope_org_unit_id: number;
  name_key: string;
  name_text: string;
  target_id: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

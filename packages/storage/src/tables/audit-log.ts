import type { Generated } from "kysely";

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  old_value: unknown | null;
  new_value: unknown | null;
  batch_id: number | null;
  request_id: string | null;
}

export interface AppSettingTable {
  key: string;
  value: unknown;
  updated_at: Generated<Date>;
}

import type { Generated } from "kysely";

export type Role = "admin" | "statistician" | "agency_officer" | "leader";

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  agency_id: number | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface UserScopeTable {
  user_id: number;
  scope_kind: "indicator" | "org_unit" | "agency";
  ref_id: number;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scopes: Generated<string[]>;
  created_at: Generated<Date>;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** A one-time link: an invitation or an admin-issued password reset (token stored as SHA-256 only). */
export interface AccountLinkTable {
  id: Generated<number>;
  user_id: number;
  kind: "invitation" | "reset";
  token_hash: string;
  created_by: number | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

import type { Role } from "@chitieu/storage";

/** Who is calling: resolved once per request from the session cookie or the API token. */
export interface Actor {
  userId: number;
  email: string;
  role: Role;
  agencyId: number | null;
  /** what a statistician or agency officer may write; empty lists mean nothing */
  scopes: { indicator: number[]; org_unit: number[]; agency: number[] };
  via: "session" | "token";
  /** token scopes when via = "token" (e.g. "observations:write") */
  tokenScopes: string[];
}

export interface AppEnv {
  Variables: {
    actor: Actor | null;
    /** the session's CSRF token, when the actor came from a session cookie */
    csrfToken: string | null;
    requestId: string;
  };
}

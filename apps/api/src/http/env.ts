import type { Actor } from "../services/context.ts";

export type { Actor } from "../services/context.ts";

export interface AppEnv {
  Variables: {
    actor: Actor | null;
    /** the session's CSRF token, when the actor came from a session cookie */
    csrfToken: string | null;
    requestId: string;
  };
}

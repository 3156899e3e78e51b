import type { Role } from "@chitieu/storage";
import type { Actor } from "../services/context.ts";
import { failures } from "../services/errors.ts";

// Who may do what. Every route states its rule through these functions; nothing else decides.

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw failures.unauthenticated();
  return actor;
}

export function requireRole(actor: Actor | null, ...roles: Role[]): Actor {
  const a = requireActor(actor);
  if (!roles.includes(a.role))
    throw failures.forbidden(`cần vai trò ${roles.join("/")} / requires role ${roles.join("/")}`);
  return a;
}

/** API tokens carry scopes; a session carries its user's full role. */
export function requireTokenScope(actor: Actor, scope: string): void {
  if (actor.via === "token" && !actor.tokenScopes.includes(scope) && !actor.tokenScopes.includes("*"))
    throw failures.forbidden(`token thiếu quyền ${scope} / token lacks scope ${scope}`);
}

/**
 * Tokens are managed by a person signed in, never through a token: a token that leaked must not
 * list, mint or revoke tokens (its own or anyone's).
 */
export function requireTokenManager(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (a.via === "token")
    throw failures.forbidden("mã truy cập không quản lý mã truy cập / tokens cannot manage tokens");
  return a;
}

/** Internal (unpublished) data: every signed-in role reads it. */
export function requireInternalReader(actor: Actor | null): Actor {
  const a = requireRole(actor, "admin", "leader", "statistician", "agency_officer");
  requireTokenScope(a, "read");
  return a;
}

/**
 * A statistician writes figures for the indicators and org units of their scope: when an
 * indicator list is set the indicator must be on it, and when an org-unit list is set the unit
 * must be on it; with neither list they write nothing. Admins write everything.
 */
export function canWriteObservation(actor: Actor, indicatorId: number, orgUnitId: number): boolean {
  if (actor.role === "admin") return true;
  if (actor.role !== "statistician") return false;
  const { indicator, org_unit } = actor.scopes;
  if (indicator.length === 0 && org_unit.length === 0) return false;
  return (
    (indicator.length === 0 || indicator.includes(indicatorId)) &&
    (org_unit.length === 0 || org_unit.includes(orgUnitId))
  );
}

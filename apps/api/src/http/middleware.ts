import { randomUUID } from "node:crypto";
import type { Database } from "@chitieu/storage";
import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import { safeEqual } from "../auth/secrets.ts";
import { actorFromSession, actorFromToken, SESSION_COOKIE } from "../auth/sessions.ts";
import type { AppEnv } from "./env.ts";
import { ApiProblem, problemResponse, problems } from "./problem.ts";

export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = requestIdOf(c.req.header("x-request-id"));
  c.set("requestId", id);
  await next();
  c.header("x-request-id", id);
};

/** The headers every API answer carries (the public fast path in apps/web/server.js included). */
export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
} as const;
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  if (!c.res.headers.has("content-security-policy")) c.header("content-security-policy", API_CSP);
};

/** The request id an answer carries: the caller's when well-formed, else a new one. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/**
 * Refuses bodies over the limit: by Content-Length before reading, and a chunked (streamed)
 * body while reading it, as soon as it passes the limit (Hono's bodyLimit does both).
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: (c) => problemResponse(c, problems.tooLarge(maxBytes)),
  });
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the actor from a bearer token or the session cookie. A write authenticated by the
 * cookie must carry the session's CSRF token in X-CSRF-Token and, when the browser sends one,
 * an Origin of this host: a cross-site page can make the browser send the cookie, not the token.
 */
export function authenticate(db: Kysely<Database>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("actor", null);
    c.set("csrfToken", null);
    const auth = c.req.header("authorization");
    if (auth?.startsWith("Bearer ")) {
      const actor = await actorFromToken(db, auth.slice(7).trim());
      if (!actor)
        return problemResponse(
          c,
          new ApiProblem(
            401,
            "invalid_token",
            "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
            "The API token is invalid or revoked.",
          ),
        );
      c.set("actor", actor);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const found = await actorFromSession(db, cookie);
      if (found) {
        if (UNSAFE.has(c.req.method)) {
          const origin = c.req.header("origin");
          if (origin && origin !== new URL(c.req.url).origin)
            return problemResponse(
              c,
              new ApiProblem(
                403,
                "csrf_origin",
                "Yêu cầu đến từ trang khác.",
                "Cross-origin request refused.",
              ),
            );
          // signing in again needs no token (the page may not have one); its Origin is checked above
          const sent = c.req.header("x-csrf-token") ?? "";
          if (!c.req.path.endsWith("/auth/login") && !safeEqual(sent, found.csrfToken))
            return problemResponse(
              c,
              new ApiProblem(
                403,
                "csrf",
                "Thiếu hoặc sai mã chống giả mạo (CSRF).",
                "Missing or wrong CSRF token.",
              ),
            );
        }
        c.set("actor", found.actor);
        c.set("csrfToken", found.csrfToken);
      }
    }
    return next();
  };
}

import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ApiDeps } from "../app.ts";
import { MIN_PASSWORD_LENGTH } from "../auth/secrets.ts";
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_HOURS } from "../auth/sessions.ts";
import { LoginThrottle } from "../auth/throttle.ts";
import type { AppEnv } from "../http/env.ts";
import { errorResponses, json, problem, router } from "../http/openapi.ts";
import { ApiProblem, problemResponse, problems } from "../http/problem.ts";
import { lookUpLink, useLink } from "../services/accounts.ts";
import { ServiceError } from "../services/errors.ts";
import { type SignedIn, SignInError, signIn, signOut } from "../services/sign-in.ts";

const Login = z
  .object({ email: z.string().email().max(254), password: z.string().min(1).max(1024) })
  .openapi("Login");
const SessionInfo = z
  .object({
    user: z.object({
      id: z.number(),
      email: z.string(),
      role: z.enum(["admin", "leader", "statistician", "agency_officer"]),
      agencyId: z.number().nullable(),
    }),
    csrfToken: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("Session");

export function authRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  const context = (c: Context<AppEnv>) => ({ db, actor: c.get("actor"), requestId: c.get("requestId") });
  const throttle = deps.loginThrottle ?? new LoginThrottle();

  app.openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["auth"],
      summary: "Đăng nhập / Sign in (sets the HttpOnly session cookie)",
      request: { body: { content: { "application/json": { schema: Login } }, required: true } },
      responses: {
        200: json(SessionInfo, "Signed in"),
        429: { description: "Too many attempts" },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      let signed: SignedIn;
      try {
        signed = await signIn(context(c), throttle, {
          email,
          password,
          address: deps.clientIp?.(c) ?? "unknown",
          userAgent: c.req.header("user-agent") ?? null,
          previousToken: getCookie(c, SESSION_COOKIE) ?? null,
        });
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        if (error.retryAfter > 0) c.header("retry-after", String(error.retryAfter));
        const status = error.code === "too_many_attempts" ? 429 : 401;
        return problemResponse(c, new ApiProblem(status, error.code, error.vi, error.en));
      }
      const { user, session } = signed;
      const secure = deps.secureCookies ?? false;
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: "Lax",
        secure,
        path: "/",
        maxAge: SESSION_HOURS * 3600,
      });
      setCookie(c, CSRF_COOKIE, session.csrfToken, {
        httpOnly: false,
        sameSite: "Strict",
        secure,
        path: "/",
        maxAge: SESSION_HOURS * 3600,
      });
      return c.json(
        {
          user,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
        },
        200,
      );
    },
  );

  const LinkToken = z
    .string()
    .min(20)
    .max(200)
    .openapi({ description: "the token of a one-time account link" });
  const LinkInfo = z
    .object({
      kind: z.enum(["invitation", "reset"]),
      email: z.string(),
      displayName: z.string(),
      expiresAt: z.string(),
    })
    .openapi("AccountLinkInfo");

  app.openapi(
    createRoute({
      method: "post",
      path: "/links/lookup",
      tags: ["auth"],
      summary:
        "Liên kết tài khoản dùng cho ai / What a one-time account link is for (no sign-in; the link is not used)",
      request: {
        body: {
          content: { "application/json": { schema: z.object({ token: LinkToken }).strict() } },
          required: true,
        },
      },
      responses: { 200: json(LinkInfo, "The link is valid"), ...errorResponses },
    }),
    async (c) => c.json(await lookUpLink(db, c.req.valid("json").token), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/links/use",
      tags: ["auth"],
      summary:
        "Đặt mật khẩu bằng liên kết dùng một lần / Set a password with a one-time link (invitation or reset; ends the person's sessions)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z
                .object({ token: LinkToken, password: z.string().min(MIN_PASSWORD_LENGTH).max(1024) })
                .strict()
                .openapi("AccountLinkUse"),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({ email: z.string(), kind: z.enum(["invitation", "reset"]) }).openapi("AccountLinkUsed"),
          "Password set; sign in with it",
        ),
        429: problem("Too many attempts / Thử sai nhiều lần"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid("json");
      try {
        const used = await useLink(context(c), throttle, {
          token,
          password,
          address: deps.clientIp?.(c) ?? "unknown",
        });
        return c.json(used, 200);
      } catch (error) {
        if (error instanceof ServiceError && error.code === "too_many_attempts") {
          const wait = (error.details?.[0] as { retryAfter?: number } | undefined)?.retryAfter ?? 1;
          c.header("retry-after", String(wait));
          throw new ApiProblem(429, error.code, error.vi, error.en);
        }
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "Đăng xuất / Sign out",
      responses: { 204: { description: "Signed out" }, ...errorResponses },
    }),
    async (c) => {
      await signOut(context(c), getCookie(c, SESSION_COOKIE) ?? null);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      deleteCookie(c, CSRF_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/session",
      tags: ["auth"],
      summary: "Phiên hiện tại / The current session and its CSRF token",
      responses: { 200: json(SessionInfo, "The signed-in user"), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      if (!actor) throw problems.unauthenticated();
      return c.json(
        {
          user: { id: actor.userId, email: actor.email, role: actor.role, agencyId: actor.agencyId },
          csrfToken: c.get("csrfToken"),
          expiresAt: null,
        },
        200,
      );
    },
  );
  return app;
}

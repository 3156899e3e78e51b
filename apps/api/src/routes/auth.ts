import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ApiDeps } from "../app.ts";
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_HOURS } from "../auth/sessions.ts";
import { LoginThrottle } from "../auth/throttle.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { ApiProblem, problemResponse, problems } from "../http/problem.ts";
import { signIn, signOut } from "../services/sessions.ts";

const Login = z
  .object({ email: z.string().email().max(254), password: z.string().min(1).max(1024) })
  .openapi("Login");
const SessionInfo = z
  .object({
    user: z.object({ id: z.number(), email: z.string(), role: z.string(), agencyId: z.number().nullable() }),
    csrfToken: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("Session");

export function authRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
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
      const account = email.toLowerCase();
      const address = deps.clientIp?.(c) ?? "unknown";
      const wait = throttle.retryAfter(account, address);
      if (wait > 0) {
        c.header("retry-after", String(wait));
        return problemResponse(
          c,
          new ApiProblem(
            429,
            "too_many_attempts",
            `Đăng nhập sai quá nhiều lần. Thử lại sau ${wait} giây.`,
            `Too many failed sign-ins. Try again in ${wait} s.`,
          ),
        );
      }
      const signedIn = await signIn(db, {
        email: account,
        password,
        previousToken: getCookie(c, SESSION_COOKIE),
        ip: address,
        userAgent: c.req.header("user-agent") ?? null,
        requestId: c.get("requestId"),
      });
      if (!signedIn) {
        throttle.fail(account, address);
        return problemResponse(
          c,
          new ApiProblem(401, "invalid_credentials", "Sai email hoặc mật khẩu.", "Wrong e-mail or password."),
        );
      }
      throttle.succeed(account);
      const { user, session } = signedIn;
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

  app.openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "Đăng xuất / Sign out",
      responses: { 204: { description: "Signed out" }, ...errorResponses },
    }),
    async (c) => {
      await signOut(db, {
        token: getCookie(c, SESSION_COOKIE),
        userId: c.get("actor")?.userId ?? null,
        requestId: c.get("requestId"),
      });
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

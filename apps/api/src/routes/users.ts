import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireRole, requireTokenManager, requireTokenScope } from "../auth/policy.ts";
import { MIN_PASSWORD_LENGTH } from "../auth/secrets.ts";
import type { Actor } from "../http/env.ts";
import { errorResponses, IdParam, json, Pagination, problem, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { smtpTransport } from "../reminder-scheduler.ts";
import { type AccountMail, inviteUser, issueResetLink, updateUser } from "../services/accounts.ts";
import {
  createToken,
  createUser,
  listTokens,
  listUsers,
  revokeToken,
  setUserDisabled,
} from "../services/users.ts";

const Role = z.enum(["admin", "statistician", "agency_officer", "leader"]);
const User = z
  .object({
    id: z.number(),
    email: z.string(),
    displayName: z.string(),
    role: Role,
    agencyId: z.number().nullable(),
    disabled: z.boolean(),
    demo: z.boolean(),
    createdAt: z.string(),
    pending: z.boolean().openapi({ description: "invited, no password chosen yet" }),
    orgUnitIds: z.array(z.number()).openapi({
      description: "province scope: org units whose figures a statistician writes (and those under them)",
    }),
  })
  .openapi("User");
const NewUser = z
  .object({
    email: z.string().email().max(254),
    displayName: z.string().trim().min(1).max(200),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
    role: Role,
    agencyId: z.number().int().positive().nullable().optional(),
    scopes: z
      .object({
        indicator: z.array(z.number().int().positive()).optional(),
        orgUnit: z.array(z.number().int().positive()).optional(),
        agency: z.array(z.number().int().positive()).optional(),
      })
      .optional(),
  })
  .openapi("NewUser");
const ScopeIds = z.array(z.number().int().positive()).max(200);
const Invitation = z
  .object({
    email: z.string().email().max(254),
    displayName: z.string().trim().min(1).max(200),
    role: Role,
    agencyId: z.number().int().positive().nullable().optional(),
    orgUnitIds: ScopeIds.optional(),
  })
  .strict()
  .openapi("Invitation");
const UserPatch = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: Role.optional(),
    agencyId: z.number().int().positive().nullable().optional(),
    orgUnitIds: ScopeIds.optional(),
  })
  .strict()
  .openapi("UserPatch");
const AccountLink = z
  .object({
    userId: z.number(),
    email: z.string(),
    kind: z.enum(["invitation", "reset"]),
    token: z.string().openapi({ description: "shown once: only its SHA-256 is stored" }),
    path: z.string(),
    link: z.string(),
    expiresAt: z.string(),
    mailed: z.boolean(),
    mailVi: z.string(),
    mailEn: z.string(),
  })
  .openapi("AccountLink");
const TokenScope = z.enum([
  "read",
  "observations:write",
  "imports:write",
  "tasks:write",
  "catalog:write",
  "*",
]);
const Token = z
  .object({
    id: z.number(),
    userId: z.number(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revoked: z.boolean(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

/**
 * Accounts are managed by a signed-in administrator, never through an API token: a token that
 * leaked must not be able to create an administrator or unlock an account (as tokens cannot
 * mint tokens).
 */
function requireAccountManager(actor: Actor | null): Actor {
  const a = requireRole(actor, "admin");
  if (a.via === "token")
    throw problems.forbidden("mã truy cập không quản lý tài khoản / tokens cannot manage accounts");
  return a;
}

export function userRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  const ctx = (c: { get(k: "requestId"): string }, actor: Actor) => ({
    db,
    actor,
    requestId: c.get("requestId"),
  });
  /** invitations and reset links by mail, when a mail server is configured */
  const settings = deps.services.reminders;
  const transport = deps.mailTransport ?? smtpTransport(settings);
  const mail: AccountMail | null = transport
    ? { transport, from: settings.from, appUrl: settings.appUrl }
    : null;

  app.openapi(
    createRoute({
      method: "get",
      path: "/users",
      tags: ["users"],
      summary: "Người dùng / Users (admin)",
      request: { query: Pagination },
      responses: { 200: json(z.object({ users: z.array(User) }), "Users"), ...errorResponses },
    }),
    async (c) => {
      requireTokenScope(requireRole(c.get("actor"), "admin"), "read");
      return c.json({ users: await listUsers(db, c.req.valid("query")) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/users",
      tags: ["users"],
      summary: "Tạo người dùng / Create a user (admin)",
      request: { body: { content: { "application/json": { schema: NewUser } }, required: true } },
      responses: { 201: json(User, "Created"), 409: { description: "E-mail in use" }, ...errorResponses },
    }),
    async (c) => {
      const actor = requireAccountManager(c.get("actor"));
      return c.json(await createUser(ctx(c, actor), c.req.valid("json")), 201);
    },
  );

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/users/{id}/${verb}`,
        tags: ["users"],
        summary: `${disabled ? "Khoá" : "Mở khoá"} người dùng / ${verb} a user (admin)`,
        request: { params: IdParam },
        responses: { 204: { description: "Done" }, ...errorResponses },
      }),
      async (c) => {
        const actor = requireAccountManager(c.get("actor"));
        await setUserDisabled(ctx(c, actor), c.req.valid("param").id, disabled);
        return c.body(null, 204);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/users/invitations",
      tags: ["users"],
      summary: "Mời người dùng bằng liên kết dùng một lần / Invite a person by a one-time link (admin)",
      request: { body: { content: { "application/json": { schema: Invitation } }, required: true } },
      responses: {
        201: json(AccountLink, "Invited; the link is shown only now"),
        409: problem("E-mail in use / Email đã được dùng"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireAccountManager(c.get("actor"));
      return c.json(await inviteUser(ctx(c, actor), c.req.valid("json"), mail), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/users/{id}/reset-link",
      tags: ["users"],
      summary: "Cấp liên kết đặt lại mật khẩu / Issue a one-time password reset link (admin)",
      request: { params: IdParam },
      responses: {
        201: json(AccountLink, "Issued; the link is shown only now"),
        409: problem("Account disabled / Tài khoản đang bị khoá"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireAccountManager(c.get("actor"));
      return c.json(await issueResetLink(ctx(c, actor), c.req.valid("param").id, mail), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/users/{id}",
      tags: ["users"],
      summary: "Sửa vai trò, cơ quan, phạm vi tỉnh / Edit role, agency and province scope (admin)",
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: UserPatch } }, required: true },
      },
      responses: {
        200: json(User, "Updated"),
        409: problem("Own role / Không tự đổi vai trò"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireAccountManager(c.get("actor"));
      return c.json(await updateUser(ctx(c, actor), c.req.valid("param").id, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Mã truy cập API / API tokens (own; admin: all)",
      responses: { 200: json(z.object({ tokens: z.array(Token) }), "Tokens"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireTokenManager(c.get("actor"));
      return c.json({ tokens: await listTokens(db, actor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Tạo mã truy cập / Create an API token (shown once)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: z.string().trim().min(1).max(100),
                scopes: z.array(TokenScope).min(1),
                expiresAt: z.string().datetime().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({
            id: z.number(),
            name: z.string(),
            scopes: z.array(z.string()),
            token: z.string(),
            createdAt: z.string(),
            expiresAt: z.string().nullable(),
          }),
          "Created; the token is shown only now",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireTokenManager(c.get("actor"));
      return c.json(await createToken(ctx(c, actor), c.req.valid("json")), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tokens/{id}/revoke",
      tags: ["tokens"],
      summary: "Thu hồi mã / Revoke an API token",
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    }),
    async (c) => {
      const actor = requireTokenManager(c.get("actor"));
      await revokeToken(ctx(c, actor), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  return app;
}

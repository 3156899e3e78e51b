import type { OpenAPIHono } from "@hono/zod-openapi";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import type { AppEnv } from "../http/env.ts";
import { errorResponses, IdParam, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import {
  indicatorTasks,
  linkTaskIndicator,
  taskTargets,
  unlinkTaskIndicator,
} from "../services/task-targets.ts";
import { today } from "../services/tasks.ts";
import {
  IndicatorTaskList,
  PublicIndicatorTaskList,
  TaskIndicatorLink,
  TaskIndicatorUnlink,
  TaskTargetList,
} from "./schemas.ts";

// Targets ↔ tasks (issue 16, item 7). Reads: every signed-in role (and the public, for published
// indicators); links: an administrator, audited.

const Code = z
  .string()
  .min(1)
  .max(100)
  .openapi({ param: { name: "code", in: "path" }, example: "cv1468-disbursement" });
const Day = z
  .string()
  .date()
  .optional()
  .openapi({ param: { name: "today", in: "query" } });

export function taskTargetRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators/{code}/tasks",
      tags: ["tasks"],
      summary: "Nhiệm vụ liên quan / The tasks that serve an indicator, with their status",
      request: { params: z.object({ code: Code }), query: z.object({ today: Day }) },
      responses: { 200: json(IndicatorTaskList, "Tasks, overdue first"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { code } = c.req.valid("param");
      const items = await indicatorTasks(db, code, { day: c.req.valid("query").today ?? today() });
      if (!items) throw problems.notFound(`chỉ tiêu ${code} / indicator ${code}`);
      return c.json({ indicator: code, items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/tasks/{id}/indicators",
      tags: ["tasks"],
      summary: "Chỉ tiêu của nhiệm vụ / The indicators a task serves, with their status",
      request: { params: IdParam },
      responses: { 200: json(TaskTargetList, "Indicators and their latest verdict"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const id = c.req.valid("param").id;
      const found = await taskTargets(db, id);
      if (!found) throw problems.notFound("nhiệm vụ / task");
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/tasks/{id}/indicators/{code}",
      tags: ["tasks"],
      summary: "Gắn chỉ tiêu / Name an indicator the task serves (admin, audited)",
      request: {
        params: IdParam.extend({ code: Code }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  basis: z
                    .string()
                    .trim()
                    .min(1)
                    .max(2000)
                    .openapi({ description: "căn cứ / why the task serves it", example: "Mục 5, điểm b" }),
                })
                .openapi("TaskIndicatorInput"),
            },
          },
        },
      },
      responses: { 200: json(TaskIndicatorLink, "The link"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin");
      requireTokenScope(actor, "tasks:write");
      const { id, code } = c.req.valid("param");
      const ctx = { db, actor, requestId: c.get("requestId") };
      return c.json(await linkTaskIndicator(ctx, id, code, c.req.valid("json").basis), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/tasks/{id}/indicators/{code}",
      tags: ["tasks"],
      summary: "Bỏ gắn chỉ tiêu / Remove a task ↔ indicator link (admin, audited)",
      request: { params: IdParam.extend({ code: Code }) },
      responses: { 200: json(TaskIndicatorUnlink, "Removed"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin");
      requireTokenScope(actor, "tasks:write");
      const { id, code } = c.req.valid("param");
      const ctx = { db, actor, requestId: c.get("requestId") };
      return c.json(await unlinkTaskIndicator(ctx, id, code), 200);
    },
  );
  return app;
}

/**
 * The public list of a published indicator's tasks. Registered before the public cache: a task's
 * status moves with its reports and with the calendar, which the public data version does not
 * follow, so this answer is never cached.
 */
export function publicIndicatorTasksRoute(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  const db = deps.services.db;
  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators/{code}/tasks",
      tags: ["public"],
      summary: "Nhiệm vụ liên quan / The tasks that serve a published indicator, with their status",
      request: { params: z.object({ code: Code }) },
      responses: { 200: json(PublicIndicatorTaskList, "Tasks, overdue first"), ...errorResponses },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      const items = await indicatorTasks(db, code, { publishedOnly: true });
      if (!items) throw problems.notFound(`chỉ tiêu ${code} / indicator ${code}`);
      c.header("cache-control", "no-store");
      return c.json(
        {
          indicator: code,
          items: items.map((t) => ({
            code: t.code,
            number: t.number,
            textVi: t.textVi,
            document: t.document,
            leads: t.leads,
            status: t.status,
            statusLabel: t.statusLabel,
            due: t.due,
          })),
        },
        200,
      );
    },
  );
}

import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireRole } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { reminderStatus } from "../services/reminders.ts";

// Reminder e-mails (issue 16): the admin page shows whether they are on, their settings and the
// last ones sent. The settings come from the environment (README, Configuration).

const ReminderStatus = z
  .object({
    enabled: z.boolean(),
    reasonVi: z.string().nullable(),
    reasonEn: z.string().nullable(),
    smtpHost: z.string().nullable(),
    from: z.string(),
    leadDays: z.number().int(),
    repeatDays: z.number().int(),
    intervalMinutes: z.number().int(),
    lastSent: z.array(
      z.object({
        sentAt: z.string(),
        agency: z.string(),
        kind: z.enum(["task", "report"]),
        item: z.string(),
        stage: z.enum(["before", "overdue"]),
        due: z.string(),
        recipients: z.string(),
        messageId: z.string().nullable(),
      }),
    ),
  })
  .openapi("ReminderStatus");

export function reminderRoutes(deps: ApiDeps) {
  const { db } = deps.services;
  const app = router();
  app.openapi(
    createRoute({
      method: "get",
      path: "/reminders",
      tags: ["reporting"],
      summary: "Thư nhắc việc / Reminder e-mails: on or off, settings, the last sent (admin)",
      responses: { 200: json(ReminderStatus, "Status"), ...errorResponses },
    }),
    async (c) => {
      requireRole(c.get("actor"), "admin");
      return c.json(await reminderStatus(db, deps.services.reminders), 200);
    },
  );
  return app;
}

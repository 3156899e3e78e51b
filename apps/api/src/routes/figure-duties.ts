import { vietnamDate } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { figureDueDays, figureDuties } from "../services/figure-duties.ts";
import { FigureDutyList } from "./schemas.ts";

// Who owes figures (issue 16, item 4): every signed-in role reads; late first.

const q = (name: string) => ({ param: { name, in: "query" as const } });

export function figureDutyRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  app.openapi(
    createRoute({
      method: "get",
      path: "/figure-duties",
      tags: ["tasks"],
      summary: "Số liệu phải nộp / Figures each lead agency owes, by period and due day; late first",
      request: {
        query: z.object({
          year: z.coerce.number().int().min(2000).max(2100).openapi(q("year")),
          agency: z.string().max(100).optional().openapi(q("agency")),
          today: z.string().date().optional().openapi(q("today")),
        }),
      },
      responses: { 200: json(FigureDutyList, "Figure slots with what was received"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const f = c.req.valid("query");
      const today = f.today ?? vietnamDate();
      const dueDays = await figureDueDays(db);
      const items = await figureDuties(db, { year: f.year, today, agency: f.agency, dueDays });
      return c.json({ year: f.year, today, dueDays, items }, 200);
    },
  );
  return app;
}

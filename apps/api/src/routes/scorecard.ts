import { STATUSES } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { buildScorecard } from "../services/scorecard.ts";
import { PublicScorecardRow, ScorecardRow, ScorecardSummary, StatusCounts } from "./schemas.ts";

const q = (name: string) => ({ param: { name, in: "query" as const } });

export const ScorecardQuery = z.object({
  orgUnit: z
    .string()
    .min(1)
    .max(50)
    .openapi({ ...q("orgUnit"), example: "p49" }),
  asOf: z
    .string()
    .min(4)
    .max(20)
    .openapi({ ...q("asOf"), example: "2024-09" }),
  today: z.string().date().optional().openapi(q("today")),
  category: z.string().max(40).optional().openapi(q("category")),
  status: z.enum(STATUSES).optional().openapi(q("status")),
  agency: z.string().max(100).optional().openapi(q("agency")),
  document: z.string().max(100).optional().openapi(q("document")),
});

const scorecardFields = {
  orgUnit: z.object({ code: z.string(), nameVi: z.string() }),
  asOf: z.string(),
  counts: StatusCounts,
  summary: ScorecardSummary,
};

export const ScorecardBody = z
  .object({ ...scorecardFields, rows: z.array(ScorecardRow) })
  .openapi("Scorecard");

/** The public scorecard: published indicators, each row without its empty fields. */
export const PublicScorecardBody = z
  .object({ ...scorecardFields, rows: z.array(PublicScorecardRow) })
  .openapi("PublicScorecard");

export function scorecardRoutes(deps: ApiDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: "get",
      path: "/scorecard",
      tags: ["evaluations"],
      summary: "Đánh giá chỉ tiêu / Every indicator of an org unit judged as of a period (internal)",
      request: { query: ScorecardQuery },
      responses: {
        200: json(ScorecardBody, "Evaluations with the figures behind each status"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json(await buildScorecard(deps.services.db, c.req.valid("query")), 200);
    },
  );
  return app;
}

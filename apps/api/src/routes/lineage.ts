import { STATUSES } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { indicatorLineage } from "../services/lineage.ts";

// Issue #13 item 8: an indicator's figures beyond the unit's own row — its predecessors' figures
// (merged units), the roll-up from its children, a ratio from its components. The public route
// answers for published indicators only; its key is all in the path, so the public cache keys on it.

const Text = z.object({ vi: z.string(), en: z.string() });
const UnitRef = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() });
const Basis = z.enum(["period", "ytd"]);

const LineageFigure = z.object({
  period: z.string(),
  basis: Basis,
  value: z.string(),
  status: z.enum(["estimate", "preliminary", "official"]),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
});

export const Lineage = z
  .object({
    indicator: z.string(),
    /** the indicator's unit of measure ("tỷ đồng", "%") */
    unit: z.string(),
    orgUnit: UnitRef,
    asOf: z.string(),
    history: z
      .object({
        /** today's unit, whose history this is */
        unit: UnitRef,
        predecessors: z.array(
          z.object({
            unit: UnitRef,
            effectiveOn: z.string().nullable(),
            merger: Text,
            /** "số liệu của Quảng Nam (trước sáp nhập)" */
            label: Text,
            figures: z.array(LineageFigure),
            /** judged against the predecessor's own targets */
            verdicts: z.array(
              z.object({
                targetPeriod: z.string(),
                judgedAt: z.string(),
                status: z.enum(STATUSES),
                label: Text,
                explanation: Text,
                against: Text,
              }),
            ),
          }),
        ),
      })
      .nullable(),
    rollUp: z
      .object({
        level: z.string(),
        childUnits: z.number().int(),
        rows: z.array(
          z.object({
            period: z.string(),
            basis: Basis,
            /** "tổng hợp từ 6 huyện" */
            label: Text,
            children: z.number().int(),
            /** whose figure the unit shows: its own wins when both exist */
            shown: z.enum(["own", "roll_up"]).nullable(),
            basedOnEstimate: z.boolean(),
            own: z.string().nullable(),
            method: z
              .enum(["sum", "weighted_share", "ratio_of_sums", "growth_from_levels", "count_done"])
              .nullable(),
            value: z.string().nullable(),
            difference: z.string().nullable(),
            missing: z.array(z.string()),
            reason: Text.nullable(),
          }),
        ),
      })
      .nullable(),
    ratio: z
      .object({
        rows: z.array(
          z.object({
            period: z.string(),
            basis: Basis,
            numerator: z.string(),
            denominator: z.string(),
            value: z.string(),
            stored: z.string(),
            text: Text,
          }),
        ),
      })
      .nullable(),
  })
  .openapi("Lineage");

const pathParam = (name: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: "path" } });
const Params = z.object({ code: pathParam("code"), orgUnit: pathParam("orgUnit"), asOf: pathParam("asOf") });

export function lineageRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  app.openapi(
    createRoute({
      method: "get",
      path: "/lineage/{code}/{orgUnit}/{asOf}",
      tags: ["evaluations"],
      summary:
        "Số liệu trước sáp nhập, tổng hợp từ đơn vị cấp dưới, tỷ lệ từ tử số và mẫu số / Predecessors' figures, the roll-up from child units, ratios from their components (internal)",
      request: { params: Params },
      responses: {
        200: json(Lineage, "What the indicator page shows beside the unit's own row"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { code, orgUnit, asOf } = c.req.valid("param");
      return c.json(await indicatorLineage(db, { indicator: code, orgUnit, asOf }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/public/lineage/{code}/{orgUnit}/{asOf}",
      tags: ["public"],
      summary:
        "Số liệu trước sáp nhập, tổng hợp, tỷ lệ từ thành phần của chỉ tiêu công bố / The same for a published indicator",
      request: { params: Params },
      responses: { 200: json(Lineage, "Published data only"), ...errorResponses },
    }),
    async (c) => {
      const { code, orgUnit, asOf } = c.req.valid("param");
      return c.json(await indicatorLineage(db, { indicator: code, orgUnit, asOf, publishedOnly: true }), 200);
    },
  );
  return app;
}

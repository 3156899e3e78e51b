import { vietnamDate } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { figureDueDays, figureDutiesAndGaps } from "../services/figure-duties.ts";
import { assignFigureSupplier, figureSuppliers, removeFigureSupplier } from "../services/figure-suppliers.ts";
import {
  FigureDutyList,
  FigureSupplierAssigned,
  FigureSupplierList,
  FigureSupplierRemoved,
} from "./schemas.ts";

// Who owes figures (issue 16, item 4): every signed-in role reads; late first. The statistics
// office (an administrator, or a statistician within their scope) assigns which agency supplies an
// indicator's figures; audited.

const Code = z
  .string()
  .min(1)
  .max(100)
  .openapi({ param: { name: "code", in: "path" }, example: "qnam24-budget-revenue" });
const SupplierId = z.coerce
  .number()
  .int()
  .positive()
  .openapi({ param: { name: "id", in: "path" }, example: 1 });
const isoDay = z.string().date();

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
      const { slots, unassigned } = await figureDutiesAndGaps(db, {
        year: f.year,
        today,
        agency: f.agency,
        dueDays,
      });
      return c.json({ year: f.year, today, dueDays, items: slots, unassigned }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators/{code}/figure-suppliers",
      tags: ["tasks"],
      summary:
        "Cơ quan cung cấp số liệu / Who supplies an indicator's figures: its lead agency and the statistics office's assignments",
      request: { params: z.object({ code: Code }) },
      responses: {
        200: json(FigureSupplierList, "Lead agency and assignments, newest first"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { code } = c.req.valid("param");
      const found = await figureSuppliers(db, code);
      if (!found) throw problems.notFound(`chỉ tiêu ${code} / indicator ${code}`);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/indicators/{code}/figure-suppliers",
      tags: ["tasks"],
      summary:
        "Giao cơ quan cung cấp số liệu / Assign the agency that supplies an indicator's figures (admin or statistician in scope, audited)",
      request: {
        params: z.object({ code: Code }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  agency: z.string().trim().min(1).max(100).openapi({ example: "qnam-cuc-thong-ke" }),
                  orgUnit: z.string().trim().min(1).max(100).nullish().openapi({
                    description: "một đơn vị; bỏ trống: mọi đơn vị / one org unit; omitted: all",
                  }),
                  validFrom: isoDay.openapi({ example: "2024-01-01" }),
                  validTo: isoDay.nullish(),
                  basis: z
                    .string()
                    .trim()
                    .max(2000)
                    .nullish()
                    .openapi({ description: "căn cứ / why", example: "Công văn 12/CTK-TH" }),
                })
                .openapi("FigureSupplierInput"),
            },
          },
        },
      },
      responses: { 201: json(FigureSupplierAssigned, "The assignment"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin", "statistician");
      requireTokenScope(actor, "catalog:write");
      const { code } = c.req.valid("param");
      const b = c.req.valid("json");
      const ctx = { db, actor, requestId: c.get("requestId") };
      const out = await assignFigureSupplier(ctx, code, {
        agency: b.agency,
        orgUnit: b.orgUnit ?? null,
        validFrom: b.validFrom,
        validTo: b.validTo ?? null,
        basis: b.basis ? b.basis : null,
      });
      return c.json(out, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/indicators/{code}/figure-suppliers/{id}",
      tags: ["tasks"],
      summary:
        "Bỏ giao / Remove an assignment of who supplies figures (admin or statistician in scope, audited)",
      request: { params: z.object({ code: Code, id: SupplierId }) },
      responses: { 200: json(FigureSupplierRemoved, "Removed"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin", "statistician");
      requireTokenScope(actor, "catalog:write");
      const { code, id } = c.req.valid("param");
      const ctx = { db, actor, requestId: c.get("requestId") };
      return c.json(await removeFigureSupplier(ctx, code, id), 200);
    },
  );
  return app;
}

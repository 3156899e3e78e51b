import { targetFormSchema } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import type { Actor } from "../http/env.ts";
import { errorResponses, IdParam, json, Pagination, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { recordObservation } from "../services/observations.ts";
import * as reads from "../services/reads.ts";
import { reviseTarget } from "../services/targets.ts";
import {
  AgencyItem,
  AuditEntry,
  DocumentItem,
  IndicatorItem,
  ObservationItem,
  ObservationVersion,
  OrgUnitItem,
  TargetItem,
  TargetRevision,
} from "./schemas.ts";

// Internal resources: every signed-in role reads them; writes name their role.

const list = (name: string, item: z.ZodType) =>
  json(
    z.object({ items: z.array(item), limit: z.number(), offset: z.number() }).openapi(`${name}List`),
    `${name} list`,
  );
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "số thập phân dấu chấm / dot-decimal number");
const q = (name: string) => ({ param: { name, in: "query" as const } });

export function resourceRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;

  /** A paginated list (query: Pagination and its filters), every internal reader unless `allow` says otherwise. */
  const listRoute = <Q extends z.ZodObject>(spec: {
    path: string;
    tags: string[];
    summary: string;
    name: string;
    /** the schema of one item */
    item: z.ZodType;
    query: Q;
    allow?: (actor: Actor | null) => unknown;
    fetch: (f: z.output<Q>) => Promise<object[]>;
  }) =>
    app.openapi(
      createRoute({
        method: "get",
        path: spec.path,
        tags: spec.tags,
        summary: spec.summary,
        // typed as bare Pagination: Hono cannot follow a generic query; fetch gets the full output
        request: { query: spec.query as unknown as typeof Pagination },
        responses: { 200: list(spec.name, spec.item), ...errorResponses },
      }),
      async (c) => {
        (spec.allow ?? requireInternalReader)(c.get("actor"));
        const f = c.req.valid("query");
        return c.json({ items: await spec.fetch(f as z.output<Q>), limit: f.limit, offset: f.offset }, 200);
      },
    );

  listRoute({
    path: "/org-units",
    tags: ["catalog"],
    summary: "Đơn vị hành chính / Org units",
    name: "OrgUnit",
    item: OrgUnitItem,
    query: Pagination.extend({
      level: z.string().optional().openapi(q("level")),
      parent: z.string().optional().openapi(q("parent")),
    }),
    fetch: (f) => reads.listOrgUnits(db, f),
  });

  listRoute({
    path: "/agencies",
    tags: ["catalog"],
    summary: "Cơ quan / Agencies",
    name: "Agency",
    item: AgencyItem,
    query: Pagination.extend({
      orgUnit: z.string().optional().openapi(q("orgUnit")),
      q: z.string().max(100).optional().openapi(q("q")),
    }),
    fetch: (f) => reads.listAgencies(db, f),
  });

  listRoute({
    path: "/documents",
    tags: ["catalog"],
    summary: "Văn bản / Documents",
    name: "Document",
    item: DocumentItem,
    query: Pagination,
    fetch: (f) => reads.listDocuments(db, f),
  });

  listRoute({
    path: "/indicators",
    tags: ["catalog"],
    summary: "Chỉ tiêu / Indicators",
    name: "Indicator",
    item: IndicatorItem,
    query: Pagination.extend({
      category: z.string().optional().openapi(q("category")),
      document: z.string().optional().openapi(q("document")),
      published: z
        .enum(["true", "false"])
        .transform((v) => v === "true")
        .optional()
        .openapi(q("published")),
      sort: z.enum(["document", "code"]).optional().openapi(q("sort")),
    }),
    fetch: (f) => reads.listIndicators(db, f),
  });

  listRoute({
    path: "/targets",
    tags: ["targets"],
    summary: "Chỉ tiêu kế hoạch hiện hành / Targets in force",
    name: "Target",
    item: TargetItem,
    query: Pagination.extend({
      indicator: z.string().optional().openapi(q("indicator")),
      orgUnit: z.string().optional().openapi(q("orgUnit")),
      period: z.string().optional().openapi(q("period")),
    }),
    fetch: (f) => reads.listTargets(db, f),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/targets/{id}/revisions",
      tags: ["targets"],
      summary: "Lịch sử điều chỉnh / Revisions of a target",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ revisions: z.array(TargetRevision) }), "Revisions, newest first"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const revisions = await reads.targetRevisions(db, c.req.valid("param").id);
      if (revisions.length === 0) throw problems.notFound("chỉ tiêu kế hoạch / target");
      return c.json({ revisions }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/targets/{id}/revisions",
      tags: ["targets"],
      summary: "Điều chỉnh chỉ tiêu / Revise a target (admin)",
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  form: z.enum(targetFormSchema.options),
                  low: decimal.nullable().optional(),
                  high: decimal.nullable().optional(),
                  lowInclusive: z.boolean().optional(),
                  highInclusive: z.boolean().optional(),
                  tolerance: decimal.nullable().optional(),
                  changeUnit: z.enum(["absolute", "percent"]).nullable().optional(),
                  baselinePeriod: z.string().max(20).nullable().optional(),
                  baselineValue: decimal.nullable().optional(),
                  planAmount: decimal.nullable().optional(),
                  categoryValue: z.string().max(100).nullable().optional(),
                  dueDate: z.string().date().nullable().optional(),
                  documentCode: z.string().max(100).nullable().optional(),
                  effectiveFrom: z.string().date().nullable().optional(),
                  quote: z.string().max(4000).nullable().optional(),
                  provenance: z.enum(["stated", "inferred", "assumption"]).optional(),
                  provenanceNote: z.string().max(2000).nullable().optional(),
                  reason: z.string().trim().min(3).max(2000),
                })
                .openapi("TargetRevisionInput"),
            },
          },
        },
      },
      responses: {
        201: json(z.object({ targetId: z.number(), revision: z.number() }), "New revision"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin");
      requireTokenScope(actor, "catalog:write");
      return c.json(
        await reviseTarget(
          { db, actor, requestId: c.get("requestId") },
          c.req.valid("param").id,
          c.req.valid("json"),
        ),
        201,
      );
    },
  );

  listRoute({
    path: "/observations",
    tags: ["observations"],
    summary: "Số liệu hiện hành / Current observations",
    name: "Observation",
    item: ObservationItem,
    query: Pagination.extend({
      indicator: z.string().optional().openapi(q("indicator")),
      orgUnit: z.string().optional().openapi(q("orgUnit")),
      from: z.string().date().optional().openapi(q("from")),
      to: z.string().date().optional().openapi(q("to")),
    }),
    fetch: (f) => reads.listObservations(db, f),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/observations/{id}/history",
      tags: ["observations"],
      summary: "Lịch sử số liệu / History of a figure (who, when, which upload)",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ history: z.array(ObservationVersion) }), "Newest first"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const history = await reads.observationHistoryById(db, c.req.valid("param").id);
      if (history.length === 0) throw problems.notFound("số liệu / observation");
      return c.json({ history }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/observations",
      tags: ["observations"],
      summary: "Nhập một số liệu / Record one figure (statistician within scope, admin)",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  indicator: z.string().min(1).max(100),
                  orgUnit: z.string().min(1).max(100),
                  period: z.string().min(1).max(40),
                  basis: z.enum(["period", "ytd"]).default("period"),
                  value: decimal,
                  status: z.enum(["estimate", "preliminary", "official"]),
                  note: z.string().max(2000).nullable().optional(),
                  /** issue #13: the day the figure was measured at (disbursement at 31/01/2025) */
                  measuredAt: z.string().date().nullable().optional(),
                  /** issue #13 item 8: a ratio's components (137 xã / 193 xã); the denominator alone: a share's weight */
                  numerator: decimal.nullable().optional(),
                  denominator: decimal.nullable().optional(),
                })
                .openapi("ObservationInput"),
            },
          },
        },
      },
      responses: {
        201: json(z.object({ batchId: z.number(), outcome: z.string().optional() }), "Recorded"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireRole(c.get("actor"), "admin", "statistician");
      requireTokenScope(actor, "observations:write");
      return c.json(
        await recordObservation({ db, actor, requestId: c.get("requestId") }, c.req.valid("json")),
        201,
      );
    },
  );

  listRoute({
    path: "/audit-log",
    tags: ["audit"],
    summary: "Nhật ký thay đổi / Audit log (admin, leader)",
    name: "AuditEntry",
    item: AuditEntry,
    query: Pagination.extend({
      entity: z.string().optional().openapi(q("entity")),
      entityId: z.string().optional().openapi(q("entityId")),
    }),
    allow: (actor) => requireTokenScope(requireRole(actor, "admin", "leader"), "read"),
    fetch: (f) => reads.listAudit(db, f),
  });
  return app;
}

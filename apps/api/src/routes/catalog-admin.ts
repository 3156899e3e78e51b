import { directionSchema, frequencySchema, measureKindSchema } from "@chitieu/domain";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import type { Actor } from "../http/env.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import {
  addAgencyAlias,
  createAgency,
  removeAgencyAlias,
  updateAgency,
} from "../services/catalog/agencies.ts";
import { createDocument, updateDocument } from "../services/catalog/documents.ts";
import { createIndicator, getIndicator, updateIndicator } from "../services/catalog/indicators.ts";
import { createOrgUnit, updateOrgUnit } from "../services/catalog/org-units.ts";
import { recordSuccession } from "../services/catalog/succession.ts";
import { IndicatorDetail } from "./schemas.ts";

// The administrator's writes to the catalog. Codes are the keys everyone else uses (the
// catalog files, imports, URLs), so they are set once and never changed here.

const codeOf = (pattern: RegExp) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(pattern, "chữ thường không dấu, số và gạch nối / lower-case letters, digits and hyphens");
const Code = codeOf(/^[a-z0-9][a-z0-9-]*$/);
const IndicatorCode = codeOf(/^[a-z0-9][a-z0-9_-]*$/);
const Ref = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "số thập phân dấu chấm / dot-decimal number");
const date = z.string().date("ngày dạng YYYY-MM-DD / date as YYYY-MM-DD");
const year = z.number().int().min(1900).max(2200);
const CodeParam = (name = "code") =>
  z.object({
    code: z
      .string()
      .min(1)
      .max(100)
      .openapi({ param: { name, in: "path" }, example: "p49" }),
  });
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});
const Category = z.enum([
  "economy",
  "society",
  "environment",
  "defence_security",
  "governance",
  "infrastructure",
]);
const Level = z.enum(["country", "province", "district", "commune"]);
const DocumentKind = z.enum(["KH", "QD", "CV", "NQ", "KL", "CT", "CTR", "TB", "other"]);
const Ok = z.object({ code: z.string() }).openapi("CatalogWrite");

const IndicatorPatch = z
  .object({
    nameVi: text(500).optional(),
    nameEn: optionalText(500),
    category: Category.optional(),
    unit: text(50).optional(),
    measureKind: z.enum(measureKindSchema.options).optional(),
    direction: z.enum(directionSchema.options).optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    frequency: z.enum(frequencySchema.options).optional(),
    leadAgency: Ref.nullable().optional(),
    document: Ref.nullable().optional(),
    parent: Ref.nullable().optional(),
    published: z.boolean().optional(),
    plausibleMin: decimal.nullable().optional(),
    plausibleMax: decimal.nullable().optional(),
    note: optionalText(2000),
    // checked against the progress engine's own schema in the service
    thresholds: z.record(z.string(), z.unknown()).nullable().optional().openapi({
      description:
        "Ngưỡng riêng (onTrackPoints, atRiskPoints, exceededMarginPct, seasonalMinYears, seasonalMaxYears); null = mặc định / per-indicator overrides; null = the defaults",
    }),
  })
  .strict();
const IndicatorInput = IndicatorPatch.extend({
  code: IndicatorCode,
  nameVi: text(500),
  category: Category,
  unit: text(50),
  measureKind: z.enum(measureKindSchema.options),
  direction: z.enum(directionSchema.options),
  frequency: z.enum(frequencySchema.options),
}).strict();

const OrgUnitFields = {
  nameVi: text(200),
  nameEn: optionalText(200),
  gsoCode: optionalText(20),
  level: Level,
  parent: Ref.nullable().optional(),
  source: optionalText(500),
};
const OrgUnitInput = z
  .object({ code: Code, ...OrgUnitFields, validFrom: date.nullable().optional() })
  .strict()
  .openapi("OrgUnitInput");
const OrgUnitPatch = z
  .object({
    nameVi: OrgUnitFields.nameVi.optional(),
    nameEn: OrgUnitFields.nameEn,
    gsoCode: OrgUnitFields.gsoCode,
    parent: OrgUnitFields.parent,
    source: OrgUnitFields.source,
  })
  .strict()
  .openapi("OrgUnitPatch");
const AgencyFields = {
  nameVi: text(300),
  nameEn: optionalText(300),
  shortName: optionalText(100),
  kind: z.enum(["agency", "group"]).optional(),
  orgUnit: Ref.nullable().optional(),
  note: optionalText(2000),
};
const AgencyInput = z
  .object({ code: Code, ...AgencyFields, validFrom: date.nullable().optional() })
  .strict()
  .openapi("AgencyInput");
const AgencyPatch = z
  .object({
    nameVi: AgencyFields.nameVi.optional(),
    nameEn: AgencyFields.nameEn,
    shortName: AgencyFields.shortName,
    orgUnit: AgencyFields.orgUnit,
    note: AgencyFields.note,
  })
  .strict()
  .openapi("AgencyPatch");
const change = <N extends z.ZodType>(name: string, fresh: N) =>
  z
    .object({
      kind: z.enum(["rename", "merge"]),
      effectiveOn: date,
      predecessors: z.array(Ref).min(1).max(50),
      successor: Ref.nullable().optional(),
      newSuccessor: fresh.nullable().optional(),
      note: optionalText(2000),
    })
    .strict()
    .openapi(name);
const OrgUnitChange = change(
  "OrgUnitChange",
  z.object({ code: Code, ...OrgUnitFields, level: Level.optional() }).strict(),
);
const AgencyChange = change("AgencyChange", z.object({ code: Code, ...AgencyFields }).strict());
const Succession = json(
  z
    .object({
      kind: z.string(),
      effectiveOn: z.string(),
      predecessors: z.array(z.object({ code: z.string(), validTo: z.string() })),
      successor: z.string(),
    })
    .openapi("Succession"),
  "Recorded",
);

const DocumentFields = {
  kind: DocumentKind,
  number: optionalText(100),
  issuer: optionalText(200),
  orgUnit: Ref.nullable().optional(),
  issuedOn: date.nullable().optional(),
  titleVi: text(2000),
  titleEn: optionalText(2000),
  periodFrom: year.nullable().optional(),
  periodTo: year.nullable().optional(),
  supersedes: Ref.nullable().optional(),
  note: optionalText(2000),
};
const DocumentInput = z
  .object({ code: Code, ...DocumentFields })
  .strict()
  .openapi("DocumentInput");
const DocumentPatch = z
  .object({ ...DocumentFields, kind: DocumentKind.optional(), titleVi: DocumentFields.titleVi.optional() })
  .strict()
  .openapi("DocumentPatch");

/** admin, and a token only with the catalog scope */
function catalogWriter(actor: Actor | null): Actor {
  const a = requireRole(actor, "admin");
  requireTokenScope(a, "catalog:write");
  return a;
}

// The create / correct / rename-or-merge routes of org units, agencies and documents differ only in
// path, summary and body.
const creating = <T extends z.ZodType>(path: string, summary: string, input: T) =>
  createRoute({
    method: "post",
    path,
    tags: ["catalog"],
    summary,
    request: body(input),
    responses: { 201: json(Ok, "Created"), ...errorResponses },
  });
const correcting = <T extends z.ZodType>(path: string, summary: string, patch: T) =>
  createRoute({
    method: "patch",
    path: `${path}/{code}`,
    tags: ["catalog"],
    summary,
    request: { params: CodeParam(), ...body(patch) },
    responses: { 200: json(Ok, "Updated"), ...errorResponses },
  });
const succeeding = <T extends z.ZodType>(path: string, summary: string, change: T) =>
  createRoute({
    method: "post",
    path: `${path}/successions`,
    tags: ["catalog"],
    summary,
    request: body(change),
    responses: { 201: Succession, ...errorResponses },
  });

export function catalogAdminRoutes(deps: ApiDeps) {
  const app = router();
  const { db, dataVersion } = deps.services;
  // the public caches key on the data version: a catalog change is seen on the next request
  const written = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result;
    dataVersion.invalidate();
    return value;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators/{code}",
      tags: ["catalog"],
      summary: "Một chỉ tiêu, kể cả ngưỡng / One indicator, with its thresholds",
      request: { params: CodeParam() },
      responses: { 200: json(IndicatorDetail, "Indicator"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json(await getIndicator(db, c.req.valid("param").code), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/indicators",
      tags: ["catalog"],
      summary: "Thêm chỉ tiêu / Create an indicator (admin)",
      request: body(IndicatorInput.openapi("IndicatorInput")),
      responses: { 201: json(IndicatorDetail, "Created"), ...errorResponses },
    }),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(createIndicator({ db, actor, requestId: c.get("requestId") }, c.req.valid("json"))),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/indicators/{code}",
      tags: ["catalog"],
      summary: "Sửa chỉ tiêu, công bố, ngưỡng / Update an indicator, its publication and thresholds (admin)",
      request: { params: CodeParam(), ...body(IndicatorPatch.openapi("IndicatorPatch")) },
      responses: { 200: json(IndicatorDetail, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          updateIndicator(
            { db, actor, requestId: c.get("requestId") },
            c.req.valid("param").code,
            c.req.valid("json"),
          ),
        ),
        200,
      );
    },
  );

  app.openapi(
    creating("/org-units", "Thêm đơn vị hành chính / Create an org unit (admin)", OrgUnitInput),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(createOrgUnit({ db, actor, requestId: c.get("requestId") }, c.req.valid("json"))),
        201,
      );
    },
  );

  app.openapi(
    correcting(
      "/org-units",
      "Sửa tên đơn vị (cùng pháp nhân) / Correct an org unit's names (admin)",
      OrgUnitPatch,
    ),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          updateOrgUnit(
            { db, actor, requestId: c.get("requestId") },
            c.req.valid("param").code,
            c.req.valid("json"),
          ),
        ),
        200,
      );
    },
  );

  app.openapi(
    succeeding(
      "/org-units",
      "Đổi tên, sáp nhập đơn vị có ngày hiệu lực / Rename or merge org units with a date (admin)",
      OrgUnitChange,
    ),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          recordSuccession({ db, actor, requestId: c.get("requestId") }, "org_unit", c.req.valid("json")),
        ),
        201,
      );
    },
  );

  app.openapi(creating("/agencies", "Thêm cơ quan / Create an agency (admin)", AgencyInput), async (c) => {
    const actor = catalogWriter(c.get("actor"));
    return c.json(
      await written(createAgency({ db, actor, requestId: c.get("requestId") }, c.req.valid("json"))),
      201,
    );
  });

  app.openapi(
    correcting(
      "/agencies",
      "Sửa tên cơ quan (cùng pháp nhân) / Correct an agency's names (admin)",
      AgencyPatch,
    ),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          updateAgency(
            { db, actor, requestId: c.get("requestId") },
            c.req.valid("param").code,
            c.req.valid("json"),
          ),
        ),
        200,
      );
    },
  );

  app.openapi(
    succeeding(
      "/agencies",
      "Đổi tên, hợp nhất cơ quan có ngày hiệu lực / Rename or merge agencies with a date (admin)",
      AgencyChange,
    ),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          recordSuccession({ db, actor, requestId: c.get("requestId") }, "agency", c.req.valid("json")),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/agencies/{code}/aliases",
      tags: ["catalog"],
      summary: "Thêm tên gọi khác của cơ quan / Add an alias of an agency (admin)",
      request: {
        params: CodeParam(),
        ...body(
          z
            .object({ alias: text(300) })
            .strict()
            .openapi("AliasInput"),
        ),
      },
      responses: {
        201: json(z.object({ code: z.string(), alias: z.string(), aliasKey: z.string() }), "Added"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      const { code } = c.req.valid("param");
      return c.json(
        await written(
          addAgencyAlias({ db, actor, requestId: c.get("requestId") }, code, c.req.valid("json").alias),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/agencies/{code}/aliases",
      tags: ["catalog"],
      summary: "Bỏ một tên gọi khác / Remove an alias of an agency (admin)",
      request: {
        params: CodeParam(),
        query: z.object({ alias: text(300).openapi({ param: { name: "alias", in: "query" } }) }),
      },
      responses: { 204: { description: "Removed" }, ...errorResponses },
    }),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      const { code } = c.req.valid("param");
      await written(
        removeAgencyAlias({ db, actor, requestId: c.get("requestId") }, code, c.req.valid("query").alias),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    creating("/documents", "Thêm văn bản / Create a document (admin)", DocumentInput),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(createDocument({ db, actor, requestId: c.get("requestId") }, c.req.valid("json"))),
        201,
      );
    },
  );

  app.openapi(
    correcting("/documents", "Sửa thông tin văn bản / Amend a document's record (admin)", DocumentPatch),
    async (c) => {
      const actor = catalogWriter(c.get("actor"));
      return c.json(
        await written(
          updateDocument(
            { db, actor, requestId: c.get("requestId") },
            c.req.valid("param").code,
            c.req.valid("json"),
          ),
        ),
        200,
      );
    },
  );

  return app;
}

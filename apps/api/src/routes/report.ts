import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { listDirections, recordDirection, setConclusionDocument } from "../services/report/directions.ts";
import { generateDraft, getDraft, listDrafts } from "../services/report/drafts.ts";
import { listExplanations, setExplanationPublic, writeExplanation } from "../services/report/explanations.ts";
import { renderDocx } from "../services/report/render-docx.ts";
import { renderPdf } from "../services/report/render-pdf.ts";
import { renderAppendixXlsx } from "../services/report/render-xlsx.ts";

// Issue #20: explanations, directions and the socio-economic report draft with its downloads.

const q = (name: string) => ({ param: { name, in: "query" as const } });
const path = (name: string) => ({ param: { name, in: "path" as const } });

const Explanation = z
  .object({
    id: z.number().int(),
    indicator: z.string(),
    orgUnit: z.string(),
    period: z.string(),
    causesVi: z.string(),
    measuresVi: z.string(),
    agency: z.object({ code: z.string(), nameVi: z.string() }).nullable(),
    writtenBy: z.string(),
    writtenAt: z.string(),
    isPublic: z.boolean(),
  })
  .openapi("Explanation");
const ExplanationBody = z
  .object({
    indicator: z.string().min(1).max(100),
    orgUnit: z.string().min(1).max(50),
    period: z.string().min(4).max(20).openapi({ example: "2024-9M" }),
    causesVi: z.string().min(1).max(4000),
    measuresVi: z.string().min(1).max(4000),
  })
  .strict()
  .openapi("ExplanationBody");
const AgencyRef = z.object({ code: z.string(), nameVi: z.string() });
const Direction = z
  .object({
    id: z.number().int(),
    orgUnit: z.string(),
    meetingDate: z.string(),
    subject: z.enum(["indicator", "agency", "meeting"]),
    indicator: z.string().nullable(),
    agency: z.string().nullable(),
    textVi: z.string(),
    leadAgency: AgencyRef,
    supportAgencies: z.array(AgencyRef),
    deadline: z.string(),
    task: z.object({ id: z.number().int(), code: z.string() }),
    conclusion: z.object({
      code: z.string(),
      number: z.string().nullable(),
      issuedOn: z.string().nullable(),
    }),
    recordedBy: z.string(),
  })
  .openapi("Direction");
const DirectionBody = z
  .object({
    orgUnit: z.string().min(1).max(50),
    meetingDate: z.string().date(),
    subject: z.enum(["indicator", "agency", "meeting"]),
    indicator: z.string().max(100).optional(),
    agency: z.string().max(100).optional(),
    textVi: z.string().min(1).max(4000),
    leadAgency: z.string().min(1).max(100),
    supportAgencies: z.array(z.string().min(1).max(100)).max(30).default([]),
    deadline: z.string().date(),
  })
  .strict()
  .openapi("DirectionBody");
const DraftMeta = z
  .object({
    id: z.number().int(),
    orgUnit: z.string(),
    period: z.string(),
    dataVersion: z.string(),
    illustrative: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    summaryLine: z.string(),
  })
  .openapi("ReportDraftMeta");
const DraftChanges = z
  .object({
    summaryLine: z.object({ before: z.string(), after: z.string() }).nullable(),
    changes: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        field: z.enum(["value", "figureStatus", "verdict", "added", "removed"]),
        before: z.string().nullable(),
        after: z.string().nullable(),
      }),
    ),
  })
  .nullable()
  .openapi("ReportDraftChanges");
const Line = z.object({
  code: z.string(),
  name: z.string(),
  figure: z.string(),
  value: z.string().nullable(),
  lastYear: z.string(),
  lastYearValue: z.string().nullable(),
  lastYearStatus: z.string().nullable(),
  unit: z.string(),
  figureStatus: z.string().nullable(),
  upload: z.string().nullable(),
  verdict: z.string(),
  status: z.string(),
  sentence: z.string(),
  explanation: z.string().nullable(),
  explanationMissing: z.boolean(),
  illustrative: z.boolean(),
});
const Draft = z
  .object({
    lang: z.enum(["vi", "en"]),
    orgUnit: z.object({ code: z.string(), nameVi: z.string() }),
    period: z.string(),
    periodLabel: z.string(),
    header: z.object({ left: z.array(z.string()), right: z.array(z.string()), date: z.string() }),
    title: z.string(),
    summaryLine: z.string(),
    illustrative: z.boolean(),
    illustrativeNote: z.string().nullable(),
    results: z.array(z.object({ heading: z.string(), lines: z.array(Line) })),
    shortfalls: z.array(
      z.object({
        name: z.string(),
        verdict: z.string(),
        explanation: z.string().nullable(),
        missing: z.boolean(),
      }),
    ),
    tasks: z.object({
      overdueByAgency: z.array(
        z.object({
          agency: z.string(),
          count: z.number().int(),
          tasks: z.array(z.object({ code: z.string(), text: z.string(), due: z.string() })),
        }),
      ),
      compliance: z.array(z.object({ agency: z.string(), text: z.string() })),
      directions: z.array(z.object({ text: z.string(), status: z.string() })),
    }),
    appendix: z.object({
      columns: z.array(z.string()),
      rows: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          unit: z.string(),
          value: z.string().nullable(),
          figureStatus: z.string().nullable(),
          lastYearValue: z.string().nullable(),
          lastYearStatus: z.string().nullable(),
          verdict: z.string(),
          upload: z.string().nullable(),
        }),
      ),
    }),
    headings: z.object({
      results: z.string(),
      shortfalls: z.string(),
      tasks: z.string(),
      appendix: z.string(),
    }),
  })
  .openapi("ReportDraft");
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi(path("id")) });
const Lang = z.enum(["vi", "en"]).default("vi").openapi(q("lang"));

const FORMATS = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export function reportRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  const writer = (
    c: { get(k: "actor"): Parameters<typeof requireRole>[0] },
    ...roles: Parameters<typeof requireRole>[1][]
  ) => {
    const actor = requireRole(c.get("actor"), ...roles);
    requireTokenScope(actor, "tasks:write");
    return actor;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/explanations",
      tags: ["reports"],
      summary: "Giải trình / Explanations (causes and measures) of an org unit's targets",
      request: {
        query: z.object({
          orgUnit: z.string().max(50).optional().openapi(q("orgUnit")),
          period: z.string().max(20).optional().openapi(q("period")),
          indicator: z.string().max(100).optional().openapi(q("indicator")),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(Explanation) }).openapi("ExplanationList"), "Explanations"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json({ items: await listExplanations(db, c.req.valid("query")) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/public/explanations",
      tags: ["public"],
      summary: "Giải trình đã công bố / Explanations an administrator or leader published (no sign-in)",
      request: {
        query: z.object({
          orgUnit: z.string().max(50).optional().openapi(q("orgUnit")),
          period: z.string().max(20).optional().openapi(q("period")),
          indicator: z.string().max(100).optional().openapi(q("indicator")),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              items: z.array(
                Explanation.omit({ writtenBy: true, isPublic: true }).openapi("PublicExplanation"),
              ),
            })
            .openapi("PublicExplanationList"),
          "Published explanations of published indicators",
        ),
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const items = await listExplanations(db, { ...c.req.valid("query"), publicOnly: true });
      // the portal names the agency, not the officer
      return c.json({ items: items.map(({ writtenBy: _w, isPublic: _p, ...e }) => e) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/explanations",
      tags: ["reports"],
      summary:
        "Viết giải trình / Write the explanation of a target × org unit × period (officer of the lead agency, admin)",
      request: { body: { content: { "application/json": { schema: ExplanationBody } }, required: true } },
      responses: { 200: json(Explanation, "The explanation as stored"), ...errorResponses },
    }),
    async (c) => {
      const actor = writer(c, "admin", "agency_officer");
      return c.json(
        await writeExplanation({ db, actor, requestId: c.get("requestId") }, c.req.valid("json")),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/explanations/{id}/publication",
      tags: ["reports"],
      summary: "Công bố giải trình / Publish or withdraw an explanation on the portal (admin, leader)",
      request: {
        params: IdParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({ isPublic: z.boolean() }).strict().openapi("ExplanationPublication"),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Explanation, "The explanation"), ...errorResponses },
    }),
    async (c) => {
      const actor = writer(c, "admin", "leader");
      const { id } = c.req.valid("param");
      const out = await setExplanationPublic(
        { db, actor, requestId: c.get("requestId") },
        id,
        c.req.valid("json").isPublic,
      );
      return c.json(out, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/directions",
      tags: ["reports"],
      summary: "Ý kiến chỉ đạo / Leaders' directions and their tasks",
      request: { query: z.object({ orgUnit: z.string().max(50).optional().openapi(q("orgUnit")) }) },
      responses: {
        200: json(z.object({ items: z.array(Direction) }).openapi("DirectionList"), "Directions"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json({ items: await listDirections(db, c.req.valid("query")) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/directions",
      tags: ["reports"],
      summary:
        "Ghi ý kiến chỉ đạo / Record a direction: it becomes a task under the meeting's conclusions (leader, admin)",
      request: { body: { content: { "application/json": { schema: DirectionBody } }, required: true } },
      responses: { 201: json(Direction, "The direction and its task"), ...errorResponses },
    }),
    async (c) => {
      const actor = writer(c, "admin", "leader");
      return c.json(
        await recordDirection({ db, actor, requestId: c.get("requestId") }, c.req.valid("json")),
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/conclusions/{code}",
      tags: ["reports"],
      summary: "Số, ngày Thông báo kết luận / The office enters the conclusions' number and date (admin)",
      request: {
        params: z.object({ code: z.string().max(100).openapi(path("code")) }),
        body: {
          content: {
            "application/json": {
              schema: z
                .object({ number: z.string().min(1).max(60), issuedOn: z.string().date() })
                .strict()
                .openapi("ConclusionBody"),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({ code: z.string(), number: z.string(), issuedOn: z.string() }).openapi("Conclusion"),
          "Updated",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = writer(c, "admin");
      return c.json(
        await setConclusionDocument(
          { db, actor, requestId: c.get("requestId") },
          c.req.valid("param").code,
          c.req.valid("json"),
        ),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/report-drafts",
      tags: ["reports"],
      summary:
        "Lập dự thảo báo cáo KT-XH / Generate and keep the socio-economic report draft (admin, leader, statistician)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z
                .object({
                  orgUnit: z.string().min(1).max(50),
                  period: z.string().min(4).max(20).openapi({ example: "2024-9M" }),
                  today: z.string().date().optional(),
                })
                .strict()
                .openapi("ReportDraftRequest"),
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          // a plain object (not an extension of ReportDraftMeta, which the document would write as
          // allOf): closed, and `changes` is null for the first draft of a period
          z.object({ ...DraftMeta.shape, changes: DraftChanges.nullable() }).openapi("ReportDraftMade"),
          "The kept draft and what changed",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = writer(c, "admin", "leader", "statistician");
      return c.json(
        await generateDraft({ db, actor, requestId: c.get("requestId") }, c.req.valid("json")),
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/report-drafts",
      tags: ["reports"],
      summary: "Các dự thảo đã lập / Kept drafts",
      request: {
        query: z.object({
          orgUnit: z.string().max(50).optional().openapi(q("orgUnit")),
          period: z.string().max(20).optional().openapi(q("period")),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(DraftMeta) }).openapi("ReportDraftList"), "Drafts"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json({ items: await listDrafts(db, c.req.valid("query")) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/report-drafts/{id}",
      tags: ["reports"],
      summary: "Một dự thảo / A kept draft, with what changed since the one before",
      request: { params: IdParam, query: z.object({ lang: Lang }) },
      responses: {
        200: json(
          z.object({ meta: DraftMeta, draft: Draft, changes: DraftChanges }).openapi("ReportDraftView"),
          "The draft",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json(await getDraft(db, c.req.valid("param").id, c.req.valid("query").lang), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/report-drafts/{id}/file",
      tags: ["reports"],
      summary: "Tải dự thảo / Download a kept draft as DOCX, PDF or the appendix as XLSX",
      request: {
        params: IdParam,
        query: z.object({ format: z.enum(["docx", "pdf", "xlsx"]).openapi(q("format")), lang: Lang }),
      },
      responses: {
        200: {
          description: "The file",
          content: Object.fromEntries(
            Object.values(FORMATS).map((t) => [t, { schema: { type: "string" as const, format: "binary" } }]),
          ),
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { id } = c.req.valid("param");
      const { format, lang } = c.req.valid("query");
      const { draft, meta } = await getDraft(db, id, lang);
      const bytes =
        format === "docx"
          ? await renderDocx(draft)
          : format === "pdf"
            ? await renderPdf(draft)
            : await renderAppendixXlsx(draft);
      const name = `bao-cao-kt-xh-${meta.orgUnit}-${meta.period}-${meta.id}${format === "xlsx" ? "-bieu-so-lieu" : ""}.${format}`;
      return c.body(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, 200, {
        "content-type": FORMATS[format],
        "content-disposition": `attachment; filename="${name}"`,
      });
    },
  );
  return app;
}

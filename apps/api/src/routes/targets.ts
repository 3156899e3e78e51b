import { targetFormSchema } from "@chitieu/domain";
import { ImportError } from "@chitieu/importer";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { requireRole, requireTokenScope } from "../auth/policy.ts";
import type { Actor } from "../http/env.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { receiveUpload } from "../http/upload.ts";
import { createTarget, createTargets } from "../services/target-create.ts";
import { readTargetSheet } from "../services/target-sheet.ts";

// ── Target creation (issue #13 item 7) ─────────────────────────────────────────────────────────
// POST /targets: one target with its document and quote. POST /targets/imports: a plan's targets
// from a spreadsheet, dryRun=true for the preview. Administrator, or a token with catalog:write.

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "số thập phân dấu chấm / dot-decimal number");

const TargetCreateInput = z
  .object({
    indicator: z.string().min(1).max(100),
    orgUnit: z.string().min(1).max(100),
    period: z.string().min(4).max(9),
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
    documentCode: z.string().min(1).max(100),
    quote: z.string().trim().min(3).max(4000),
    note: z.string().max(4000).nullable().optional(),
    effectiveFrom: z.string().date().nullable().optional(),
    provenance: z.enum(["stated", "inferred", "assumption"]).optional(),
    provenanceNote: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi("TargetCreateInput");

const CreatedTarget = z
  .object({
    id: z.number().int(),
    indicator: z.string(),
    orgUnit: z.string(),
    period: z.string(),
    revision: z.number().int(),
  })
  .openapi("CreatedTarget");

const TargetSheetProblem = z.object({ path: z.string(), message: z.string() }).openapi("TargetSheetProblem");
const TargetSheetResult = z
  .object({
    dryRun: z.boolean(),
    committed: z.boolean(),
    rows: z.array(
      z
        .object({
          row: z.number().int(),
          indicator: z.string(),
          orgUnit: z.string(),
          period: z.string(),
          form: z.string(),
          quote: z.string(),
        })
        .openapi("TargetSheetRow"),
    ),
    problems: z.array(TargetSheetProblem),
    created: z.array(
      z
        .object({ id: z.number().int(), indicator: z.string(), orgUnit: z.string(), period: z.string() })
        .openapi("TargetSheetCreated"),
    ),
  })
  .openapi("TargetSheetResult");

const TargetSheetUpload = z
  .object({
    // the streamed file part (http/upload.ts): its name and the path of its bytes
    file: z
      .custom<{ name: string; path: string }>(
        (v) => typeof v === "object" && v !== null && "path" in v,
        "cần tệp / a file is required",
      )
      .openapi({
        type: "string",
        format: "binary",
      }),
    dryRun: z.enum(["true", "false"]).optional(),
  })
  .openapi("TargetSheetUpload");

const MAX_SHEET_BYTES = 5 * 1024 * 1024;

function targetWriter(actor: Actor | null): Actor {
  const a = requireRole(actor, "admin");
  requireTokenScope(a, "catalog:write");
  return a;
}

export function targetCreationRoutes(deps: ApiDeps) {
  const app = router();
  app.openAPIRegistry.register("TargetSheetUpload", TargetSheetUpload);
  const { db, dataVersion } = deps.services;

  app.openapi(
    createRoute({
      method: "post",
      path: "/targets",
      tags: ["targets"],
      summary: "Thêm chỉ tiêu kế hoạch / Create a target with its document and quote (admin)",
      request: { body: { required: true, content: { "application/json": { schema: TargetCreateInput } } } },
      responses: { 201: json(CreatedTarget, "Created"), ...errorResponses },
    }),
    async (c) => {
      const actor = targetWriter(c.get("actor"));
      const created = await createTarget({ db, actor, requestId: c.get("requestId") }, c.req.valid("json"));
      dataVersion.invalidate();
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/targets/imports",
      tags: ["targets"],
      summary:
        "Nhập chỉ tiêu kế hoạch từ bảng tính / Create a plan's targets from a spreadsheet (CSV or .xlsx; dryRun=true for the preview; all rows or none)",
      request: {
        // documented, not validated by the router: its validator would read the whole body into
        // memory first; the route streams the file to a temporary file (http/upload.ts)
        body: {
          required: true,
          content: { "multipart/form-data": { schema: { $ref: "#/components/schemas/TargetSheetUpload" } } },
        },
      },
      responses: {
        200: json(TargetSheetResult, "Preview, or refused with every problem (nothing written)"),
        201: json(TargetSheetResult, "Committed"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = targetWriter(c.get("actor"));
      // the file part over the limit answers 413 as before (the body itself is also under the
      // API's JSON body limit, which stops it while it is read)
      const upload = await receiveUpload(c.req.raw, { maxBytes: MAX_SHEET_BYTES }).catch((e) => {
        throw e instanceof ImportError && e.code === "file_too_large"
          ? problems.tooLarge(MAX_SHEET_BYTES)
          : e;
      });
      let result: Awaited<ReturnType<typeof createTargets>>;
      try {
        const form = TargetSheetUpload.safeParse({ ...upload.fields, file: upload.file ?? undefined });
        if (!form.success)
          throw problems.invalid(
            form.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })),
          );
        const file = upload.file as NonNullable<typeof upload.file>;
        const sheet = await readTargetSheet({ name: file.name || "upload", path: file.path });
        result = await createTargets({ db, actor, requestId: c.get("requestId") }, sheet.rows, {
          dryRun: form.data.dryRun === "true",
          fileName: file.name || "upload",
          problems: sheet.problems,
        });
      } finally {
        await upload.cleanup();
      }
      if (result.committed) dataVersion.invalidate();
      return c.json(result, result.committed ? 201 : 200);
    },
  );
  return app;
}

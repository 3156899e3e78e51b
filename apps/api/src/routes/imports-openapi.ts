import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "@hono/zod-openapi";
import { errorResponses, json } from "../http/openapi.ts";
import { ImportBatch } from "./schemas.ts";

// The import routes take multipart uploads and stream files, so they are plain Hono routes;
// this puts them in the OpenAPI document all the same.

const Problem = z
  .object({
    row: z.number().int().nullable(),
    column: z.string().nullable(),
    columnLetter: z.string().nullable(),
    value: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
  })
  .openapi("ImportProblem");
const ImportAnswer = z
  .object({
    batchId: z.number().int().nullable(),
    status: z.enum(["preview", "committed", "rejected"]),
    fileName: z.string(),
    fileHash: z.string(),
    duplicateOf: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "an earlier batch of the very same file" }),
    rows: z.object({
      total: z.number().int(),
      new: z.number().int(),
      revised: z.number().int(),
      unchanged: z.number().int(),
      invalid: z.number().int(),
      skipped: z.number().int(),
      kept: z
        .number()
        .int()
        .openapi({ description: "estimates not stored: an official figure covers the same months" }),
    }),
    errors: z.array(Problem),
    warnings: z.array(Problem),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    truncated: z.boolean().openapi({ description: "the lists are cut at the limit; the counts are not" }),
    detected: z.object({
      format: z.string(),
      encoding: z.string().nullable(),
      delimiter: z.string().nullable(),
      numberConvention: z.string(),
      layout: z.enum(["long", "wide"]).nullable(),
      year: z.number().int().nullable(),
      yearSource: z.string().nullable(),
      headerRow: z.number().int().nullable(),
      columns: z.array(z.object({ header: z.string(), letter: z.string(), role: z.string() })),
      ignoredColumns: z.array(z.string()),
    }),
    sample: z.array(
      z.object({
        row: z.number().int(),
        column: z.string(),
        indicator: z.string(),
        orgUnit: z.string(),
        period: z.string(),
        basis: z.string(),
        value: z.string(),
        status: z.string(),
        note: z.string().nullable(),
        outcome: z.enum(["new", "revised", "unchanged", "kept"]),
        currentValue: z.string().nullable(),
      }),
    ),
    revisions: z.array(
      z
        .object({
          row: z.number().int(),
          column: z.string(),
          indicator: z.string(),
          orgUnit: z.string(),
          period: z.string(),
          basis: z.string(),
          oldValue: z.string(),
          newValue: z.string(),
          oldStatus: z.string(),
          newStatus: z.string(),
          enteredBy: z.string().nullable(),
          enteredAt: z.string(),
        })
        .openapi("ImportRevision"),
    ),
    report: z
      .object({
        shape: z.enum(["report", "district"]),
        headerRows: z.array(z.number().int()),
        inferred: z.array(
          z.object({ field: z.string(), value: z.string(), source: z.string(), sourceEn: z.string() }),
        ),
        questions: z.array(
          z.object({
            field: z.string(),
            text: z.string().nullable(),
            row: z.number().int().nullable(),
            kind: z.enum(["indicator", "org_unit"]).nullable(),
            message: z.string(),
            messageEn: z.string(),
            choices: z.array(z.object({ value: z.string(), label: z.string() })),
            suggested: z.string().nullable(),
            required: z.boolean(),
          }),
        ),
        matches: z.array(
          z.object({
            row: z.number().int(),
            text: z.string(),
            kind: z.enum(["indicator", "org_unit"]),
            code: z.string(),
            name: z.string(),
            how: z.enum(["exact", "close", "alias", "chosen"]),
            score: z.number().nullable(),
          }),
        ),
        conversions: z.array(
          z.object({
            row: z.number().int(),
            column: z.string(),
            indicator: z.string(),
            from: z.string(),
            to: z.string(),
            factor: z.string(),
            original: z.string(),
            value: z.string(),
          }),
        ),
        skippedRows: z.array(
          z.object({
            row: z.number().int(),
            text: z.string(),
            why: z.enum(["section", "note", "total", "not_tracked"]),
          }),
        ),
        unknownHeaders: z.array(z.string()),
        aliases: z.array(z.object({ kind: z.string(), text: z.string(), code: z.string().nullable() })),
        planRevisions: z.array(
          z.object({
            row: z.number().int(),
            indicator: z.string(),
            orgUnit: z.string(),
            oldValue: z.string(),
            newValue: z.string(),
          }),
        ),
      })
      .nullable()
      .openapi("ImportReport"),
  })
  .openapi("ImportResult");
const Upload = z.object({
  file: z.string().openapi({ format: "binary" }),
  dryRun: z.enum(["true", "false"]).optional(),
  layout: z.enum(["long", "wide"]).optional(),
  year: z.string().optional(),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  numberConvention: z.enum(["comma_decimal", "dot_decimal"]).optional(),
  orgUnit: z.string().optional().openapi({ description: "report table: whose figures (org unit code)" }),
  status: z.enum(["estimate", "preliminary", "official"]).optional().openapi({
    description: "status of value columns whose header names none (never defaulted)",
  }),
  unit: z
    .string()
    .optional()
    .openapi({ description: "unit of the values when the file states none, or 'catalog'" }),
  indicator: z.string().optional().openapi({ description: "district table: the indicator code" }),
  sheet: z.string().optional().openapi({ description: "the sheet to read in a workbook of several" }),
  storeTotal: z.enum(["true", "false"]).optional().openapi({
    description: "district table: store the total row as the province's figure",
  }),
  names: z.string().optional().openapi({
    description:
      'JSON {"name in the file": "indicator or org unit code" | "-"}; confirmed names are remembered',
  }),
  recordPlan: z.enum(["true", "false"]).optional().openapi({
    description: "report table: record the file's plan amounts that differ as revisions of the targets",
  }),
  planDocumentNumber: z
    .string()
    .optional()
    .openapi({ description: "the number of the document setting the plan" }),
  planDocumentDate: z
    .string()
    .optional()
    .openapi({ description: "its date, YYYY-MM-DD (the revision's effective date)" }),
});
const id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

export function documentImportRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/imports",
    tags: ["imports"],
    summary: "Tải lên số liệu / Upload figures (CSV or .xlsx; dryRun=true for the preview)",
    request: { body: { required: true, content: { "multipart/form-data": { schema: Upload } } } },
    responses: {
      200: json(ImportAnswer, "Preview"),
      201: json(ImportAnswer, "Committed"),
      413: { description: "File too large" },
      422: { description: "Rejected: the preview with every problem; nothing written" },
      ...errorResponses,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/imports",
    tags: ["imports"],
    summary: "Các lần tải lên / Import batches",
    request: {
      query: z.object({
        status: z.enum(["committed", "rolled_back"]).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        offset: z.number().int().min(0).optional(),
      }),
    },
    responses: {
      200: json(z.object({ batches: z.array(ImportBatch) }).openapi("ImportBatchList"), "Batches"),
      ...errorResponses,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/imports/{id}",
    tags: ["imports"],
    summary: "Một lần tải lên / One batch",
    request: { params: id },
    responses: { 200: json(ImportBatch, "The batch"), ...errorResponses },
  });
  registry.registerPath({
    method: "post",
    path: "/imports/{id}/rollback",
    tags: ["imports"],
    summary: "Hoàn tác / Roll a batch back, restoring the previous values",
    request: { params: id },
    responses: {
      200: json(
        z
          .object({
            batchId: z.number().int(),
            deleted: z.number().int(),
            restored: z.number().int(),
            targetsRestored: z.number().int().openapi({
              description:
                "mức kế hoạch ghi từ cột kế hoạch của tệp đã gỡ (lần điều chỉnh trước có hiệu lực lại) / target revisions recorded from the file's plan column, removed",
            }),
            status: z.literal("rolled_back"),
          })
          .openapi("ImportRollback"),
        "Rolled back",
      ),
      409: {
        description:
          "A later batch revised these figures, or a target this batch revised from its plan column was revised again",
      },
      ...errorResponses,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/imports/templates/{file}",
    tags: ["imports"],
    summary:
      "Mẫu tệp / Template pre-filled with what the uploader may write, with instructions and (xlsx) drop-down lists (long.csv, long.xlsx, wide.csv, wide.xlsx, report.csv, report.xlsx)",
    request: {
      params: z.object({
        file: z.string().openapi({ param: { name: "file", in: "path" }, example: "long.csv" }),
      }),
    },
    responses: {
      200: {
        description: "The template file",
        content: {
          "text/csv": { schema: { type: "string" } },
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            schema: { type: "string", format: "binary" },
          },
        },
      },
      ...errorResponses,
    },
  });
}

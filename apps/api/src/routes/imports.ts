import { vietnamDate } from "@chitieu/domain";
import {
  buildTemplate,
  type CanWrite,
  commitImport,
  DEFAULT_MAX_BYTES,
  getBatch,
  ImportError,
  type ImportOptions,
  type ImportResult,
  listBatches,
  parseDelimiter,
  parseEncoding,
  previewImport,
  type ReportAnswers,
  rollbackBatch,
} from "@chitieu/importer";
import type { Database } from "@chitieu/storage";
import { type Context, Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { canWriteObservation, requireTokenScope } from "../auth/policy.ts";
import type { Actor, AppEnv } from "../http/env.ts";
import { flag } from "../http/openapi.ts";
import { ApiProblem, asProblem, problemBody, problemResponse, problems } from "../http/problem.ts";
import { receiveUpload } from "../http/upload.ts";
import { camelRow } from "../services/camel.ts";

// Uploads of observations: preview (dry run), commit, list, read, roll back, and templates.
// Thin: every rule lives in @chitieu/importer; this maps HTTP to it and back.

export interface ImportRouteDeps {
  services: { db: Kysely<Database> };
  /** what an actor may write; default: from the actor's role and scopes */
  canWrite?: (actor: Actor) => CanWrite;
  /** upload limit in bytes (default 50 MB) */
  maxBytes?: number;
  /** today's date (ISO), for the future-period check; default the clock */
  today?: () => string;
}

/** What an upload may write: the rule of a single figure (canWriteObservation); the importer memoises it per pair. */
export function canWriteFor(actor: Actor): CanWrite {
  return (indicatorId, orgUnitId) => canWriteObservation(actor, indicatorId, orgUnitId);
}

const optionsSchema = z.object({
  dryRun: flag,
  layout: z.enum(["long", "wide"]).optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  encoding: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseEncoding(v) !== null, {
      message: "encoding: utf-8 | utf-8-bom | utf-16le | utf-16be | windows-1258",
    }),
  delimiter: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseDelimiter(v) !== null, { message: "delimiter: , | ; | tab" }),
  numberConvention: z
    .enum(["comma", "dot", "comma_decimal", "dot_decimal"])
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : v.startsWith("comma")
          ? ("comma_decimal" as const)
          : ("dot_decimal" as const),
    ),
  // answers to the questions of a report or district table (issue #15)
  orgUnit: z.string().min(1).max(100).optional(),
  status: z.enum(["estimate", "preliminary", "official"]).optional(),
  unit: z.string().min(1).max(100).optional(),
  indicator: z.string().min(1).max(100).optional(),
  sheet: z.string().min(1).max(200).optional(),
  storeTotal: z.enum(["true", "false"]).optional(),
  // record the file's plan column as revisions of the targets, under this document (issue #15 item 1)
  recordPlan: z.enum(["true", "false"]).optional(),
  planDocumentNumber: z.string().min(1).max(100).optional(),
  planDocumentDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "planDocumentDate: YYYY-MM-DD")
    .optional(),
  names: z
    .string()
    .max(100_000)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      try {
        return z.record(z.string().max(2_000), z.string().max(100)).parse(JSON.parse(v));
      } catch {
        ctx.addIssue({
          code: "custom",
          message:
            'names: một đối tượng JSON {"tên trong tệp": "mã chỉ tiêu"} / a JSON object {"name in the file": "indicator code"}',
        });
        return z.NEVER;
      }
    }),
});

/** The answers of an upload's form fields, for the importer. */
export function answersOf(o: z.infer<typeof optionsSchema>): ReportAnswers {
  return {
    ...(o.orgUnit ? { orgUnit: o.orgUnit } : {}),
    ...(o.year ? { year: o.year } : {}),
    ...(o.status ? { status: o.status } : {}),
    ...(o.unit ? { unit: o.unit } : {}),
    ...(o.indicator ? { indicator: o.indicator } : {}),
    ...(o.sheet ? { sheet: o.sheet } : {}),
    ...(o.storeTotal ? { storeTotal: o.storeTotal === "true" } : {}),
    ...(o.names ? { names: o.names } : {}),
    ...(o.recordPlan === "true"
      ? { recordPlan: { documentNumber: o.planDocumentNumber ?? "", documentDate: o.planDocumentDate ?? "" } }
      : {}),
  };
}

const listSchema = z.object({
  status: z.enum(["committed", "rolled_back"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

function requireImporter(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw problems.unauthenticated();
  if (actor.role !== "admin" && actor.role !== "statistician")
    throw problems.forbidden("nhập số liệu / import figures");
  requireTokenScope(actor, c.req.method === "GET" ? "read" : "imports:write");
  return actor;
}

/**
 * An importer's refusal as the API's problem: too large 413, unknown batch 404, unreadable 400,
 * over a reading limit (a zip bomb, a million columns) 422, else 409.
 */
export function fromImportError(e: ImportError): ApiProblem {
  const status =
    e.code === "file_too_large"
      ? 413
      : e.code === "not_found"
        ? 404
        : e.code === "unreadable_file"
          ? 400
          : e.code === "file_too_complex"
            ? 422
            : 409;
  return new ApiProblem(status, e.code, e.vi, e.en, e.details === undefined ? undefined : [e.details]);
}

export function importRoutes(deps: ImportRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.services.db;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
  const canWriteOf = deps.canWrite ?? canWriteFor;
  const today = deps.today ?? (() => vietnamDate());

  app.onError((error, c) => {
    const problem = asProblem(error);
    if (problem) return problemResponse(c, problem);
    if (error instanceof ImportError) return problemResponse(c, fromImportError(error));
    throw error;
  });

  app.post("/", async (c) => {
    const actor = requireImporter(c);
    let result: ImportResult;
    // streamed to a private temporary file as it arrives (http/upload.ts; a Content-Length over
    // the limit is refused before reading): the body is never held whole nor parsed in one synchronous pass, and the parse worker reads the file itself
    const upload = await receiveUpload(c.req.raw, { maxBytes });
    try {
      const file = upload.file;
      if (file === null)
        throw problems.invalid([
          { path: "file", message: "Cần tệp trong trường 'file' / a file is required in field 'file'" },
        ]);
      const parsed = optionsSchema.safeParse({ ...upload.fields, ...c.req.query() });
      if (!parsed.success)
        throw problems.invalid(
          parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      const o = parsed.data;
      const options: ImportOptions = {
        userId: actor.userId,
        canWrite: canWriteOf(actor),
        today: today(),
        maxBytes,
        ...(o.layout ? { layout: o.layout } : {}),
        ...(o.year ? { year: o.year } : {}),
        ...(o.encoding ? { encoding: parseEncoding(o.encoding) ?? undefined } : {}),
        ...(o.delimiter ? { delimiter: parseDelimiter(o.delimiter) ?? undefined } : {}),
        ...(o.numberConvention ? { numberConvention: o.numberConvention } : {}),
        answers: answersOf(o),
      } as ImportOptions;
      const source = { name: file.name || "upload", path: file.path };
      result = await (o.dryRun ? previewImport : commitImport)(db, source, options);
    } finally {
      await upload.cleanup();
    }
    if (result.status === "rejected") return rejected(c, result);
    return c.json(toResponse(result), result.status === "committed" ? 201 : 200);
  });

  app.get("/", async (c) => {
    const actor = requireImporter(c);
    const parsed = listSchema.safeParse(c.req.query());
    if (!parsed.success)
      throw problems.invalid(
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    const batches = await listBatches(db, {
      ...parsed.data,
      ...(actor.role === "admin" ? {} : { userId: actor.userId }),
    });
    return c.json({ batches: batches.map(camelRow) });
  });

  app.get("/templates/:file", async (c) => {
    const actor = requireImporter(c);
    const m = /^(long|wide|report)\.(csv|xlsx)$/.exec(c.req.param("file"));
    if (!m) throw problems.notFound("mẫu / template");
    const year = Number(c.req.query("year") ?? new Date().getUTCFullYear());
    const t = await buildTemplate(
      db,
      m[1] as "long" | "wide" | "report",
      m[2] as "csv" | "xlsx",
      canWriteOf(actor),
      {
        year,
      },
    );
    return c.body(t.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": t.contentType,
      "content-disposition": `attachment; filename="${t.fileName}"`,
    });
  });

  app.get("/:id{[0-9]+}", async (c) => {
    const actor = requireImporter(c);
    const batch = await getBatch(db, Number(c.req.param("id")));
    if (!batch || (actor.role !== "admin" && batch.user_id !== actor.userId))
      throw problems.notFound(`lần nhập / batch ${c.req.param("id")}`);
    return c.json(camelRow(batch));
  });

  app.post("/:id{[0-9]+}/rollback", async (c) => {
    const actor = requireImporter(c);
    const id = Number(c.req.param("id"));
    const batch = await getBatch(db, id);
    if (!batch) throw problems.notFound(`lần nhập / batch ${id}`);
    if (actor.role !== "admin" && batch.user_id !== actor.userId)
      throw problems.forbidden("chỉ hoàn tác lần nhập của mình / only your own batches");
    const result = await rollbackBatch(db, id, actor.userId);
    return c.json({ ...result, status: "rolled_back" });
  });

  return app;
}

function toResponse(r: ImportResult) {
  const strip = (p: ImportResult["errors"][number]) => ({
    row: p.row,
    column: p.column,
    columnLetter: p.column_letter,
    value: p.value,
    code: p.code,
    message: p.message,
    messageEn: p.message_en,
  });
  return {
    batchId: r.batchId,
    status: r.status,
    fileName: r.fileName,
    fileHash: r.fileHash,
    duplicateOf: r.duplicateOf,
    rows: r.rows,
    errors: r.errors.map(strip),
    warnings: r.warnings.map(strip),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    truncated: r.truncated,
    detected: r.detected,
    sample: r.sample?.map(camelRow),
    revisions: r.revisions,
    report: r.report,
  };
}

/** A commit refused for errors: a problem (422) that still carries the whole preview. */
function rejected(c: Context<AppEnv>, r: ImportResult): Response {
  const p = new ApiProblem(
    422,
    "import_invalid",
    `Tệp có ${r.errorCount} lỗi; không có số liệu nào được lưu.`,
    `The file has ${r.errorCount} errors; nothing was saved.`,
  );
  const body = {
    ...toResponse(r),
    ...problemBody(p, c.req.path),
    errors: toResponse(r).errors,
    importStatus: r.status,
  };
  return c.body(JSON.stringify(body), 422, { "content-type": "application/problem+json; charset=utf-8" });
}

import { isWebLink, STORED_TASK_STATUSES, TASK_STATUSES } from "@chitieu/domain";
import {
  DEFAULT_MAX_BYTES,
  ImportError,
  importStatusReports,
  importTaskTable,
  type ReportAs,
} from "@chitieu/importer";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiDeps } from "../app.ts";
import { requireInternalReader, requireRole, requireTokenScope } from "../auth/policy.ts";
import type { Actor, AppEnv } from "../http/env.ts";
import { errorResponses, flag, IdParam, json, Pagination, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { type ReceivedUpload, receiveUpload } from "../http/upload.ts";
import { camelRow } from "../services/camel.ts";
import {
  agencyScorecards,
  calendarYears,
  listReportingDuties,
  recordReportDelivery,
  recordReportingEvent,
  reportingCompliance,
} from "../services/reporting.ts";
import { listTaskImports, rollbackTaskImport } from "../services/task-imports.ts";
import { getTask, listTasks, moveTaskDeadline, reportTaskStatus, today } from "../services/tasks.ts";
import { fromImportError } from "./imports.ts";
import {
  AgencyScorecard,
  DeadlineRevision,
  ReportDelivery,
  ReportingCompliance,
  ReportingDuty,
  StatusReport,
  Task,
  TaskDeadline,
  TaskImportBatch,
  TaskImportResult,
  TaskRollback,
  TaskStatusImportResult,
} from "./schemas.ts";

// only http(s): a javascript: or data: link would run when a reader clicks it
const WebLink = z
  .string()
  .max(2000)
  .refine(isWebLink, "Đường dẫn phải là http:// hoặc https:// / the link must be http:// or https://")
  .openapi({ example: "https://quangnam.gov.vn/bao-cao.pdf" });

// Tasks, reporting duties and agency scorecards (issue #5). Reads: every signed-in role. Writes:
// status reports by an officer of a lead or supporting agency (or an admin), deadline moves by an
// admin, task-table uploads by an admin or a statistician, status uploads by officers; token
// callers need the "tasks:write" scope.

const q = (name: string) => ({ param: { name, in: "query" as const } });
const date = z.string().date();

const Deadline = TaskDeadline;
const TaskSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    number: z.string().nullable(),
    section: z.string().nullable(),
    textVi: z.string(),
    document: z.object({ code: z.string(), number: z.string().nullable() }),
    leadText: z.string().nullable(),
    supportText: z.string().nullable(),
    leads: z.array(z.object({ code: z.string(), nameVi: z.string(), part: z.string().nullable() })),
    status: z.enum(TASK_STATUSES),
    reportedStatus: z.enum(STORED_TASK_STATUSES),
    completedOn: z.string().nullable(),
    deadline: Deadline,
    due: z.string().nullable(),
    dueSoon: z.boolean(),
  })
  .openapi("TaskSummary");
const TaskList = z
  .object({ items: z.array(TaskSummary), total: z.number(), limit: z.number(), offset: z.number() })
  .openapi("TaskList");
const ImportResult = TaskImportResult;
const Upload = z.object({
  file: z.any().openapi({ type: "string", format: "binary", description: "CSV hoặc .xlsx / CSV or .xlsx" }),
  document: z.string().optional().openapi({ description: "mã văn bản / document code" }),
  dryRun: z.string().optional().openapi({ description: "true: xem trước, không ghi / preview only" }),
});

function requireWriter(c: Context<AppEnv>, ...roles: Actor["role"][]): Actor {
  const actor = requireRole(c.get("actor"), ...roles);
  requireTokenScope(actor, "tasks:write");
  return actor;
}

/**
 * The task or status upload, streamed to a private temporary file as it arrives (http/upload.ts,
 * as `POST /imports`): the body is never held whole. Over the limit → 413 (Content-Length before
 * reading, a chunked body while reading, the file part as file_too_large); a malformed body → 400.
 * The caller removes the file with `cleanup()` whatever happens.
 */
async function upload(c: Context<AppEnv>, maxBytes: number) {
  let received: ReceivedUpload;
  try {
    received = await receiveUpload(c.req.raw, { maxBytes });
  } catch (e) {
    throw e instanceof ImportError ? fromImportError(e) : e;
  }
  const file = received.file;
  if (file === null) {
    await received.cleanup();
    throw problems.invalid([
      { path: "file", message: "Cần tệp trong trường 'file' / a file is required in field 'file'" },
    ]);
  }
  const text = (k: string) => received.fields[k] ?? c.req.query(k) ?? undefined;
  return {
    source: { name: file.name || "upload", path: file.path },
    document: text("document") || null,
    dryRun: flag.parse(text("dryRun")),
    cleanup: received.cleanup,
  };
}

/** Officers report for the agency of theirs that leads or supports the task; admins for any. */
export function reportAsFor(actor: Actor): ReportAs {
  if (actor.role === "admin") return () => ({ agencyId: null });
  if (actor.role !== "agency_officer") return () => false;
  return (ids) => {
    const mine = ids.find((id) => actor.scopes.agency.includes(id));
    return mine === undefined ? false : { agencyId: mine };
  };
}

export function taskRoutes(deps: ApiDeps) {
  const app = router();
  const db = deps.services.db;
  const maxBytes = deps.uploadMaxBytes ?? DEFAULT_MAX_BYTES;
  // the upload's form, documented but not validated by the router: its validator would read the
  // whole body into memory before the route streams it (the fields are checked by the route)
  app.openAPIRegistry.register("TaskUpload", Upload);
  app.openAPIRegistry.register("TaskStatusUpload", Upload);
  const uploadBody = (name: string) => ({
    required: true,
    content: { "multipart/form-data": { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  const withImportErrors = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw e instanceof ImportError ? fromImportError(e) : e;
    }
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/tasks",
      tags: ["tasks"],
      summary: "Nhiệm vụ / Tasks, overdue and due soon first",
      request: {
        query: Pagination.extend({
          document: z.string().max(100).optional().openapi(q("document")),
          agency: z.string().max(100).optional().openapi(q("agency")),
          role: z.enum(["lead", "support"]).optional().openapi(q("role")),
          status: z.enum(TASK_STATUSES).optional().openapi(q("status")),
          dueBefore: date.optional().openapi(q("dueBefore")),
          dueAfter: date.optional().openapi(q("dueAfter")),
          review: flag.openapi(q("review")),
          q: z.string().max(200).optional().openapi(q("q")),
          today: date.optional().openapi(q("today")),
        }),
      },
      responses: { 200: json(TaskList, "Tasks with their derived status"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const f = c.req.valid("query");
      const { items, total } = await listTasks(db, f);
      return c.json({ items, total, limit: f.limit, offset: f.offset }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/tasks/{id}",
      tags: ["tasks"],
      summary: "Nhiệm vụ / One task: agencies and parts, deadline history, status reports",
      request: { params: IdParam, query: z.object({ today: date.optional().openapi(q("today")) }) },
      responses: { 200: json(Task, "The task"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const task = await getTask(db, c.req.valid("param").id, c.req.valid("query").today ?? today());
      if (!task) throw problems.notFound("nhiệm vụ / task");
      return c.json(task, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tasks/{id}/status-reports",
      tags: ["tasks"],
      summary:
        "Báo cáo tình hình / Report a task's status (officer of a lead or supporting agency, or admin)",
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  status: z.enum(STORED_TASK_STATUSES).openapi({
                    description:
                      "overdue và done_late do hệ thống tự xác định / overdue and done_late are derived",
                  }),
                  occurrence: z.string().max(20).nullish().openapi({ example: "2024-Q3" }),
                  reportedOn: date.optional(),
                  completedOn: date.nullish(),
                  progressNote: z.string().max(5000).nullish(),
                  evidenceDocument: z
                    .string()
                    .max(300)
                    .nullish()
                    .openapi({ example: "125/BC-SKHĐT ngày 20/9/2024" }),
                  evidenceUrl: WebLink.nullish(),
                  evidenceFile: z.string().max(300).nullish(),
                  evidenceDocumentNumber: z.string().max(100).nullish().openapi({
                    example: "1456/QĐ-TTg",
                    description:
                      "Số văn bản chứng minh hoàn thành (cùng ngày văn bản) / number of the document that shows it done (with its date)",
                  }),
                  evidenceDocumentDate: date.nullish().openapi({ example: "2023-11-22" }),
                  replacedBy: z.string().max(100).nullish(),
                  agency: z.string().max(100).nullish(),
                })
                .openapi("StatusReportInput"),
            },
          },
        },
      },
      responses: { 201: json(StatusReport, "Stored report"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "agency_officer");
      const id = c.req.valid("param").id;
      return c.json(
        await reportTaskStatus({ db, actor, requestId: c.get("requestId") }, id, c.req.valid("json")),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tasks/{id}/deadlines",
      tags: ["tasks"],
      summary: "Điều chỉnh thời hạn / Move a task's deadline (admin), keeping history",
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  text: z.string().max(300).nullish().openapi({ example: "Quý III năm 2024" }),
                  dueDate: date.nullish(),
                  document: z
                    .string()
                    .min(1)
                    .max(100)
                    .openapi({ description: "mã văn bản điều chỉnh / document code" }),
                  reason: z.string().min(1).max(2000),
                })
                .openapi("DeadlineMove"),
            },
          },
        },
      },
      responses: { 201: json(DeadlineRevision, "New revision"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin");
      return c.json(
        await moveTaskDeadline(
          { db, actor, requestId: c.get("requestId") },
          c.req.valid("param").id,
          c.req.valid("json"),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reporting-duties",
      tags: ["reporting"],
      summary: "Nghĩa vụ báo cáo / Reporting duties with their due rule",
      responses: {
        200: json(z.object({ items: z.array(ReportingDuty) }).openapi("ReportingDutyList"), "Duties"),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json({ items: await listReportingDuties(db) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reporting-duties/compliance",
      tags: ["reporting"],
      summary: "Tình hình gửi báo cáo / Who delivered each report of a period: on time, late, missing",
      request: {
        query: z.object({
          period: z
            .string()
            .min(4)
            .max(10)
            .openapi({ ...q("period"), example: "2024-Q3" }),
          duty: z.string().max(100).optional().openapi(q("duty")),
          today: date.optional().openapi(q("today")),
        }),
      },
      responses: { 200: json(ReportingCompliance, "Compliance per duty"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json(await reportingCompliance(db, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/reporting-duties/{code}/deliveries",
      tags: ["reporting"],
      summary:
        "Ghi nhận đã gửi báo cáo / Mark a duty's report as sent (officer of a reporting agency, or admin)",
      request: {
        params: z.object({
          code: z
            .string()
            .max(100)
            .openapi({ param: { name: "code", in: "path" } }),
        }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  period: z.string().min(4).max(10).openapi({ example: "2024-Q3" }),
                  deliveredOn: date,
                  documentNumber: z.string().max(300).nullish(),
                  evidenceUrl: WebLink.nullish(),
                  note: z.string().max(2000).nullish(),
                  agency: z.string().max(100).nullish(),
                })
                .openapi("ReportDeliveryInput"),
            },
          },
        },
      },
      responses: { 201: json(ReportDelivery, "Recorded"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "agency_officer");
      return c.json(
        await recordReportDelivery(
          { db, actor, requestId: c.get("requestId") },
          c.req.valid("param").code,
          c.req.valid("json"),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/reporting-duties/{code}/events",
      tags: ["reporting"],
      summary:
        "Ghi nhận sự việc phát sinh / Record an event an event-driven duty must report (officer of a reporting agency, or admin)",
      request: {
        params: z.object({
          code: z
            .string()
            .max(100)
            .openapi({ param: { name: "code", in: "path" } }),
        }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({
                  occurredOn: date,
                  description: z.string().trim().min(1).max(2000),
                  dueOn: date.nullish().openapi({
                    description:
                      "Hạn báo cáo khi văn bản không quy định / the due date, only when the document gives none",
                  }),
                  agency: z.string().max(100).nullish(),
                })
                .strict()
                .openapi("ReportingEventInput"),
            },
          },
        },
      },
      responses: {
        201: json(
          z
            .object({
              id: z.number().int(),
              duty: z.string(),
              agency: z.string(),
              occurredOn: z.string(),
              description: z.string(),
              dueOn: z.string().nullable(),
              period: z.string(),
              due: z.string(),
            })
            .openapi("ReportingEvent"),
          "Recorded: the report is now owed",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "agency_officer");
      const ctx = { db, actor, requestId: c.get("requestId") };
      return c.json(await recordReportingEvent(ctx, c.req.valid("param").code, c.req.valid("json")), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reporting-duties/years",
      tags: ["reporting"],
      summary: "Các năm có việc đến hạn / Years with tasks or reports due, latest first, and the default one",
      request: { query: z.object({ today: date.optional().openapi(q("today")) }) },
      responses: {
        200: json(
          z
            .object({ today: z.string(), defaultYear: z.number().int(), years: z.array(z.number().int()) })
            .openapi("CalendarYears"),
          "Years",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      return c.json(await calendarYears(db, c.req.valid("query")), 200);
    },
  );

  const Year = z.object({
    year: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2100)
      .openapi({ ...q("year"), example: 2024 }),
    today: date.optional().openapi(q("today")),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/agencies/{code}/scorecard",
      tags: ["reporting"],
      summary:
        "Kết quả của một cơ quan / One agency's tasks and reports in a year, with the lists behind each number",
      request: {
        params: z.object({
          code: z
            .string()
            .max(100)
            .openapi({ param: { name: "code", in: "path" } }),
        }),
        query: Year,
      },
      responses: { 200: json(AgencyScorecard, "Scorecard"), ...errorResponses },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { year, today: day } = c.req.valid("query");
      const code = c.req.valid("param").code;
      const [score] = await agencyScorecards(db, { year, agency: code, today: day });
      if (!score) throw problems.notFound(`cơ quan ${code} / agency ${code}`);
      return c.json(score, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/agency-scorecard",
      tags: ["reporting"],
      summary: "Kết quả các cơ quan / Every agency's tasks and reports in a year",
      request: { query: Year },
      responses: {
        200: json(
          z.object({ year: z.number(), items: z.array(AgencyScorecard) }).openapi("AgencyScorecards"),
          "Scorecards",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireInternalReader(c.get("actor"));
      const { year, today: day } = c.req.valid("query");
      return c.json({ year, items: await agencyScorecards(db, { year, today: day }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/task-imports",
      tags: ["tasks"],
      summary:
        "Nhập bảng nhiệm vụ / Upload a task table into a document (admin, statistician); dryRun previews",
      request: {
        body: uploadBody("TaskUpload"),
      },
      responses: {
        200: json(ImportResult, "Preview, or nothing new"),
        201: json(ImportResult, "Committed"),
        422: json(ImportResult, "Rejected: errors in the file, nothing written"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "statistician");
      const u = await upload(c, maxBytes);
      let result: Awaited<ReturnType<typeof importTaskTable>>;
      try {
        if (!u.document)
          throw problems.invalid([{ path: "document", message: "Cần mã văn bản / document code required" }]);
        const document = u.document;
        result = await withImportErrors(() =>
          importTaskTable(db, u.source, {
            documentCode: document,
            userId: actor.userId,
            dryRun: u.dryRun,
            requestId: c.get("requestId"),
            maxBytes,
          }),
        );
      } finally {
        await u.cleanup();
      }
      const status = result.status === "rejected" ? 422 : result.batchId !== null ? 201 : 200;
      return c.json({ ...result, problems: result.problems.map(camelRow) }, status);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/task-imports",
      tags: ["tasks"],
      summary:
        "Các lần nhập nhiệm vụ / Task-table and status uploads, newest first (admin: all; others: their own)",
      request: { query: Pagination },
      responses: {
        200: json(z.object({ batches: z.array(TaskImportBatch) }).openapi("TaskImportBatches"), "Batches"),
        ...errorResponses,
      },
    }),
    async (c) => {
      // a token needs "read" to list what was uploaded, like every other internal read
      const actor = requireRole(c.get("actor"), "admin", "statistician", "agency_officer");
      requireTokenScope(actor, "read");
      return c.json(
        {
          batches: await listTaskImports({ db, actor, requestId: c.get("requestId") }, c.req.valid("query")),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/task-imports/{id}/rollback",
      tags: ["tasks"],
      summary: "Hoàn tác lần nhập / Roll back a task or status upload (admin, or who uploaded it)",
      request: { params: IdParam },
      responses: { 200: json(TaskRollback, "Rolled back"), ...errorResponses },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "statistician", "agency_officer");
      const id = c.req.valid("param").id;
      const ctx = { db, actor, requestId: c.get("requestId") };
      return c.json(await withImportErrors(() => rollbackTaskImport(ctx, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/task-status-imports",
      tags: ["tasks"],
      summary:
        "Nhập báo cáo tình hình hàng loạt / Upload status reports (officers for their agency's tasks, admin); dryRun previews",
      request: {
        body: uploadBody("TaskStatusUpload"),
      },
      responses: {
        200: json(TaskStatusImportResult, "Preview, or nothing new"),
        201: json(TaskStatusImportResult, "Committed"),
        422: json(TaskStatusImportResult, "Rejected: errors in the file, nothing written"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireWriter(c, "admin", "agency_officer");
      const u = await upload(c, maxBytes);
      let result: Awaited<ReturnType<typeof importStatusReports>>;
      try {
        result = await withImportErrors(() =>
          importStatusReports(db, u.source, {
            documentCode: u.document,
            userId: actor.userId,
            reportAs: reportAsFor(actor),
            today: today(),
            dryRun: u.dryRun,
            requestId: c.get("requestId"),
            maxBytes,
          }),
        );
      } finally {
        await u.cleanup();
      }
      const status = result.status === "rejected" ? 422 : result.batchId !== null ? 201 : 200;
      return c.json({ ...result, problems: result.problems.map(camelRow) }, status);
    },
  );

  return app;
}

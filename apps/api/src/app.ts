import { appliedMigrations } from "@chitieu/storage";
import type { Context } from "hono";
import { Hono } from "hono";
import { sql } from "kysely";
import type { LoginThrottle } from "./auth/throttle.ts";
import { openApiDocument } from "./http/contract.ts";
import type { AppEnv } from "./http/env.ts";
import { authenticate, bodyLimit, requestId, securityHeaders } from "./http/middleware.ts";
import { ApiProblem, asProblem, problemResponse, problems } from "./http/problem.ts";
import { type PublicLookup, refreshAfterWrites } from "./http/public-cache.ts";
import { logger } from "./log.ts";
import { authRoutes } from "./routes/auth.ts";
import { catalogAdminRoutes } from "./routes/catalog-admin.ts";
import { docsPage } from "./routes/docs.ts";
import { figureDutyRoutes } from "./routes/figure-duties.ts";
import { importRoutes } from "./routes/imports.ts";
import { documentImportRoutes } from "./routes/imports-openapi.ts";
import { lineageRoutes } from "./routes/lineage.ts";
import { publicRoutes } from "./routes/public.ts";
import { reminderRoutes } from "./routes/reminders.ts";
import { reportRoutes } from "./routes/report.ts";
import { resourceRoutes } from "./routes/resources.ts";
import { scorecardRoutes } from "./routes/scorecard.ts";
import { targetCreationRoutes } from "./routes/targets.ts";
import { taskTargetRoutes } from "./routes/task-targets.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { userRoutes } from "./routes/users.ts";
import type { MailTransport } from "./services/reminders.ts";
import type { Services } from "./services.ts";

export interface ApiDeps {
  services: Services;
  loginThrottle?: LoginThrottle;
  /** the caller's address, as the server in front of the app knows it */
  clientIp?: (c: Context) => string;
  /** Secure cookies: on behind HTTPS (production) */
  secureCookies?: boolean;
  /** largest JSON body accepted; uploads have their own limit */
  maxBodyBytes?: number;
  /** largest uploaded file (observation, task and status uploads); default 50 MB */
  uploadMaxBytes?: number;
  log?: (entry: Record<string, unknown>) => void;
  /** receives the public cache's lookup, for a server that answers cache hits before the app */
  onPublicLookup?: (lookup: PublicLookup) => void;
  /** sends invitation and reset e-mails (tests); default: SMTP from the reminder settings, or none */
  mailTransport?: MailTransport;
}

// The whole HTTP API as one Hono app. apps/web mounts it under /api; src/server.ts serves it alone.
export function createApp(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { services } = deps;
  const log = deps.log ?? logger.entry;

  app.use("*", requestId);
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    // every write, error and internal read is logged; the public's successful reads are not
    // (at thousands per second the log itself would be the bottleneck)
    const quiet =
      c.req.method === "GET" &&
      c.res.status < 400 &&
      (c.req.path === "/api/health" || c.req.path.startsWith("/api/v1/public/"));
    if (!quiet)
      log({
        at: new Date().toISOString(),
        request_id: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        user: c.get("actor")?.userId ?? null,
      });
  });
  app.use("*", securityHeaders);
  app.use("/api/v1/*", async (c, next) => {
    // uploads have the import routes' own, larger limit
    if (/^\/api\/v1\/(imports|task-imports|task-status-imports)(\/|$)/.test(c.req.path)) return next();
    return bodyLimit(deps.maxBodyBytes ?? 1_000_000)(c, next);
  });
  app.use("/api/v1/*", authenticate(services.db));
  app.use("/api/v1/*", refreshAfterWrites(services.dataVersion));

  app.onError((error, c) => {
    const problem = asProblem(error);
    if (problem) return problemResponse(c, problem);
    // the server in front (adapter-node's BODY_SIZE_LIMIT) ended a body while it was read
    const over = /exceeds limit of (\d+) bytes/.exec(error.message);
    if (over) return problemResponse(c, problems.tooLarge(Number(over[1])));
    log({
      at: new Date().toISOString(),
      request_id: c.get("requestId"),
      level: "error",
      msg: "server error",
      message: error.message,
      stack: error.stack,
    });
    return problemResponse(
      c,
      new ApiProblem(
        500,
        "internal_error",
        `Lỗi máy chủ. Mã yêu cầu: ${c.get("requestId")}`,
        `Server error. Request id: ${c.get("requestId")}`,
      ),
    );
  });
  app.notFound((c) =>
    problemResponse(c, new ApiProblem(404, "not_found", "Không có địa chỉ này.", "No such endpoint.")),
  );

  app.get("/api/health", async (c) => {
    try {
      // a partitioned network can leave a query waiting forever: health answers within 3 s
      await Promise.race([
        sql`select 1`.execute(services.db),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000).unref(),
        ),
      ]);
      const [migrations, counts] = await Promise.all([
        appliedMigrations(services.db),
        catalogCounts(services),
      ]);
      return c.json({
        status: "ok",
        db: services.engine,
        migrations: migrations.length,
        catalog: counts,
        demo: services.demo,
        startedAt: services.startedAt.toISOString(),
      });
    } catch (error) {
      return c.json(
        {
          status: "error",
          db: services.engine,
          message: error instanceof Error ? error.message : String(error),
        },
        503,
      );
    }
  });

  const v1 = userRoutes(deps);
  v1.route("/auth", authRoutes(deps));
  v1.route("/", resourceRoutes(deps));
  v1.route("/", catalogAdminRoutes(deps));
  v1.route("/", targetCreationRoutes(deps)); // issue #13: target creation
  v1.route("/", scorecardRoutes(deps));
  v1.route("/", taskRoutes(deps));
  v1.route("/", reportRoutes(deps));
  v1.route("/", reminderRoutes(deps));
  v1.route("/", lineageRoutes(deps)); // issue #13 item 8: predecessors, roll-up, ratios
  v1.route("/", taskTargetRoutes(deps)); // issue #16 item 7: targets ↔ tasks
  v1.route("/", figureDutyRoutes(deps)); // issue #16 item 4: who owes figures
  v1.route("/public", publicRoutes(deps));
  documentImportRoutes(v1.openAPIRegistry);
  const document = openApiDocument(v1);
  v1.get("/openapi.json", (c) => c.json(document));
  app.route(
    "/api/v1/imports",
    importRoutes({ services, ...(deps.uploadMaxBytes ? { maxBytes: deps.uploadMaxBytes } : {}) }),
  );
  app.route("/api/v1", v1);
  app.get("/api/v1/docs", (c) => docsPage(c, v1));
  return app;
}

async function catalogCounts(services: Services) {
  const row = await services.db
    .selectNoFrom((eb) => [
      eb.selectFrom("indicator").select(eb.fn.countAll<number>().as("n")).as("indicators"),
      eb.selectFrom("target").select(eb.fn.countAll<number>().as("n")).as("targets"),
      eb.selectFrom("task").select(eb.fn.countAll<number>().as("n")).as("tasks"),
      eb.selectFrom("document").select(eb.fn.countAll<number>().as("n")).as("documents"),
    ])
    .executeTakeFirstOrThrow();
  return {
    indicators: Number(row.indicators),
    targets: Number(row.targets),
    tasks: Number(row.tasks),
    documents: Number(row.documents),
  };
}

import { appliedMigrations } from "@chitieu/storage";
import { Hono } from "hono";
import { sql } from "kysely";
import { publicRoutes } from "./routes/public.ts";
import type { Services } from "./services.ts";

export interface ApiDeps {
  services: Services;
}

// The whole HTTP API as one Hono app. apps/web mounts it under /api; src/server.ts serves it alone.
export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  const { services } = deps;

  app.get("/api/health", async (c) => {
    try {
      await sql`select 1`.execute(services.db);
      const [migrations, counts] = await Promise.all([appliedMigrations(services.db), catalogCounts(services)]);
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
        { status: "error", db: services.engine, message: error instanceof Error ? error.message : String(error) },
        503,
      );
    }
  });

  app.route("/api/v1/public", publicRoutes(deps));
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

import { createRoute, z } from "@hono/zod-openapi";
import { currentTargets, latestObservations, publishedIndicators } from "@chitieu/storage";
import { etag } from "hono/etag";
import type { ApiDeps } from "../app.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { buildScorecard } from "../services/scorecard.ts";
import { ScorecardBody, ScorecardQuery } from "./scorecard.ts";

// Published data only: nothing here may reveal an unpublished indicator, a user, a batch or an
// internal note. Responses are cacheable and revalidate with ETag → 304.

const Row = z.record(z.string(), z.unknown());

export function publicRoutes({ services }: ApiDeps) {
  const app = router();
  const db = services.db;
  app.use("*", etag());
  app.use("*", async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 304)
      c.header("cache-control", "public, max-age=60, stale-while-revalidate=300");
    c.header("access-control-allow-origin", "*");
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators",
      tags: ["public"],
      summary: "Chỉ tiêu công bố / Published indicators with their targets and latest figure",
      responses: { 200: json(z.object({ indicators: z.array(Row), count: z.number() }), "Published indicators"), ...errorResponses },
    }),
    async (c) => {
      const indicators = await publishedIndicators(db).execute();
      const ids = indicators.map((i) => i.id);
      const [targets, observations] = await Promise.all([currentTargets(db).where("i.published", "=", true).execute(), latestObservations(db, ids).execute()]);
      const latestById = new Map(observations.map((o) => [o.indicator_id, o]));
      const body = indicators.map(({ id, ...i }) => {
        const latest = latestById.get(id);
        return {
          ...i,
          targets: targets.filter((t) => t.indicator_code === i.code).map(({ target_id: _, ...t }) => t),
          latest: latest
            ? { period: latest.period, basis: latest.basis, value: latest.value, status: latest.status, illustrative: latest.is_illustrative, recordedAt: latest.recorded_at.toISOString() }
            : null,
        };
      });
      return c.json({ indicators: body, count: body.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators/{code}",
      tags: ["public"],
      summary: "Một chỉ tiêu công bố / One published indicator with its full series",
      request: { params: z.object({ code: z.string().min(1).max(100).openapi({ param: { name: "code", in: "path" } }) }) },
      responses: { 200: json(Row, "The indicator, its targets and every current figure"), ...errorResponses },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      const indicator = await publishedIndicators(db).where("i.code", "=", code).executeTakeFirst();
      if (!indicator) throw problems.notFound(`chỉ tiêu ${code} / indicator ${code}`);
      const [targets, observations] = await Promise.all([
        currentTargets(db).where("i.code", "=", code).execute(),
        db
          .selectFrom("observation as o")
          .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
          .select(["u.code as org_unit_code", "o.period", "o.basis", "o.value", "o.status", "o.is_illustrative", "o.period_end"])
          .where("o.indicator_id", "=", indicator.id)
          .where("o.superseded_at", "is", null)
          .orderBy("o.period_end")
          .orderBy("o.period_start", "desc")
          .execute(),
      ]);
      const { id: _, ...rest } = indicator;
      return c.json(
        {
          ...rest,
          targets: targets.map(({ target_id: __, ...t }) => t),
          observations: observations.map((o) => ({ orgUnit: o.org_unit_code, period: o.period, basis: o.basis, value: o.value, status: o.status, illustrative: o.is_illustrative })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/scorecard",
      tags: ["public"],
      summary: "Đánh giá chỉ tiêu công bố / Published indicators judged as of a period",
      request: { query: ScorecardQuery },
      responses: { 200: json(ScorecardBody, "Evaluations of published indicators"), ...errorResponses },
    }),
    async (c) => {
      const card = await buildScorecard(db, { ...c.req.valid("query"), publishedOnly: true });
      return c.json(card, 200);
    },
  );
  return app;
}

import { currentTargets, latestObservations, publishedIndicators } from "@chitieu/storage";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { publicCache } from "../http/public-cache.ts";
import { buildScorecard } from "../services/scorecard.ts";
import { ScorecardBody, ScorecardQuery } from "./scorecard.ts";

// Published data only: nothing here may reveal an unpublished indicator, a user, a batch or an
// internal note. Responses are cacheable and revalidate with ETag → 304.

const Row = z.record(z.string(), z.unknown());

export function publicRoutes({ services }: ApiDeps) {
  const app = router();
  const db = services.db;
  // the version answers before the cache: it is what the cache keys on
  app.openapi(
    createRoute({
      method: "get",
      path: "/version",
      tags: ["public"],
      summary:
        "Phiên bản dữ liệu công bố / The version of the published data: it changes with every change of public data, and only then",
      responses: {
        200: json(z.object({ version: z.string() }), "The current data version"),
        ...errorResponses,
      },
    }),
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json({ version: await services.dataVersion.get() }, 200);
    },
  );
  const scorecardParams = Object.keys(ScorecardQuery.shape);
  app.use(
    "*",
    publicCache(services.dataVersion, {
      params: (path) => (path.endsWith("/scorecard") ? scorecardParams : []),
    }),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators",
      tags: ["public"],
      summary: "Chỉ tiêu công bố / Published indicators with their targets and latest figure",
      responses: {
        200: json(z.object({ indicators: z.array(Row), count: z.number() }), "Published indicators"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const indicators = await publishedIndicators(db).execute();
      const ids = indicators.map((i) => i.id);
      const [targets, observations] = await Promise.all([
        currentTargets(db).where("i.published", "=", true).execute(),
        latestObservations(db, ids).execute(),
      ]);
      const latestById = new Map(observations.map((o) => [o.indicator_id, o]));
      const body = indicators.map(({ id, ...i }) => {
        const latest = latestById.get(id);
        return {
          ...i,
          targets: targets.filter((t) => t.indicator_code === i.code).map(({ target_id: _, ...t }) => t),
          latest: latest
            ? {
                period: latest.period,
                basis: latest.basis,
                value: latest.value,
                status: latest.status,
                illustrative: latest.is_illustrative,
                recordedAt: latest.recorded_at.toISOString(),
              }
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
      request: {
        params: z.object({
          code: z
            .string()
            .min(1)
            .max(100)
            .openapi({ param: { name: "code", in: "path" } }),
        }),
      },
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
          .select([
            "u.code as org_unit_code",
            "o.period",
            "o.basis",
            "o.value",
            "o.status",
            "o.is_illustrative",
            "o.period_end",
          ])
          .where("o.indicator_id", "=", indicator.id)
          .where("o.superseded_at", "is", null)
          .orderBy("o.period_end")
          .orderBy("o.period_start", "desc")
          .orderBy("o.id")
          .execute(),
      ]);
      const { id: _, ...rest } = indicator;
      return c.json(
        {
          ...rest,
          targets: targets.map(({ target_id: __, ...t }) => t),
          observations: observations.map((o) => ({
            orgUnit: o.org_unit_code,
            period: o.period,
            basis: o.basis,
            value: o.value,
            status: o.status,
            illustrative: o.is_illustrative,
          })),
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
      // one row per indicator, without what the row already says elsewhere and without empty
      // fields (absent means none): the public answer for 500 indicators stays small
      const rows = card.rows.map(({ indicator, target, evaluation, illustrative }) => {
        const { indicator: _i, orgUnit: _o, asOf: _a, period: _p, ...judged } = evaluation;
        const { published: _pub, ...about } = indicator;
        return compact({ indicator: about, target, ...judged, illustrative });
      });
      return c.json({ ...card, rows } as never, 200);
    },
  );
  return app;
}

/** Drops null, undefined and empty arrays, recursively. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = compact(v);
    }
    return out as T;
  }
  return value;
}

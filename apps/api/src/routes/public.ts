import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps } from "../app.ts";
import { errorResponses, json, router } from "../http/openapi.ts";
import { problems } from "../http/problem.ts";
import { publicCache } from "../http/public-cache.ts";
import { publicIndicator, publicIndicators } from "../services/public.ts";
import { buildScorecard } from "../services/scorecard.ts";
import { PublicIndicator, PublicIndicatorItem } from "./schemas.ts";
import { PublicScorecardBody, ScorecardQuery } from "./scorecard.ts";
import { publicIndicatorTasksRoute } from "./task-targets.ts";

// Published data only: nothing here may reveal an unpublished indicator, a user, a batch or an
// internal note. Responses are cacheable and revalidate with ETag → 304.

export function publicRoutes({ services, onPublicLookup }: ApiDeps) {
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
  publicIndicatorTasksRoute(app, { services, onPublicLookup }); // issue #16 item 7: never cached
  const scorecardParams = Object.keys(ScorecardQuery.shape);
  const cache = publicCache(services.dataVersion, {
    params: (path) => (path.endsWith("/scorecard") ? scorecardParams : []),
  });
  onPublicLookup?.(cache.lookup);
  app.use("*", cache);

  app.openapi(
    createRoute({
      method: "get",
      path: "/indicators",
      tags: ["public"],
      summary: "Chỉ tiêu công bố / Published indicators with their targets and latest figure",
      responses: {
        200: json(
          z
            .object({ indicators: z.array(PublicIndicatorItem), count: z.number() })
            .openapi("PublicIndicatorList"),
          "Published indicators",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = await publicIndicators(db);
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
      responses: {
        200: json(PublicIndicator, "The indicator, its targets and every current figure"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      const indicator = await publicIndicator(db, code);
      if (!indicator) throw problems.notFound(`chỉ tiêu ${code} / indicator ${code}`);
      return c.json(indicator, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/scorecard",
      tags: ["public"],
      summary: "Đánh giá chỉ tiêu công bố / Published indicators judged as of a period",
      request: { query: ScorecardQuery },
      responses: { 200: json(PublicScorecardBody, "Evaluations of published indicators"), ...errorResponses },
    }),
    async (c) => {
      const card = await buildScorecard(db, { ...c.req.valid("query"), publishedOnly: true });
      // one row per indicator, without what the row already says elsewhere and without empty
      // fields (absent means none): the public answer for 500 indicators stays small
      const rows = card.rows.map(({ indicator, target, evaluation, illustrative }) => {
        const { indicator: _i, orgUnit: _o, asOf: _a, period: _p, ...judged } = evaluation;
        const { published: _pub, ...about } = indicator;
        return withoutEmpty({ indicator: about, target, ...judged, illustrative });
      });
      return c.json({ ...card, rows } as never, 200);
    },
  );
  return app;
}

/**
 * Drops null, undefined and empty arrays, recursively. Nothing numeric is touched: every figure,
 * stored or derived (progress, change on a year earlier), is an exact decimal string from the
 * domain (record.ts, DERIVED_DECIMALS), so there is no binary float's tail to trim.
 */
function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmpty) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = withoutEmpty(v);
    }
    return out as T;
  }
  return value;
}

import { currentTargets, latestObservations, publishedIndicators } from "@chitieu/storage";
import { Hono } from "hono";
import type { ApiDeps } from "../app.ts";

// Published data only: nothing here may reveal an unpublished indicator, a user or a batch.
export function publicRoutes({ services }: ApiDeps): Hono {
  const app = new Hono();

  app.get("/indicators", async (c) => {
    const db = services.db;
    const indicators = await publishedIndicators(db).execute();
    const ids = indicators.map((i) => i.id);
    const codes = new Set(indicators.map((i) => i.code));
    const [targets, observations] = await Promise.all([
      currentTargets(db).execute(),
      latestObservations(db, ids).execute(),
    ]);
    const latestById = new Map(observations.map((o) => [o.indicator_id, o]));
    return c.json({
      indicators: indicators.map(({ id, ...i }) => {
        const latest = latestById.get(id);
        return {
          ...i,
          targets: targets
            .filter((t) => t.indicator_code === i.code)
            .map(({ target_id: _, ...t }) => t),
          latest: latest
            ? {
                period: latest.period,
                basis: latest.basis,
                value: latest.value,
                status: latest.status,
                illustrative: latest.is_illustrative,
              }
            : null,
        };
      }),
      count: codes.size,
    });
  });

  return app;
}

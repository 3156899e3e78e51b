import type { Database } from "@chitieu/storage";
import { currentTargets, latestObservations, publishedIndicators } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { camelRow } from "./camel.ts";

// Reads for the public API: published indicators only, never a user, a batch or an internal note.

/** Every published indicator with its targets and latest figure. */
export async function publicIndicators(db: Kysely<Database>) {
  const indicators = await publishedIndicators(db).execute();
  const ids = indicators.map((i) => i.id);
  const [targets, observations] = await Promise.all([
    currentTargets(db).where("i.published", "=", true).execute(),
    latestObservations(db, ids).execute(),
  ]);
  const latestById = new Map(observations.map((o) => [o.indicator_id, o]));
  return indicators.map(({ id, ...i }) => {
    const latest = latestById.get(id);
    return {
      ...camelRow(i),
      targets: targets
        .filter((t) => t.indicator_code === i.code)
        .map(({ target_id: _, ...t }) => camelRow(t)),
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
}

/** One published indicator with its targets and every current figure; null when not published. */
export async function publicIndicator(db: Kysely<Database>, code: string) {
  const indicator = await publishedIndicators(db).where("i.code", "=", code).executeTakeFirst();
  if (!indicator) return null;
  const [targets, observations, versions] = await Promise.all([
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
    // issue #17: what was published when: every version of a figure revised after publication
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
        "o.recorded_at",
        "o.superseded_at",
      ])
      .where("o.indicator_id", "=", indicator.id)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("observation as old")
            .select("old.id")
            .whereRef("old.indicator_id", "=", "o.indicator_id")
            .whereRef("old.org_unit_id", "=", "o.org_unit_id")
            .whereRef("old.period", "=", "o.period")
            .whereRef("old.basis", "=", "o.basis")
            .where("old.superseded_at", "is not", null),
        ),
      )
      .orderBy("o.period_end")
      .orderBy("o.basis")
      .orderBy("o.recorded_at")
      .orderBy("o.id")
      .execute(),
  ]);
  const { id: _, ...rest } = indicator;
  return {
    ...camelRow(rest),
    targets: targets.map(({ target_id: __, ...t }) => camelRow(t)),
    observations: observations.map((o) => ({
      orgUnit: o.org_unit_code,
      period: o.period,
      basis: o.basis,
      value: o.value,
      status: o.status,
      illustrative: o.is_illustrative,
    })),
    revisions: versions.map((o) => ({
      orgUnit: o.org_unit_code,
      period: o.period,
      basis: o.basis,
      value: o.value,
      status: o.status,
      illustrative: o.is_illustrative,
      recordedAt: o.recorded_at.toISOString(),
      supersededAt: o.superseded_at ? o.superseded_at.toISOString() : null,
    })),
  };
}

import { type Period, periodCode, periodEnd, periodStart } from "@chitieu/domain";
import { type Database, type ObservationInput, writeObservations } from "@chitieu/storage";
import type { Kysely } from "kysely";

// Illustrative figures so that a fresh install has something to show. They are generated, not
// collected: every row is written with is_illustrative = true in a batch of kind "demo", and
// every screen that shows one says so. Deterministic: the same catalog gives the same figures.

export const DEMO_BATCH_HASH = "demo-v1";

export interface DemoReport {
  batchId: number | null;
  observations: number;
}

/** mulberry32: tiny, seedable, good enough for plausible noise */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// Budget revenue and disbursement land late in the year; this is the share of a year's flow
// that arrives in each month (sums to 1).
const SEASON = [0.06, 0.05, 0.07, 0.07, 0.08, 0.09, 0.07, 0.08, 0.09, 0.1, 0.11, 0.13];

interface DemoIndicator {
  id: number;
  code: string;
  measure_kind: string;
  direction: string;
  frequency: string;
  decimals: number;
  plausible_min: string | null;
  plausible_max: string | null;
}

interface DemoTarget {
  indicator_id: number;
  org_unit_id: number;
  period: string;
  form: string;
  low: string | null;
  high: string | null;
  baseline_value: string | null;
  category_value: string | null;
}

function clamp(v: number, ind: DemoIndicator): number {
  const min = ind.plausible_min === null ? Number.NEGATIVE_INFINITY : Number(ind.plausible_min);
  const max = ind.plausible_max === null ? Number.POSITIVE_INFINITY : Number(ind.plausible_max);
  return Math.min(max, Math.max(min, v));
}

/** The level a target aims at, as a number to draw plausible noise around. */
function aim(t: DemoTarget): number | null {
  const low = t.low === null ? null : Number(t.low);
  const high = t.high === null ? null : Number(t.high);
  if (low !== null && high !== null) return (low + high) / 2;
  return low ?? high;
}

function years(t: DemoTarget): number[] {
  const [from, to] = t.period.split("-").map(Number) as [number, number | undefined];
  if (to === undefined && from > 2024) return [2021, 2022, 2023, 2024]; // a level to reach by a later year
  if (to !== undefined) return [2021, 2022, 2023, 2024].filter((y) => y >= from && y <= to);
  return [from - 1, from].filter((y) => y >= 2021 && y <= 2024);
}

function status(year: number, month: number): ObservationInput["status"] {
  if (year < 2024 || month <= 9) return "official";
  return month === 12 ? "preliminary" : "estimate";
}

function obs(
  ind: DemoIndicator,
  t: DemoTarget,
  p: Period,
  basis: ObservationInput["basis"],
  value: number,
  month: number,
): ObservationInput {
  return {
    indicatorId: ind.id,
    orgUnitId: t.org_unit_id,
    period: periodCode(p),
    periodStart: periodStart(p),
    periodEnd: periodEnd(p),
    basis,
    value: clamp(value, ind).toFixed(ind.decimals),
    status: status(p.year, month),
    note: "Số liệu minh hoạ, không phải số liệu thống kê / Illustrative figure, not an official statistic",
    isIllustrative: true,
  };
}

export function generateDemoObservations(
  indicators: DemoIndicator[],
  targets: DemoTarget[],
): ObservationInput[] {
  const out: ObservationInput[] = [];
  const done = new Set<string>();
  for (const t of targets) {
    const ind = indicators.find((i) => i.id === t.indicator_id);
    if (!ind) continue;
    const key = `${t.indicator_id}/${t.org_unit_id}`;
    if (done.has(key)) continue;
    done.add(key);
    const rnd = prng(seedOf(ind.code));
    if (t.form === "milestone" || t.form === "category") {
      // done (1) or not (0) at the end of the year; a category as its group number
      const group = t.category_value?.match(/\d+/)?.[0];
      const year = Math.min(2024, Number(t.period.slice(0, 4)));
      const value =
        t.form === "category" ? (group === undefined ? null : Number(group)) : rnd() < 0.7 ? 1 : 0;
      if (value !== null) out.push(obs(ind, t, { kind: "year", year }, "period", value, 12));
      continue;
    }
    const centre = aim(t);
    if (centre === null) continue;
    const lowerBetter = ind.direction === "lower_better";
    for (const year of years(t)) {
      // a year's outcome between 92% and 106% of the aim (reversed for lower-is-better)
      const factor = 0.92 + rnd() * 0.14;
      const yearValue = lowerBetter ? centre * (2 - factor) : centre * factor;
      if (ind.measure_kind === "flow" && ind.frequency === "monthly") {
        const asShare = t.form === "share_of_plan";
        let cumulative = 0;
        for (let m = 1; m <= 12; m++) {
          const part = yearValue * (SEASON[m - 1] as number) * (0.9 + rnd() * 0.2);
          cumulative += part;
          const p: Period = { kind: "month", year, index: m };
          // disbursement is reported as the cumulative share of the plan; other flows month by month
          out.push(
            asShare
              ? obs(ind, t, p, "ytd", Math.min(cumulative, yearValue), m)
              : obs(ind, t, p, "period", part, m),
          );
        }
      } else if (
        ind.frequency === "quarterly" ||
        (ind.measure_kind === "flow" && ind.frequency !== "annual")
      ) {
        const cumulativePeriods: [Period, number][] = [
          [{ kind: "quarter", year, index: 1 }, 3],
          [{ kind: "half", year, index: 1 }, 6],
          [{ kind: "nine_months", year }, 9],
          [{ kind: "year", year }, 12],
        ];
        for (const [p, month] of cumulativePeriods) {
          const drift =
            ind.measure_kind === "flow"
              ? (yearValue * month) / 12
              : yearValue + (rnd() - 0.5) * centre * 0.04;
          out.push(obs(ind, t, p, "ytd", drift, month));
        }
      } else {
        // annual stocks, rates and ratios; levels to reach by a later year climb towards it
        const span = t.period.includes("-") || Number(t.period) <= 2024 ? 0 : Number(t.period) - year;
        const start = t.baseline_value === null ? centre * 0.85 : Number(t.baseline_value);
        const value =
          span > 0 ? start + ((centre - start) * (year - 2020)) / (Number(t.period) - 2020) : yearValue;
        out.push(obs(ind, t, { kind: "year", year }, "period", value, 12));
      }
    }
  }
  return out;
}

/** Writes the illustrative figures once; a second call finds the batch and does nothing. */
export async function loadDemoData(db: Kysely<Database>): Promise<DemoReport> {
  const existing = await db
    .selectFrom("import_batch")
    .select("id")
    .where("kind", "=", "demo")
    .where("file_hash", "=", DEMO_BATCH_HASH)
    .where("status", "=", "committed")
    .executeTakeFirst();
  if (existing) return { batchId: null, observations: 0 };
  const indicators = await db
    .selectFrom("indicator")
    .select([
      "id",
      "code",
      "measure_kind",
      "direction",
      "frequency",
      "decimals",
      "plausible_min",
      "plausible_max",
    ])
    .orderBy("id")
    .execute();
  const targets = await db
    .selectFrom("target as t")
    .innerJoin("target_current as r", "r.target_id", "t.id")
    .select([
      "t.indicator_id",
      "t.org_unit_id",
      "t.period",
      "r.form",
      "r.low",
      "r.high",
      "r.baseline_value",
      "r.category_value",
    ])
    .orderBy("t.id")
    .execute();
  const rows = generateDemoObservations(indicators, targets);
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto("import_batch")
      .values({
        kind: "demo",
        file_name: "demo-data (minh hoạ / illustrative)",
        file_hash: DEMO_BATCH_HASH,
        is_illustrative: true,
        rows_total: rows.length,
        rows_new: rows.length,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeObservations(trx, rows, { batchId: batch.id, userId: null });
    await trx
      .insertInto("audit_log")
      .values({
        action: "import",
        entity: "import_batch",
        entity_id: String(batch.id),
        new_value: JSON.stringify({ kind: "demo", illustrative: true, observations: rows.length }),
        batch_id: batch.id,
      })
      .execute();
    return { batchId: batch.id, observations: rows.length };
  });
}

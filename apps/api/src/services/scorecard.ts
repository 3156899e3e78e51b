import {
  buildScorecardInput,
  type Evaluation,
  evaluateScorecard,
  type Indicator,
  parsePeriod,
  periodEnd,
  type ScorecardSummary,
  type SeriesInput,
  type Status,
  summarizeStatuses,
  type Target,
  type Thresholds,
  targetForYear,
  targetSchema,
} from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { failures } from "./errors.ts";

// The scorecard a leader opens: every indicator of one org unit judged as of one period, by the
// domain's progress engine. This file only gathers the inputs; it decides nothing.

export interface ScorecardQuery {
  orgUnit: string;
  /** period code the evaluation runs to: "2024-09", "2024-Q3", "2024-9M", "2024" */
  asOf: string;
  today?: string | undefined;
  category?: string | undefined;
  status?: Status | undefined;
  agency?: string | undefined;
  document?: string | undefined;
  /** only published indicators (the public portal) */
  publishedOnly?: boolean;
}

export interface ScorecardRow {
  indicator: {
    code: string;
    nameVi: string;
    nameEn: string | null;
    category: string;
    unit: string;
    decimals: number;
    measureKind: string;
    /** higher_better, lower_better, in_range, done: a change target is worded with it ("giảm") */
    direction: string;
    seq: string | null;
    parentCode: string | null;
    documentCode: string | null;
    leadAgency: { code: string; nameVi: string } | null;
    published: boolean;
  };
  target:
    | (Target & {
        revision: number;
        documentNumber: string | null;
        documentTitle: string | null;
        /** issue #13: the day this revision took effect (null: from the start) */
        effectiveFrom: string | null;
        /** stated in the document / inferred / an assumption (provenanceNote says why) */
        provenance: "stated" | "inferred" | "assumption";
        /** a revised target: the original it replaced (revision 1) and why it changed */
        revised: TargetRevisedFrom | null;
      })
    | null;
  evaluation: Evaluation;
  illustrative: boolean;
}

export interface Scorecard {
  orgUnit: { code: string; nameVi: string };
  asOf: string;
  rows: ScorecardRow[];
  counts: Record<Status, number>;
  /** "14/17 chỉ tiêu ước đạt và vượt": achieved or exceeded among those judged */
  summary: Omit<ScorecardSummary, "counts">;
}

/** What a revised target replaced: the original revision's value and document. */
export interface TargetRevisedFrom {
  reason: string | null;
  original: {
    form: string;
    low: string | null;
    high: string | null;
    planAmount: string | null;
    documentCode: string | null;
    documentNumber: string | null;
    quote: string | null;
  };
}

const n = (v: string | null) => (v === null ? undefined : v);

export async function buildScorecard(db: Kysely<Database>, q: ScorecardQuery): Promise<Scorecard> {
  const asOf = parsePeriod(q.asOf);
  if (!asOf || asOf.kind === "plan")
    throw failures.invalid([{ path: "asOf", message: `Kỳ không hợp lệ / invalid period: ${q.asOf}` }]);
  const unit = await db
    .selectFrom("org_unit")
    .select(["id", "code", "name_vi"])
    .where("code", "=", q.orgUnit)
    .executeTakeFirst();
  if (!unit) throw failures.notFound(`đơn vị ${q.orgUnit} / org unit ${q.orgUnit}`);

  let indicatorQuery = db
    .selectFrom("indicator as i")
    .leftJoin("indicator as p", "p.id", "i.parent_id")
    .leftJoin("agency as a", "a.id", "i.lead_agency_id")
    .leftJoin("document as d", "d.id", "i.document_id")
    .select([
      "i.id",
      "i.code",
      "i.name_vi",
      "i.name_en",
      "i.category",
      "i.unit",
      "i.decimals",
      "i.measure_kind",
      "i.direction",
      "i.frequency",
      "i.seq",
      "i.published",
      "i.thresholds",
      "p.code as parent_code",
      "p.published as parent_published",
      "a.code as agency_code",
      "a.name_vi as agency_name_vi",
      "d.code as document_code",
    ])
    .where("i.id", "in", (eb) =>
      eb.selectFrom("target").select("indicator_id").where("org_unit_id", "=", unit.id),
    );
  if (q.publishedOnly) indicatorQuery = indicatorQuery.where("i.published", "=", true);
  if (q.category) indicatorQuery = indicatorQuery.where("i.category", "=", q.category as never);
  if (q.agency) indicatorQuery = indicatorQuery.where("a.code", "=", q.agency);
  if (q.document) indicatorQuery = indicatorQuery.where("d.code", "=", q.document);
  const indicators = await indicatorQuery.orderBy("d.code").orderBy("i.id").execute();
  if (indicators.length === 0) return emptyScorecard(unit, q.asOf);
  const ids = indicators.map((i) => i.id);
  // the day the scorecard stands on: a revision takes effect from its date (issue #13 item 7)
  const day = q.today ?? periodEnd(asOf);

  const [targets, observations] = await Promise.all([
    db
      .selectFrom("target as t")
      // the latest revision of each of this unit's targets, through its own index (the view
      // target_current would sort the revisions of every unit)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("target_revision as x")
            .selectAll("x")
            .whereRef("x.target_id", "=", "t.id")
            .where((w) => w.or([w("x.effective_from", "is", null), w("x.effective_from", "<=", day)]))
            .orderBy("x.revision", "desc")
            .limit(1)
            .as("r"),
        (join) => join.onTrue(),
      )
      .leftJoin("document as d", "d.id", "r.document_id")
      .selectAll("r")
      .select([
        "t.indicator_id",
        "t.period",
        "d.code as document_code",
        "d.number as document_number",
        "d.title_vi as document_title",
      ])
      .where("t.org_unit_id", "=", unit.id)
      .where("t.indicator_id", "in", ids)
      .execute(),
    db
      .selectFrom("observation")
      // only what the engine reads (a timestamp column would cost a Date per row)
      .select([
        "indicator_id",
        "period",
        "basis",
        "value",
        "status",
        "is_illustrative",
        "numerator",
        "denominator",
      ])
      .where("org_unit_id", "=", unit.id)
      .where("indicator_id", "in", ids)
      .where("superseded_at", "is", null)
      .where("period_end", "<=", periodEnd(asOf))
      .execute(),
  ]);

  // the originals of revised targets, shown beside the revision in force
  const revisedIds = targets.filter((t) => t.revision > 1).map((t) => t.target_id);
  const originals = new Map(
    revisedIds.length === 0
      ? []
      : (
          await db
            .selectFrom("target_revision as o")
            .leftJoin("document as d", "d.id", "o.document_id")
            .select([
              "o.target_id",
              "o.form",
              "o.low",
              "o.high",
              "o.plan_amount",
              "o.quote",
              "d.code as document_code",
              "d.number as document_number",
            ])
            .where("o.target_id", "in", revisedIds)
            .where("o.revision", "=", 1)
            .execute()
        ).map((o) => [o.target_id, o]),
  );

  const engineIndicators: Indicator[] = indicators.map((i) => ({
    code: i.code,
    nameVi: i.name_vi,
    nameEn: i.name_en ?? undefined,
    measureKind: i.measure_kind,
    direction: i.direction,
    frequency: i.frequency,
    decimals: i.decimals,
    unit: i.unit,
    ...(i.thresholds ? { thresholds: i.thresholds as Partial<Thresholds> } : {}),
  }));
  const targetsOf = groupBy(targets, (t) => t.indicator_id);
  const observationsOf = groupBy(observations, (o) => o.indicator_id);
  const series: SeriesInput[] = [];
  const chosen: (typeof targets)[number][] = [];
  for (const i of indicators) {
    const t = targetForYear(targetsOf.get(i.id) ?? [], asOf.year);
    if (!t) continue;
    chosen.push(t);
    series.push({
      indicator: i.code,
      orgUnit: unit.code,
      target: {
        form: t.form,
        period: t.period,
        low: n(t.low),
        high: n(t.high),
        lowInclusive: t.low_inclusive,
        highInclusive: t.high_inclusive,
        tolerance: n(t.tolerance),
        changeUnit: t.change_unit ?? undefined,
        baselinePeriod: n(t.baseline_period),
        baselineValue: n(t.baseline_value),
        planAmount: n(t.plan_amount),
        categoryValue: n(t.category_value),
        dueDate: n(t.due_date),
        documentCode: n(t.document_code),
        ...(t.clauses ? { clauses: targetSchema.shape.clauses.parse(JSON.parse(t.clauses)) } : {}),
      },
      observations: (observationsOf.get(i.id) ?? []).map((o) => ({
        period: o.period,
        basis: o.basis,
        value: o.value,
        status: o.status,
        // issue #13 item 8: a ratio is computed from its stored components
        ...(o.numerator !== null && o.denominator !== null
          ? { numerator: o.numerator, denominator: o.denominator }
          : {}),
      })),
    });
  }
  const input = buildScorecardInput({
    asOf: { period: q.asOf, ...(q.today ? { today: q.today } : {}) },
    indicators: engineIndicators,
    series,
  });
  const result = evaluateScorecard(input);
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const rows: ScorecardRow[] = [];
  for (let s = 0; s < result.count; s++) {
    const evaluation = result.evaluation(s);
    const i = byCode.get(evaluation.indicator);
    const t = chosen[s];
    if (!i || !t) continue;
    if (q.status && evaluation.status !== q.status) continue;
    rows.push({
      indicator: {
        code: i.code,
        nameVi: i.name_vi,
        nameEn: i.name_en,
        category: i.category,
        unit: i.unit,
        decimals: i.decimals,
        measureKind: i.measure_kind,
        direction: i.direction,
        seq: i.seq,
        // a public scorecard names no unpublished parent
        parentCode: q.publishedOnly && !i.parent_published ? null : i.parent_code,
        documentCode: i.document_code,
        leadAgency: i.agency_code ? { code: i.agency_code, nameVi: i.agency_name_vi ?? "" } : null,
        published: i.published,
      },
      target: {
        ...(series[s]?.target as Target),
        ...(t.quote ? { quote: t.quote } : {}),
        revision: t.revision,
        documentNumber: t.document_number,
        documentTitle: t.document_title,
        effectiveFrom: t.effective_from,
        provenance: t.provenance,
        ...(t.provenance_note ? { provenanceNote: t.provenance_note } : {}),
        revised: revisedFrom(t, originals.get(t.target_id)),
      },
      evaluation,
      illustrative: (observationsOf.get(i.id) ?? []).some((o) => o.is_illustrative),
    });
  }
  const { counts, ...summary } = summarizeStatuses(rows.map((r) => r.evaluation));
  return {
    orgUnit: { code: unit.code, nameVi: unit.name_vi },
    asOf: q.asOf,
    rows,
    counts,
    summary,
  };
}

function revisedFrom(
  t: { revision: number; reason: string | null },
  o:
    | {
        form: string;
        low: string | null;
        high: string | null;
        plan_amount: string | null;
        quote: string | null;
        document_code: string | null;
        document_number: string | null;
      }
    | undefined,
): TargetRevisedFrom | null {
  if (t.revision <= 1 || !o) return null;
  return {
    reason: t.reason,
    original: {
      form: o.form,
      low: o.low,
      high: o.high,
      planAmount: o.plan_amount,
      documentCode: o.document_code,
      documentNumber: o.document_number,
      quote: o.quote,
    },
  };
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function emptyScorecard(unit: { code: string; name_vi: string }, asOf: string): Scorecard {
  const { counts, ...summary } = summarizeStatuses([]);
  return { orgUnit: { code: unit.code, nameVi: unit.name_vi }, asOf, rows: [], counts, summary };
}

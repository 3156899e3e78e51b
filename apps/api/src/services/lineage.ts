import {
  currentUnitOf,
  dec,
  decToString,
  endedBeforeMerger,
  formatNumberEn,
  formatNumberVi,
  judgeYearBeforeMerger,
  mergerSentence,
  parsePeriod,
  periodEnd,
  predecessorLabel,
  predecessorsOf,
  rollUpLabel,
  rollUpSeries,
  type StoredFigure,
  type SuccessionLink,
  shortUnitName,
} from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { failures } from "./errors.ts";
import { buildScorecard } from "./scorecard.ts";

// Issue #13 item 8: what an indicator page shows beside the unit's own scorecard row.
// - history: the figures of the units that became part of today's unit ("số liệu của Quảng Nam
//   (trước sáp nhập)"), each judged against that unit's own targets through the same scorecard;
// - rollUp: the children's figures rolled up per measure kind and set against the unit's own;
// - ratio: a ratio computed from its stored numerator and denominator.
// The domain decides every number and every word; this file gathers the rows.

type Text = { vi: string; en: string };
interface UnitRef {
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface LineageQuery {
  indicator: string;
  orgUnit: string;
  asOf: string;
  publishedOnly?: boolean;
}

const ref = (u: { code: string; name_vi: string; name_en: string | null }): UnitRef => ({
  code: u.code,
  nameVi: u.name_vi,
  nameEn: u.name_en,
});

export async function indicatorLineage(db: Kysely<Database>, q: LineageQuery) {
  const asOf = parsePeriod(q.asOf);
  if (!asOf || asOf.kind === "plan")
    throw failures.invalid([{ path: "asOf", message: `Kỳ không hợp lệ / invalid period: ${q.asOf}` }]);
  const until = periodEnd(asOf);
  let iq = db
    .selectFrom("indicator")
    .select(["id", "code", "unit", "measure_kind", "decimals"])
    .where("code", "=", q.indicator);
  if (q.publishedOnly) iq = iq.where("published", "=", true);
  const indicator = await iq.executeTakeFirst();
  if (!indicator) throw failures.notFound(`chỉ tiêu ${q.indicator} / indicator ${q.indicator}`);
  const units = await db
    .selectFrom("org_unit")
    .select(["id", "code", "name_vi", "name_en", "level", "parent_id"])
    .execute();
  const unit = units.find((u) => u.code === q.orgUnit);
  if (!unit) throw failures.notFound(`đơn vị ${q.orgUnit} / org unit ${q.orgUnit}`);
  const byId = new Map(units.map((u) => [u.id, u]));
  const byCode = new Map(units.map((u) => [u.code, u]));

  const figuresOf = async (orgUnitIds: number[]) =>
    orgUnitIds.length === 0
      ? []
      : db
          .selectFrom("observation")
          .select(["org_unit_id", "period", "basis", "value", "status", "numerator", "denominator"])
          .where("indicator_id", "=", indicator.id)
          .where("org_unit_id", "in", orgUnitIds)
          .where("superseded_at", "is", null)
          .where("period_end", "<=", until)
          .orderBy("period_end")
          .orderBy("period_start", "desc")
          .execute();

  // ---- history: predecessors' figures under today's unit ----------------------------------
  const links: SuccessionLink[] = (
    await db
      .selectFrom("org_unit_succession")
      .select(["predecessor_id", "successor_id", "effective_on"])
      .execute()
  ).map((l) => ({
    predecessor: byId.get(l.predecessor_id)?.code ?? "",
    successor: byId.get(l.successor_id)?.code ?? "",
    effectiveOn: l.effective_on,
  }));
  const current = byCode.get(currentUnitOf(unit.code, links)) ?? unit;
  const predecessorLinks = predecessorsOf(current.code, links);
  const predecessors = [];
  for (const link of predecessorLinks) {
    const p = byCode.get(link.predecessor);
    if (!p) continue;
    const figures = (await figuresOf([p.id])).filter((f) => endedBeforeMerger(f.period, link.effectiveOn));
    // judged against the predecessor's own targets, by the same scorecard, never the successor's
    const targets = await db
      .selectFrom("target")
      .select("period")
      .where("indicator_id", "=", indicator.id)
      .where("org_unit_id", "=", p.id)
      .orderBy("period")
      .execute();
    const verdicts = [];
    for (const t of targets) {
      const year = judgeYearBeforeMerger(t.period, link.effectiveOn);
      if (!year || year > String(asOf.year)) continue;
      const card = await buildScorecard(db, {
        orgUnit: p.code,
        asOf: year,
        ...(q.publishedOnly ? { publishedOnly: true } : {}),
      });
      const row = card.rows.find((r) => r.indicator.code === indicator.code && r.target?.period === t.period);
      if (!row) continue;
      const name = shortUnitName(p.name_vi);
      verdicts.push({
        targetPeriod: t.period,
        judgedAt: year,
        status: row.evaluation.status,
        label: row.evaluation.label,
        explanation: row.evaluation.explanation,
        against: {
          vi: `đánh giá theo chỉ tiêu của chính ${name}`,
          en: `judged against ${name}'s own target`,
        },
      });
    }
    if (figures.length === 0 && verdicts.length === 0) continue;
    predecessors.push({
      unit: ref(p),
      effectiveOn: link.effectiveOn,
      merger: mergerSentence(
        p.name_vi,
        byCode.get(link.successor)?.name_vi ?? current.name_vi,
        link.effectiveOn,
      ),
      label: predecessorLabel(p.name_vi),
      figures: figures.map(figureOut),
      verdicts,
    });
  }
  const history = predecessors.length > 0 ? { unit: ref(current), predecessors } : null;

  // ---- roll-up from the children ----------------------------------------------------------
  const children = units.filter((u) => u.parent_id === unit.id);
  let rollUp = null;
  if (children.length > 0) {
    const [childFigures, ownFigures] = await Promise.all([
      figuresOf(children.map((c) => c.id)),
      figuresOf([unit.id]),
    ]);
    if (childFigures.length > 0) {
      const byChild: Record<string, StoredFigure[]> = {};
      for (const c of children) byChild[c.code] = [];
      for (const f of childFigures) byChild[byId.get(f.org_unit_id)?.code ?? ""]?.push(f);
      const level = children[0]?.level ?? "district";
      const rows = rollUpSeries(
        { measureKind: indicator.measure_kind, unit: indicator.unit },
        ownFigures,
        byChild,
      ).map((r) => ({
        period: r.period,
        basis: r.basis,
        label: rollUpLabel(r.children, level),
        children: r.children,
        shown: r.shown,
        basedOnEstimate: r.result.basedOnEstimate,
        own: r.result.parentReported,
        ...(r.result.kind === "value"
          ? {
              method: r.result.method,
              value: r.result.childrenValue,
              difference: r.result.difference,
              missing: r.result.missing.map((c) => shortUnitName(byCode.get(c)?.name_vi ?? c)),
              reason: null,
            }
          : {
              method: null,
              value: null,
              difference: null,
              missing: [] as string[],
              reason: r.result.reason,
            }),
      }));
      rollUp = { level, childUnits: children.length, rows };
    }
  }

  // ---- ratios from their stored components ------------------------------------------------
  let ratio = null;
  if (indicator.measure_kind === "ratio") {
    const multiplier = indicator.unit.includes("%") ? 100 : 1;
    const rows = (await figuresOf([unit.id]))
      .filter((f) => f.numerator !== null && f.denominator !== null)
      .map((f) => {
        const exact = dec(f.numerator as string)
          .div(f.denominator as string)
          .times(multiplier)
          .toDecimalPlaces(indicator.decimals + 2);
        const value = decToString(exact);
        const unitText = indicator.unit === "%" ? "%" : ` ${indicator.unit}`;
        return {
          period: f.period,
          basis: f.basis,
          numerator: f.numerator as string,
          denominator: f.denominator as string,
          value,
          stored: f.value,
          text: {
            vi: `tính từ tử số ${formatNumberVi(f.numerator as string)} và mẫu số ${formatNumberVi(f.denominator as string)}: ${formatNumberVi(value)}${unitText}`,
            en: `computed from numerator ${formatNumberEn(f.numerator as string)} and denominator ${formatNumberEn(f.denominator as string)}: ${formatNumberEn(value)}${unitText}`,
          } satisfies Text,
        };
      });
    if (rows.length > 0) ratio = { rows };
  }

  return {
    indicator: indicator.code,
    unit: indicator.unit,
    orgUnit: ref(unit),
    asOf: q.asOf,
    history,
    rollUp,
    ratio,
  };
}

function figureOut(f: {
  period: string;
  basis: "period" | "ytd";
  value: string;
  status: "estimate" | "preliminary" | "official";
  numerator: string | null;
  denominator: string | null;
}) {
  return {
    period: f.period,
    basis: f.basis,
    value: f.value,
    status: f.status,
    numerator: f.numerator,
    denominator: f.denominator,
  };
}

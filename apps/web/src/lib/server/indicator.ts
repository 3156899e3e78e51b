import { compareVi, EXPLANATION_REQUIRED, unitName } from "@chitieu/domain";
import { error } from "@sveltejs/kit";
import type { Lang } from "$lib/i18n";
import { type Api, ApiError, type ObservationRow } from "./api.ts";
import { chartRow, splitPeriod } from "./dashboard.ts";
import * as fmt from "./format.ts";
import type { ExplanationRow } from "./report.ts";

// The indicator page's view model: one indicator of one org unit, its figures over time, its
// target and where it came from, and every revision of both.

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function endMonth(period: string): number | null {
  const m = /^\d{4}(?:-(\d{2}|Q([1-4])|H([12])|9M))?$/.exec(period);
  if (!m) return null;
  if (!m[1]) return 12;
  if (m[2]) return Number(m[2]) * 3;
  if (m[3]) return Number(m[3]) * 6;
  if (m[1] === "9M") return 9;
  return Number(m[1]);
}

function monthlySeries(obs: ObservationRow[], year: number): (number | null)[] {
  const values: (number | null)[] = MONTHS.map(() => null);
  // months first, then longer periods only where no month was reported
  const ofYear = obs.filter((o) => o.period.startsWith(String(year)) && o.period.length > 4);
  const months = ofYear.filter((o) => /^\d{4}-\d{2}$/.test(o.period));
  const source = months.length > 0 ? months : ofYear;
  for (const o of source) {
    const m = endMonth(o.period);
    if (m) values[m - 1] = Number(o.value);
  }
  return values;
}

export async function loadIndicator(
  client: Api,
  lang: Lang,
  code: string,
  unitAsked: string | null,
  periodAsked: string | null,
) {
  const [indicators, targets, observations] = await Promise.all([
    client.indicators(),
    client.targets({ indicator: code }),
    client.observations({ indicator: code }),
  ]);
  const indicator = indicators.find((i) => i.code === code);
  if (!indicator) error(404, lang === "en" ? "No such indicator." : "Không có chỉ tiêu này.");
  const unitCodes = [
    ...new Set([...targets.map((t) => t.orgUnitCode), ...observations.map((o) => o.orgUnitCode)]),
  ];
  const unit = unitAsked && unitCodes.includes(unitAsked) ? unitAsked : (unitCodes[0] ?? "p49");
  const mine = observations.filter((o) => o.orgUnitCode === unit);
  // ISO dates compare as text (Math.max would turn them into NaN)
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  const latestEnd = mine.reduce((a, o) => (o.periodEnd > a ? o.periodEnd : a), "");
  const asOf =
    periodAsked && splitPeriod(periodAsked) && fmt.isPeriod(periodAsked)
      ? periodAsked
      : latestEnd
        ? latestEnd.slice(0, 7)
        : String(new Date().getFullYear());
  const year = splitPeriod(asOf)?.year ?? new Date().getFullYear();

  let row = null;
  try {
    const card = await client.scorecard({ orgUnit: unit, asOf });
    row = card.rows.find((r) => r.indicator.code === code) ?? null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  const unitTargets = targets.filter((t) => t.orgUnitCode === unit);
  const target = unitTargets.find((t) => t.period === String(year)) ?? unitTargets[0] ?? null;

  // revisions of the target and of the latest figures, with who and when
  const recent = [...mine].sort((a, b) => (a.periodEnd < b.periodEnd ? 1 : -1)).slice(0, 12);
  const [revisions, histories] = await Promise.all([
    target ? client.targetRevisions(target.targetId).catch(() => []) : Promise.resolve([]),
    Promise.all(
      recent.map((o) =>
        client
          .observationHistory(o.id)
          .then((h) => ({ o, h }))
          .catch(() => ({ o, h: [] })),
      ),
    ),
  ]);

  // English words from the units registry ("%/năm" → "% a year"), never guessed
  const unit_ = lang === "en" ? unitName(indicator.unit, "en") : indicator.unit;
  const numU = (v: string | number | null | undefined, d?: number) =>
    fmt.withUnit(fmt.num(lang, v, d), unit_);
  // the shared trend builder: monthly flows as cumulative lines per year, other series as reported
  const chartIndicator = {
    code: indicator.code,
    nameVi: indicator.nameVi,
    nameEn: indicator.nameEn,
    unit: unit_,
    decimals: indicator.decimals,
    measureKind: indicator.measureKind,
  };
  const recentYears = (o: ObservationRow) =>
    Number(o.period.slice(0, 4)) >= year - 2 && Number(o.period.slice(0, 4)) <= year;
  const monthObs = mine.filter((o) => /^\d{4}-\d{2}$/.test(o.period) && recentYears(o));
  const monthlyBasis: "period" | "ytd" = monthObs.length > 0 ? (monthObs[0]?.basis ?? "period") : "ytd";
  const monthlyPoints = (
    monthObs.length > 0
      ? monthObs.filter((o) => o.basis === monthlyBasis)
      : mine.filter((o) => o.period.length > 4 && recentYears(o))
  ).map((o) => ({ period: o.period, value: o.value, status: o.status, illustrative: o.isIllustrative }));
  const thisYear = monthlySeries(mine, year);
  const lastYear = monthlySeries(mine, year - 1);
  const annual = [...new Set(mine.filter((o) => /^\d{4}$/.test(o.period)).map((o) => o.period))].sort();
  const annualValues = annual.map((p) => Number(mine.find((o) => o.period === p)?.value));
  const monthLabel = (m: number) => (lang === "en" ? `M${m}` : `T${m}`);

  // breakdown across org units: the latest period that several units report
  const byPeriod = new Map<string, ObservationRow[]>();
  for (const o of observations)
    byPeriod.set(`${o.period}|${o.basis}`, [...(byPeriod.get(`${o.period}|${o.basis}`) ?? []), o]);
  const shared = [...byPeriod.entries()]
    .filter(([, list]) => new Set(list.map((o) => o.orgUnitCode)).size > 1)
    .sort((a, b) => ((a[1][0]?.periodEnd ?? "") < (b[1][0]?.periodEnd ?? "") ? 1 : -1))[0];
  const unitNames = new Map(
    (await client.orgUnits()).map((u) => [u.code, lang === "en" ? (u.nameEn ?? u.nameVi) : u.nameVi]),
  );
  const breakdown = shared
    ? {
        period: fmt.period(lang, shared[1][0]?.period),
        rows: shared[1]
          .map((o) => ({
            unit: unitNames.get(o.orgUnitCode) ?? o.orgUnitCode,
            value: Number(o.value),
            text: numU(o.value),
          }))
          .sort((a, b) => b.value - a.value || compareVi(a.unit, b.unit)),
      }
    : null;

  const f = row?.evaluation.figures;
  const versions = histories.flatMap(({ o, h }) =>
    h.map((v) => ({
      period: fmt.period(lang, o.period),
      basis: o.basis,
      value: numU(v.value),
      status: v.status,
      current: v.supersededAt === null,
      recordedAt: fmt.dateTime(lang, v.recordedAt),
      by: v.recordedByEmail,
      batch: v.batchFileName ? `#${v.batchId} ${v.batchFileName}` : v.batchId ? `#${v.batchId}` : null,
      note: v.note,
      illustrative: v.isIllustrative,
    })),
  );
  const notes = [
    ...(indicator.note ? [indicator.note] : []),
    ...new Set(
      histories.flatMap(({ h }) =>
        h.filter((v) => v.supersededAt === null && v.note).map((v) => v.note as string),
      ),
    ),
  ];

  // the lead agency's explanations (nguyên nhân, giải pháp) of this target, newest period first
  const explanations = (
    await client.explanations({ orgUnit: unit, indicator: code }).catch(() => [] as ExplanationRow[])
  ).map((e) => ({
    ...e,
    periodText: fmt.period(lang, e.period),
    writtenAtText: fmt.dateTime(lang, e.writtenAt),
  }));

  return {
    code,
    explanations,
    explanationMissing:
      row !== null &&
      (EXPLANATION_REQUIRED as readonly string[]).includes(row.evaluation.status) &&
      !explanations.some((e) => e.period === asOf),
    name: lang === "en" ? (indicator.nameEn ?? indicator.nameVi) : indicator.nameVi,
    unit: unit_,
    unitCode: unit,
    unitName: unitNames.get(unit) ?? unit,
    units: unitCodes.map((c) => ({ code: c, name: unitNames.get(c) ?? c })),
    asOf,
    asOfText: fmt.period(lang, asOf),
    category: indicator.category,
    agency: indicator.leadAgencyNameVi,
    frequency: indicator.frequency,
    illustrative: mine.some((o) => o.isIllustrative),
    status: row
      ? {
          status: row.evaluation.status,
          label: row.evaluation.label[lang],
          explanation: row.evaluation.explanation[lang],
          estimate: row.evaluation.basedOnEstimate,
          notes: row.evaluation.notes,
        }
      : null,
    chart: row ? chartRow(row) : null,
    figures: f
      ? {
          actual: row?.target?.form === "milestone" ? fmt.date(lang, f.doneOn) : numU(f.actual),
          actualPeriod: fmt.period(lang, f.actualPeriod),
          sameTimeLastYear: numU(f.sameTimeLastYear),
          changeVsLastYear:
            f.changeVsLastYear === null ? null : fmt.num(lang, f.changeVsLastYear, indicator.decimals),
          forecast: f.forecast === null ? null : numU(f.forecast, indicator.decimals),
          progress: f.progress === null ? null : `${fmt.num(lang, f.progress, 1)}%`,
          expected: f.expected === null ? null : `${fmt.num(lang, f.expected, 1)}%`,
          gap: f.gap === null ? null : numU(f.gap),
        }
      : null,
    target: target
      ? {
          id: target.targetId,
          period: target.period,
          revision: target.revision,
          text: fmt.target(lang, { ...target }, unit_, indicator.direction),
          quote: target.quote,
          document: {
            code: target.documentCode,
            number: target.documentNumber,
            title: target.documentTitleVi,
            issuedOn: fmt.date(lang, target.documentIssuedOn),
          },
        }
      : null,
    revisions: revisions.map((r) => ({
      revision: r.revision,
      text: fmt.target(lang, { ...r, period: target?.period ?? null }, unit_, indicator.direction),
      reason: r.reason,
      document: r.documentNumber ?? r.documentCode,
      effectiveFrom: fmt.date(lang, r.effectiveFrom),
      createdAt: fmt.dateTime(lang, r.createdAt),
      by: r.createdByEmail,
    })),
    versions,
    notes,
    trend: {
      year,
      target: target
        ? {
            form: target.form,
            period: target.period,
            low: target.low,
            high: target.high,
            tolerance: target.tolerance,
          }
        : null,
      monthly: { indicator: chartIndicator, basis: monthlyBasis, points: monthlyPoints },
      monthlyRows: MONTHS.map((m, i) => ({
        month: monthLabel(m),
        now: numU(thisYear[i]),
        before: numU(lastYear[i]),
      })).filter((r) => r.now !== "–" || r.before !== "–"),
      annual: {
        indicator: chartIndicator,
        basis: "ytd" as const,
        points: annual.map((p, i) => ({ period: p, value: String(annualValues[i]) })),
      },
      annualRows: annual.map((p, i) => ({ year: p, value: numU(annualValues[i]) })),
    },
    breakdown,
  };
}

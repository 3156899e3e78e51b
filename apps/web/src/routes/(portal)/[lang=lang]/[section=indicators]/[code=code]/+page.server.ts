import { findIndicator, findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import {
  categoryTitle,
  dateText,
  figureNum,
  indicatorName,
  periodText,
  publicTargetOf,
  rowView,
  t,
  targetText,
  trendView,
  unitIn,
  withUnit,
} from "$lib/portal/server/present.ts";
import { relatedTasksOf } from "$lib/portal/server/related-tasks.ts";
import { DATA_FORMATS, urls } from "$lib/portal/urls.ts";
import { publicLineage } from "$lib/server/lineage.ts";
import type { PageServerLoad } from "./$types";

/** "03/12/2026 17:05" (vi) or "2026-12-03 17:05" (en), in Vietnam's time (UTC+7). */
function dateTimeText(iso: string, lang: "vi" | "en"): string {
  const local = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${dateText(local, lang)} ${local.slice(11, 16)}`;
}

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "indicators", params.section, url);
  const snap = await portalData(fetch);
  const { indicator, detail } = findIndicator(snap, params.code);
  const unitCode = indicator.targets[0]?.orgUnitCode ?? snap.units[0]?.code ?? "";
  const unit = findUnit(snap, unitCode);
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const row = card.rows.find((r) => r.indicator.code === indicator.code);
  const view = row ? rowView(row, indicator, unit.code, lang) : null;
  const trend = trendView(detail, unit.code, lang);
  const target = publicTargetOf(indicator, unit.code, row?.target?.period);
  const name = indicatorName(lang, indicator);
  const q = period === unit.periods[0]?.code ? null : period;
  const latest = indicator.latest;
  const observations = detail.observations
    .filter((o) => o.orgUnit === unit.code)
    .map((o) => ({
      period: periodText(o.period, lang) || o.period,
      basis: t(lang, o.basis === "ytd" ? "basis.ytd" : "basis.period"),
      value: figureNum(o.value, lang, detail.decimals),
      status: t(lang, `obsStatus.${o.status}`),
      illustrative: o.illustrative,
    }));
  // issue #17: what was published when (versions of a revised figure, oldest first)
  const revisions = (detail.revisions ?? [])
    .filter((r) => r.orgUnit === unit.code)
    .map((r) => ({
      period: periodText(r.period, lang) || r.period,
      basis: t(lang, r.basis === "ytd" ? "basis.ytd" : "basis.period"),
      value: withUnit(figureNum(r.value, lang, detail.decimals), unitIn(detail.unit, lang)),
      status: t(lang, `obsStatus.${r.status}`),
      recorded: dateTimeText(r.recordedAt, lang),
      replaced: r.supersededAt ? dateTimeText(r.supersededAt, lang) : null,
    }));
  // issue #20: the lead agency's explanations an administrator or leader published
  const explanations = (snap.explanations.get(indicator.code) ?? [])
    .filter((e) => e.orgUnit === unit.code)
    .sort((a, b) => b.period.localeCompare(a.period))
    .map((e) => ({
      id: e.id,
      causes: e.causesVi,
      measures: e.measuresVi,
      by: t(lang, "explain.by", {
        agency: e.agency?.nameVi ?? unit.nameVi,
        period: periodText(e.period, lang) || e.period,
        date: dateText(e.writtenAt, lang),
      }),
    }));
  return {
    revisions,
    explanations,
    meta: {
      lang,
      title: `${name} – ${unit.nameVi}`,
      description: view ? `${view.statusLabel}. ${view.explanation}` : t(lang, "site.description"),
      origin: originOf(url),
      canonical: urls.indicator(lang, indicator.code, q),
      alternates: {
        vi: urls.indicator("vi", indicator.code, q),
        en: urls.indicator("en", indicator.code, q),
      },
      // PNG is what social sites accept; until a rasteriser is installed it redirects to the SVG
      image: urls.chart(lang, indicator.code, trend ? "trend" : "bullet", "png", q),
      imageAlt: trend?.alt ?? view?.chart.alt ?? name,
    },
    name,
    nameOther: lang === "vi" ? indicator.nameEn : indicator.nameVi,
    code: indicator.code,
    category: categoryTitle(lang, indicator.category),
    unitOfMeasure: unitIn(indicator.unit, lang),
    orgUnit: { code: unit.code, nameVi: unit.nameVi, href: urls.unit(lang, unit.code) },
    leadAgency: indicator.leadAgencyNameVi,
    frequency: t(lang, `frequency.${indicator.frequency}` as "frequency.monthly"),
    lastUpdate: latest ? dateText(latest.recordedAt, lang) : null,
    latestKind: latest
      ? t(lang, "indicator.latestKindValue", {
          period: periodText(latest.period, lang) || latest.period,
          status: t(lang, `obsStatus.${latest.status}` as "obsStatus.official"),
        })
      : null,
    latestIllustrative: latest?.illustrative ?? false,
    period,
    periodLabel: periodText(period, lang),
    periods: unit.periods.map((p) => ({ code: p.code, label: periodText(p.code, lang) })),
    row: view,
    trend,
    target: target
      ? {
          text: targetText(target, indicator.unit, lang, indicator.direction),
          period: periodText(target.period, lang) || target.period,
          quote: target.quote,
          documentNumber: target.documentNumber,
          documentDate: target.documentIssuedOn ? dateText(target.documentIssuedOn, lang) : null,
          documentTitle: target.documentTitleVi,
        }
      : null,
    observations,
    lineage: await publicLineage(fetch, lang, indicator.code, unit.code, period),
    downloads: DATA_FORMATS.map((f) => ({ format: f, href: urls.indicatorData(indicator.code, f) })),
    images: [
      ...(trend
        ? [
            {
              label: t(lang, "indicator.imageTrend"),
              svg: urls.chart(lang, indicator.code, "trend", "svg"),
              png: urls.chart(lang, indicator.code, "trend", "png"),
            },
          ]
        : []),
      {
        label: t(lang, "indicator.imageBullet"),
        svg: urls.chart(lang, indicator.code, "bullet", "svg", q),
        png: urls.chart(lang, indicator.code, "bullet", "png", q),
      },
    ],
    relatedTasks: await relatedTasksOf(fetch, indicator.code, lang), // issue #16 item 7
    embed: {
      href: urls.embed(lang, indicator.code),
      absolute: originOf(url) + urls.embed(lang, indicator.code),
    },
  };
};

import { findIndicator, findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { dateText, indicatorName, rowView, t, trendView } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

// A page made to sit in someone else's iframe: one indicator, its charts, source and date.
export const csr = false;

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  const snap = await portalData(fetch);
  const { indicator, detail } = findIndicator(snap, params.code);
  const unit = findUnit(snap, indicator.targets[0]?.orgUnitCode ?? null);
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const row = card.rows.find((r) => r.indicator.code === indicator.code);
  const page = urls.indicator(lang, indicator.code);
  return {
    lang,
    name: indicatorName(lang, indicator),
    unit: unit.nameVi,
    row: row ? rowView(row, indicator, unit.code, lang) : null,
    trend: trendView(detail, unit.code, lang, { width: 600, height: 260 }),
    source: t(lang, "embed.source", { date: dateText(snap.lastUpdated, lang) }),
    illustrative: detail.observations.some((o) => o.illustrative),
    page,
    canonical: originOf(url) + page,
  };
};

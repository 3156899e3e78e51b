import { findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { periodText, scorecardView, summaryView, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  const snap = await portalData(fetch);
  const unit = findUnit(snap, url.searchParams.get("unit"));
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const isDefaultUnit = unit.code === snap.units[0]?.code;
  const q = {
    unit: isDefaultUnit ? null : unit.code,
    period: period === unit.periods[0]?.code ? null : period,
  };
  return {
    meta: {
      lang,
      title: `${t(lang, "home.title")} – ${unit.nameVi}`,
      description: t(lang, "site.description"),
      origin: originOf(url),
      canonical: urls.home(lang, q),
      alternates: { vi: urls.home("vi", q), en: urls.home("en", q) },
    },
    units: snap.units.map((u) => ({
      code: u.code,
      nameVi: u.nameVi,
      count: u.indicatorCount,
      href: urls.home(lang, { unit: u.code === snap.units[0]?.code ? null : u.code }),
      current: u.code === unit.code,
    })),
    unit: { code: unit.code, nameVi: unit.nameVi, href: urls.unit(lang, unit.code) },
    period,
    periodLabel: periodText(period, lang),
    periods: unit.periods.map((p) => ({ code: p.code, label: periodText(p.code, lang) })),
    summary: summaryView(card, lang),
    groups: scorecardView(card, snap.byCode, lang),
    isDefaultUnit,
  };
};

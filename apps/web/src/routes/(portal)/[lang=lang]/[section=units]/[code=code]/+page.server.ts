import { findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import { dateText, periodText, scorecardView, summaryView, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "units", params.section, url);
  const snap = await portalData(fetch);
  const unit = findUnit(snap, params.code);
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const q = period === unit.periods[0]?.code ? null : period;
  return {
    meta: {
      lang,
      title: `${unit.nameVi} – ${t(lang, "home.title")}`,
      description: t(lang, "unit.lead", { unit: unit.nameVi }),
      origin: originOf(url),
      canonical: urls.unit(lang, unit.code, q),
      alternates: { vi: urls.unit("vi", unit.code, q), en: urls.unit("en", unit.code, q) },
    },
    unit: { code: unit.code, nameVi: unit.nameVi },
    others: snap.units
      .filter((u) => u.code !== unit.code)
      .map((u) => ({ nameVi: u.nameVi, href: urls.unit(lang, u.code) })),
    period,
    periodLabel: periodText(period, lang),
    periods: unit.periods.map((p) => ({ code: p.code, label: periodText(p.code, lang) })),
    summary: summaryView(card, lang),
    groups: scorecardView(card, snap.byCode, lang),
    documents: snap.documents
      .filter((d) => d.orgUnitCode === unit.code)
      .map((d) => ({
        code: d.code,
        number: d.number ?? t(lang, "indicator.noNumber"),
        date: d.issuedOn ? dateText(d.issuedOn, lang) : t(lang, "indicator.unknownDate"),
        title: d.titleVi,
        count: d.targets.length,
      })),
    documentsHref: urls.documents(lang),
  };
};

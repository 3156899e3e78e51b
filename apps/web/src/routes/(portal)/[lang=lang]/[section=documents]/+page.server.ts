import { portalData } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import { dateText, indicatorName, periodText, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "documents", params.section, url);
  const snap = await portalData(fetch);
  return {
    meta: {
      lang,
      title: t(lang, "documents.title"),
      description: t(lang, "documents.lead"),
      origin: originOf(url),
      canonical: urls.documents(lang),
      alternates: { vi: urls.documents("vi"), en: urls.documents("en") },
    },
    documents: snap.documents.map((d) => ({
      code: d.code,
      number: d.number ?? t(lang, "indicator.noNumber"),
      date: d.issuedOn ? dateText(d.issuedOn, lang) : t(lang, "indicator.unknownDate"),
      title: d.titleVi,
      unit: { nameVi: d.orgUnitNameVi, href: urls.unit(lang, d.orgUnitCode) },
      targets: d.targets.map((x) => ({
        name: indicatorName(lang, { nameVi: x.nameVi, nameEn: x.nameEn }),
        href: urls.indicator(lang, x.indicatorCode),
        period: periodText(x.period, lang) || x.period,
        quote: x.quote,
      })),
    })),
  };
};

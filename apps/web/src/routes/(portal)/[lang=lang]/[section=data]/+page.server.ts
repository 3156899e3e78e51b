import { CSV_COLUMNS, SDMX_COLUMNS } from "$lib/portal/export.ts";
import { STRUCTURE_PATH } from "$lib/portal/sdmx.ts";
import { portalData } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import { dateText, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "data", params.section, url);
  const snap = await portalData(fetch);
  const origin = originOf(url);
  return {
    meta: {
      lang,
      title: t(lang, "data.title"),
      description: t(lang, "data.lead"),
      origin,
      canonical: urls.data(lang),
      alternates: { vi: urls.data("vi"), en: urls.data("en") },
    },
    updated: dateText(snap.lastUpdated, lang),
    downloads: [
      { label: t(lang, "data.csv"), href: urls.dataset("csv") },
      { label: t(lang, "data.sdmx"), href: urls.dataset("sdmx.csv") },
      { label: t(lang, "data.json"), href: urls.dataset("json") },
      { label: t(lang, "data.sdmxStructure"), href: STRUCTURE_PATH },
    ],
    columns: CSV_COLUMNS.map((c) => ({ name: c.name, type: c.type, meaning: c[lang] })),
    sdmxColumns: SDMX_COLUMNS.map((c) => ({ name: c.name, type: c.type, meaning: c[lang] })),
    api: [
      { label: t(lang, "data.apiDocs"), href: urls.apiDocs },
      { label: t(lang, "data.openapi"), href: urls.openapi },
    ],
    endpoints: [
      "/api/v1/public/indicators",
      "/api/v1/public/indicators/{code}",
      "/api/v1/public/scorecard?orgUnit=p49&asOf=2024",
    ],
  };
};

import { DEFAULT_THRESHOLDS, STATUS_LABELS, STATUSES } from "@chitieu/domain";
import { STATUS_COLORS } from "$lib/charts/index.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import { num, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

// The thresholds are read from the domain package, never copied here.
export const load: PageServerLoad = async ({ params, url }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "methods", params.section, url);
  const th = DEFAULT_THRESHOLDS;
  const p = {
    onTrack: num(th.onTrackPoints, lang),
    atRisk: num(th.atRiskPoints, lang),
    margin: num(th.exceededMarginPct, lang),
    minYears: th.seasonalMinYears,
    maxYears: th.seasonalMaxYears,
  };
  return {
    meta: {
      lang,
      title: t(lang, "methods.title"),
      description: t(lang, "methods.lead"),
      origin: originOf(url),
      canonical: urls.methods(lang),
      alternates: { vi: urls.methods("vi"), en: urls.methods("en") },
    },
    statuses: STATUSES.map((s) => ({
      status: s,
      label: STATUS_LABELS[s][lang],
      colors: STATUS_COLORS[s],
      meaning: t(lang, `methods.status.${s}`, p),
    })),
    thresholds: (Object.keys(th) as Array<keyof typeof th>).map((k) => ({
      key: k,
      label: t(lang, `methods.threshold.${k}`),
      value: num(th[k], lang),
    })),
    text: {
      flow: t(lang, "methods.progressFlow", p),
      level: t(lang, "methods.progressLevel"),
      plan: t(lang, "methods.progressPlan"),
      exceeded: t(lang, "methods.exceeded", p),
    },
  };
};

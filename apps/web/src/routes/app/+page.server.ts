import { translate } from "$lib/i18n";
import { api } from "$lib/server/api";
import { loadDashboard, periodCode, SUB_PERIODS } from "$lib/server/dashboard";
import { requireArea } from "$lib/server/guard";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "dashboard", event.url);
  const p = event.url.searchParams;
  const lang = parent.lang;
  // the period arrives as ?period=2024-09, or from the form's two selects (?nam=2024&ky=09)
  const year = Number(p.get("nam"));
  const sub = p.get("ky");
  const period = year && sub && SUB_PERIODS.includes(sub) ? periodCode(year, sub) : p.get("period");
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);
  const dashboard = await loadDashboard(
    api(event),
    lang,
    {
      unit: p.get("unit"),
      period,
      category: p.get("category") || null,
      status: p.get("status") || null,
      agency: p.get("agency") || null,
    },
    {
      actual: t("app.dash.actual"),
      target: t("app.dash.target"),
      plan: t("app.dash.ofPlan"),
      expected: t("app.dash.expected"),
    },
  );
  // explanations owed for this period and those still missing (issue #20)
  const explained = await api(event)
    .explanations({ orgUnit: dashboard.unit, period: dashboard.asOf })
    .then((items) => new Set(items.map((e) => e.indicator)))
    .catch(() => new Set<string>());
  const explanations = {
    owed: dashboard.owedExplanation.length,
    missing: dashboard.owedExplanation.filter((c) => !explained.has(c)).length,
  };
  return { dashboard, subPeriods: SUB_PERIODS, explanations };
};

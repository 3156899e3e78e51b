import { STATUSES } from "@chitieu/domain";
import { findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import { categoryTitle, periodText, rowView, t } from "$lib/portal/server/present.ts";
import { urls } from "$lib/portal/urls.ts";
import type { PageServerLoad } from "./$types";

// Issue #17 item 5: every published target in one table (verdict, figure, target, lead agency),
// filtered by verdict and area and sorted by query parameters: links and a GET form, no JavaScript.

/** What needs attention first: the worst verdicts, then the ones not judged yet. */
const SEVERITY: readonly string[] = [
  "not_achieved",
  "off_track",
  "at_risk",
  "no_data",
  "on_track",
  "achieved",
  "exceeded",
  "not_due",
];
const SORTS = ["severity", "name", "area", "agency"] as const;
type Sort = (typeof SORTS)[number];

export const load: PageServerLoad = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "indicators", params.section, url);
  const snap = await portalData(fetch);
  const unit = findUnit(snap, url.searchParams.get("unit"));
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const askedStatus = url.searchParams.get("status");
  const status = askedStatus && (STATUSES as readonly string[]).includes(askedStatus) ? askedStatus : null;
  const askedArea = url.searchParams.get("area");
  const areas = [...new Set(card.rows.map((r) => r.indicator.category))];
  const area = askedArea && areas.includes(askedArea) ? askedArea : null;
  const askedSort = url.searchParams.get("sort");
  const sort: Sort = (SORTS as readonly string[]).includes(askedSort ?? "")
    ? (askedSort as Sort)
    : "severity";

  const all = card.rows.map((row) => {
    const view = rowView(row, snap.byCode.get(row.indicator.code), unit.code, lang);
    return {
      code: view.code,
      name: view.name,
      href: urls.indicator(lang, view.code, period === unit.periods[0]?.code ? null : period),
      status: view.status,
      statusLabel: view.statusLabel,
      colors: view.colors,
      figure: view.figure,
      figurePeriod: view.figurePeriod,
      illustrative: view.illustrative,
      target: view.target,
      targetPeriod: view.targetPeriod,
      explanation: view.explanation,
      area: row.indicator.category,
      areaTitle: categoryTitle(lang, row.indicator.category),
      agency: row.indicator.leadAgency?.nameVi ?? snap.byCode.get(row.indicator.code)?.leadAgencyNameVi ?? "",
    };
  });
  const rank = (s: string) => {
    const i = SEVERITY.indexOf(s);
    return i === -1 ? SEVERITY.length : i;
  };
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, lang);
  const rows = all
    .filter((r) => (!status || r.status === status) && (!area || r.area === area))
    .sort((a, b) => {
      if (sort === "name") return byName(a, b);
      if (sort === "area")
        return a.areaTitle.localeCompare(b.areaTitle, lang) || rank(a.status) - rank(b.status);
      if (sort === "agency")
        return a.agency.localeCompare(b.agency, "vi") || rank(a.status) - rank(b.status) || byName(a, b);
      return rank(a.status) - rank(b.status) || byName(a, b);
    });
  const isDefaultUnit = unit.code === snap.units[0]?.code;
  const base = {
    unit: isDefaultUnit ? null : unit.code,
    period: period === unit.periods[0]?.code ? null : period,
  };
  const q = { ...base, status, area, sort: sort === "severity" ? null : sort };
  const labelOf = new Map(all.map((r) => [r.status, r.statusLabel]));
  const statuses = SEVERITY.filter((s) => labelOf.has(s)).map((s) => ({
    code: s,
    label: labelOf.get(s) ?? s,
    n: all.filter((r) => r.status === s).length,
    href: urls.list(lang, { ...q, status: s === status ? null : s }),
    current: s === status,
  }));
  return {
    meta: {
      lang,
      title: `${t(lang, "list.title")} – ${unit.nameVi}`,
      description: t(lang, "list.lead", { unit: unit.nameVi, period: periodText(period, lang) }),
      origin: originOf(url),
      canonical: urls.list(lang, q),
      alternates: { vi: urls.list("vi", q), en: urls.list("en", q) },
    },
    lead: t(lang, "list.lead", { unit: unit.nameVi, period: periodText(period, lang) }),
    unit: unit.code,
    unitParam: base.unit,
    period,
    periodParam: base.period,
    periods: unit.periods.map((p) => ({ code: p.code, label: periodText(p.code, lang) })),
    status,
    area,
    sort,
    statuses,
    allStatuses: urls.list(lang, { ...q, status: null }),
    areas: areas
      .map((a) => ({ code: a, label: categoryTitle(lang, a) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
    sorts: SORTS.map((s) => ({
      code: s,
      label: t(lang, `list.sort.${s}`),
      href: urls.list(lang, { ...q, sort: s === "severity" ? null : s }),
      current: s === sort,
    })),
    rows,
    count: t(lang, "list.count", { n: rows.length }),
  };
};

import { error } from "@sveltejs/kit";
import { bulletOption, type ChartOption, renderSvg, stampOption, trendOption } from "$lib/charts/index.ts";
import { svgToPng } from "$lib/charts/png.ts";
import { findIndicator, findUnit, pickPeriod, portalData, scorecardOf } from "$lib/portal/server/data.ts";
import { ensureSlug } from "$lib/portal/server/pages.ts";
import {
  chartTargetOf,
  dateText,
  indicatorName,
  periodText,
  publicTargetOf,
  t,
  trendSeries,
  trendView,
} from "$lib/portal/server/present.ts";
import { parseChartFile } from "$lib/portal/urls.ts";
import type { RequestHandler } from "./$types";

// Standalone chart images that carry their title, source and date, as SVG or as PNG (the same
// SVG rasterised by resvg, for sites that will not show an SVG in a link preview).

const SIZE = { width: 800, height: 420 };

export const GET: RequestHandler = async ({ params, url, fetch }) => {
  const lang = params.lang as "vi" | "en";
  ensureSlug(lang, "indicators", params.section, url);
  const file = parseChartFile(params.file);
  if (!file) error(404);
  const snap = await portalData(fetch);
  const { indicator, detail } = findIndicator(snap, file.code);

  const unit = findUnit(snap, indicator.targets[0]?.orgUnitCode ?? null);
  const period = pickPeriod(unit, url.searchParams.get("period"));
  const card = await scorecardOf(snap, fetch, unit.code, period);
  const row = card.rows.find((r) => r.indicator.code === indicator.code);
  const name = indicatorName(lang, indicator);
  const illustrative = detail.observations.some((o) => o.illustrative);
  const footer = [
    t(lang, "chart.source", {
      source: t(lang, "chart.sourceDefault"),
      date: dateText(snap.lastUpdated, lang),
    }),
    ...(illustrative ? [t(lang, "chart.illustrative")] : []),
  ].join(" · ");
  const status = row
    ? t(lang, "chart.asOf", { period: periodText(period, lang), status: row.evaluation.label[lang] })
    : "";

  let option: ChartOption;
  let label: string;
  if (file.kind === "trend") {
    const view = trendView(detail, unit.code, lang);
    if (!view) error(404, "no trend for this indicator");
    option = trendOption(
      trendSeries(detail, unit.code),
      chartTargetOf(publicTargetOf(detail, unit.code)),
      lang,
    );
    label = view.alt;
  } else {
    if (!row) error(404);
    option = bulletOption({ indicator: row.indicator, target: row.target, evaluation: row.evaluation }, lang);
    label = `${name}: ${row.evaluation.label[lang]}. ${row.evaluation.explanation[lang]}`;
  }
  const size =
    file.kind === "bullet" && row?.target?.form !== "milestone" && row?.target?.form !== "category"
      ? { width: 800, height: 200 }
      : SIZE;
  const stamped = stampOption(option, { title: `${name} – ${unit.nameVi}`, subtitle: status, footer }, size);
  const svg = renderSvg(stamped, { ...size, label });
  if (file.ext === "png")
    return new Response(svgToPng(svg), {
      headers: { "content-type": "image/png", "access-control-allow-origin": "*" },
    });
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, {
    headers: { "content-type": "image/svg+xml; charset=utf-8", "access-control-allow-origin": "*" },
  });
};

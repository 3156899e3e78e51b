import { DEFAULT_THRESHOLDS } from "@chitieu/domain";
import { error } from "@sveltejs/kit";
import { CHOICES, formReader, readIndicatorKind, submit } from "$lib/server/admin-form";
import { ApiError, api, type IndicatorPatch } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

const THRESHOLD_KEYS = Object.keys(DEFAULT_THRESHOLDS) as (keyof typeof DEFAULT_THRESHOLDS)[];

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const client = api(event);
  const indicator = await client.indicator(event.params.code).catch((e) => {
    if (e instanceof ApiError && e.status === 404)
      error(404, lang === "en" ? "No such indicator." : "Không có chỉ tiêu này.");
    throw e;
  });
  const [agencies, documents, indicators] = await Promise.all([
    client.agencies(),
    client.documents(),
    client.indicators({ sort: "code" }),
  ]);
  const own = indicator.thresholds ?? {};
  return {
    indicator,
    created: event.url.searchParams.has("created"),
    choices: CHOICES,
    // prefilled the way the reader writes numbers
    shown: {
      plausibleMin: indicator.plausibleMin === null ? "" : fmt.num(lang, indicator.plausibleMin),
      plausibleMax: indicator.plausibleMax === null ? "" : fmt.num(lang, indicator.plausibleMax),
    },
    thresholds: THRESHOLD_KEYS.map((key) => ({
      key,
      value: own[key] === undefined ? "" : fmt.num(lang, own[key]),
      fallback: fmt.num(lang, DEFAULT_THRESHOLDS[key]),
    })),
    agencies: agencies
      .filter((a) => a.validTo === null || a.code === indicator.leadAgencyCode)
      .map((a) => ({ code: a.code, name: a.nameVi })),
    documents: documents.map((d) => ({
      code: d.code,
      name: `${d.number ?? d.code} – ${d.titleVi}`.slice(0, 140),
    })),
    parents: indicators
      .filter((i) => i.code !== indicator.code)
      .map((i) => ({ code: i.code, name: i.nameVi })),
  };
};

export const actions: Actions = {
  save: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const f = formReader(form, lang);
    return submit("save", lang, async () => {
      let thresholds: Record<string, number> | null = null;
      if (!f.checked("thresholdsClear")) {
        const own: Record<string, number> = {};
        for (const key of THRESHOLD_KEYS) {
          const v = f.number(`th-${key}`);
          if (v !== null) own[key] = v;
        }
        thresholds = Object.keys(own).length ? own : null;
      }
      const patch = {
        ...readIndicatorKind(f),
        decimals: f.number("decimals") ?? 0,
        leadAgency: f.text("leadAgency"),
        document: f.text("document"),
        parent: f.text("parent"),
        published: f.checked("published"),
        plausibleMin: f.decimal("plausibleMin"),
        plausibleMax: f.decimal("plausibleMax"),
        note: f.text("note"),
        thresholds,
      } as IndicatorPatch;
      await api(event).updateIndicator(event.params.code, patch);
      return { saved: true };
    });
  },
};

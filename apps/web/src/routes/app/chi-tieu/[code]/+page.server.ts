import { api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { loadIndicator } from "$lib/server/indicator";
import { appLineage } from "$lib/server/lineage";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "dashboard", event.url);
  const p = event.url.searchParams;
  const view = await loadIndicator(
    api(event),
    parent.lang,
    event.params.code,
    p.get("unit"),
    p.get("period"),
  );
  return {
    view,
    lineage: await appLineage(api(event), parent.lang, event.params.code, view.unitCode, view.asOf),
  };
};

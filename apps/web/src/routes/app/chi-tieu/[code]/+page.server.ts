import { api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { loadIndicator } from "$lib/server/indicator";
import { appLineage } from "$lib/server/lineage";
import { loadRelatedTasks } from "$lib/server/task-targets";
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
    relatedTasks: await loadRelatedTasks(api(event), parent.lang, event.params.code), // issue #16 item 7
  };
};

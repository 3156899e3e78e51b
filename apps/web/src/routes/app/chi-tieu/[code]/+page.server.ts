import { api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { loadIndicator } from "$lib/server/indicator";
import { loadRelatedTasks } from "$lib/server/task-targets";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "dashboard", event.url);
  const p = event.url.searchParams;
  return {
    view: await loadIndicator(api(event), parent.lang, event.params.code, p.get("unit"), p.get("period")),
    relatedTasks: await loadRelatedTasks(api(event), parent.lang, event.params.code), // issue #16 item 7
  };
};

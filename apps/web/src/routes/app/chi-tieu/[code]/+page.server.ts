import { api } from "$lib/server/api";
import { assignSupplierAction, loadSuppliers, removeSupplierAction } from "$lib/server/figure-suppliers";
import { requireArea } from "$lib/server/guard";
import { loadIndicator } from "$lib/server/indicator";
import { appLineage } from "$lib/server/lineage";
import { loadRelatedTasks } from "$lib/server/task-targets";
import type { Actions, PageServerLoad } from "./$types";

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
    // issue #16 item 4: who supplies the figures (the statistics office's assignment, else the lead agency)
    suppliers: await loadSuppliers(
      api(event),
      parent.lang,
      event.params.code,
      { code: view.unitCode, name: view.unitName },
      view.units,
      parent.user,
    ),
  };
};

export const actions: Actions = {
  assignSupplier: assignSupplierAction,
  removeSupplier: removeSupplierAction,
};

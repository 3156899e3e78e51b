import { api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { loadTasks, TASK_STATUS_CHOICES, taskStatusLabels } from "$lib/server/tasks";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "tasks", event.url);
  const p = event.url.searchParams;
  const by = p.get("by") === "agency" ? "agency" : "document";
  const filters = {
    agency: p.get("agency") || undefined,
    status: p.get("status") || undefined,
    document: p.get("document") || undefined,
  };
  return {
    by,
    filters,
    statuses: TASK_STATUS_CHOICES.map((s) => ({ code: s, label: taskStatusLabels(parent.lang)[s] ?? s })),
    tasks: await loadTasks(api(event), parent.lang, { by, ...filters }),
  };
};

import { chosenYear, FIGURE_COUNTS, loadScorecards, REPORT_COUNTS, TASK_COUNTS } from "$lib/server/agencies";
import { api } from "$lib/server/api";
import { calendarYearsOf } from "$lib/server/duties";
import { requireArea } from "$lib/server/guard";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "agencies", event.url);
  const chosen = chosenYear(event.url, await calendarYearsOf(api(event)));
  const { year, years } = chosen;
  return {
    year,
    years,
    chosen,
    taskCounts: [...TASK_COUNTS],
    reportCounts: [...REPORT_COUNTS],
    figureCounts: [...FIGURE_COUNTS],
    scores: await loadScorecards(api(event), year),
  };
};

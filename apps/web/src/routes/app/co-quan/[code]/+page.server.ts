import { error } from "@sveltejs/kit";
import {
  chosenYear,
  FIGURE_COUNTS,
  FIGURE_LISTS,
  loadAgencyScore,
  REPORT_COUNTS,
  TASK_COUNTS,
} from "$lib/server/agencies";
import { ApiError, api } from "$lib/server/api";
import { calendarYearsOf } from "$lib/server/duties";
import { requireArea } from "$lib/server/guard";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "agencies", event.url);
  const chosen = chosenYear(event.url, await calendarYearsOf(api(event)));
  const { year, years } = chosen;
  try {
    const score = await loadAgencyScore(api(event), parent.lang, event.params.code, year);
    if (!score) error(404, "");
    return {
      year,
      years,
      chosen,
      score,
      taskCounts: [...TASK_COUNTS],
      reportCounts: [...REPORT_COUNTS],
      figureCounts: [...FIGURE_COUNTS],
      figureLists: [...FIGURE_LISTS],
    };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, e.detailIn(parent.lang));
    throw e;
  }
};

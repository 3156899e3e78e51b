import { SUB_PERIODS } from "$lib/server/dashboard";
import { deliverAction, loadCalendar } from "$lib/server/duties";
import { requireArea } from "$lib/server/guard";
import type { Actions, PageServerLoad } from "./$types";

// The reporting-duty calendar for those without the upload desk (agencies, leaders): which
// reports are owed in a period and whether they came in; an officer marks their agency's as sent.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "duties", event.url);
  return { calendar: await loadCalendar(event, parent.lang, user), subPeriods: SUB_PERIODS };
};

export const actions: Actions = { deliver: deliverAction };

import { api } from "$lib/server/api";
import { SUB_PERIODS } from "$lib/server/dashboard";
import { deliverAction, eventAction, loadCalendar, loadEventForm } from "$lib/server/duties";
import { requireArea } from "$lib/server/guard";
import type { Actions, PageServerLoad } from "./$types";

// The reporting-duty calendar for those without the upload desk (agencies, leaders): which
// reports are owed in a period and whether they came in; an officer marks their agency's as sent,
// and records an event an event-driven duty ("khi có phát sinh") must report on.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "duties", event.url);
  const [calendar, eventForm] = await Promise.all([
    loadCalendar(event, parent.lang, user),
    loadEventForm(api(event), parent.lang, user),
  ]);
  return { calendar, eventForm, subPeriods: SUB_PERIODS };
};

export const actions: Actions = { deliver: deliverAction, event: eventAction };

import { error } from "@sveltejs/kit";
import { ApiError, api } from "$lib/server/api";
import { loadFiguresOwed } from "$lib/server/figure-duties";
import { requireArea } from "$lib/server/guard";
import { loadOfficerHome } from "$lib/server/officer-home";
import type { PageServerLoad } from "./$types";

// An agency officer's home: their agency's overdue tasks and reports first, then what falls due
// this month, then what was reported.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "mine", event.url);
  try {
    const home = await loadOfficerHome(api(event), parent.lang, user);
    // issue #16 item 4: the figures the agency owes for the indicators it leads
    const figures = home.agency ? await loadFiguresOwed(api(event), parent.lang, home.agency.code) : null;
    return { home, figures };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, e.detailIn(parent.lang));
    throw e;
  }
};

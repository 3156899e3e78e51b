import { portalData } from "$lib/portal/server/data.ts";
import type { LayoutServerLoad } from "./$types";

// The portal ships no JavaScript: every page is complete as server-rendered HTML.
export const csr = false;
export const prerender = false;

export const load: LayoutServerLoad = async ({ params, fetch }) => {
  const snap = await portalData(fetch);
  const lang = params.lang as "vi" | "en";
  return { lang, lastUpdated: snap.lastUpdated, illustrative: snap.illustrative };
};

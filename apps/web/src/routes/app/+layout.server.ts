import { redirect } from "@sveltejs/kit";
import { api } from "$lib/server/api";
import { langOf } from "$lib/server/lang";
import { AREA_PATH, navOf } from "$lib/server/nav";
import type { LayoutServerLoad } from "./$types";

const PUBLIC_PATHS = new Set(["/app/dang-nhap", "/app/dat-mat-khau"]);

export const load: LayoutServerLoad = async (event) => {
  const lang = langOf(event);
  const session = await api(event).session();
  const path = event.url.pathname;
  if (!session && !PUBLIC_PATHS.has(path))
    redirect(303, `/app/dang-nhap?next=${encodeURIComponent(path + event.url.search)}`);
  const user = session?.user ?? null;
  const nav = user ? navOf(user.role).map((area) => ({ area, href: AREA_PATH[area] })) : [];
  return { lang, user, nav };
};

import { error, redirect } from "@sveltejs/kit";
import { translate } from "$lib/i18n";
import type { Role, SessionUser } from "./api.ts";
import { type Area, canSee } from "./nav.ts";

interface LayoutData {
  user: SessionUser | null;
  lang: "vi" | "en";
}

/** Page guard: sends the signed-out to the login page, and refuses an area the role cannot use. */
export function requireArea(data: LayoutData, area: Area, url: URL): SessionUser {
  const user = data.user;
  if (!user) redirect(303, `/app/dang-nhap?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (!canSee(user.role as Role, area)) error(403, translate(data.lang, "app.error.forbiddenArea"));
  return user;
}

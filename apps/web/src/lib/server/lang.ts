import type { Cookies } from "@sveltejs/kit";
import { isLang, type Lang } from "$lib/i18n";

// The app's language: ?lang= (remembered in a cookie), else the cookie, else Vietnamese.

export const LANG_COOKIE = "chitieu_lang";

export function langOf(event: { url: URL; cookies: Cookies }): Lang {
  const asked = event.url.searchParams.get("lang");
  if (isLang(asked)) {
    if (event.cookies.get(LANG_COOKIE) !== asked)
      event.cookies.set(LANG_COOKIE, asked, {
        path: "/",
        httpOnly: false,
        sameSite: "lax",
        maxAge: 365 * 86400,
      });
    return asked;
  }
  const saved = event.cookies.get(LANG_COOKIE);
  return isLang(saved) ? saved : "vi";
}

/** The <html lang> of a page under /app (hooks.server.ts rewrites app.html's "vi" with it). */
export function appHtmlLang(event: { url: URL; cookies: Cookies }): Lang {
  if (!event.url.pathname.startsWith("/app")) return "vi";
  const asked = event.url.searchParams.get("lang");
  if (isLang(asked)) return asked;
  const saved = event.cookies.get(LANG_COOKIE);
  return isLang(saved) ? saved : "vi";
}

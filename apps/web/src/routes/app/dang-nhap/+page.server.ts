import { fail, redirect } from "@sveltejs/kit";
import { ApiError, api } from "$lib/server/api";
import { langOf } from "$lib/server/lang";
import { homeOf } from "$lib/server/nav";
import type { Actions, PageServerLoad } from "./$types";

function safeNext(next: string | null): string | null {
  // only paths inside the app: never an open redirect
  return next && /^\/app(\/|$|\?)/.test(next) && !next.startsWith("//") ? next : null;
}

export const load: PageServerLoad = async ({ parent, url }) => {
  const { user } = await parent();
  if (user) redirect(303, safeNext(url.searchParams.get("next")) ?? homeOf(user.role));
  return { next: safeNext(url.searchParams.get("next")) };
};

export const actions: Actions = {
  default: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const next = safeNext(String(form.get("next") ?? ""));
    if (!email || !password)
      return fail(400, {
        email,
        error: lang === "en" ? "Enter your e-mail and password." : "Nhập email và mật khẩu.",
      });
    try {
      const { session, setCookies } = await api(event).login(email, password);
      // pass the API's session cookies on to the browser, with their own attributes
      for (const line of setCookies) {
        const [pair, ...attrs] = line.split(";");
        const eq = (pair ?? "").indexOf("=");
        if (!pair || eq < 0) continue;
        const name = pair.slice(0, eq).trim();
        const value = decodeURIComponent(pair.slice(eq + 1).trim());
        const opts: Parameters<typeof event.cookies.set>[2] = { path: "/" };
        for (const attr of attrs) {
          const [k = "", v = ""] = attr.split("=").map((x) => x.trim());
          const key = k.toLowerCase();
          if (key === "httponly") opts.httpOnly = true;
          else if (key === "secure") opts.secure = true;
          else if (key === "max-age") opts.maxAge = Number(v);
          else if (key === "path") opts.path = v;
          else if (key === "samesite") opts.sameSite = v.toLowerCase() as "lax" | "strict" | "none";
        }
        opts.httpOnly ??= false;
        opts.secure ??= false;
        event.cookies.set(name, value, opts);
      }
      redirect(303, next ?? homeOf(session.user.role));
    } catch (e) {
      if (e instanceof ApiError)
        return fail(e.status === 429 ? 429 : 400, { email, error: e.detailIn(lang) });
      throw e;
    }
  },
};

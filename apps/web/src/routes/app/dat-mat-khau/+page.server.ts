import { fail } from "@sveltejs/kit";
import { ApiError, api } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// The page a one-time account link opens (an invitation or an admin's reset link): the person
// chooses their password, then signs in with it. No session needed; works without JavaScript.

const MIN = 12;

export const load: PageServerLoad = async (event) => {
  const { lang } = await event.parent();
  const token = event.url.searchParams.get("t") ?? "";
  if (token.length < 20) return { token: null, link: null, refused: refusal(lang) };
  try {
    const link = await api(event).lookUpLink(token);
    return { token, link: { ...link, expires: fmt.dateTime(lang, link.expiresAt) }, refused: null };
  } catch (e) {
    if (e instanceof ApiError) return { token: null, link: null, refused: e.detailIn(lang) };
    throw e;
  }
};

function refusal(lang: "vi" | "en"): string {
  return lang === "en"
    ? "The link is not valid, already used or expired. Ask an administrator for a new one."
    : "Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy đề nghị quản trị viên cấp liên kết mới.";
}

export const actions: Actions = {
  default: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const token = String(form.get("t") ?? "");
    const password = String(form.get("password") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    if (password.length < MIN)
      return fail(400, {
        error:
          lang === "en"
            ? `The password must have at least ${MIN} characters.`
            : `Mật khẩu phải có ít nhất ${MIN} ký tự.`,
      });
    if (password !== confirm)
      return fail(400, {
        error: lang === "en" ? "The two passwords differ." : "Hai lần nhập mật khẩu không khớp nhau.",
      });
    try {
      const done = await api(event).useLink(token, password);
      return { done: { email: done.email, kind: done.kind } };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status === 429 ? 429 : 400, { error: e.detailIn(lang) });
      throw e;
    }
  },
};

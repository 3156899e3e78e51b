import { redirect } from "@sveltejs/kit";
import { ApiError, api } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/app");

export const actions: Actions = {
  default: async (event) => {
    try {
      await api(event).logout();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    event.cookies.delete("chitieu_session", { path: "/" });
    event.cookies.delete("chitieu_csrf", { path: "/" });
    redirect(303, "/app/dang-nhap");
  },
};

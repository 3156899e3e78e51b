import { redirect } from "@sveltejs/kit";
import { CHOICES, formReader, readDocument, submit } from "$lib/server/admin-form";
import { api, type DocumentInput } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// Documents: every target and task points to the one that set it.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const client = api(event);
  const [documents, units] = await Promise.all([client.documents(), client.orgUnits()]);
  return {
    kinds: CHOICES.documentKinds,
    documents: documents.map((d) => ({ ...d, issued: fmt.date(lang, d.issuedOn) })),
    units: units.filter((u) => u.validTo === null).map((u) => ({ code: u.code, name: u.nameVi })),
  };
};

export const actions: Actions = {
  create: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const result = await submit("create", lang, async () =>
      api(event).createDocument({ code: f.text("code") ?? "", ...readDocument(f) } as DocumentInput),
    );
    if (result && "code" in result)
      redirect(303, `/app/quan-tri/van-ban/${encodeURIComponent(result.code)}?created=1`);
    return result;
  },
};

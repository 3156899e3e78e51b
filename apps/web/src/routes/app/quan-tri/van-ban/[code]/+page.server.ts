import { error } from "@sveltejs/kit";
import { CHOICES, formReader, readDocument, submit } from "$lib/server/admin-form";
import { api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const client = api(event);
  const [documents, units] = await Promise.all([client.documents(), client.orgUnits()]);
  const document = documents.find((d) => d.code === event.params.code);
  if (!document) error(404, parent.lang === "en" ? "No such document." : "Không có văn bản này.");
  return {
    document,
    created: event.url.searchParams.has("created"),
    kinds: CHOICES.documentKinds,
    documents: documents.filter((d) => d.code !== document.code),
    units: units.map((u) => ({ code: u.code, name: u.nameVi })),
  };
};

export const actions: Actions = {
  save: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    return submit("save", lang, async () => {
      await api(event).updateDocument(event.params.code, readDocument(f));
      return { saved: true };
    });
  },
};

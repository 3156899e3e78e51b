import { formReader, readChange, submit } from "$lib/server/admin-form";
import { type AgencyInput, api } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// Agencies: create, correct names, their other spellings, and renames and merges with dates
// (in 2025 the departments of planning and investment joined the departments of finance).

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const client = api(event);
  const [agencies, units] = await Promise.all([client.agencies(), client.orgUnits()]);
  return {
    agencies: agencies.map((a) => ({
      ...a,
      from: fmt.date(lang, a.valid_from),
      to: fmt.date(lang, a.valid_to),
      successors: a.successors.map((s) => ({
        code: s.code,
        name: s.name_vi,
        date: fmt.date(lang, s.effective_on),
      })),
    })),
    open: agencies.filter((a) => a.valid_to === null).map((a) => ({ code: a.code, name: a.name_vi })),
    units: units.filter((u) => u.valid_to === null).map((u) => ({ code: u.code, name: u.name_vi })),
  };
};

export const actions: Actions = {
  create: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const input = {
      code: f.text("code") ?? "",
      nameVi: f.text("nameVi") ?? "",
      nameEn: f.text("nameEn"),
      shortName: f.text("shortName"),
      kind: f.text("kind") === "group" ? "group" : "agency",
      orgUnit: f.text("orgUnit"),
      validFrom: f.text("validFrom"),
    } satisfies AgencyInput;
    return submit("create", lang, async () => ({ created: (await api(event).createAgency(input)).code }));
  },
  names: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const code = f.text("code") ?? "";
    const patch = {
      ...(f.text("nameVi") ? { nameVi: f.text("nameVi") as string } : {}),
      ...(f.text("nameEn") ? { nameEn: f.text("nameEn") } : {}),
      ...(f.text("shortName") ? { shortName: f.text("shortName") } : {}),
    };
    return submit("names", lang, async () => ({
      renamed: (await api(event).updateAgency(code, patch)).code,
    }));
  },
  change: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    return submit("change", lang, async () => ({
      recorded: await api(event).recordAgencyChange(readChange(f)),
    }));
  },
  addAlias: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const alias = f.text("alias") ?? "";
    return submit("alias", lang, async () => {
      await api(event).addAgencyAlias(f.text("code") ?? "", alias);
      return { aliasAdded: alias };
    });
  },
  removeAlias: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const alias = f.text("alias") ?? "";
    return submit("alias", lang, async () => {
      await api(event).removeAgencyAlias(f.text("code") ?? "", alias);
      return { aliasRemoved: alias };
    });
  },
};

import { CHOICES, formReader, readChange, submit } from "$lib/server/admin-form";
import { api, type OrgUnitInput } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// Org units: create, correct names, and record renames and merges with their dates.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const units = await api(event).orgUnits();
  return {
    levels: CHOICES.levels,
    units: units.map((u) => ({
      ...u,
      from: fmt.date(lang, u.valid_from),
      to: fmt.date(lang, u.valid_to),
      successors: u.successors.map((s) => ({
        code: s.code,
        name: s.name_vi,
        date: fmt.date(lang, s.effective_on),
      })),
    })),
    open: units.filter((u) => u.valid_to === null).map((u) => ({ code: u.code, name: u.name_vi })),
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
      gsoCode: f.text("gsoCode"),
      level: f.text("level"),
      parent: f.text("parent"),
      validFrom: f.text("validFrom"),
    } as OrgUnitInput;
    return submit("create", lang, async () => ({ created: (await api(event).createOrgUnit(input)).code }));
  },
  names: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    const code = f.text("code") ?? "";
    const patch = {
      ...(f.text("nameVi") ? { nameVi: f.text("nameVi") as string } : {}),
      ...(f.text("nameEn") ? { nameEn: f.text("nameEn") } : {}),
    };
    return submit("names", lang, async () => ({
      renamed: (await api(event).updateOrgUnit(code, patch)).code,
    }));
  },
  change: async (event) => {
    const lang = langOf(event);
    const f = formReader(await event.request.formData(), lang);
    return submit("change", lang, async () => ({
      recorded: await api(event).recordOrgUnitChange(readChange(f)),
    }));
  },
};

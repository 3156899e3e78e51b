import {
  CHOICES,
  inForce,
  readChange,
  readCodeAndNames,
  readFilledIn,
  readForm,
  submit,
  withSuccessions,
} from "$lib/server/admin-form";
import { api, type OrgUnitInput } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import type { Actions, PageServerLoad } from "./$types";

// Org units: create, correct names, and record renames and merges with their dates.

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const units = await api(event).orgUnits();
  return {
    levels: CHOICES.levels,
    units: withSuccessions(parent.lang, units),
    open: inForce(units),
  };
};

export const actions: Actions = {
  create: async (event) => {
    const { lang, f } = await readForm(event);
    const input = {
      ...readCodeAndNames(f),
      gsoCode: f.text("gsoCode"),
      level: f.text("level"),
      parent: f.text("parent"),
      validFrom: f.text("validFrom"),
    } as OrgUnitInput;
    return submit("create", lang, async () => ({ created: (await api(event).createOrgUnit(input)).code }));
  },
  names: async (event) => {
    const { lang, f } = await readForm(event);
    const patch = readFilledIn(f, ["nameVi", "nameEn"]);
    return submit("names", lang, async () => ({
      renamed: (await api(event).updateOrgUnit(f.text("code") ?? "", patch)).code,
    }));
  },
  change: async (event) => {
    const { lang, f } = await readForm(event);
    return submit("change", lang, async () => ({
      recorded: await api(event).recordOrgUnitChange(readChange(f)),
    }));
  },
};

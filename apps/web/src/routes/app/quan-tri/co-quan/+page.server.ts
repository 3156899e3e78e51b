import {
  inForce,
  readChange,
  readCodeAndNames,
  readFilledIn,
  readForm,
  submit,
  withSuccessions,
} from "$lib/server/admin-form";
import { type AgencyInput, api } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import type { Actions, PageServerLoad } from "./$types";

// Agencies: create, correct names, their other spellings, and renames and merges with dates
// (in 2025 the departments of planning and investment joined the departments of finance).

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const client = api(event);
  const [agencies, units] = await Promise.all([client.agencies(), client.orgUnits()]);
  return {
    agencies: withSuccessions(parent.lang, agencies),
    open: inForce(agencies),
    units: inForce(units),
  };
};

export const actions: Actions = {
  create: async (event) => {
    const { lang, f } = await readForm(event);
    const input = {
      ...readCodeAndNames(f),
      shortName: f.text("shortName"),
      kind: f.text("kind") === "group" ? "group" : "agency",
      orgUnit: f.text("orgUnit"),
      validFrom: f.text("validFrom"),
    } satisfies AgencyInput;
    return submit("create", lang, async () => ({ created: (await api(event).createAgency(input)).code }));
  },
  names: async (event) => {
    const { lang, f } = await readForm(event);
    const patch = readFilledIn(f, ["nameVi", "nameEn", "shortName"]);
    return submit("names", lang, async () => ({
      renamed: (await api(event).updateAgency(f.text("code") ?? "", patch)).code,
    }));
  },
  change: async (event) => {
    const { lang, f } = await readForm(event);
    return submit("change", lang, async () => ({
      recorded: await api(event).recordAgencyChange(readChange(f)),
    }));
  },
  addAlias: async (event) => {
    const { lang, f } = await readForm(event);
    const alias = f.text("alias") ?? "";
    return submit("alias", lang, async () => {
      await api(event).addAgencyAlias(f.text("code") ?? "", alias);
      return { aliasAdded: alias };
    });
  },
  removeAlias: async (event) => {
    const { lang, f } = await readForm(event);
    const alias = f.text("alias") ?? "";
    return submit("alias", lang, async () => {
      await api(event).removeAgencyAlias(f.text("code") ?? "", alias);
      return { aliasRemoved: alias };
    });
  },
};

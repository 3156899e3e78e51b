import { fail } from "@sveltejs/kit";
import { type AccountLinkIssued, ApiError, api, type Role } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// Accounts as an office runs them (issue 17, item 6): invite by a one-time link, hand out a reset
// link, edit role, agency and province scope, disable and enable. Works without JavaScript.

const ROLES: Role[] = ["admin", "leader", "statistician", "agency_officer"];

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const client = api(event);
  const [users, agencies, provinces, reminders] = await Promise.all([
    client.users(),
    client.agencies(),
    client.orgUnits({ level: "province" }),
    client.reminders().catch(() => null),
  ]);
  const agencyName = new Map(agencies.map((a) => [a.id, lang === "en" ? (a.nameEn ?? a.nameVi) : a.nameVi]));
  const unitName = new Map(provinces.map((u) => [u.id, lang === "en" ? (u.nameEn ?? u.nameVi) : u.nameVi]));
  return {
    tab: "nguoi-dung",
    roles: ROLES,
    mailOn: reminders?.enabled ?? false,
    users: users.map((u) => ({
      ...u,
      agency: u.agencyId ? (agencyName.get(u.agencyId) ?? String(u.agencyId)) : null,
      scope: u.orgUnitIds.map((id) => unitName.get(id) ?? String(id)),
      created: fmt.dateTime(lang, u.createdAt),
    })),
    agencies: agencies
      .filter((a) => a.kind === "agency")
      .map((a) => ({ id: a.id, name: lang === "en" ? (a.nameEn ?? a.nameVi) : a.nameVi })),
    provinces: provinces.map((u) => ({ id: u.id, code: u.code, name: unitName.get(u.id) ?? u.nameVi })),
  };
};

type Event = Parameters<Actions[string]>[0];

async function run<T>(event: Event, action: string, f: () => Promise<T>) {
  const lang = langOf(event);
  try {
    return await f();
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { action, error: e.detailIn(lang) });
    throw e;
  }
}

const roleOf = (v: FormDataEntryValue | null): Role | null =>
  ROLES.includes(String(v) as Role) ? (String(v) as Role) : null;
const idOf = (v: FormDataEntryValue | null): number | null => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};
const idsOf = (form: FormData, name: string): number[] =>
  form
    .getAll(name)
    .map((v) => idOf(v))
    .filter((n): n is number => n !== null);

/** The page refuses an agency officer without an agency before asking the API (which refuses too). */
function agencyMissing(event: Event, action: string, role: Role | null, agencyId: number | null) {
  if (role !== "agency_officer" || agencyId !== null) return null;
  const lang = langOf(event);
  return fail(400, {
    action,
    error:
      lang === "en"
        ? "An agency officer must belong to an agency: choose one."
        : "Cán bộ cơ quan phải thuộc một cơ quan: hãy chọn cơ quan.",
  });
}

/** What the page shows after issuing a link: the link on this site, and whether it was mailed. */
function shown(event: Event, link: AccountLinkIssued) {
  const lang = langOf(event);
  return {
    issued: {
      email: link.email,
      kind: link.kind,
      mailed: link.mailed,
      mail: lang === "en" ? link.mailEn : link.mailVi,
      // the link on the address the admin is using; shown only when it was not mailed
      link: link.mailed ? null : `${event.url.origin}${link.path}`,
      expires: fmt.dateTime(lang, link.expiresAt),
    },
  };
}

export const actions: Actions = {
  invite: async (event) => {
    const form = await event.request.formData();
    const role = roleOf(form.get("role"));
    const agencyId = idOf(form.get("agencyId"));
    const refused = agencyMissing(event, "invite", role, agencyId);
    if (refused) return refused;
    return run(event, "invite", async () => {
      const link = await api(event).inviteUser({
        email: String(form.get("email") ?? "").trim(),
        displayName: String(form.get("displayName") ?? "").trim(),
        role: role ?? ("" as Role),
        agencyId,
        orgUnitIds: idsOf(form, "orgUnitIds"),
      });
      return shown(event, link);
    });
  },
  resetLink: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form.get("id")) ?? 0;
    return run(event, "resetLink", async () => shown(event, await api(event).issueResetLink(id)));
  },
  update: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form.get("id")) ?? 0;
    const role = roleOf(form.get("role"));
    const agencyId = idOf(form.get("agencyId"));
    const refused = agencyMissing(event, "update", role, agencyId);
    if (refused) return refused;
    return run(event, "update", async () => {
      const user = await api(event).updateUser(id, {
        ...(role ? { role } : {}),
        agencyId,
        orgUnitIds: idsOf(form, "orgUnitIds"),
      });
      return { updatedUser: user.email };
    });
  },
  createUser: async (event) => {
    const form = await event.request.formData();
    const role = roleOf(form.get("role"));
    const agencyId = idOf(form.get("agencyId"));
    const refused = agencyMissing(event, "createUser", role, agencyId);
    if (refused) return refused;
    return run(event, "createUser", async () => {
      const user = await api(event).createUser({
        email: String(form.get("email") ?? "").trim(),
        displayName: String(form.get("displayName") ?? "").trim(),
        password: String(form.get("password") ?? ""),
        role: role ?? ("" as Role),
        agencyId,
      });
      return { createdUser: user.email };
    });
  },
  setDisabled: async (event) => {
    const form = await event.request.formData();
    const id = idOf(form.get("id")) ?? 0;
    const disabled = form.get("disabled") === "true";
    return run(event, "setDisabled", async () => {
      await api(event).setUserDisabled(id, disabled);
      return { changedUser: id };
    });
  },
};

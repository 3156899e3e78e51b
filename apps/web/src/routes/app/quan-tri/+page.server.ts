import { DEFAULT_THRESHOLDS } from "@chitieu/domain";
import { fail } from "@sveltejs/kit";
import { ApiError, api, type Role } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

const TABS = ["ke-hoach", "chi-tieu", "don-vi", "van-ban", "nguoi-dung", "ma-truy-cap", "nguong"] as const;
type Tab = (typeof TABS)[number];
const ROLES: Role[] = ["admin", "leader", "statistician", "agency_officer"];
const SCOPES = ["read", "observations:write", "imports:write", "tasks:write"];

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const asked = event.url.searchParams.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? "") ? (asked as Tab) : "ke-hoach";
  const client = api(event);
  const base = { tab, tabs: TABS, roles: ROLES, scopes: SCOPES };
  switch (tab) {
    case "ke-hoach": {
      const [targets, indicators] = await Promise.all([client.targets(), client.indicators()]);
      const byCode = new Map(indicators.map((i) => [i.code, i]));
      return {
        ...base,
        targets: targets.map((t) => ({
          id: t.target_id,
          indicator: byCode.get(t.indicator_code)?.name_vi ?? t.indicator_code,
          unit: t.org_unit_name_vi,
          period: t.period,
          text: fmt.target(lang, t, byCode.get(t.indicator_code)?.unit ?? ""),
          revision: t.revision,
          document: t.document_number ?? t.document_code,
        })),
      };
    }
    case "chi-tieu":
      return { ...base, indicators: await client.indicators() };
    case "don-vi": {
      const [units, agencies] = await Promise.all([client.orgUnits(), client.agencies()]);
      return { ...base, units, agencies };
    }
    case "van-ban":
      return {
        ...base,
        documents: (await client.documents()).map((d) => ({ ...d, issued: fmt.date(lang, d.issued_on) })),
      };
    case "nguoi-dung": {
      const [users, agencies] = await Promise.all([client.users(), client.agencies()]);
      const agencyName = new Map(agencies.map((a) => [a.id, a.name_vi]));
      return {
        ...base,
        users: users.map((u) => ({
          ...u,
          agency: u.agencyId ? (agencyName.get(u.agencyId) ?? String(u.agencyId)) : null,
          created: fmt.dateTime(lang, u.createdAt),
        })),
        agencies: agencies.filter((a) => a.kind === "agency").map((a) => ({ id: a.id, name: a.name_vi })),
      };
    }
    case "ma-truy-cap":
      return {
        ...base,
        tokens: (await client.tokens()).map((k) => ({
          ...k,
          created: fmt.dateTime(lang, k.createdAt),
          lastUsed: fmt.dateTime(lang, k.lastUsedAt),
          expires: fmt.dateTime(lang, k.expiresAt),
        })),
      };
    case "nguong":
      return { ...base, thresholds: { ...DEFAULT_THRESHOLDS } };
  }
};

async function run<T>(event: Parameters<Actions[string]>[0], f: () => Promise<T>) {
  const lang = langOf(event);
  try {
    return await f();
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { error: e.detailIn(lang) });
    throw e;
  }
}

export const actions: Actions = {
  createUser: async (event) => {
    const form = await event.request.formData();
    const role = String(form.get("role")) as Role;
    const agency = Number(form.get("agencyId"));
    return run(event, async () => {
      const user = await api(event).createUser({
        email: String(form.get("email") ?? "").trim(),
        displayName: String(form.get("displayName") ?? "").trim(),
        password: String(form.get("password") ?? ""),
        role,
        agencyId: agency > 0 ? agency : null,
      });
      return { createdUser: user.email };
    });
  },
  setDisabled: async (event) => {
    const form = await event.request.formData();
    const id = Number(form.get("id"));
    const disabled = form.get("disabled") === "true";
    return run(event, async () => {
      await api(event).setUserDisabled(id, disabled);
      return { changedUser: id };
    });
  },
  createToken: async (event) => {
    const form = await event.request.formData();
    const scopes = form
      .getAll("scopes")
      .map(String)
      .filter((s) => SCOPES.includes(s));
    return run(event, async () => {
      const token = await api(event).createToken({
        name: String(form.get("name") ?? "").trim(),
        scopes: scopes.length ? scopes : ["read"],
      });
      // shown once: the API keeps only a hash
      return { createdToken: { name: token.name, token: token.token } };
    });
  },
  revokeToken: async (event) => {
    const form = await event.request.formData();
    const id = Number(form.get("id"));
    return run(event, async () => {
      await api(event).revokeToken(id);
      return { revokedToken: id };
    });
  },
};

import { DEFAULT_THRESHOLDS } from "@chitieu/domain";
import { fail, redirect } from "@sveltejs/kit";
import { CHOICES, readForm, readIndicatorKind, submit } from "$lib/server/admin-form";
import { ApiError, api, type IndicatorInput, type Role } from "$lib/server/api";
import { unassignedView } from "$lib/server/figure-duties";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

const TABS = ["ke-hoach", "chi-tieu", "ma-truy-cap", "nguong"] as const;
type Tab = (typeof TABS)[number];
/** sections that grew into pages of their own; old links still arrive */
const PAGES: Record<string, string> = {
  "don-vi": "/app/quan-tri/don-vi",
  "van-ban": "/app/quan-tri/van-ban",
  "nguoi-dung": "/app/quan-tri/nguoi-dung",
};
const ROLES: Role[] = ["admin", "leader", "statistician", "agency_officer"];
const SCOPES = ["read", "observations:write", "imports:write", "tasks:write", "catalog:write"];

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const asked = event.url.searchParams.get("tab");
  if (asked && PAGES[asked]) redirect(303, PAGES[asked]);
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? "") ? (asked as Tab) : "ke-hoach";
  const client = api(event);
  // issue #16 item 4: indicators whose figures nobody owes this year (no lead agency, no assignment)
  const year = Number(fmt.today().slice(0, 4));
  const unassigned = await client
    .figureDuties({ year })
    .then((r) => ({ year, items: unassignedView(r.unassigned) }))
    .catch(() => null);
  const base = {
    tab,
    roles: ROLES,
    scopes: SCOPES,
    reminders: await client.reminders().catch(() => null),
    unassigned,
  };
  switch (tab) {
    case "ke-hoach": {
      const [targets, indicators] = await Promise.all([client.targets(), client.indicators()]);
      const byCode = new Map(indicators.map((i) => [i.code, i]));
      return {
        ...base,
        targets: targets.map((t) => ({
          id: t.targetId,
          indicator: byCode.get(t.indicatorCode)?.nameVi ?? t.indicatorCode,
          unit: t.orgUnitNameVi,
          period: t.period,
          text: fmt.target(
            lang,
            t,
            byCode.get(t.indicatorCode)?.unit ?? "",
            byCode.get(t.indicatorCode)?.direction ?? null,
          ),
          revision: t.revision,
          document: t.documentNumber ?? t.documentCode,
        })),
      };
    }
    case "chi-tieu":
      return {
        ...base,
        indicators: await client.indicators(),
        choices: CHOICES,
      };
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
  createIndicator: async (event) => {
    const { lang, f } = await readForm(event);
    const input = { code: f.text("code") ?? "", ...readIndicatorKind(f) } as IndicatorInput;
    const result = await submit("createIndicator", lang, () => api(event).createIndicator(input));
    if (result && "code" in result)
      redirect(303, `/app/quan-tri/chi-tieu/${encodeURIComponent(result.code)}?created=1`);
    return result;
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

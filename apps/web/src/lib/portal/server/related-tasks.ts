import type { Lang } from "$lib/i18n";
import type { components } from "$lib/server/api-types";
import { dateText } from "./present.ts";

// The portal indicator page's "Nhiệm vụ liên quan / Related tasks" (issue 16, item 7), read from
// the public API (published indicators only). The page is cached with the data snapshot, so the
// list says the day its statuses were computed.

type PublicTasks = components["schemas"]["PublicIndicatorTaskList"];

export interface PortalRelatedTasks {
  computedOn: string;
  items: Array<{
    code: string;
    text: string;
    document: string;
    leads: string;
    status: string;
    statusLabel: string;
    due: string;
  }>;
}

export async function relatedTasksOf(
  fetch: typeof globalThis.fetch,
  code: string,
  lang: Lang,
): Promise<PortalRelatedTasks> {
  const res = await fetch(`/api/v1/public/indicators/${encodeURIComponent(code)}/tasks`, {
    headers: { "accept-encoding": "identity" },
  });
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  if (!res.ok) return { computedOn: dateText(today, lang), items: [] };
  const body = (await res.json()) as PublicTasks;
  return {
    computedOn: dateText(today, lang),
    items: body.items.map((x) => ({
      code: x.code,
      text: `${x.number ? `${x.number}. ` : ""}${x.textVi}`,
      document: x.document.number ?? x.document.code,
      leads: x.leads.map((l) => l.nameVi).join("; "),
      status: x.status,
      statusLabel: lang === "en" ? x.statusLabel.en : x.statusLabel.vi,
      due: x.due ? dateText(x.due, lang) : "–",
    })),
  };
}

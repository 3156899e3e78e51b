import type { Lang } from "$lib/i18n";
import { type Api, ApiError } from "./api.ts";
import * as fmt from "./format.ts";

// Targets ↔ tasks (issue 16, item 7): the view models of the indicator page's "related tasks"
// and the task page's "targets served". Words are the API's (status labels) in the page's language.

export interface RelatedTaskView {
  id: number;
  code: string;
  text: string;
  document: string;
  leads: string;
  status: string;
  statusLabel: string;
  due: string;
  byAdmin: boolean;
}

/** The tasks that serve an indicator; an empty list when the API has none (or no such indicator). */
export async function loadRelatedTasks(client: Api, lang: Lang, code: string): Promise<RelatedTaskView[]> {
  try {
    const items = await client.indicatorTasks(code);
    return items.map((x) => ({
      id: x.id,
      code: x.code,
      text: `${x.number ? `${x.number}. ` : ""}${x.textVi}`,
      document: x.document.number ?? x.document.code,
      leads: x.leads.map((l) => l.nameVi).join("; "),
      status: x.status,
      statusLabel: lang === "en" ? x.statusLabel.en : x.statusLabel.vi,
      due: fmt.date(lang, x.due),
      byAdmin: x.source === "admin",
    }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

export interface TaskTargetView {
  code: string;
  name: string;
  basis: string | null;
  byAdmin: boolean;
  status: string | null;
  statusLabel: string | null;
  asOf: string | null;
}

export async function loadTaskTargets(client: Api, lang: Lang, id: number): Promise<TaskTargetView[]> {
  const items = await client.taskIndicators(id);
  return items.map((x) => ({
    code: x.code,
    name: lang === "en" && x.nameEn ? x.nameEn : x.nameVi,
    basis: x.basis,
    byAdmin: x.source === "admin",
    status: x.evaluation?.status ?? null,
    statusLabel: x.evaluation ? (lang === "en" ? x.evaluation.label.en : x.evaluation.label.vi) : null,
    asOf: x.evaluation ? fmt.period(lang, x.evaluation.asOf) : null,
  }));
}

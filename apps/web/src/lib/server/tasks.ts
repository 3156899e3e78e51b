import { compareVi, TASK_STATUS_LABELS, type TaskStatus } from "@chitieu/domain";
import { type Lang, translate as t } from "$lib/i18n";
import { type Api, ApiError } from "./api.ts";
import * as fmt from "./format.ts";

// Tasks (nhiệm vụ) for the tasks view: the API's list (overdue and due soon first) grouped by
// document or by lead agency, and one task with its deadline history and status reports.

/** What the API says around a deadline (TaskDeadline: the domain's parse of its text and its document). */
type DeadlineFrame = Pick<
  Awaited<ReturnType<Api["task"]>>["deadline"],
  "inherited" | "condition" | "aspiration" | "ongoing" | "visionYear"
>;

/** The words shown beside a deadline: inherited, conditional, aspiration, ongoing, vision. */
function deadlineNotes(lang: Lang, d: DeadlineFrame): string[] {
  const out: string[] = [];
  if (d.inherited) out.push(t(lang, "app.tasks.deadlineInherited"));
  if (d.condition) out.push(t(lang, "app.tasks.deadlineConditional", { condition: d.condition }));
  if (d.aspiration) out.push(t(lang, "app.tasks.deadlineAspiration"));
  if (d.ongoing) out.push(t(lang, "app.tasks.deadlineOngoing"));
  if (d.visionYear) out.push(t(lang, "app.tasks.deadlineVision", { year: d.visionYear }));
  return out;
}

export interface TaskLine {
  id: number;
  number: string | null;
  text: string;
  leads: string;
  status: string;
  statusLabel: string;
  dueSoon: boolean;
  deadlineText: string;
  due: string;
  review: string | null;
  deadlineNotes: string[];
}

function label(lang: Lang, status: string): string {
  return TASK_STATUS_LABELS[status as TaskStatus]?.[lang] ?? status;
}

export const TASK_STATUS_CHOICES = Object.keys(TASK_STATUS_LABELS) as TaskStatus[];

export function taskStatusLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(TASK_STATUS_CHOICES.map((s) => [s, label(lang, s)]));
}

export async function loadTasks(
  client: Api,
  lang: Lang,
  q: {
    by: "document" | "agency";
    agency?: string | undefined;
    status?: string | undefined;
    document?: string | undefined;
  },
) {
  let body: Awaited<ReturnType<Api["tasks"]>>;
  try {
    body = await client.tasks({ agency: q.agency, status: q.status, document: q.document });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { available: false as const };
    throw e;
  }
  const items = body.items;
  const [documents, agencies] = await Promise.all([client.documents(), client.agencies()]);
  const docName = new Map(documents.map((d) => [d.code, fmt.documentName(d)]));
  const groups = new Map<string, { key: string; title: string; lines: TaskLine[]; overdue: number }>();
  for (const t of items) {
    const line: TaskLine = {
      id: t.id,
      number: t.number,
      text: t.textVi,
      leads: t.leads.map((l) => l.nameVi).join("; ") || t.leadText || "–",
      status: t.status,
      statusLabel: label(lang, t.status),
      dueSoon: t.dueSoon,
      deadlineText: t.deadline.text || "–",
      due: fmt.date(lang, t.due),
      review: t.deadline.review ? t.deadline.review[lang] : null,
      deadlineNotes: deadlineNotes(lang, t.deadline),
    };
    const keys =
      q.by === "agency"
        ? t.leads.length > 0
          ? t.leads.map((l) => ({ key: l.code, title: l.nameVi }))
          : [{ key: "", title: t.leadText ?? "–" }]
        : [
            {
              key: t.document.code,
              title: docName.get(t.document.code) ?? t.document.number ?? t.document.code,
            },
          ];
    for (const k of keys) {
      const g = groups.get(k.key) ?? { key: k.key, title: k.title, lines: [], overdue: 0 };
      g.lines.push(line);
      if (t.status === "overdue") g.overdue++;
      groups.set(k.key, g);
    }
  }
  const list = [...groups.values()].sort((a, b) => b.overdue - a.overdue || compareVi(a.title, b.title));
  return {
    available: true as const,
    total: body.total,
    overdue: items.filter((t) => t.status === "overdue").length,
    dueSoon: items.filter((t) => t.dueSoon).length,
    groups: list,
    documents: documents.map((d) => ({ code: d.code, name: d.number ?? d.code })),
    agencies: agencies
      .filter((a) => a.kind === "agency")
      .map((a) => ({ code: a.code, name: a.nameVi }))
      .sort((a, b) => compareVi(a.name, b.name)),
  };
}

/** "1468/UBND-KTTH ngày 22/03/2024"; a document without a number by its code. */
function documentName(
  lang: Lang,
  d: { code: string; number: string | null; issuedOn: string | null },
): string {
  const name = d.number ?? d.code;
  return d.issuedOn ? `${name} ${t(lang, "app.tasks.docDated")} ${fmt.date(lang, d.issuedOn)}` : name;
}

export async function loadTask(client: Api, lang: Lang, id: number) {
  const t = await client.task(id);
  return {
    id: t.id,
    number: t.number,
    text: lang === "en" ? (t.textEn ?? t.textVi) : t.textVi,
    document: t.document.number ?? t.document.code,
    approvalLevel: t.approvalLevel,
    expectedOutput: t.expectedOutput,
    note: t.note,
    status: t.status,
    statusLabel: label(lang, t.status),
    completedOn: fmt.date(lang, t.completedOn),
    deadlineText: t.deadline.text || "–",
    due: fmt.date(lang, t.due),
    review: t.deadline.review ? t.deadline.review[lang] : null,
    deadlineNotes: deadlineNotes(lang, t.deadline),
    leads: t.agencies.filter((a) => a.role === "lead").map((a) => a.nameVi + (a.part ? ` (${a.part})` : "")),
    supports: t.agencies.filter((a) => a.role === "support").map((a) => a.nameVi),
    /** the codes of the agencies that lead or support it: their officers may report on it */
    agencyCodes: t.agencies.map((a) => a.code),
    deadlineHistory: t.deadlineHistory.map((h) => ({
      revision: h.revision,
      text: h.text ?? "–",
      due: fmt.date(lang, h.due),
      reason: h.reason,
      quote: h.quote,
      document: h.document ? documentName(lang, h.document) : null,
      changedAt: fmt.dateTime(lang, h.changedAt),
      by: h.changedBy,
    })),
    reports: t.statusReports.map((r) => ({
      id: r.id,
      occurrence: r.occurrence,
      reportedOn: fmt.date(lang, r.reportedOn),
      status: label(lang, r.status),
      note: r.progressNote,
      completedOn: fmt.date(lang, r.completedOn),
      evidenceDocument: r.evidence.document,
      /** "1456/QĐ-TTg ngày 22/11/2023": the document that shows it done */
      evidenceCited: r.evidence.documentNumber
        ? documentName(lang, {
            code: r.evidence.documentNumber,
            number: r.evidence.documentNumber,
            issuedOn: r.evidence.documentDate,
          })
        : null,
      evidenceQuote: r.evidence.quote,
      statedIn: r.evidence.statedIn ? documentName(lang, r.evidence.statedIn) : null,
      evidenceUrl: r.evidence.url && /^https?:\/\//.test(r.evidence.url) ? r.evidence.url : null,
      agency: r.agency,
      user: r.user,
    })),
  };
}

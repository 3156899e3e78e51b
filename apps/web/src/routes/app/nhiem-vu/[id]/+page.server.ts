import { error, fail } from "@sveltejs/kit";
import { translate } from "$lib/i18n";
import { ApiError, api } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import { loadTaskTargets } from "$lib/server/task-targets";
import { loadTask, taskStatusLabels } from "$lib/server/tasks";
import type { Actions, PageServerLoad } from "./$types";

const REPORTABLE = ["in_progress", "done", "not_started", "cancelled"];

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "tasks", event.url);
  const id = Number(event.params.id);
  if (!Number.isInteger(id) || id <= 0) error(404, "");
  try {
    const client = api(event);
    const canMoveDeadline = user.role === "admin";
    const [task, documents, agencies, targets, indicators] = await Promise.all([
      loadTask(client, parent.lang, id),
      canMoveDeadline ? client.documents() : Promise.resolve([]),
      user.role === "agency_officer" ? client.agencies() : Promise.resolve([]),
      loadTaskTargets(client, parent.lang, id),
      canMoveDeadline ? client.indicators() : Promise.resolve([]),
    ]);
    // the report form only where the API would take the report: an officer of an agency that
    // leads or supports the task (the API still decides)
    const mine = agencies.find((a) => a.id === user.agencyId)?.code;
    const canReport =
      user.role === "admin" ||
      (user.role === "agency_officer" && mine !== undefined && task.agencyCodes.includes(mine));
    const labels = taskStatusLabels(parent.lang);
    return {
      task,
      canMoveDeadline,
      documents: documents.map((d) => ({ code: d.code, name: fmt.documentName(d) })),
      canReport,
      reportable: REPORTABLE.map((s) => ({ code: s, label: labels[s] ?? s })),
      today: fmt.today(),
      targets,
      canLinkTargets: canMoveDeadline,
      indicatorChoices: indicators.map((i) => ({
        code: i.code,
        name: `${parent.lang === "en" && i.nameEn ? i.nameEn : i.nameVi} (${i.code})`,
      })),
    };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, e.detailIn(parent.lang));
    throw e;
  }
};

export const actions: Actions = {
  /** admin: name an indicator the task serves, with the basis (audited by the API) */
  link: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const indicator = String(form.get("indicator") ?? "").trim();
    const basis = String(form.get("basis") ?? "").trim();
    if (!indicator || !basis)
      return fail(400, {
        targetError:
          lang === "en" ? "Choose an indicator and give the basis." : "Chọn chỉ tiêu và ghi căn cứ.",
      });
    try {
      await api(event).linkTaskIndicator(Number(event.params.id), indicator, basis);
      return { targetDone: indicator };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { targetError: e.detailIn(lang) });
      throw e;
    }
  },
  unlink: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const indicator = String(form.get("indicator") ?? "").trim();
    try {
      await api(event).unlinkTaskIndicator(Number(event.params.id), indicator);
      return { targetDone: indicator };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { targetError: e.detailIn(lang) });
      throw e;
    }
  },
  /** admin: a new deadline revision (text as the document writes it, or a date), with its document and reason */
  deadline: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const get = (k: string) => {
      const v = String(form.get(k) ?? "").trim();
      return v === "" ? null : v;
    };
    const text = get("text");
    const dueDate = get("dueDate");
    const document = get("document");
    const reason = get("reason");
    if (!text && !dueDate) return fail(400, { deadlineError: translate(lang, "app.deadline.needDeadline") });
    if (!document) return fail(400, { deadlineError: translate(lang, "app.deadline.needDocument") });
    if (!reason) return fail(400, { deadlineError: translate(lang, "app.deadline.needReason") });
    try {
      const r = await api(event).moveDeadline(Number(event.params.id), {
        ...(text ? { text } : {}),
        ...(dueDate ? { dueDate } : {}),
        document,
        reason,
      });
      return { moved: Number(r.revision ?? 0) };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { deadlineError: e.detailIn(lang) });
      throw e;
    }
  },
  report: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const get = (k: string) => {
      const v = String(form.get(k) ?? "").trim();
      return v === "" ? null : v;
    };
    const status = get("status") ?? "";
    if (!REPORTABLE.includes(status))
      return fail(400, { error: lang === "en" ? "Choose a status." : "Chọn tình trạng." });
    try {
      await api(event).reportTaskStatus(Number(event.params.id), {
        status,
        ...(get("reportedOn") ? { reportedOn: get("reportedOn") as string } : {}),
        progressNote: get("progressNote"),
        completedOn: status === "done" ? (get("completedOn") ?? get("reportedOn")) : null,
        evidenceDocument: get("evidenceDocument"),
        evidenceUrl: get("evidenceUrl"),
        evidenceDocumentNumber: get("evidenceDocumentNumber"),
        evidenceDocumentDate: get("evidenceDocumentDate"),
      });
      return { reported: true };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { error: e.detailIn(lang) });
      throw e;
    }
  },
};

import { error, fail } from "@sveltejs/kit";
import { translate } from "$lib/i18n";
import { ApiError, api } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import { loadReportPage } from "$lib/server/report";
import type { Actions, PageServerLoad } from "./$types";

// Issue #20 in the app: the lead agency explains the targets that owe it, a leader records
// directions (which become tasks), and the socio-economic report draft is generated, kept and
// downloaded (DOCX, PDF, appendix XLSX).

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "reports", event.url);
  const p = event.url.searchParams;
  const unit = p.get("unit") || "p49";
  const period =
    p.get("period") && fmt.isPeriod(p.get("period") as string) ? (p.get("period") as string) : "2024-9M";
  try {
    const view = await loadReportPage(api(event), parent.lang, unit, period, user.agencyId);
    return {
      view,
      role: user.role,
      canExplainAll: user.role === "admin",
      canDirect: user.role === "leader" || user.role === "admin",
      canPublish: user.role === "leader" || user.role === "admin",
      canDraft: user.role !== "agency_officer",
      today: fmt.today(),
    };
  } catch (e) {
    if (e instanceof ApiError) error(e.status, e.detailIn(parent.lang));
    throw e;
  }
};

function fields(form: FormData) {
  return (k: string) => {
    const v = String(form.get(k) ?? "").trim();
    return v === "" ? null : v;
  };
}

export const actions: Actions = {
  explain: async (event) => {
    const lang = langOf(event);
    const get = fields(await event.request.formData());
    const [indicator, orgUnit, period, causesVi, measuresVi] = [
      "indicator",
      "orgUnit",
      "period",
      "causesVi",
      "measuresVi",
    ].map(get);
    if (!indicator || !orgUnit || !period || !causesVi || !measuresVi)
      return fail(400, { action: "explain", indicator, error: translate(lang, "app.rep.required") });
    try {
      await api(event).saveExplanation({ indicator, orgUnit, period, causesVi, measuresVi });
      return { action: "explain", indicator, saved: true };
    } catch (e) {
      if (e instanceof ApiError)
        return fail(e.status, { action: "explain", indicator, error: e.detailIn(lang) });
      throw e;
    }
  },
  publish: async (event) => {
    const lang = langOf(event);
    const get = fields(await event.request.formData());
    try {
      await api(event).publishExplanation(Number(get("id")), get("isPublic") === "true");
      return { action: "publish" };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { action: "publish", error: e.detailIn(lang) });
      throw e;
    }
  },
  direct: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const get = fields(form);
    const subject = get("subject") ?? "meeting";
    const body = {
      orgUnit: get("orgUnit"),
      meetingDate: get("meetingDate"),
      subject,
      ...(subject === "indicator" ? { indicator: get("indicator") } : {}),
      ...(subject === "agency" ? { agency: get("agency") } : {}),
      textVi: get("textVi"),
      leadAgency: get("leadAgency"),
      supportAgencies: form.getAll("supportAgencies").map(String).filter(Boolean),
      deadline: get("deadline"),
    };
    if (!body.orgUnit || !body.meetingDate || !body.textVi || !body.leadAgency || !body.deadline)
      return fail(400, { action: "direct", error: translate(lang, "app.rep.required") });
    try {
      const d = await api(event).createDirection(body);
      return { action: "direct", taskCode: d.task.code, taskId: d.task.id };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { action: "direct", error: e.detailIn(lang) });
      throw e;
    }
  },
  draft: async (event) => {
    const lang = langOf(event);
    const get = fields(await event.request.formData());
    try {
      const d = await api(event).createReportDraft({ orgUnit: get("orgUnit"), period: get("period") });
      return { action: "draft", draftId: d.id, changes: d.changes?.changes ?? null };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { action: "draft", error: e.detailIn(lang) });
      throw e;
    }
  },
};

import { fail } from "@sveltejs/kit";
import { translate } from "$lib/i18n";
import { ApiError, api, type ImportResult, type TaskImportResult } from "$lib/server/api";
import { SUB_PERIODS } from "$lib/server/dashboard";
import { deliverAction, loadCalendar } from "$lib/server/duties";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import { previewGrid } from "$lib/server/preview-grid";
import { dropFile, stashFile, takeFile } from "$lib/server/upload-stash";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  const user = requireArea(parent, "upload", event.url);
  const lang = parent.lang;
  const client = api(event);
  const tab = event.url.searchParams.get("tab") === "nhiem-vu" ? "nhiem-vu" : "so-lieu";
  const [batches, calendar, tasks] = await Promise.all([
    client.importBatches().then(
      (list) => ({
        available: true,
        list: list.map((b) => ({
          ...b,
          createdAt: fmt.dateTime(lang, b.createdAt),
          rolledBackAt: fmt.dateTime(lang, b.rolledBackAt),
        })),
      }),
      (e) => {
        if (e instanceof ApiError && e.status === 404) return { available: false, list: [] };
        throw e;
      },
    ),
    loadCalendar(event, lang, user),
    tab === "nhiem-vu" ? taskDesk(client, lang) : null,
  ]);
  return { tab, batches, calendar, subPeriods: SUB_PERIODS, tasks };
};

/** The task-table tab: the documents a table can go into, and the earlier task uploads. */
async function taskDesk(client: ReturnType<typeof api>, lang: "vi" | "en") {
  const [documents, batches] = await Promise.all([
    client.documents(),
    client.taskImportBatches().catch((e) => {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }),
  ]);
  return {
    documents: documents.map((d) => ({ code: d.code, name: fmt.documentName(d) })),
    batches: batches
      .filter((b) => b.kind === "tasks")
      .map((b) => ({
        ...b,
        createdAt: fmt.dateTime(lang, b.createdAt),
        rolledBackAt: fmt.dateTime(lang, b.rolledBackAt),
      })),
  };
}

const ROWS_SHOWN = 300;

function taskSummary(lang: "vi" | "en", r: TaskImportResult) {
  const shown = r.rows.slice(0, ROWS_SHOWN);
  return {
    batchId: r.batchId,
    status: r.status,
    fileName: r.fileName,
    document: r.document.code,
    counts: r.counts,
    columns: r.columns,
    problems: r.problems.map((p) => ({
      row: p.row,
      column: p.column,
      columnLetter: p.columnLetter,
      value: p.value,
      severity: p.severity,
      text: lang === "en" ? p.messageEn : p.message,
    })),
    rows: shown.map((x) => ({
      row: x.row,
      number: x.number,
      text: x.text,
      lead: x.lead.map((a) => a.nameVi ?? a.code ?? "").join("; "),
      support: x.support.map((a) => a.nameVi ?? a.code ?? "").join("; "),
      deadline: x.deadline.text || "–",
      due: fmt.date(lang, x.deadline.due ?? null),
      outcome: x.outcome,
    })),
    hiddenRows: r.rows.length - shown.length,
  };
}

/** The answers to a report table's questions, as the API's form fields (issue #15). */
const ANSWER_FIELDS = new Set([
  "orgUnit",
  "year",
  "status",
  "unit",
  "indicator",
  "sheet",
  "storeTotal",
  "numberConvention",
  // the file's plan column recorded as revisions of the targets, under the officer's document (issue #15 item 1)
  "recordPlan",
  "planDocumentNumber",
  "planDocumentDate",
]);

function answersFrom(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  let names: Record<string, string> = {};
  try {
    const prior = JSON.parse(String(form.get("answers") ?? "{}")) as Record<string, string>;
    for (const [k, v] of Object.entries(prior)) if (ANSWER_FIELDS.has(k) && typeof v === "string") out[k] = v;
    if (typeof prior.names === "string") names = JSON.parse(prior.names) as Record<string, string>;
  } catch {
    // a tampered hidden field: start from the answers of this form only
  }
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string" || v === "") continue;
    if (k.startsWith("a.") && ANSWER_FIELDS.has(k.slice(2))) out[k.slice(2)] = v;
    else if (k.startsWith("name:")) names[k.slice(5)] = v;
  }
  if (Object.keys(names).length > 0) out.names = JSON.stringify(names);
  return out;
}

function reportView(lang: "vi" | "en", r: ImportResult) {
  const report = r.report;
  if (!report) return null;
  const en = lang === "en";
  const how: Record<string, [string, string]> = {
    close: ["gần đúng", "close match"],
    alias: ["đã ghi nhớ", "remembered"],
    chosen: ["bạn đã chọn", "your choice"],
    exact: ["khớp", "exact"],
  };
  return {
    shape: report.shape,
    inferred: report.inferred.map((i) => ({
      field: i.field,
      value: i.value,
      source: en ? i.sourceEn : i.source,
    })),
    questions: report.questions.map((q) => ({
      field: q.field,
      name: q.field === "name" ? `name:${q.text ?? ""}` : `a.${q.field}`,
      text: en ? q.messageEn : q.message,
      choices: q.choices,
      suggested: q.suggested,
      required: q.required,
    })),
    matches: report.matches
      .filter((m) => m.how !== "exact")
      .map((m) => ({
        row: m.row,
        text: m.text,
        code: m.code,
        name: m.name,
        how: (how[m.how] ?? [m.how, m.how])[en ? 1 : 0],
        score: m.score === null ? null : fmt.num(lang, m.score),
      })),
    conversions: report.conversions.map((c) => ({
      row: c.row,
      column: c.column,
      original: `${fmt.num(lang, c.original)} ${c.from}`,
      value: `${fmt.num(lang, c.value)} ${c.to}`,
      factor: fmt.num(lang, c.factor),
    })),
    skipped: report.skippedRows.length,
    aliases: report.aliases,
    planDiffers: r.warnings.filter((w) => w.code === "plan_differs").length,
    planRevisions: (report.planRevisions ?? []).map((p) => ({
      row: p.row,
      what: `${p.indicator} · ${p.orgUnit}`,
      oldValue: fmt.num(lang, p.oldValue),
      newValue: fmt.num(lang, p.newValue),
    })),
  };
}

function revisionsView(lang: "vi" | "en", r: ImportResult) {
  return (r.revisions ?? []).map((v) => ({
    row: v.row,
    what: `${v.indicator} · ${v.orgUnit} · ${fmt.period(lang, v.period)}`,
    oldValue: fmt.num(lang, v.oldValue),
    newValue: fmt.num(lang, v.newValue),
    oldStatus: v.oldStatus,
    newStatus: v.newStatus,
    enteredBy: v.enteredBy ?? "–",
    enteredAt: v.enteredAt,
  }));
}

function summary(lang: "vi" | "en", r: ImportResult, answers: Record<string, string> = {}) {
  return {
    report: reportView(lang, r),
    revisions: revisionsView(lang, r),
    answers: JSON.stringify(answers),
    batchId: r.batchId,
    status: r.status,
    fileName: r.fileName,
    rows: r.rows,
    errorCount: r.errorCount ?? r.errors.length,
    warningCount: r.warningCount ?? r.warnings.length,
    truncated: r.truncated ?? false,
    duplicateOf: r.duplicateOf ?? null,
    detected: r.detected,
    errors: r.errors.map((p) => ({ ...p, text: lang === "en" ? p.messageEn : p.message })),
    warnings: r.warnings.map((p) => ({ ...p, text: lang === "en" ? p.messageEn : p.message })),
  };
}

export const actions: Actions = {
  preview: async (event) => {
    const lang = langOf(event);
    const client = api(event);
    const session = await client.session();
    if (!session) return fail(401, { error: lang === "en" ? "Sign in again." : "Cần đăng nhập lại." });
    const form = await event.request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { error: lang === "en" ? "Choose a file to upload." : "Chọn tệp để tải lên." });
    try {
      const result = await client.importFile(file, { dryRun: true });
      const stashId = await stashFile(session.user.id, file);
      const grid = previewGrid(new Uint8Array(await file.arrayBuffer()), result, lang);
      return { preview: { ...summary(lang, result), stashId, grid } };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { error: e.detailIn(lang) });
      throw e;
    }
  },
  /** the officer's answers to a report table's questions: the stashed file previewed again with them */
  answer: async (event) => {
    const lang = langOf(event);
    const client = api(event);
    const session = await client.session();
    if (!session) return fail(401, { error: lang === "en" ? "Sign in again." : "Cần đăng nhập lại." });
    const form = await event.request.formData();
    const stashId = String(form.get("stashId") ?? "");
    const file = await takeFile(session.user.id, stashId);
    if (!file)
      return fail(410, {
        error:
          lang === "en"
            ? "The previewed file has expired: upload it again."
            : "Tệp xem trước đã hết hạn: hãy tải lên lại.",
      });
    const answers = answersFrom(form);
    try {
      const result = await client.importFile(file, { dryRun: true, answers });
      const grid = previewGrid(new Uint8Array(await file.arrayBuffer()), result, lang);
      return { preview: { ...summary(lang, result, answers), stashId, grid } };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { error: e.detailIn(lang) });
      throw e;
    }
  },
  commit: async (event) => {
    const lang = langOf(event);
    const client = api(event);
    const session = await client.session();
    if (!session) return fail(401, { error: lang === "en" ? "Sign in again." : "Cần đăng nhập lại." });
    const form = await event.request.formData();
    const stashId = String(form.get("stashId") ?? "");
    const file = await takeFile(session.user.id, stashId);
    if (!file)
      return fail(410, {
        error:
          lang === "en"
            ? "The previewed file has expired: upload it again."
            : "Tệp xem trước đã hết hạn: hãy tải lên lại.",
      });
    const answers = answersFrom(form);
    try {
      const result = await client.importFile(file, { dryRun: false, answers });
      await dropFile(stashId);
      return { committed: summary(lang, result, answers) };
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status === 422 && Array.isArray(e.body.errors)) {
          const result = e.body as unknown as ImportResult;
          const grid = previewGrid(new Uint8Array(await file.arrayBuffer()), result, lang);
          return fail(422, {
            error: e.detailIn(lang),
            preview: { ...summary(lang, result, answers), stashId, grid },
          });
        }
        return fail(e.status, { error: e.detailIn(lang) });
      }
      throw e;
    }
  },
  deliver: deliverAction,
  taskPreview: async (event) => {
    const lang = langOf(event);
    const client = api(event);
    const session = await client.session();
    if (!session) return fail(401, { taskError: translate(lang, "app.tup.signIn") });
    const form = await event.request.formData();
    const file = form.get("file");
    const document = String(form.get("document") ?? "");
    if (!document) return fail(400, { taskError: translate(lang, "app.tup.chooseDocument") });
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { taskError: translate(lang, "app.tup.chooseFile") });
    try {
      const result = await client.importTasks(file, { document, dryRun: true });
      const stashId = await stashFile(session.user.id, file);
      return { taskPreview: { ...taskSummary(lang, result), stashId } };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { taskError: e.detailIn(lang) });
      throw e;
    }
  },
  taskCommit: async (event) => {
    const lang = langOf(event);
    const client = api(event);
    const session = await client.session();
    if (!session) return fail(401, { taskError: translate(lang, "app.tup.signIn") });
    const form = await event.request.formData();
    const stashId = String(form.get("stashId") ?? "");
    const document = String(form.get("document") ?? "");
    const file = await takeFile(session.user.id, stashId);
    if (!file || !document) return fail(410, { taskError: translate(lang, "app.tup.expired") });
    try {
      const result = await client.importTasks(file, { document, dryRun: false });
      await dropFile(stashId);
      return { taskCommitted: taskSummary(lang, result) };
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status === 422 && Array.isArray(e.body.problems)) {
          const result = e.body as unknown as TaskImportResult;
          return fail(422, {
            taskError: translate(lang, "app.tup.rejected"),
            taskPreview: { ...taskSummary(lang, result), stashId },
          });
        }
        return fail(e.status, { taskError: e.detailIn(lang) });
      }
      throw e;
    }
  },
  taskRollback: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const id = Number(form.get("batchId"));
    if (!Number.isInteger(id) || id <= 0) return fail(400, { taskError: "batchId" });
    try {
      await api(event).rollbackTaskImport(id);
      return { taskRolledBack: id };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { taskError: e.detailIn(lang) });
      throw e;
    }
  },
  rollback: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const id = Number(form.get("batchId"));
    if (!Number.isInteger(id) || id <= 0) return fail(400, { error: "batchId" });
    try {
      await api(event).rollbackBatch(id);
      return { rolledBack: id };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { error: e.detailIn(lang) });
      throw e;
    }
  },
};

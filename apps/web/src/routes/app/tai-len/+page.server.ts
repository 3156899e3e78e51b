import { fail } from "@sveltejs/kit";
import { ApiError, api, type ImportResult } from "$lib/server/api";
import { duties } from "$lib/server/duties";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import { previewGrid } from "$lib/server/preview-grid";
import { dropFile, stashFile, takeFile } from "$lib/server/upload-stash";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "upload", event.url);
  const lang = parent.lang;
  const client = api(event);
  const period = event.url.searchParams.get("period") ?? new Date().toISOString().slice(0, 7);
  const [batches, compliance] = await Promise.all([
    client.importBatches().then(
      (list) => ({
        available: true,
        list: list.map((b) => ({
          ...b,
          createdAt: fmt.dateTime(lang, b.created_at),
          rolledBackAt: fmt.dateTime(lang, b.rolled_back_at),
        })),
      }),
      (e) => {
        if (e instanceof ApiError && e.status === 404) return { available: false, list: [] };
        throw e;
      },
    ),
    duties(client, lang, period),
  ]);
  return { batches, compliance, period, periodText: fmt.period(lang, period) };
};

function summary(lang: "vi" | "en", r: ImportResult) {
  return {
    batchId: r.batchId,
    status: r.status,
    fileName: r.fileName,
    rows: r.rows,
    errorCount: r.errorCount ?? r.errors.length,
    warningCount: r.warningCount ?? r.warnings.length,
    truncated: r.truncated ?? false,
    duplicateOf: r.duplicateOf ?? null,
    detected: r.detected,
    errors: r.errors.map((p) => ({ ...p, text: lang === "en" ? p.message_en : p.message })),
    warnings: r.warnings.map((p) => ({ ...p, text: lang === "en" ? p.message_en : p.message })),
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
    try {
      const result = await client.importFile(file, { dryRun: false });
      await dropFile(stashId);
      return { committed: summary(lang, result) };
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status === 422 && Array.isArray(e.body.errors)) {
          const result = e.body as unknown as ImportResult;
          const grid = previewGrid(new Uint8Array(await file.arrayBuffer()), result, lang);
          return fail(422, { error: e.detailIn(lang), preview: { ...summary(lang, result), stashId, grid } });
        }
        return fail(e.status, { error: e.detailIn(lang) });
      }
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

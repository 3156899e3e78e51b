import { parseDecimal, targetFormSchema } from "@chitieu/domain";
import { fail } from "@sveltejs/kit";
import { ApiError, api, type TargetCreateInput } from "$lib/server/api";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

// Issue #13 item 7: an administrator creates a target (indicator × org unit × period) with its
// document and the document's own words, or a plan's targets from a spreadsheet (preview first).

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const client = api(event);
  const [indicators, units, documents] = await Promise.all([
    client.indicators(),
    client.orgUnits(),
    client.documents(),
  ]);
  return {
    forms: targetFormSchema.options,
    indicators: indicators.map((i) => ({
      code: i.code,
      name: `${i.code} – ${i.nameVi} (${i.unit})`.slice(0, 160),
    })),
    units: units.map((u) => ({ code: String(u.code), name: `${String(u.code)} – ${String(u.nameVi)}` })),
    documents: documents.map((d) => ({
      code: d.code,
      name: `${d.number ?? d.code} – ${d.titleVi}`.slice(0, 140),
    })),
  };
};

class BadNumber extends Error {}

function problemText(e: ApiError, lang: "vi" | "en"): string {
  const errors = Array.isArray(e.body.errors) ? (e.body.errors as { path?: string; message?: string }[]) : [];
  const detail = e.detailIn(lang);
  return errors.length ? `${detail} ${errors.map((x) => `${x.path}: ${x.message}`).join("; ")}` : detail;
}

export const actions: Actions = {
  create: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const text = (k: string) => {
      const s = String(form.get(k) ?? "").trim();
      return s === "" ? null : s;
    };
    // numbers as the reader writes them: "23.600", "7,5" on the Vietnamese page
    const decimal = (k: string) => {
      const raw = text(k);
      if (raw === null) return null;
      const r = parseDecimal(raw, lang === "en" ? "dot_decimal" : "comma_decimal");
      if (!r.ok) throw new BadNumber(raw);
      return r.value;
    };
    let input: TargetCreateInput;
    try {
      input = {
        indicator: String(form.get("indicator") ?? ""),
        orgUnit: String(form.get("orgUnit") ?? ""),
        period: String(form.get("period") ?? "").trim(),
        form: String(form.get("form") ?? ""),
        low: decimal("low"),
        high: decimal("high"),
        planAmount: decimal("planAmount"),
        tolerance: decimal("tolerance"),
        baselineValue: decimal("baselineValue"),
        baselinePeriod: text("baselinePeriod"),
        categoryValue: text("categoryValue"),
        dueDate: text("dueDate"),
        documentCode: String(form.get("documentCode") ?? ""),
        quote: String(form.get("quote") ?? "").trim(),
        effectiveFrom: text("effectiveFrom"),
      };
    } catch (e) {
      if (e instanceof BadNumber)
        return fail(400, {
          error: lang === "en" ? `Not a number: ${e.message}` : `Không phải số: ${e.message}`,
        });
      throw e;
    }
    const changeUnit = text("changeUnit");
    if (changeUnit === "absolute" || changeUnit === "percent") input.changeUnit = changeUnit;
    const provenance = text("provenance");
    if (provenance === "stated" || provenance === "inferred" || provenance === "assumption") {
      input.provenance = provenance;
      input.provenanceNote = text("provenanceNote");
    }
    try {
      const created = await api(event).createTarget(input);
      return { created };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { error: problemText(e, lang) });
      throw e;
    }
  },
  sheet: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { sheetError: lang === "en" ? "Choose a file." : "Hãy chọn tệp." });
    try {
      const result = await api(event).importTargets(file, { dryRun: form.get("commit") !== "true" });
      return { sheet: result };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, { sheetError: problemText(e, lang) });
      throw e;
    }
  },
};

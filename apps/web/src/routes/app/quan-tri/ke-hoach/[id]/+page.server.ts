import { parseDecimal, targetFormSchema } from "@chitieu/domain";
import { error, fail } from "@sveltejs/kit";
import { ApiError, api, type TargetRevisionInput } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import { langOf } from "$lib/server/lang";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "admin", event.url);
  const lang = parent.lang;
  const id = Number(event.params.id);
  const client = api(event);
  const [targets, documents] = await Promise.all([client.targets(), client.documents()]);
  const target = targets.find((t) => t.targetId === id);
  if (!target) error(404, lang === "en" ? "No such target." : "Không có chỉ tiêu kế hoạch này.");
  const indicator = (await client.indicators()).find((i) => i.code === target.indicatorCode);
  const unit = indicator?.unit ?? "";
  const revisions = await client.targetRevisions(id);
  return {
    forms: targetFormSchema.options,
    target: {
      ...target,
      text: fmt.target(lang, target, unit, indicator?.direction ?? null),
      indicatorName: indicator?.nameVi ?? target.indicatorCode,
      unit,
      // prefilled the way the reader writes numbers
      shown: {
        low: target.low === null ? "" : fmt.num(lang, target.low),
        high: target.high === null ? "" : fmt.num(lang, target.high),
        tolerance: target.tolerance === null ? "" : fmt.num(lang, target.tolerance),
        planAmount: target.planAmount === null ? "" : fmt.num(lang, target.planAmount),
        baselineValue: target.baselineValue === null ? "" : fmt.num(lang, target.baselineValue),
      },
    },
    documents: documents.map((d) => ({
      code: d.code,
      name: `${d.number ?? d.code} – ${d.titleVi}`.slice(0, 140),
    })),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      text: fmt.target(lang, { ...r, period: target.period }, unit, indicator?.direction ?? null),
      reason: r.reason,
      document: r.documentNumber ?? r.documentCode,
      effectiveFrom: fmt.date(lang, r.effectiveFrom),
      createdAt: fmt.dateTime(lang, r.createdAt),
      by: r.createdByEmail,
    })),
  };
};

class BadNumber extends Error {}

/** A number as the reader writes it ("23.600", "7,5" in Vietnamese; "23,600", "7.5" in English) → "23600", "7.5". */
function decimalIn(lang: "vi" | "en") {
  return (v: FormDataEntryValue | null): string | null => {
    const raw = String(v ?? "").trim();
    if (raw === "") return null;
    const r = parseDecimal(raw, lang === "en" ? "dot_decimal" : "comma_decimal");
    if (!r.ok) throw new BadNumber(raw);
    return r.value;
  };
}

export const actions: Actions = {
  revise: async (event) => {
    const lang = langOf(event);
    const form = await event.request.formData();
    const decimal = decimalIn(lang);
    const text = (k: string) => {
      const s = String(form.get(k) ?? "").trim();
      return s === "" ? null : s;
    };
    let input: TargetRevisionInput;
    try {
      input = {
        form: String(form.get("form")),
        low: decimal(form.get("low")),
        high: decimal(form.get("high")),
        lowInclusive: form.get("lowInclusive") === "on",
        highInclusive: form.get("highInclusive") === "on",
        documentCode: text("documentCode"),
        effectiveFrom: text("effectiveFrom"),
        reason: String(form.get("reason") ?? "").trim(),
      };
      for (const k of ["tolerance", "baselineValue", "planAmount"] as const) {
        const v = decimal(form.get(k));
        if (v !== null) input[k] = v;
      }
      for (const k of ["baselinePeriod", "categoryValue", "dueDate"] as const) {
        const v = text(k);
        if (v !== null) input[k] = v;
      }
    } catch (e) {
      if (e instanceof BadNumber)
        return fail(400, {
          error: lang === "en" ? `Not a number: ${e.message}` : `Không phải số: ${e.message}`,
        });
      throw e;
    }
    const changeUnit = text("changeUnit");
    if (changeUnit === "absolute" || changeUnit === "percent") input.changeUnit = changeUnit;
    try {
      const r = await api(event).reviseTarget(Number(event.params.id), input);
      return { revised: r.revision };
    } catch (e) {
      if (e instanceof ApiError) {
        const detail = e.detailIn(lang);
        const errors = Array.isArray(e.body.errors)
          ? (e.body.errors as { path?: string; message?: string }[])
          : [];
        return fail(e.status, {
          error: errors.length
            ? `${detail} ${errors.map((x) => `${x.path}: ${x.message}`).join("; ")}`
            : detail,
        });
      }
      throw e;
    }
  },
};

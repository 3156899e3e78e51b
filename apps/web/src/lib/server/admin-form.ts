import { parseDecimal } from "@chitieu/domain";
import { type Cookies, fail } from "@sveltejs/kit";
import type { Lang } from "$lib/i18n";
import { ApiError } from "./api.ts";
import * as fmt from "./format.ts";
import { langOf } from "./lang.ts";

// Reading the administration forms: numbers as the reader writes them, empty fields as "not
// given", and the API's refusals as a message shown next to the form that was sent.

export class BadNumber extends Error {
  override name = "BadNumber";
  constructor(
    readonly field: string,
    readonly raw: string,
  ) {
    super(raw);
  }
}

export function formReader(form: FormData, lang: "vi" | "en") {
  const raw = (k: string) => String(form.get(k) ?? "").trim();
  return {
    /** trimmed text; "" → null */
    text: (k: string): string | null => raw(k) || null,
    /** a number as the reader writes it ("23.600", "7,5" in Vietnamese) → "23600", "7.5"; "" → null */
    decimal(k: string): string | null {
      const v = raw(k);
      if (v === "") return null;
      const r = parseDecimal(v, lang === "en" ? "dot_decimal" : "comma_decimal");
      if (!r.ok) throw new BadNumber(k, v);
      return r.value;
    },
    /** a whole or decimal number for JSON (thresholds, years) */
    number(k: string): number | null {
      const v = this.decimal(k);
      return v === null ? null : Number(v);
    },
    checked: (k: string) => form.get(k) === "on" || form.get(k) === "true",
    all: (k: string) =>
      form
        .getAll(k)
        .map((v) => String(v).trim())
        .filter(Boolean),
  };
}

/** The language of a form action and its form, read with `formReader`. */
export async function readForm(event: { url: URL; cookies: Cookies; request: Request }) {
  const lang = langOf(event);
  return { lang, f: formReader(await event.request.formData(), lang) };
}

type Form = ReturnType<typeof formReader>;

/** The code and names of a new org unit, agency or indicator. */
export function readCodeAndNames(f: Form) {
  return { code: f.text("code") ?? "", nameVi: f.text("nameVi") ?? "", nameEn: f.text("nameEn") };
}

/** The "correct the names" forms: only the fields filled in change. */
export function readFilledIn<K extends string>(f: Form, keys: readonly K[]): Partial<Record<K, string>> {
  const patch: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = f.text(k);
    if (v) patch[k] = v;
  }
  return patch;
}

/** What an indicator is, as the create form and the indicator page both ask it. */
export function readIndicatorKind(f: Form) {
  return {
    nameVi: f.text("nameVi") ?? "",
    nameEn: f.text("nameEn"),
    category: f.text("category"),
    unit: f.text("unit") ?? "",
    measureKind: f.text("measureKind"),
    direction: f.text("direction"),
    frequency: f.text("frequency"),
  };
}

interface Dated {
  code: string;
  nameVi: string;
  validFrom: string | null;
  validTo: string | null;
  successors: { code: string; nameVi: string; effectiveOn: string | null }[];
}

/** Org units or agencies with their dates and successors as the reader writes them. */
export function withSuccessions<T extends Dated>(lang: Lang, rows: T[]) {
  return rows.map((r) => ({
    ...r,
    from: fmt.date(lang, r.validFrom),
    to: fmt.date(lang, r.validTo),
    successors: r.successors.map((s) => ({
      code: s.code,
      name: s.nameVi,
      date: fmt.date(lang, s.effectiveOn),
    })),
  }));
}

/** Those still in force, for the pickers. */
export function inForce(rows: Pick<Dated, "code" | "nameVi" | "validTo">[]) {
  return rows.filter((r) => r.validTo === null).map((r) => ({ code: r.code, name: r.nameVi }));
}

/** Runs one API call for a form; a refusal comes back as `{ action, error }` for that form. */
export async function submit<T>(
  action: string,
  lang: "vi" | "en",
  f: () => Promise<T>,
): Promise<T | ReturnType<typeof fail<{ action: string; error: string }>>> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof BadNumber)
      return fail(400, {
        action,
        error: lang === "en" ? `Not a number: ${e.raw}` : `Không phải số: ${e.raw}`,
      });
    if (e instanceof ApiError) {
      const errors = Array.isArray(e.body.errors)
        ? (e.body.errors as { path?: string; message?: string }[])
        : [];
      const detail = e.detailIn(lang);
      // field errors from zod carry only the field; the service's own already name it in the detail
      const extra = errors.filter((x) => x.path && !detail.includes(`${x.path}:`));
      return fail(e.status, {
        action,
        error: extra.length ? `${detail} ${extra.map((x) => `${x.path}: ${x.message}`).join("; ")}` : detail,
      });
    }
    throw e;
  }
}

/** the values the catalog's columns allow (migrations/2026-11-22-001-core.ts), in the forms' order */
export const CHOICES = {
  categories: ["economy", "society", "environment", "defence_security", "governance", "infrastructure"],
  kinds: ["flow", "stock", "growth_rate", "ratio", "milestone", "category"],
  directions: ["higher_better", "lower_better", "in_range", "done"],
  frequencies: ["monthly", "quarterly", "annual"],
  levels: ["country", "province", "district", "commune"],
  documentKinds: ["NQ", "QD", "KH", "CV", "KL", "CT", "CTR", "TB", "other"],
} as const;

/** The rename-or-merge form (SuccessionForm.svelte) as the API's change. */
export function readChange(f: ReturnType<typeof formReader>) {
  const newCode = f.text("newCode");
  return {
    kind: (f.text("kind") === "rename" ? "rename" : "merge") as "rename" | "merge",
    effectiveOn: f.text("effectiveOn") ?? "",
    predecessors: f.all("predecessors"),
    successor: f.text("successor"),
    newSuccessor: newCode
      ? { code: newCode, nameVi: f.text("newNameVi") ?? "", nameEn: f.text("newNameEn") }
      : null,
    note: f.text("note"),
  };
}

/** The document form (DocumentFields.svelte) as the API's fields; empty fields clear. */
export function readDocument(f: ReturnType<typeof formReader>) {
  const year = (k: string) => {
    const v = f.text(k);
    return v === null ? null : Number(v);
  };
  return {
    kind: (f.text("kind") ?? "other") as (typeof CHOICES.documentKinds)[number],
    number: f.text("number"),
    issuer: f.text("issuer"),
    orgUnit: f.text("orgUnit"),
    issuedOn: f.text("issuedOn"),
    titleVi: f.text("titleVi") ?? "",
    titleEn: f.text("titleEn"),
    periodFrom: year("periodFrom"),
    periodTo: year("periodTo"),
    supersedes: f.text("supersedes"),
    note: f.text("note"),
  };
}

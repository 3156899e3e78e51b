import { formatDateVi } from "./date.ts";
import { describeTarget } from "./target-text.ts";

// Issue #13 items 7 and 10: what the app and the portal say beside a target that was revised
// ("điều chỉnh từ đạt ≥ 23.600 tỷ đồng (văn bản …) theo văn bản …, từ 01/07/2024") and beside a
// value that the document does not state in so many words (inferred, or an assumption and why).

type Lang = "vi" | "en";

export interface RevisedTarget {
  effectiveFrom: string | null;
  documentNumber: string | null;
  documentCode?: string | null;
  revised: {
    reason: string | null;
    original: {
      form: string;
      low: string | null;
      high: string | null;
      documentCode: string | null;
      documentNumber: string | null;
    };
  } | null;
}

/** "Điều chỉnh từ {original} ({its document}) theo {document}, từ {date}: {reason}"; null when not revised. */
export function describeRevision(
  t: RevisedTarget,
  unit: string,
  direction: string | null,
  lang: Lang = "vi",
): string | null {
  if (!t.revised) return null;
  const o = t.revised.original;
  const original = describeTarget(
    { form: o.form, low: o.low, high: o.high, low_inclusive: true, high_inclusive: true, direction },
    unit,
    lang,
  );
  const was = o.documentNumber ?? o.documentCode;
  const by = t.documentNumber ?? t.documentCode ?? null;
  const day = t.effectiveFrom ? (lang === "vi" ? formatDateVi(t.effectiveFrom) : t.effectiveFrom) : null;
  const reason = t.revised.reason ? `: ${t.revised.reason}` : "";
  if (lang === "vi")
    return `Điều chỉnh từ ${original}${was ? ` (${was})` : ""}${by ? ` theo ${by}` : ""}${day ? `, từ ${day}` : ""}${reason}`;
  return `Revised from ${original}${was ? ` (${was})` : ""}${by ? ` by ${by}` : ""}${day ? `, from ${day}` : ""}${reason}`;
}

/** Where a target's value comes from, when the document does not state it: null for "stated". */
export function describeProvenance(
  provenance: string | null | undefined,
  note: string | null | undefined,
  lang: Lang = "vi",
): string | null {
  const why = note ? `: ${note}` : "";
  if (provenance === "inferred")
    return lang === "vi" ? `Suy ra từ văn bản${why}` : `Inferred from the document${why}`;
  if (provenance === "assumption") return lang === "vi" ? `Giả định${why}` : `Assumption${why}`;
  return null;
}

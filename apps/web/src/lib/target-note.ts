import { describeProvenance, describeRevision, type RevisedTarget } from "@chitieu/domain";

/** What target-note reads of a scorecard row: the app's (generated types) and the portal's alike. */
export interface TargetNoteRow {
  indicator: { unit: string; direction: string | null };
  target?:
    | (Omit<RevisedTarget, "revised" | "effectiveFrom"> & {
        effectiveFrom?: string | null | undefined;
        revised?: RevisedTarget["revised"] | undefined;
        provenance?: string | null | undefined;
        provenanceNote?: string | null | undefined;
      })
    | null
    | undefined;
}

/** issue #13: what is said beside a target: its revision (original, document, date) and provenance. */
export function targetNoteOf(lang: "vi" | "en", row: TargetNoteRow): string | null {
  const t = row.target;
  if (!t) return null;
  const notes = [
    describeRevision(
      {
        effectiveFrom: t.effectiveFrom ?? null,
        documentNumber: t.documentNumber,
        documentCode: t.documentCode ?? null,
        revised: t.revised ?? null,
      },
      row.indicator.unit,
      row.indicator.direction,
      lang,
    ),
    describeProvenance(t.provenance, t.provenanceNote, lang),
  ].filter((x): x is string => x !== null);
  return notes.length ? notes.join(" · ") : null;
}

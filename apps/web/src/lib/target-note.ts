import type { ScorecardRow } from "@chitieu/api";
import { describeProvenance, describeRevision } from "@chitieu/domain";

/** issue #13: what is said beside a target: its revision (original, document, date) and provenance. */
export function targetNoteOf(lang: "vi" | "en", row: ScorecardRow): string | null {
  const t = row.target;
  if (!t) return null;
  const notes = [
    describeRevision(
      {
        effectiveFrom: t.effectiveFrom,
        documentNumber: t.documentNumber,
        documentCode: t.documentCode ?? null,
        revised: t.revised,
      },
      row.indicator.unit,
      row.indicator.direction,
      lang,
    ),
    describeProvenance(t.provenance, t.provenanceNote, lang),
  ].filter((x): x is string => x !== null);
  return notes.length ? notes.join(" · ") : null;
}

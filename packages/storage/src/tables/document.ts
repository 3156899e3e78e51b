import type { Generated } from "kysely";

export type DocumentKind = "KH" | "QD" | "CV" | "NQ" | "KL" | "CT" | "CTR" | "TB" | "other";

export interface DocumentTable {
  id: Generated<number>;
  code: string;
  kind: DocumentKind;
  number: string | null;
  issuer: string | null;
  org_unit_id: number | null;
  issued_on: string | null;
  title_vi: string;
  title_en: string | null;
  period_from: number | null;
  period_to: number | null;
  supersedes_id: number | null;
  source_file: string | null;
  note: string | null;
}

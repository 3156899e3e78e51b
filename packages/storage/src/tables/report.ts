import type { Generated } from "kysely";

// Issue #20: what the meeting needs beside the figures.

/** the lead agency's causes and measures for one target × org unit × period */
export interface ExplanationTable {
  id: Generated<number>;
  indicator_id: number;
  org_unit_id: number;
  period: string;
  causes_vi: string;
  measures_vi: string;
  agency_id: number | null;
  written_by: number | null;
  written_at: Generated<Date>;
  is_public: Generated<boolean>;
  published_by: number | null;
  published_at: Date | null;
}

/** a leader's direction at a meeting; its task carries the agencies and tracking */
export interface DirectionTable {
  id: Generated<number>;
  org_unit_id: number;
  meeting_date: string;
  subject: "indicator" | "agency" | "meeting";
  indicator_id: number | null;
  subject_agency_id: number | null;
  text_vi: string;
  deadline: string;
  document_id: number;
  task_id: number;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

/** a generated socio-economic report draft, kept */
export interface ReportDraftTable {
  id: Generated<number>;
  org_unit_id: number;
  period: string;
  data_version: string;
  /** the draft's model (JSON), from which every format is rendered */
  content: unknown;
  illustrative: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
}

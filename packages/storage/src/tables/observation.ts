import type { Generated } from "kysely";

export type ObservationStatus = "estimate" | "preliminary" | "official";
export type ObservationBasis = "period" | "ytd";

export interface ObservationTable {
  id: Generated<number>;
  indicator_id: number;
  org_unit_id: number;
  period: string;
  period_start: string;
  period_end: string;
  basis: ObservationBasis;
  value: string;
  status: ObservationStatus;
  note: string | null;
  is_illustrative: Generated<boolean>;
  batch_id: number | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
  replaces_id: number | null;
  superseded_at: Date | null;
  /** the day the figure was measured at, when it is not the period's end (disbursement at 31/01) */
  measured_at: string | null;
  /** a ratio's components (137 xã / 193 xã); the denominator alone: a share's weight */
  numerator: string | null;
  denominator: string | null;
  /** the cell of its import file it was read from (the row as the file numbers it, the column 0-based; see `batch_id`) */
  source_row: number | null;
  source_col: number | null;
}

export interface PeriodLockTable {
  org_unit_id: number;
  period: string;
  locked_at: Generated<Date>;
  locked_by: number | null;
  document_id: number | null;
}

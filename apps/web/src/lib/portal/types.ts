import type { PublicTarget, Scorecard, ScorecardRow } from "@chitieu/api";

// The public API's JSON (GET /api/v1/public/...), as the portal reads it.

export type { PublicTarget };

export interface PublicIndicatorBase {
  code: string;
  name_vi: string;
  name_en: string | null;
  category: string;
  unit: string;
  measure_kind: string;
  direction: string;
  decimals: number;
  frequency: string;
  seq: string | null;
  parent_code: string | null;
  document_code: string | null;
  lead_agency_name_vi: string | null;
  targets: PublicTarget[];
}

export interface PublicIndicator extends PublicIndicatorBase {
  latest: {
    period: string;
    basis: string;
    value: string;
    status: string;
    illustrative: boolean;
    recordedAt: string;
  } | null;
}

export interface PublicObservation {
  orgUnit: string;
  period: string;
  basis: "period" | "ytd";
  value: string;
  status: "estimate" | "preliminary" | "official";
  illustrative: boolean;
}

export interface PublicIndicatorDetail extends PublicIndicatorBase {
  observations: PublicObservation[];
}

// the scorecard's shape is the API's own (one definition, in apps/api/src/services/scorecard.ts)
export type { Scorecard, ScorecardRow };

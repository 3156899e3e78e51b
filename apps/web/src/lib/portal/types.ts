import type { Scorecard, ScorecardRow } from "@chitieu/api";
import type { components } from "../server/api-types.ts";

/** a target as the public API lists it */
export type PublicTarget = components["schemas"]["PublicTarget"];

// The public API's JSON (GET /api/v1/public/...), as the portal reads it.

export interface PublicIndicatorBase {
  code: string;
  nameVi: string;
  nameEn: string | null;
  category: string;
  unit: string;
  measureKind: string;
  direction: string;
  decimals: number;
  frequency: string;
  seq: string | null;
  parentCode: string | null;
  documentCode: string | null;
  leadAgencyNameVi: string | null;
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

/** issue #17: one version of a figure revised after publication (supersededAt null: the current one) */
export interface PublicRevision extends PublicObservation {
  recordedAt: string;
  supersededAt: string | null;
}

export interface PublicIndicatorDetail extends PublicIndicatorBase {
  observations: PublicObservation[];
  revisions?: PublicRevision[];
}

// the scorecard's shape is the API's own (one definition, in apps/api/src/services/scorecard.ts)
export type { Scorecard, ScorecardRow };

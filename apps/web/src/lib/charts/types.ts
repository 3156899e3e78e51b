import type { Evaluation, Status } from "@chitieu/domain";

// The shapes the option builders read. They are the public API's JSON (GET /api/v1/public/scorecard
// rows, GET /api/v1/public/indicators/{code}) narrowed to what a chart needs, so the internal
// dashboard can pass its own scorecard rows unchanged.

export type ChartLang = "vi" | "en";

export interface ChartIndicator {
  code: string;
  nameVi: string;
  nameEn: string | null;
  unit: string;
  decimals: number;
  measureKind: string;
}

export interface ChartTarget {
  form: string;
  period: string;
  low?: string | null | undefined;
  high?: string | null | undefined;
  tolerance?: string | null | undefined;
}

/** One scorecard row: an indicator judged against its target as of a period. */
export interface ChartRow {
  indicator: ChartIndicator;
  target: ChartTarget | null;
  evaluation: Pick<Evaluation, "status" | "basedOnEstimate" | "label" | "figures" | "asOf">;
}

/** One figure of a trend: a period code ("2024-03", "2024-Q1", "2024") and an exact decimal string. */
export interface TrendPoint {
  period: string;
  value: string;
  status?: string;
  illustrative?: boolean;
}

export interface TrendSeries {
  indicator: ChartIndicator;
  /** "period" figures or "ytd" (cumulative from January) */
  basis: "period" | "ytd";
  points: TrendPoint[];
}

export type { Status };

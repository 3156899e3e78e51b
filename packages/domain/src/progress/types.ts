import { z } from "zod";

// Inputs cross the API, the web app and the import preview, so they are zod schemas.
// Values are decimal strings with a dot ("23600", "7.5"): the importer has already resolved
// the file's number convention; nothing here guesses it.

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a dot-decimal number such as 7.5");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD");

export const measureKindSchema = z.enum(["flow", "stock", "growth_rate", "ratio", "milestone", "category"]);
export type MeasureKind = z.infer<typeof measureKindSchema>;

export const directionSchema = z.enum(["higher_better", "lower_better", "in_range", "done"]);
export type Direction = z.infer<typeof directionSchema>;

export const frequencySchema = z.enum(["monthly", "quarterly", "annual"]);
export type Frequency = z.infer<typeof frequencySchema>;

export const observationStatusSchema = z.enum(["estimate", "preliminary", "official"]);
export type ObservationStatus = z.infer<typeof observationStatusSchema>;

export const thresholdsSchema = z.object({
  onTrackPoints: z.number().nonnegative(),
  atRiskPoints: z.number().nonnegative(),
  exceededMarginPct: z.number().nonnegative(),
  seasonalMinYears: z.number().int().min(1),
  seasonalMaxYears: z.number().int().min(1),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const observationSchema = z.object({
  /** canonical period code: "2024-03", "2024-Q3", "2024-H1", "2024-9M", "2024" */
  period: z.string().min(4),
  /** "period": the period alone; "ytd": cumulative from 1 January */
  basis: z.enum(["period", "ytd"]),
  /**
   * flow/stock/growth_rate/ratio: a decimal string; milestone: the ISO date it was done,
   * "1" (done, date unknown: the period end is used) or "0" (reported not done);
   * category: the category label ("2" for HDI group 2)
   */
  value: z.string(),
  status: observationStatusSchema,
  /** ratio components; when both are present the ratio is computed from them */
  numerator: decimalString.optional(),
  denominator: decimalString.optional(),
});
export type Observation = z.infer<typeof observationSchema>;

export const targetFormSchema = z.enum([
  "at_least",
  "above",
  "at_most",
  "below",
  "range_floor",
  "range_inside",
  "approximately",
  "change",
  "share_of_plan",
  "avg_annual_growth",
  "level_by_year",
  "milestone",
  "category",
]);
export type TargetForm = z.infer<typeof targetFormSchema>;

/** One revision of a plan amount (kế hoạch vốn được giao, dự toán) in force from a date. */
export const planRevisionSchema = z.object({
  amount: decimalString,
  effectiveFrom: isoDate,
  documentCode: z.string().optional(),
});
export type PlanRevision = z.infer<typeof planRevisionSchema>;

export const provenanceSchema = z.enum(["stated", "inferred", "assumption"]);
export type Provenance = z.infer<typeof provenanceSchema>;

/** Mirrors `data/catalog/targets.csv` (camelCase); see targetFromCatalogRow. */
const clauseSchema = z.object({
  form: targetFormSchema,
  /** "2024", "2021-2030", or the target year of level_by_year ("2030") */
  period: z.string().min(4),
  low: decimalString.optional(),
  high: decimalString.optional(),
  lowInclusive: z.boolean().optional(),
  highInclusive: z.boolean().optional(),
  /** approximately: absolute tolerance in the indicator's unit around low..high */
  tolerance: decimalString.optional(),
  changeUnit: z.enum(["absolute", "percent"]).optional(),
  baselinePeriod: z.string().optional(),
  baselineValue: decimalString.optional(),
  planAmount: decimalString.optional(),
  planRevisions: z.array(planRevisionSchema).optional(),
  categoryValue: z.string().optional(),
  dueDate: isoDate.optional(),
  documentCode: z.string().optional(),
  /** decimals the figure is rounded to (half-up) before it is compared; default: as the bound is written */
  precision: z.number().int().min(0).max(6).optional(),
  /** "phấn đấu": judged like the others, shown as an aspiration */
  aspiration: z.boolean().optional(),
  /** level_by_year: the path from the baseline; default compound for money, straight otherwise */
  path: z.enum(["straight", "compound"]).optional(),
  /** stated in the document / inferred (e.g. a deadline inherited) / an assumption (with why) */
  provenance: provenanceSchema.optional(),
  provenanceNote: z.string().optional(),
  /** the target's own words, verbatim from the document */
  quote: z.string().optional(),
});

/**
 * One target of an indicator × org unit × period. A compound target ("có thêm ít nhất 07 xã
 * … nâng số xã đạt chuẩn lên 137 xã/193 xã, đạt tỷ lệ 71%") carries its other clauses: each is
 * judged and shown, and the verdict says which decides.
 */
export const targetSchema = clauseSchema.extend({
  clauses: z.array(clauseSchema).optional(),
});
export type Target = z.infer<typeof targetSchema>;
export type TargetClause = z.infer<typeof clauseSchema>;

export const indicatorSchema = z.object({
  code: z.string().min(1),
  nameVi: z.string().optional(),
  nameEn: z.string().optional(),
  measureKind: measureKindSchema,
  direction: directionSchema,
  frequency: frequencySchema,
  decimals: z.number().int().min(0).max(6),
  unit: z.string(),
  /** how levels of this indicator combine across org units; derived from kind and unit when absent */
  aggregation: z.enum(["sum", "weighted_share", "none"]).optional(),
  /** ratio = numerator ÷ denominator × multiplier; default 100 when the unit is a %, else 1 */
  ratioMultiplier: z.number().positive().optional(),
  /** what the annual amount of a flow is called: "dự toán" for the budget, else "kế hoạch" */
  planNoun: z.object({ vi: z.string(), en: z.string() }).optional(),
  thresholds: thresholdsSchema.partial().optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const asOfSchema = z.object({
  /** the latest period the evaluation covers: "2024-09", "2024-Q3", "2024-9M", "2024" */
  period: z.string().min(4),
  /** the day of the evaluation (milestones, revised plan amounts); defaults to the period end */
  today: isoDate.optional(),
});
export type AsOf = z.infer<typeof asOfSchema>;

export const STATUSES = [
  "exceeded",
  "achieved",
  "on_track",
  "at_risk",
  "off_track",
  "not_achieved",
  "no_data",
  "not_due",
] as const;
export type Status = (typeof STATUSES)[number];

/** One evaluated indicator × org unit × period, with the figures that produced the status. */
export interface Evaluation {
  indicator: string;
  orgUnit: string;
  /** the target's period ("2024", "2021-2030") */
  period: string;
  asOf: string;
  status: Status;
  /** at least one figure behind the status is an estimate ("ước đạt") */
  basedOnEstimate: boolean;
  label: { vi: string; en: string };
  figures: Figures;
  explanation: { vi: string; en: string };
  notes: string[];
  /** a compound target: every clause judged, and which one decides the status */
  clauses?: ClauseEvaluation[];
}

export interface ClauseEvaluation {
  form: TargetForm;
  status: Status;
  label: { vi: string; en: string };
  explanation: { vi: string; en: string };
  /** false: this clause cannot be judged (no baseline, no figure) */
  judged: boolean;
  /** the clause whose status is the verdict */
  decides: boolean;
}

export interface Figures {
  /** where the figure falls against the target model (model.ts); null when not judged */
  band: "not_achieved" | "nearly" | "achieved" | "exceeded" | "below" | "inside" | "above" | null;
  /** the figure as compared: rounded half-up to the target's precision, or its % of the plan */
  judged: string | null;
  /** the exact quantity before rounding, when rounding changed it */
  unrounded: string | null;
  /** the latest figure is older than the cadence allows: the year of that figure */
  staleSince: number | null;
  /** exact decimal string of the actual (sums of flows are exact) */
  actual: string | null;
  /** period code the actual covers ("2024-9M", "2024-06", "2024") */
  actualPeriod: string | null;
  /** the bound(s) the actual is judged against, as decimal strings */
  target: { low: string | null; high: string | null; amount: string | null };
  /**
   * expected progress to date, % of the annual amount (flows) or of the path (plan targets).
   * Every derived figure below is an exact decimal STRING (see DERIVED_DECIMALS in record.ts):
   * percents at 2 decimals, amounts in the indicator's unit at its decimals + 2 (never fewer
   * than the data carry), rounded half away from zero, trailing zeros dropped ("108", "107.5",
   * "33.33"). Never a binary float.
   */
  expected: string | null;
  expectedMethod: "linear" | "seasonal" | "path" | "level" | null;
  seasonalYears: number[];
  /** year-end forecast of a flow, in the indicator's unit */
  forecast: string | null;
  /** actual ÷ target × 100 (for path and change targets: share of the required change done) */
  progress: string | null;
  /** actual − bound (flows: actual − annual amount), in the indicator's unit */
  gap: string | null;
  sameTimeLastYear: string | null;
  /** flows: share of last year's total reached by the same month (%) */
  sameTimeLastYearShare: string | null;
  /** stocks and rates: change against the same period last year (points for rates) */
  changeVsLastYear: string | null;
  planAmount: string | null;
  planAmountOriginal: string | null;
  baseline: string | null;
  /** avg_annual_growth: compound average so far and still required (%/year) */
  achievedSoFar: string | null;
  stillRequired: string | null;
  yearsWithData: number | null;
  /** level_by_year / change: where the straight path from the baseline stands now */
  pathValue: string | null;
  doneOn: string | null;
  dueDate: string | null;
  late: boolean;
  closed: boolean;
  worstObservationStatus: ObservationStatus | null;
}

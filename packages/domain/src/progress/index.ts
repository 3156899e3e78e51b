// Progress engine: actuals, target forms, expected-to-date, forecasts and statuses.
// Pure functions: no I/O, no clock ("today" comes in with asOf).

export type { BenchOptions, BenchResult } from "./bench.ts";
export { benchScorecard, generateScorecard } from "./bench.ts";
export { targetFromCatalogRow } from "./catalog.ts";
export type { EvaluateInput } from "./evaluate.ts";
export { evaluate } from "./evaluate.ts";
export { forecastYearEnd, linearShare } from "./expected.ts";
export { explain, periodPhrase } from "./explain.ts";
export type { BuildScorecardOptions, SeriesInput } from "./pack.ts";
export { buildScorecardInput } from "./pack.ts";
export type { RollUpMethod, RollUpResult, RollUpRow, StoredFigure, UnitFigure } from "./rollup.ts";
export { aggregationOf, rollUp, rollUpLabel, rollUpSeries } from "./rollup.ts";
export type { ScorecardInput, ScorecardResult } from "./scorecard.ts";
export { evaluateScorecard, sameCategory } from "./scorecard.ts";
export { compareStatus, LABELS as STATUS_LABELS, STATUS_RANK, statusLabel, statusOfCode } from "./status.ts";
export type { SuccessionLink } from "./succession.ts";
export {
  currentUnitOf,
  endedBeforeMerger,
  judgeYearBeforeMerger,
  mergerSentence,
  predecessorLabel,
  predecessorsOf,
  shortUnitName,
} from "./succession.ts";
export { type ScorecardSummary, summarizeStatuses, targetForYear } from "./summary.ts";
export type { CompiledTarget } from "./target-forms.ts";
export {
  compileTarget,
  compoundAverage,
  pathValueAt,
  planAmountOn,
  stillRequiredRate,
} from "./target-forms.ts";
export { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds.ts";
export type {
  AsOf,
  Direction,
  Evaluation,
  Figures,
  Frequency,
  Indicator,
  MeasureKind,
  Observation,
  ObservationStatus,
  PlanRevision,
  Status,
  Target,
  TargetForm,
  Thresholds,
} from "./types.ts";
export {
  asOfSchema,
  directionSchema,
  frequencySchema,
  indicatorSchema,
  measureKindSchema,
  observationSchema,
  observationStatusSchema,
  planRevisionSchema,
  STATUSES,
  targetFormSchema,
  targetSchema,
  thresholdsSchema,
} from "./types.ts";

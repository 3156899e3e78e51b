import { buildScorecardInput } from "./pack.ts";
import { evaluateScorecard } from "./scorecard.ts";
import {
  type AsOf,
  asOfSchema,
  type Evaluation,
  type Indicator,
  indicatorSchema,
  type Observation,
  observationSchema,
  type Target,
  type Thresholds,
  targetSchema,
} from "./types.ts";

export interface EvaluateInput {
  indicator: Indicator;
  target: Target;
  observations: readonly Observation[];
  asOf: AsOf;
  orgUnit?: string;
  thresholds?: Thresholds;
}

/**
 * One indicator × org unit × period. Validates its input (this is the boundary used by the
 * API and the import preview) and runs the same code path as evaluateScorecard.
 */
export function evaluate(input: EvaluateInput): Evaluation {
  const indicator = indicatorSchema.parse(input.indicator);
  const target = targetSchema.parse(input.target);
  const observations = input.observations.map((o) => observationSchema.parse(o));
  const asOf = asOfSchema.parse(input.asOf);
  const packed = buildScorecardInput({
    asOf,
    indicators: [indicator],
    series: [{ indicator: indicator.code, orgUnit: input.orgUnit ?? "", target, observations }],
    ...(input.thresholds ? { thresholds: input.thresholds } : {}),
  });
  return evaluateScorecard(packed).evaluation(0);
}

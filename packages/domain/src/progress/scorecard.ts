import { STATUS_ESTIMATE } from "./actual.ts";
import { makeCtx, newDetail, type ScorecardInput, type ScorecardResult } from "./evaluators/context.ts";
import { evaluateSeries } from "./evaluators/dispatch.ts";
import { materialize } from "./record.ts";
import type { Status } from "./types.ts";
import { STATUSES } from "./types.ts";

export { sameCategory } from "./evaluators/category.ts";
export type { ScorecardInput, ScorecardResult } from "./evaluators/context.ts";

/**
 * Evaluates every series, each by the evaluator of its target family (evaluators/). The loop
 * reuses its readings, seasonal scratch and detail record; sums run on scaled integers, and
 * every verdict is read from the target model (model.ts) in exact decimals.
 */
export function evaluateScorecard(input: ScorecardInput): ScorecardResult {
  const ctx = makeCtx(input);
  const count = input.seriesIndicator.length;
  const status = new Uint8Array(count);
  const estimate = new Uint8Array(count);
  const actual = new Float64Array(count);
  const progress = new Float64Array(count);
  const expected = new Float64Array(count);
  const forecast = new Float64Array(count);
  const tally = new Uint32Array(STATUSES.length);
  const d = newDetail();
  for (let s = 0; s < count; s++) {
    evaluateSeries(ctx, s, d);
    status[s] = d.status;
    tally[d.status] = (tally[d.status] as number) + 1;
    estimate[s] = d.worst === STATUS_ESTIMATE ? 1 : 0;
    actual[s] = d.value;
    progress[s] = d.progress;
    expected[s] = d.expected;
    forecast[s] = d.forecast;
  }
  const counts = Object.fromEntries(STATUSES.map((st, i) => [st, tally[i] as number])) as Record<
    Status,
    number
  >;
  return {
    count,
    status,
    basedOnEstimate: estimate,
    actual,
    progress,
    expected,
    forecast,
    counts,
    evaluation: (s: number) => materialize(ctx, s),
  };
}

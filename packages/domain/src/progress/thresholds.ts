import type { Indicator, Thresholds } from "./types.ts";
import { thresholdsSchema } from "./types.ts";

/**
 * The one place where status thresholds live. Shown to users as written here.
 *
 * Progress and expected are both "% of the target" (flows: cumulative ÷ annual amount;
 * levels: actual ÷ bound, expected 100; plan paths: share of the required change done,
 * expected = share of the plan period elapsed).
 *
 * - on_track  when progress ≥ expected − onTrackPoints (5 points)
 * - at_risk   when progress ≥ expected − atRiskPoints (15 points)
 * - off_track otherwise (for lower-is-better the comparison is mirrored)
 * - achieved  when the actual satisfies the bound (flows may be achieved before year end:
 *   a cumulative amount does not fall back; levels only once the period is closed)
 * - exceeded  when achieved and beyond an inclusive bound by more than exceededMarginPct %
 *   of the bound (0: anything beyond "đạt 23.600" is "vượt"); range_floor is exceeded above
 *   its upper end; strict forms ("trên", "dưới") need a margin above 0 to be "exceeded"
 * - seasonal expected-to-date needs seasonalMinYears (2) earlier complete years; the latest
 *   seasonalMaxYears (3) are averaged
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  onTrackPoints: 5,
  atRiskPoints: 15,
  exceededMarginPct: 0,
  seasonalMinYears: 2,
  seasonalMaxYears: 3,
});

export function resolveThresholds(
  indicator?: Pick<Indicator, "thresholds">,
  base: Thresholds = DEFAULT_THRESHOLDS,
): Thresholds {
  const override = indicator?.thresholds;
  if (!override) return base;
  const merged = thresholdsSchema.parse({ ...base, ...stripUndefined(override) });
  if (merged.atRiskPoints < merged.onTrackPoints) {
    throw new RangeError(
      `thresholds: atRiskPoints (${merged.atRiskPoints}) must be ≥ onTrackPoints (${merged.onTrackPoints})`,
    );
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

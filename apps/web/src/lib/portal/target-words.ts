import type { TargetText } from "@chitieu/domain";
import type { PublicTarget } from "./types.ts";

/** A target of the public API (camelCase) as the domain's wording reads it. */
export function targetWords(t: PublicTarget, direction: string | null): TargetText {
  return {
    form: t.form,
    low: t.low,
    high: t.high,
    low_inclusive: t.lowInclusive,
    high_inclusive: t.highInclusive,
    tolerance: t.tolerance,
    change_unit: t.changeUnit,
    baseline_period: t.baselinePeriod,
    category_value: t.categoryValue,
    due_date: t.dueDate,
    period: t.period,
    direction,
  };
}

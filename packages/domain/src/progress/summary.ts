import { STATUSES, type Status } from "./types.ts";

// What a scorecard says in one line ("14/17 chỉ tiêu ước đạt và vượt") and which target an
// as-of year is judged against: rules the API, the dashboard and the portal share.

/** The target for a year: that year's own, else a plan period covering it, else the nearest later target year. */
export function targetForYear<T extends { period: string }>(targets: readonly T[], year: number): T | null {
  const exact = targets.find((t) => t.period === String(year));
  if (exact) return exact;
  const plan = targets.find((t) => {
    const [from, to] = t.period.split("-").map(Number);
    return to !== undefined && (from as number) <= year && year <= to;
  });
  if (plan) return plan;
  const later = targets
    .filter((t) => !t.period.includes("-") && Number(t.period) > year)
    .sort((a, b) => Number(a.period) - Number(b.period));
  return later[0] ?? null;
}

export interface ScorecardSummary {
  counts: Record<Status, number>;
  /** achieved or exceeded */
  achievedOrExceeded: number;
  /** those that could be judged: neither without data nor before their period */
  judged: number;
  total: number;
  /** some achieved or exceeded status rests on an estimate: say "ước đạt" */
  basedOnEstimate: boolean;
}

export function summarizeStatuses(
  evaluations: readonly { status: Status; basedOnEstimate: boolean }[],
): ScorecardSummary {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of evaluations) counts[e.status]++;
  return {
    counts,
    achievedOrExceeded: counts.achieved + counts.exceeded,
    judged: evaluations.length - counts.no_data - counts.not_due,
    total: evaluations.length,
    basedOnEstimate: evaluations.some(
      (e) => e.basedOnEstimate && (e.status === "achieved" || e.status === "exceeded"),
    ),
  };
}

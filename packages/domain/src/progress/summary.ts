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
  /** every target on the scorecard: the province's "x/y" counts against all of them */
  total: number;
  onTrack: number;
  /** at risk or off track */
  atRisk: number;
  notAchieved: number;
  /** no data yet, or not due */
  notJudged: number;
  /** some achieved or exceeded status rests on an estimate: say "ước đạt" */
  basedOnEstimate: boolean;
  /** the one line the portal, the dashboard and the API show */
  line: { vi: string; en: string };
}

/**
 * The province's count: "15/17 chỉ tiêu ước đạt và vượt" against every target of the
 * scorecard, with on track, at risk and not yet judged next to it. The API, the dashboard and
 * the portal all show this line.
 */
export function summarizeStatuses(
  evaluations: readonly { status: Status; basedOnEstimate: boolean }[],
): ScorecardSummary {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of evaluations) counts[e.status]++;
  const achievedOrExceeded = counts.achieved + counts.exceeded;
  const total = evaluations.length;
  const onTrack = counts.on_track;
  const atRisk = counts.at_risk + counts.off_track;
  const notAchieved = counts.not_achieved;
  const notJudged = counts.no_data + counts.not_due;
  const basedOnEstimate = evaluations.some(
    (e) => e.basedOnEstimate && (e.status === "achieved" || e.status === "exceeded"),
  );
  const vi = [`${achievedOrExceeded}/${total} chỉ tiêu ${basedOnEstimate ? "ước " : ""}đạt và vượt`];
  const en = [
    `${achievedOrExceeded}/${total} targets ${basedOnEstimate ? "estimated " : ""}achieved or exceeded`,
  ];
  const part = (n: number, v: string, e: string) => {
    if (n > 0) {
      vi.push(`${n} ${v}`);
      en.push(`${n} ${e}`);
    }
  };
  part(onTrack, "đúng tiến độ", "on track");
  part(atRisk, "có nguy cơ không đạt hoặc chậm tiến độ", "at risk or off track");
  part(notAchieved, "không đạt", "not achieved");
  part(notJudged, "chưa đánh giá", "not yet judged");
  return {
    counts,
    achievedOrExceeded,
    judged: total - notJudged,
    total,
    onTrack,
    atRisk,
    notAchieved,
    notJudged,
    basedOnEstimate,
    line: { vi: vi.join("; "), en: en.join("; ") },
  };
}

import { formatDateVi } from "../date.ts";
import { parsePeriod, periodEnd } from "../period.ts";
import { rollUp } from "./rollup.ts";
import type { Indicator, Observation, ObservationStatus } from "./types.ts";

/** A unit the successor replaced, and the first day the successor stands for it. */
export interface Predecessor {
  orgUnit: string;
  effectiveFrom: string;
}

export interface SuccessionInput {
  indicator: Pick<Indicator, "measureKind" | "unit" | "aggregation" | "ratioMultiplier">;
  successor: string;
  predecessors: readonly Predecessor[];
  /** observations by org unit code: the successor's own and each predecessor's */
  observations: Readonly<Record<string, readonly Observation[]>>;
}

export interface SuccessionNote {
  period: string;
  basis: Observation["basis"];
  from: string[];
  vi: string;
  en: string;
}

export interface SuccessionResult {
  /** the successor's series: its own figures, and for earlier periods its predecessors' */
  observations: Observation[];
  notes: SuccessionNote[];
}

const WORST: Record<ObservationStatus, number> = { official: 0, preliminary: 1, estimate: 2 };

/**
 * Figures of a unit that replaced others (a merged province): for a period that ended before
 * a predecessor's effective date, the predecessors' figures stand in (one predecessor: its
 * figure; several: rolled up per the measure kind). The successor's own figure for a key
 * always wins. Every borrowed figure carries sourceOrgUnit and a note. List the successor
 * among its own predecessors when it keeps an old unit's code.
 */
export function withPredecessors(input: SuccessionInput): SuccessionResult {
  const key = (o: Observation) => `${o.period}|${o.basis}`;
  // a successor that keeps a predecessor's code (Đà Nẵng after absorbing Quảng Nam) reports,
  // before the merger, only the old unit's figure: that one is a predecessor's, not its own
  const self = input.predecessors.find((p) => p.orgUnit === input.successor);
  const own = (input.observations[input.successor] ?? []).filter((o) => {
    if (!self) return true;
    const period = parsePeriod(o.period);
    return !period || periodEnd(period) >= self.effectiveFrom;
  });
  const ownKeys = new Set(own.map(key));
  const out: Observation[] = [...own];
  const notes: SuccessionNote[] = [];

  const candidates = new Map<string, { period: string; basis: Observation["basis"]; end: string }>();
  for (const p of input.predecessors) {
    for (const o of input.observations[p.orgUnit] ?? []) {
      const k = key(o);
      if (ownKeys.has(k) || candidates.has(k)) continue;
      const period = parsePeriod(o.period);
      if (!period) continue;
      candidates.set(k, { period: o.period, basis: o.basis, end: periodEnd(period) });
    }
  }

  for (const [k, c] of candidates) {
    const relevant = input.predecessors.filter((p) => c.end < p.effectiveFrom);
    if (relevant.length === 0) continue;
    const figures = relevant.map((p) => ({
      predecessor: p,
      obs: (input.observations[p.orgUnit] ?? []).find((o) => key(o) === k),
    }));
    const lacking = figures.filter((f) => !f.obs).map((f) => f.predecessor.orgUnit);
    const from = relevant.map((p) => p.orgUnit);
    if (lacking.length > 0) {
      notes.push({
        period: c.period,
        basis: c.basis,
        from,
        vi: `${c.period}: thiếu số liệu của ${lacking.join(", ")}, không ghép được số liệu trước sáp nhập`,
        en: `${c.period}: ${lacking.join(", ")} lack a figure; the pre-merger figure cannot be assembled`,
      });
      continue;
    }
    const present = figures.map((f) => f.obs as Observation);
    const status = present.reduce<ObservationStatus>(
      (w, o) => (WORST[o.status] > WORST[w] ? o.status : w),
      "official",
    );
    let observation: Observation;
    if (present.length === 1) {
      observation = { ...(present[0] as Observation), sourceOrgUnit: from[0] as string };
    } else {
      const r = rollUp(
        input.indicator,
        present.map((o, i) => ({
          orgUnit: from[i] as string,
          value: o.value,
          numerator: o.numerator,
          denominator: o.denominator,
          status: o.status,
        })),
      );
      if (r.kind === "not_aggregable") {
        notes.push({
          period: c.period,
          basis: c.basis,
          from,
          vi: `${c.period}: ${r.reason.vi}`,
          en: `${c.period}: ${r.reason.en}`,
        });
        continue;
      }
      observation = {
        period: c.period,
        basis: c.basis,
        value: r.value,
        status,
        sourceOrgUnit: from.join(" + "),
      };
    }
    out.push(observation);
    const since = relevant.map((p) => formatDateVi(p.effectiveFrom));
    notes.push({
      period: c.period,
      basis: c.basis,
      from,
      vi: `${c.period}: số liệu của ${from.join(" + ")} (trước khi hợp nhất ngày ${since[0]})`,
      en: `${c.period}: figure of ${from.join(" + ")} (before the merger of ${relevant[0]?.effectiveFrom})`,
    });
  }
  return { observations: out, notes };
}

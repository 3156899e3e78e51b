import { STATUS_ESTIMATE } from "./actual.ts";
import { evaluateScorecard, type ScorecardInput } from "./scorecard.ts";
import type { Indicator, MeasureKind, Target } from "./types.ts";

export interface BenchResult {
  /** median wall time of evaluateScorecard over the timed runs (after one warm-up run) */
  ms: number;
  evaluationsPerSecond: number;
  /** the first, cold run (JIT not yet warm) */
  coldMs: number;
  series: number;
  observations: number;
}

export interface BenchOptions {
  indicators?: number;
  orgUnits?: number;
  months?: number;
  runs?: number;
  seed?: number;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same scorecard. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: readonly [MeasureKind, number][] = [
  ["flow", 0.6],
  ["stock", 0.2],
  ["growth_rate", 0.1],
  ["ratio", 0.05],
  ["milestone", 0.03],
  ["category", 0.02],
];

function kindAt(i: number, n: number): MeasureKind {
  let x = (i + 0.5) / n;
  for (const [k, share] of KINDS) {
    if (x < share) return k;
    x -= share;
  }
  return "flow";
}

/**
 * A synthetic scorecard of indicators × org units × months of observations (every series
 * has its own target, the worst case for target compilation), as evaluateScorecard reads it.
 */
export function generateScorecard(options: BenchOptions = {}): ScorecardInput {
  const nInd = options.indicators ?? 500;
  const nUnits = options.orgUnits ?? 150;
  const months = options.months ?? 24;
  const rand = mulberry32(options.seed ?? 20240930);
  const startYear = 2025 - Math.ceil(months / 12);
  const asOfYear = startYear + Math.ceil(months / 12) - 1;
  const indicators: Indicator[] = [];
  const scales = new Uint8Array(nInd);
  for (let i = 0; i < nInd; i++) {
    const kind = kindAt(i, nInd);
    const percent = kind === "growth_rate" || kind === "ratio" || (kind === "stock" && i % 2 === 0);
    indicators.push({
      code: `ind_${i}`,
      measureKind: kind,
      direction:
        kind === "stock" && i % 5 === 0 ? "lower_better" : kind === "milestone" ? "done" : "higher_better",
      frequency: "monthly",
      decimals: kind === "flow" ? 0 : 1,
      unit: percent ? "%" : kind === "flow" ? "tỷ đồng" : "hộ",
    });
    scales[i] = kind === "flow" ? 1 : kind === "milestone" || kind === "category" ? 0 : 2;
  }
  const orgUnits = Array.from({ length: nUnits }, (_, u) => `unit_${u}`);
  const count = nInd * nUnits;
  const size = count * months;
  const period = new Float64Array(size).fill(Number.NaN);
  const ytd = new Float64Array(size).fill(Number.NaN);
  const flags = new Uint8Array(size);
  const seriesIndicator = new Uint32Array(count);
  const seriesOrgUnit = new Uint32Array(count);
  const seriesTarget = new Int32Array(count);
  const targets: Target[] = [];
  const categoryLabels: (string[] | undefined)[] = indicators.map((ind) =>
    ind.measureKind === "category" ? ["1", "2", "3"] : undefined,
  );

  let s = 0;
  for (let i = 0; i < nInd; i++) {
    const ind = indicators[i] as Indicator;
    for (let u = 0; u < nUnits; u++, s++) {
      seriesIndicator[s] = i;
      seriesOrgUnit[s] = u;
      seriesTarget[s] = targets.length;
      const base = s * months;
      const level = 50 + rand() * 40;
      let yearTotal = 0;
      for (let j = 0; j < months; j++) {
        const k = base + j;
        const month = (j % 12) + 1;
        if (month === 1) yearTotal = 0;
        if (j === months - 4 || (j >= months - 3 && rand() < 0.3))
          flags[k] = STATUS_ESTIMATE | (STATUS_ESTIMATE << 2);
        switch (ind.measureKind) {
          case "flow": {
            const v = Math.round((80 + rand() * 60) * (month >= 10 ? 1.6 : 1) * 10);
            period[k] = v;
            yearTotal += v;
            break;
          }
          case "stock":
          case "ratio":
            period[k] = Math.round((level + j * 0.2 + rand()) * 100);
            break;
          case "growth_rate":
            ytd[k] = Math.round((5 + rand() * 4) * 100);
            break;
          case "milestone":
            period[k] = 0;
            break;
          case "category":
            period[k] = rand() < 0.8 ? 1 : 2;
            break;
        }
      }
      const year = String(asOfYear);
      switch (ind.measureKind) {
        case "flow":
          targets.push({ form: "at_least", period: year, low: String(Math.round(yearTotal / 10)) });
          break;
        case "stock":
          targets.push(
            ind.direction === "lower_better"
              ? { form: "below", period: year, high: (level + 3).toFixed(1) }
              : { form: "at_least", period: year, low: (level + 2).toFixed(1) },
          );
          break;
        case "growth_rate":
          targets.push({ form: "range_floor", period: year, low: "7.5", high: "8" });
          break;
        case "ratio":
          targets.push({ form: "above", period: year, low: level.toFixed(1) });
          break;
        case "milestone":
          targets.push({ form: "milestone", period: year, dueDate: `${asOfYear}-06-30` });
          break;
        case "category":
          targets.push({ form: "category", period: year, categoryValue: "2" });
          break;
      }
    }
  }
  return {
    asOf: { period: `${asOfYear}-09` },
    startYear,
    months,
    indicators,
    scales,
    orgUnits,
    targets,
    seriesIndicator,
    seriesOrgUnit,
    seriesTarget,
    period,
    ytd,
    flags,
    categoryLabels,
  };
}

/** Times evaluateScorecard on 500 indicators × 150 org units × 24 months (generation excluded). */
export function benchScorecard(options: BenchOptions = {}): BenchResult {
  const input = generateScorecard(options);
  const runs = options.runs ?? 7;
  let t0 = performance.now();
  let result = evaluateScorecard(input);
  const coldMs = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    result = evaluateScorecard(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] ?? coldMs;
  let observations = 0;
  for (let k = 0; k < input.period.length; k++) {
    if (!Number.isNaN(input.period[k]) || !Number.isNaN(input.ytd[k])) observations++;
  }
  return {
    ms: Math.round(ms * 100) / 100,
    evaluationsPerSecond: Math.round((result.count / ms) * 1000),
    coldMs: Math.round(coldMs * 100) / 100,
    series: result.count,
    observations,
  };
}

import { isoToInt, monthEndIso, monthsStep, spanOf } from "./calendar.ts";
import { fractionDigits, spreadsheetArtefact, toScaled } from "./scaled.ts";
import type { ScorecardInput } from "./scorecard.ts";
import type { AsOf, Indicator, Observation, Target, Thresholds } from "./types.ts";

export interface SeriesInput {
  indicator: string;
  orgUnit: string;
  target?: Target | undefined;
  /** the current value of each key (the storage layer has already picked the latest revision) */
  observations: readonly Observation[];
}

export interface BuildScorecardOptions {
  asOf: AsOf;
  indicators: readonly Indicator[];
  series: readonly SeriesInput[];
  /** first and last calendar year of the grid; derived from the data when absent */
  startYear?: number;
  endYear?: number;
  thresholds?: Thresholds;
}

const STATUS_BITS = { official: 0, preliminary: 1, estimate: 2 } as const;
const MAX_SCALE = 12;

/**
 * Packs observation objects into the flat layout evaluateScorecard reads. Inputs are
 * trusted to match the zod schemas (validate at the boundary, not per figure here).
 */
export function buildScorecardInput(options: BuildScorecardOptions): ScorecardInput {
  const { asOf, series } = options;
  const indicators = [...options.indicators];
  const indicatorIndex = new Map(indicators.map((ind, i) => [ind.code, i]));
  const asOfSpan = spanOf(asOf.period);
  if (!asOfSpan) throw new RangeError(`asOf period "${asOf.period}" is not a period code`);

  let minYear = options.startYear ?? asOfSpan.year;
  let maxYear = options.endYear ?? asOfSpan.endYear;
  const scales = new Uint8Array(indicators.length);
  for (const s of series) {
    const i = indicatorIndex.get(s.indicator);
    if (i === undefined) throw new RangeError(`unknown indicator "${s.indicator}"`);
    const ind = indicators[i] as Indicator;
    if (options.startYear === undefined) {
      if (s.target) {
        const ts = spanOf(s.target.period);
        if (ts && ts.kind === "plan") minYear = Math.min(minYear, ts.year);
        const bs = s.target.baselinePeriod ? spanOf(s.target.baselinePeriod) : null;
        if (bs) minYear = Math.min(minYear, bs.endYear);
      }
    }
    for (const o of s.observations) {
      const span = spanOf(o.period);
      if (!span) continue;
      if (options.startYear === undefined) minYear = Math.min(minYear, span.year);
      if (options.endYear === undefined) maxYear = Math.max(maxYear, span.endYear);
      if (ind.measureKind !== "milestone" && ind.measureKind !== "category") {
        let f = Math.max(scales[i] as number, numericDigits(o.value));
        if (o.numerator) f = Math.max(f, fractionDigits(o.numerator));
        if (o.denominator) f = Math.max(f, fractionDigits(o.denominator));
        scales[i] = Math.min(f, MAX_SCALE);
      }
    }
  }
  const months = (maxYear - minYear + 1) * 12;
  const n = series.length;
  const period = new Float64Array(n * months).fill(Number.NaN);
  const ytd = new Float64Array(n * months).fill(Number.NaN);
  const flags = new Uint8Array(n * months);
  let numerator: Float64Array | undefined;
  let denominator: Float64Array | undefined;
  const orgUnits: string[] = [];
  const orgUnitIndex = new Map<string, number>();
  const targets: Target[] = [];
  const targetIndex = new Map<Target, number>();
  const seriesIndicator = new Uint32Array(n);
  const seriesOrgUnit = new Uint32Array(n);
  const seriesTarget = new Int32Array(n).fill(-1);
  const categoryLabels: (string[] | undefined)[] = indicators.map((ind) =>
    ind.measureKind === "category" ? [] : undefined,
  );
  const packNotes = new Map<number, string[]>();
  const noteFor = (s: number, text: string) => {
    const list = packNotes.get(s);
    if (list) list.push(text);
    else packNotes.set(s, [text]);
  };

  series.forEach((sr, s) => {
    const i = indicatorIndex.get(sr.indicator) as number;
    const ind = indicators[i] as Indicator;
    seriesIndicator[s] = i;
    let u = orgUnitIndex.get(sr.orgUnit);
    if (u === undefined) {
      u = orgUnits.length;
      orgUnits.push(sr.orgUnit);
      orgUnitIndex.set(sr.orgUnit, u);
    }
    seriesOrgUnit[s] = u;
    if (sr.target) {
      let t = targetIndex.get(sr.target);
      if (t === undefined) {
        t = targets.length;
        targets.push(sr.target);
        targetIndex.set(sr.target, t);
      }
      seriesTarget[s] = t;
    }
    const step = monthsStep(ind.frequency);
    const scale = scales[i] as number;
    for (const o of sr.observations) {
      const span = spanOf(o.period);
      if (!span || span.kind === "plan") {
        noteFor(s, `Bỏ qua kỳ "${o.period}" / period "${o.period}" ignored`);
        continue;
      }
      const length = span.lastMonth - span.firstMonth + 1;
      const cumulative = o.basis === "ytd" || span.firstMonth === 1;
      if (ind.measureKind === "flow" && !cumulative && length !== step) {
        noteFor(
          s,
          `Bỏ qua ${o.period}: không khớp chu kỳ báo cáo / ${o.period} ignored: not the reporting cadence`,
        );
        continue;
      }
      const j = s * months + (span.year - minYear) * 12 + span.lastMonth - 1;
      const plane = cumulative ? ytd : period;
      const value = packValue(ind, o, span.year, span.lastMonth, categoryLabels[i], scale);
      const artefact =
        ind.measureKind === "milestone" || ind.measureKind === "category"
          ? null
          : spreadsheetArtefact(o.value);
      if (artefact !== null && !Number.isNaN(value))
        noteFor(
          s,
          `${o.period}: "${o.value}" đọc là ${artefact} (phần sau 15 chữ số có nghĩa là sai số của bảng tính) / read as ${artefact} (digits past 15 significant ones are spreadsheet float residue)`,
        );
      const hasComponents = o.numerator !== undefined && o.denominator !== undefined;
      if (Number.isNaN(value) && !hasComponents) {
        noteFor(s, `Giá trị không đọc được ở ${o.period}: "${o.value}" / unreadable value`);
        continue;
      }
      if (!Number.isNaN(plane[j] as number)) {
        // an official figure is never shadowed by an estimate of the same period
        const held = cumulative ? ((flags[j] as number) >> 2) & 3 : (flags[j] as number) & 3;
        if (STATUS_BITS[o.status] > held) {
          noteFor(
            s,
            `Trùng kỳ ${o.period}: giữ số chính thức, bỏ số ước / duplicate ${o.period}: the official figure kept over the estimate`,
          );
          continue;
        }
        noteFor(s, `Trùng kỳ ${o.period}: lấy giá trị sau / duplicate ${o.period}: last one kept`);
      }
      plane[j] = value;
      const bits = STATUS_BITS[o.status];
      flags[j] = cumulative
        ? ((flags[j] as number) & 0b0011) | (bits << 2)
        : ((flags[j] as number) & 0b1100) | bits;
      if (hasComponents) {
        numerator ??= new Float64Array(n * months).fill(Number.NaN);
        denominator ??= new Float64Array(n * months).fill(Number.NaN);
        numerator[j] = toScaled(o.numerator as string, scale);
        denominator[j] = toScaled(o.denominator as string, scale);
      }
    }
  });

  return {
    asOf,
    startYear: minYear,
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
    numerator,
    denominator,
    categoryLabels,
    packNotes,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  };
}

function numericDigits(value: string): number {
  const v = spreadsheetArtefact(value) ?? value.trim();
  return /^-?\d+(\.\d+)?$/.test(v) ? fractionDigits(v.replace(/0+$/, "")) : 0;
}

function packValue(
  ind: Indicator,
  o: Observation,
  year: number,
  month: number,
  labels: string[] | undefined,
  scale: number,
): number {
  const v = o.value.trim();
  if (ind.measureKind === "milestone") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return isoToInt(v);
    if (v === "1" || v === "true") return isoToInt(monthEndIso(year, month));
    if (v === "0" || v === "false") return 0;
    return Number.NaN;
  }
  if (ind.measureKind === "category") {
    if (!labels) return Number.NaN;
    const label = v.normalize("NFC");
    let k = labels.indexOf(label);
    if (k < 0) {
      k = labels.length;
      labels.push(label);
    }
    return k;
  }
  try {
    return toScaled(spreadsheetArtefact(v) ?? v, scale);
  } catch {
    return Number.NaN;
  }
}

import type { ChartTarget } from "./types.ts";

// How a target is drawn: a range as a band, a floor as a band from the floor up, a ceiling
// (lower is better) as a band from the ceiling down with the axis reversed, so "better" always
// points the same way. null ends mean "to the edge of the axis".

export interface Band {
  from: number | null;
  to: number | null;
  /** "target": what the target asks for; "beyond": above the top of a range_floor ("vượt") */
  kind: "target" | "beyond";
}

export interface TargetShape {
  bands: Band[];
  /** lower is better: the axis is drawn reversed */
  reversed: boolean;
  /** the figure is compared with the target as a share of it (share_of_plan, change): a % scale */
  percentScale: boolean;
}

const n = (v: string | null | undefined): number | null =>
  v === null || v === undefined || v === "" ? null : Number(v);

export function targetShape(target: ChartTarget | null): TargetShape {
  if (!target) return { bands: [], reversed: false, percentScale: false };
  const low = n(target.low);
  const high = n(target.high);
  switch (target.form) {
    case "at_least":
    case "above":
      return {
        bands: low === null ? [] : [{ from: low, to: null, kind: "target" }],
        reversed: false,
        percentScale: false,
      };
    case "at_most":
    case "below":
      return {
        bands: high === null ? [] : [{ from: null, to: high, kind: "target" }],
        reversed: true,
        percentScale: false,
      };
    case "range_floor":
    case "avg_annual_growth": {
      if (low === null) return { bands: [], reversed: false, percentScale: false };
      const top = high ?? low;
      const bands: Band[] = [{ from: low, to: top, kind: "target" }];
      bands.push({ from: top, to: null, kind: "beyond" });
      return { bands, reversed: false, percentScale: false };
    }
    case "range_inside":
      return {
        bands: low === null || high === null ? [] : [{ from: low, to: high, kind: "target" }],
        reversed: false,
        percentScale: false,
      };
    case "approximately": {
      const tol = n(target.tolerance) ?? 0;
      const a = low ?? high;
      const b = high ?? low;
      return {
        bands: a === null || b === null ? [] : [{ from: a - tol, to: b + tol, kind: "target" }],
        reversed: false,
        percentScale: false,
      };
    }
    case "level_by_year":
      if (low !== null)
        return { bands: [{ from: low, to: high, kind: "target" }], reversed: false, percentScale: false };
      return {
        bands: high === null ? [] : [{ from: null, to: high, kind: "target" }],
        reversed: true,
        percentScale: false,
      };
    case "share_of_plan":
    case "change":
      // progress is "% of the plan" / "% of the required change done": the target is 100% and up
      return { bands: [{ from: 100, to: null, kind: "target" }], reversed: false, percentScale: true };
    default:
      return { bands: [], reversed: false, percentScale: false };
  }
}

/** A padded axis extent that holds every value and every finite band end. */
export function extent(
  values: Array<number | null | undefined>,
  bands: Band[],
  startAtZero: boolean,
): { min: number; max: number } {
  const xs = [...values, ...bands.flatMap((b) => [b.from, b.to])].filter(
    (v): v is number => typeof v === "number" && Number.isFinite(v),
  );
  if (xs.length === 0) return { min: 0, max: 1 };
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (startAtZero) lo = Math.min(0, lo);
  const span = hi - lo || Math.abs(hi) || 1;
  hi = hi + span * 0.12;
  if (!startAtZero) lo = lo - span * 0.12;
  return { min: nice(lo, "down"), max: nice(hi, "up") };
}

function nice(v: number, dir: "up" | "down"): number {
  if (v === 0) return 0;
  const mag = 10 ** Math.floor(Math.log10(Math.abs(v)) - 1);
  const f = dir === "up" ? Math.ceil : Math.floor;
  return Number((f(v / mag) * mag).toPrecision(12));
}

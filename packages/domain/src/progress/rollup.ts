import { type Decimal, dec, decToString } from "../decimal.ts";
import type { Indicator, ObservationStatus } from "./types.ts";

/** One unit's figure for the same indicator and period. */
export interface UnitFigure {
  orgUnit: string;
  /** the reported value (milestone: a done date or "1"/"0") */
  value?: string | undefined;
  /** ratios and shares: the components; growth rates: level now (numerator) and a year earlier (denominator) */
  numerator?: string | undefined;
  denominator?: string | undefined;
  status: ObservationStatus;
}

export type RollUpMethod = "sum" | "weighted_share" | "ratio_of_sums" | "growth_from_levels" | "count_done";

export type RollUpResult =
  | {
      kind: "value";
      method: RollUpMethod;
      /** the value to show for the parent: its own report when it has one, else the children's */
      value: string;
      childrenValue: string;
      parentReported: string | null;
      /** parent − children, when the parent reports its own value */
      difference: string | null;
      basedOnEstimate: boolean;
      /** children without a usable figure (the value covers the others only) */
      missing: string[];
    }
  | {
      kind: "not_aggregable";
      reason: { vi: string; en: string };
      parentReported: string | null;
      basedOnEstimate: boolean;
    };

/** Units whose counts add up across org units. */
const COUNT_UNITS = new Set([
  "hộ",
  "người",
  "lao động",
  "xã",
  "huyện",
  "thôn",
  "ha",
  "doanh nghiệp",
  "dự án",
  "lượt",
  "lượt người",
  "giường",
  "trường",
  "tỷ đồng",
  "triệu đồng",
  "nghìn tấn",
  "tấn",
  "công trình",
  "cơ sở",
]);

/** How a stock combines across units when the indicator does not say. */
export function aggregationOf(indicator: Pick<Indicator, "measureKind" | "unit" | "aggregation">) {
  if (indicator.aggregation) return indicator.aggregation;
  const unit = indicator.unit.trim().toLowerCase();
  if (unit.includes("%")) return "weighted_share";
  if (COUNT_UNITS.has(unit)) return "sum";
  return "none";
}

const NOT_FROM_RATES = {
  vi: "Không tính được tốc độ tăng của đơn vị cấp trên từ tốc độ của các đơn vị: cần số tuyệt đối kỳ này và cùng kỳ",
  en: "A parent's growth rate cannot be derived from the children's rates: levels for this period and a year earlier are needed",
};

/**
 * Rolls the children's figures up to the parent, per measure kind: flows and counts add,
 * shares weigh by their denominators, ratios divide summed components, growth rates only
 * from levels. A parent's own report wins and the difference from its children is shown.
 */
export function rollUp(
  indicator: Pick<Indicator, "measureKind" | "unit" | "aggregation" | "ratioMultiplier">,
  children: readonly UnitFigure[],
  parent?: UnitFigure,
): RollUpResult {
  const parentReported = parent?.value !== undefined && parent.value !== "" ? parent.value : null;
  const estimate =
    children.some((c) => c.status === "estimate") ||
    (parentReported !== null && parent?.status === "estimate");
  const fail = (reason: { vi: string; en: string }): RollUpResult => ({
    kind: "not_aggregable",
    reason,
    parentReported,
    basedOnEstimate: estimate,
  });
  const multiplier = dec(indicator.ratioMultiplier ?? (indicator.unit.includes("%") ? 100 : 1));
  const missing: string[] = [];
  let method: RollUpMethod;
  let total: Decimal;

  switch (indicator.measureKind) {
    case "category":
      return fail({
        vi: "Chỉ tiêu phân loại không cộng gộp được",
        en: "A category cannot be aggregated",
      });
    case "milestone": {
      method = "count_done";
      let done = 0;
      for (const c of children) {
        if (c.value === undefined || c.value === "") missing.push(c.orgUnit);
        else if (c.value !== "0" && c.value !== "false") done++;
      }
      total = dec(done);
      break;
    }
    case "growth_rate": {
      method = "growth_from_levels";
      let now = dec(0);
      let before = dec(0);
      for (const c of children) {
        if (c.numerator === undefined || c.denominator === undefined) return fail(NOT_FROM_RATES);
        now = now.plus(c.numerator);
        before = before.plus(c.denominator);
      }
      if (before.isZero()) return fail(NOT_FROM_RATES);
      total = now.div(before).minus(1).times(100);
      break;
    }
    case "ratio": {
      method = "ratio_of_sums";
      const r = sumComponents(children, missing);
      if (!r) {
        return fail({
          vi: "Thiếu tử số hoặc mẫu số của đơn vị cấp dưới",
          en: "Children lack numerators or denominators",
        });
      }
      total = r.num.div(r.den).times(multiplier);
      break;
    }
    case "flow":
      method = "sum";
      total = sumValues(children, missing);
      break;
    case "stock": {
      const how = aggregationOf(indicator);
      if (how === "sum") {
        method = "sum";
        total = sumValues(children, missing);
      } else if (how === "weighted_share") {
        method = "weighted_share";
        let weighted = dec(0);
        let weights = dec(0);
        for (const c of children) {
          if (c.numerator === undefined && (c.value === undefined || c.value === "")) {
            missing.push(c.orgUnit);
            continue;
          }
          if (c.denominator === undefined) {
            return fail({
              vi: "Tỷ lệ chỉ cộng gộp được khi có mẫu số (quy mô) của từng đơn vị",
              en: "Shares aggregate only with each unit's denominator",
            });
          }
          const share =
            c.numerator !== undefined
              ? dec(c.numerator).div(c.denominator).times(multiplier)
              : c.value !== undefined && c.value !== ""
                ? dec(c.value)
                : null;
          if (share === null) {
            missing.push(c.orgUnit);
            continue;
          }
          weighted = weighted.plus(share.times(c.denominator));
          weights = weights.plus(c.denominator);
        }
        if (weights.isZero()) return fail({ vi: "Mẫu số bằng 0", en: "Denominators sum to zero" });
        total = weighted.div(weights);
      } else {
        return fail({
          vi: `Chỉ tiêu đơn vị "${indicator.unit}" không cộng gộp được giữa các đơn vị`,
          en: `An indicator in "${indicator.unit}" does not add up across units`,
        });
      }
      break;
    }
  }
  const childrenValue = decToString(
    method === "sum" || method === "count_done" ? total : total.toDecimalPlaces(10),
  );
  return {
    kind: "value",
    method,
    value: parentReported ?? childrenValue,
    childrenValue,
    parentReported,
    difference: parentReported !== null ? decToString(dec(parentReported).minus(childrenValue)) : null,
    basedOnEstimate: estimate,
    missing,
  };
}

function sumValues(children: readonly UnitFigure[], missing: string[]): Decimal {
  let sum = dec(0);
  for (const c of children) {
    if (c.value === undefined || c.value === "") missing.push(c.orgUnit);
    else sum = sum.plus(c.value);
  }
  return sum;
}

function sumComponents(
  children: readonly UnitFigure[],
  missing: string[],
): { num: Decimal; den: Decimal } | null {
  let num = dec(0);
  let den = dec(0);
  for (const c of children) {
    if (c.numerator === undefined || c.denominator === undefined) {
      missing.push(c.orgUnit);
      continue;
    }
    num = num.plus(c.numerator);
    den = den.plus(c.denominator);
  }
  return den.isZero() ? null : { num, den };
}

const LEVEL_WORDS: Record<string, { vi: string; one: string; many: string }> = {
  province: { vi: "tỉnh", one: "province", many: "provinces" },
  district: { vi: "huyện", one: "district", many: "districts" },
  commune: { vi: "xã", one: "commune", many: "communes" },
};

/** "tổng hợp từ 6 huyện" / "rolled up from 6 districts". */
export function rollUpLabel(count: number, level: string): { vi: string; en: string } {
  const w = LEVEL_WORDS[level] ?? { vi: "đơn vị", one: "unit", many: "units" };
  return {
    vi: `tổng hợp từ ${count} ${w.vi}`,
    en: `rolled up from ${count} ${count === 1 ? w.one : w.many}`,
  };
}

/** One figure of one unit, as stored: value and, when kept, its components. */
export interface StoredFigure {
  period: string;
  basis: "period" | "ytd";
  value: string;
  status: ObservationStatus;
  numerator?: string | null | undefined;
  denominator?: string | null | undefined;
}

export interface RollUpRow {
  period: string;
  basis: "period" | "ytd";
  /** the children that have a figure for this period and basis */
  children: number;
  result: RollUpResult;
  /** whose figure the unit shows: its own report wins when both exist */
  shown: "own" | "roll_up" | null;
}

/**
 * For every period and basis where some child reports, the children's figures rolled up per the
 * measure kind and set against the unit's own figure (rollUp). Children without a figure for
 * that key are listed as missing, so a partial roll-up never passes for the whole.
 */
export function rollUpSeries(
  indicator: Pick<Indicator, "measureKind" | "unit" | "aggregation" | "ratioMultiplier">,
  own: readonly StoredFigure[],
  children: Readonly<Record<string, readonly StoredFigure[]>>,
): RollUpRow[] {
  const key = (f: StoredFigure) => `${f.period}|${f.basis}`;
  const keys = new Map<string, { period: string; basis: "period" | "ytd" }>();
  for (const list of Object.values(children))
    for (const f of list) keys.set(key(f), { period: f.period, basis: f.basis });
  const rows: RollUpRow[] = [];
  const opt = (x: string | null | undefined) => (x === null || x === undefined ? undefined : x);
  for (const [k, { period, basis }] of keys) {
    const figures: UnitFigure[] = Object.entries(children).map(([orgUnit, list]) => {
      const f = list.find((x) => key(x) === k);
      return f
        ? {
            orgUnit,
            value: f.value,
            numerator: opt(f.numerator),
            denominator: opt(f.denominator),
            status: f.status,
          }
        : { orgUnit, status: "official" };
    });
    const mine = own.find((x) => key(x) === k);
    const result = rollUp(
      indicator,
      figures,
      mine
        ? {
            orgUnit: "",
            value: mine.value,
            numerator: opt(mine.numerator),
            denominator: opt(mine.denominator),
            status: mine.status,
          }
        : undefined,
    );
    const present = figures.filter((f) => f.value !== undefined).length;
    rows.push({
      period,
      basis,
      children: present,
      result,
      shown: mine ? "own" : result.kind === "value" ? "roll_up" : null,
    });
  }
  return rows.sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : a.basis < b.basis ? -1 : 1,
  );
}

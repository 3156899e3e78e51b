import { formatDateVi } from "./date.ts";
import { formatNumberEn, formatNumberVi } from "./number.ts";
import { unitName } from "./units.ts";

// How a target reads to a person, in the words of the planning documents ("trên 30%",
// "7,5–8%", "giảm 2.900 hộ"). Values are printed exactly as stored: no rounding.

export interface TargetText {
  form: string;
  low: string | null;
  high: string | null;
  low_inclusive: boolean;
  high_inclusive: boolean;
  tolerance?: string | null;
  change_unit?: string | null;
  baseline_period?: string | null;
  category_value?: string | null;
  due_date?: string | null;
  period?: string | null;
  /**
   * the indicator's direction: a change target on a lower-is-better indicator reads "giảm".
   * Required, so that no caller words a reduction as "tăng" by leaving it out.
   */
  direction: string | null;
}

type Lang = "vi" | "en";

function num(value: string, lang: Lang): string {
  return lang === "vi" ? formatNumberVi(value) : formatNumberEn(value);
}

function withUnit(text: string, unit: string): string {
  if (unit === "%" || unit.startsWith("%")) return `${text}${unit}`;
  return `${text} ${unit}`;
}

export function describeTarget(t: TargetText, unitText: string, lang: Lang = "vi"): string {
  const vi = lang === "vi";
  // English words from the units registry ("hộ" → "households"), never guessed
  const unit = vi ? unitText : unitName(unitText, "en");
  const low = t.low === null ? null : num(t.low, lang);
  const high = t.high === null ? null : num(t.high, lang);
  const range = low !== null && high !== null ? (low === high ? low : `${low}–${high}`) : (low ?? high ?? "");
  switch (t.form) {
    case "at_least":
      return (vi ? "đạt ≥ " : "at least ") + withUnit(low ?? "", unit);
    case "above":
      return (vi ? "trên " : "above ") + withUnit(low ?? "", unit);
    case "at_most":
      return (vi ? "không quá " : "at most ") + withUnit(high ?? "", unit);
    case "below":
      return (vi ? "dưới " : "below ") + withUnit(high ?? "", unit);
    case "range_floor":
      return (
        (vi ? "đạt " : "") +
        withUnit(range, unit) +
        (vi ? " (vượt nếu trên mức cao)" : " (exceeded above the top)")
      );
    case "range_inside":
      return (vi ? "trong khoảng " : "within ") + withUnit(range, unit);
    case "approximately": {
      const tol = t.tolerance ? ` (± ${num(t.tolerance, lang)})` : "";
      return (vi ? "khoảng " : "about ") + withUnit(range, unit) + tol;
    }
    case "change": {
      const amount = t.change_unit === "percent" ? `${range}%` : withUnit(range, unit);
      const base = t.baseline_period
        ? vi
          ? ` so với ${t.baseline_period}`
          : ` against ${t.baseline_period}`
        : "";
      // the document's own verb: "giảm 2.900 hộ", "có thêm (tăng) ít nhất 07 xã"; never "thay đổi"
      const down = t.direction === "lower_better";
      return (
        (vi ? (down ? "giảm ít nhất " : "tăng ít nhất ") : down ? "down by at least " : "up by at least ") +
        amount +
        base
      );
    }
    case "avg_annual_growth":
      return (
        (vi ? "bình quân " : "average ") +
        `${range}%/${vi ? "năm" : "year"}` +
        (t.period ? ` (${t.period})` : "")
      );
    case "level_by_year": {
      const bound =
        low !== null && high !== null
          ? range
          : low !== null
            ? (t.low_inclusive ? (vi ? "từ " : "at least ") : vi ? "trên " : "above ") + low
            : (t.high_inclusive ? (vi ? "không quá " : "at most ") : vi ? "dưới " : "below ") + (high ?? "");
      return withUnit(bound, unit) + (t.period ? (vi ? ` vào năm ${t.period}` : ` by ${t.period}`) : "");
    }
    case "share_of_plan":
      return `${vi ? "đạt " : ""}${low ?? ""}%${vi ? " kế hoạch" : " of plan"}`;
    case "milestone":
      return (
        (vi ? "hoàn thành trước " : "done by ") +
        (t.due_date ? (vi ? formatDateVi(t.due_date) : t.due_date) : "?")
      );
    case "category":
      // the value may itself say "nhóm 2": never "thuộc nhóm nhóm 2"
      return (
        (vi ? "thuộc nhóm " : "in group ") + (t.category_value ?? "").replace(/^\s*(?:nhóm|group)\s+/iu, "")
      );
    default:
      return range;
  }
}

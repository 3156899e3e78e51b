import { formatDateVi } from "../date.ts";
import { formatNumberEn, formatNumberVi } from "../number.ts";
import { formatPeriodEn, formatPeriodVi, monthNameEn, parsePeriod, quarterPeriod } from "../period.ts";
import { unitName } from "../units.ts";
import { daysBetween, spanOf } from "./calendar.ts";
import type { Evaluation, Indicator, Target } from "./types.ts";

interface Lang {
  num(x: number | string, decimals: number): string;
}
const VI: Lang = { num: (x, d) => formatNumberVi(x, d) };
const EN: Lang = { num: (x, d) => formatNumberEn(x, d) };

function viDate(iso: string): string {
  return iso ? formatDateVi(iso) : "";
}

function withUnit(lang: Lang, x: number | string, decimals: number, unit: string): string {
  const n = lang.num(x, decimals);
  if (!unit) return n;
  // English words from the units registry ("tỷ đồng" → "billion VND"), never guessed
  const name = lang === EN ? unitName(unit, "en") : unit;
  return name.startsWith("%") ? `${n}${name}` : `${n} ${name}`;
}

function pct(lang: Lang, x: string | null): string {
  return x === null ? "–" : `${lang.num(x, 1)}%`;
}

/** "9 tháng năm 2024", "Quý III/2024" (a quarterly indicator's month), "Tháng 3/2024". */
export function periodPhrase(code: string, frequency: Indicator["frequency"]): { vi: string; en: string } {
  const p = parsePeriod(code);
  if (!p) return { vi: code, en: code };
  if (p.kind === "month" && frequency === "quarterly" && (p.index ?? 0) % 3 === 0) {
    const q = quarterPeriod(p.year, (p.index ?? 3) / 3);
    return { vi: formatPeriodVi(q), en: formatPeriodEn(q) };
  }
  return { vi: formatPeriodVi(p), en: formatPeriodEn(p) };
}

function targetPhrase(lang: "vi" | "en", target: Target, indicator: Indicator, e: Evaluation): string {
  const L = lang === "vi" ? VI : EN;
  const d = indicator.decimals;
  const u = indicator.unit;
  const lo = target.low;
  const hi = target.high;
  const vi = lang === "vi";
  const range = (a: string, b: string) => `${L.num(a, d)}–${withUnit(L, b, d, u)}`;
  switch (target.form) {
    case "at_least":
      return vi ? `đạt ${withUnit(L, lo ?? "0", d, u)} trở lên` : `at least ${withUnit(L, lo ?? "0", d, u)}`;
    case "above":
      return vi ? `trên ${withUnit(L, lo ?? "0", d, u)}` : `above ${withUnit(L, lo ?? "0", d, u)}`;
    case "at_most":
      return vi ? `tối đa ${withUnit(L, hi ?? "0", d, u)}` : `at most ${withUnit(L, hi ?? "0", d, u)}`;
    case "below":
      return vi ? `dưới ${withUnit(L, hi ?? "0", d, u)}` : `below ${withUnit(L, hi ?? "0", d, u)}`;
    case "range_floor":
      return vi ? `${range(lo ?? "0", hi ?? lo ?? "0")}` : `${range(lo ?? "0", hi ?? lo ?? "0")}`;
    case "range_inside":
      return vi ? `trong khoảng ${range(lo ?? "0", hi ?? "0")}` : `within ${range(lo ?? "0", hi ?? "0")}`;
    case "approximately": {
      const a = lo ?? hi ?? "0";
      const b = hi ?? lo ?? "0";
      const core = a === b ? withUnit(L, a, d, u) : range(a, b);
      const tol = target.tolerance ? ` (±${L.num(target.tolerance, d)})` : "";
      return vi ? `khoảng ${core}${tol}` : `about ${core}${tol}`;
    }
    case "change": {
      const up = indicator.direction !== "lower_better";
      const amount =
        target.changeUnit === "percent" ? `${L.num(lo ?? "0", d)}%` : withUnit(L, lo ?? "0", d, u);
      const since = target.baselinePeriod ?? "";
      return vi
        ? `${up ? "tăng" : "giảm"} ${amount}${since ? ` so với ${periodPhrase(since, indicator.frequency).vi.toLowerCase()}` : ""}`
        : `${up ? "up" : "down"} ${amount}${since ? ` on ${periodPhrase(since, indicator.frequency).en}` : ""}`;
    }
    case "share_of_plan":
      return vi ? `${L.num(lo ?? "100", 0)}% kế hoạch` : `${L.num(lo ?? "100", 0)}% of plan`;
    case "avg_annual_growth":
      return vi
        ? `bình quân ${range(lo ?? "0", hi ?? lo ?? "0").replace(/\/năm$/, "")}/năm`
        : `an average of ${range(lo ?? "0", hi ?? lo ?? "0")} a year`;
    case "level_by_year": {
      const b =
        lo !== undefined ? (target.lowInclusive === false ? ["trên", "above"] : ["từ", "at least"]) : null;
      const bound = lo ?? hi ?? "0";
      const word = b ?? (target.highInclusive === false ? ["dưới", "below"] : ["tối đa", "at most"]);
      return vi
        ? `${word[0]} ${withUnit(L, bound, d, u)} vào năm ${target.period}`
        : `${word[1]} ${withUnit(L, bound, d, u)} by ${target.period}`;
    }
    case "milestone":
      return vi
        ? `hoàn thành trước ${viDate(target.dueDate ?? "")}`
        : `done by ${e.figures.dueDate ?? target.dueDate ?? ""}`;
    case "category":
      // the catalog often writes the group with its noun already ("nhóm 2")
      return vi
        ? `thuộc ${/^nhóm\b/i.test(target.categoryValue ?? "") ? "" : "nhóm "}${target.categoryValue}`
        : `in category ${target.categoryValue}`;
  }
}

/** One line in Vietnamese and English, built only from the figures the evaluation reports. */
export function explain(e: Evaluation, indicator: Indicator, target?: Target): { vi: string; en: string } {
  const line = explainCore(e, indicator, target);
  const f = e.figures;
  const extra: { vi: string; en: string }[] = [];
  if (f.unrounded !== null && f.judged !== null) {
    // the province judges the figure as it reports it: both are shown
    const share = target?.form === "share_of_plan" && f.planAmount !== null;
    const d = Math.max(0, f.judged.includes(".") ? f.judged.length - f.judged.indexOf(".") - 1 : 0);
    const ud = f.unrounded.includes(".") ? f.unrounded.length - f.unrounded.indexOf(".") - 1 : 0;
    extra.push({
      vi: `${share ? "tỷ lệ" : "số liệu"} ${VI.num(f.unrounded, ud)}${share ? "%" : ""} làm tròn ${VI.num(f.judged, d)}${share ? "%" : ""} để so sánh với chỉ tiêu`,
      en: `${share ? "share" : "figure"} ${EN.num(f.unrounded, ud)}${share ? "%" : ""} rounded to ${EN.num(f.judged, d)}${share ? "%" : ""} to compare with the target`,
    });
  }
  if (target?.aspiration) extra.push({ vi: "chỉ tiêu phấn đấu", en: "an aspiration (phấn đấu)" });
  if (extra.length === 0) return line;
  return {
    vi: [line.vi, ...extra.map((x) => x.vi)].join("; "),
    en: [line.en, ...extra.map((x) => x.en)].join("; "),
  };
}

function explainCore(e: Evaluation, indicator: Indicator, target?: Target): { vi: string; en: string } {
  const f = e.figures;
  if (!target) return { vi: "Không có chỉ tiêu cho kỳ này", en: "No target for this period" };
  const est = e.basedOnEstimate;
  const d = indicator.decimals;
  const u = indicator.unit;
  const tVi = targetPhrase("vi", target, indicator, e);
  const tEn = targetPhrase("en", target, indicator, e);

  if (e.status === "not_due" && f.actual === null) {
    if (target.form === "milestone") {
      return {
        vi: `Chưa hoàn thành, hạn ${viDate(target.dueDate ?? "")}`,
        en: `Not done yet, due ${target.dueDate}`,
      };
    }
    return {
      vi: `Chưa đến kỳ đánh giá (số liệu công bố ${cadenceVi(indicator)}); chỉ tiêu ${tVi}`,
      en: `Not due yet (published ${indicator.frequency}); target ${tEn}`,
    };
  }
  if (e.status === "no_data" && f.staleSince !== null) {
    return {
      vi: `Chưa có số liệu từ năm ${f.staleSince}; chỉ tiêu ${tVi}`,
      en: `No figure since ${f.staleSince}; target ${tEn}`,
    };
  }
  if (e.status === "no_data") {
    return {
      vi: `Chưa có số liệu đến ${periodPhrase(e.asOf, indicator.frequency).vi}; chỉ tiêu ${tVi}`,
      en: `No figures up to ${periodPhrase(e.asOf, indicator.frequency).en}; target ${tEn}`,
    };
  }

  if (target.form === "milestone") {
    const due = target.dueDate ?? "";
    if (f.doneOn) {
      const late = f.late ? lateDays(f.doneOn, due) : 0;
      return f.late
        ? {
            vi: `Hoàn thành ngày ${viDate(f.doneOn)}, trễ ${late} ngày so với hạn ${viDate(due)}`,
            en: `Done on ${f.doneOn}, ${late} day(s) after the deadline ${due}`,
          }
        : {
            vi: `Hoàn thành ngày ${viDate(f.doneOn)}, đúng hạn ${viDate(due)}`,
            en: `Done on ${f.doneOn}, on time for ${due}`,
          };
    }
    return { vi: `Chưa hoàn thành, quá hạn ${viDate(due)}`, en: `Not done; deadline ${due} has passed` };
  }

  if (target.form === "category") {
    const p = periodPhrase(f.actualPeriod ?? e.asOf, indicator.frequency);
    return {
      vi: `${p.vi}: nhóm ${f.actual}; chỉ tiêu ${tVi}`,
      en: `${p.en}: category ${f.actual}; target ${tEn}`,
    };
  }

  if (target.form === "avg_annual_growth") {
    const vi = [
      `${est ? "Ước b" : "B"}ình quân ${f.actualPeriod} tăng ${VI.num(f.achievedSoFar ?? 0, 2)}%/năm (${f.yearsWithData} năm có số liệu)`,
      `chỉ tiêu ${tVi}`,
    ];
    const en = [
      `${est ? "Estimated average" : "Average"} growth ${f.actualPeriod}: ${EN.num(f.achievedSoFar ?? 0, 2)}% a year (${f.yearsWithData} ${f.yearsWithData === 1 ? "year" : "years"} of data)`,
      `target ${tEn}`,
    ];
    if (f.stillRequired !== null) {
      vi.push(`các năm còn lại cần ${VI.num(f.stillRequired, 2)}%/năm`);
      en.push(`the remaining years need ${EN.num(f.stillRequired, 2)}% a year`);
    }
    return { vi: vi.join("; "), en: en.join("; ") };
  }

  const isFlow = f.expectedMethod === "linear" || f.expectedMethod === "seasonal";
  if (isFlow) {
    const span = spanOf(f.actualPeriod ?? "");
    const m = span?.lastMonth ?? 12;
    const noun = indicator.planNoun ?? { vi: "kế hoạch", en: "plan" };
    const share = target.form === "share_of_plan" && f.planAmount ? "" : " năm";
    const vi: string[] = [];
    const en: string[] = [];
    if (m === 12) {
      vi.push(`${est ? "Ước c" : "C"}ả năm đạt ${pct(VI, f.progress)} ${noun.vi}${share}`);
      en.push(`${est ? "Estimated full year" : "Full year"}: ${pct(EN, f.progress)} of the ${noun.en}`);
    } else {
      vi.push(`${est ? "Ước l" : "L"}ũy kế ${m} tháng đạt ${pct(VI, f.progress)} ${noun.vi}${share}`);
      en.push(
        `${est ? "Estimated year" : "Year"} to ${monthNameEn(m)}: ${pct(EN, f.progress)} of the annual ${noun.en}`,
      );
    }
    if (f.sameTimeLastYearShare !== null) {
      vi.push(`cùng kỳ năm trước ${pct(VI, f.sameTimeLastYearShare)}`);
      en.push(`same time last year ${pct(EN, f.sameTimeLastYearShare)}`);
    }
    if (m !== 12) {
      const how =
        f.expectedMethod === "seasonal"
          ? {
              vi: `theo mùa vụ các năm ${f.seasonalYears.join(", ")}`,
              en: `seasonal, ${f.seasonalYears.join(", ")}`,
            }
          : { vi: "theo thời gian", en: "linear" };
      vi.push(`mức cần đạt đến nay ${pct(VI, f.expected)} (${how.vi})`);
      en.push(`expected by now ${pct(EN, f.expected)} (${how.en})`);
      if (f.forecast !== null) {
        vi.push(`dự báo cả năm ${withUnit(VI, f.forecast, d, u)}`);
        en.push(`year-end forecast ${withUnit(EN, f.forecast, d, u)}`);
      }
    }
    if (f.planAmount && f.planAmountOriginal && f.planAmount !== f.planAmountOriginal) {
      vi.push(
        `kế hoạch điều chỉnh ${withUnit(VI, f.planAmount, d, u)} (ban đầu ${withUnit(VI, f.planAmountOriginal, d, u)})`,
      );
      en.push(
        `revised plan ${withUnit(EN, f.planAmount, d, u)} (originally ${withUnit(EN, f.planAmountOriginal, d, u)})`,
      );
    }
    return { vi: vi.join("; "), en: en.join("; ") };
  }

  // levels: stocks, rates, ratios, changes, levels by a year
  const p = periodPhrase(f.actualPeriod ?? e.asOf, indicator.frequency);
  const points = indicator.measureKind === "growth_rate" || u.startsWith("%");
  const verbVi = indicator.measureKind === "growth_rate" ? "tăng" : "đạt";
  const vi = [
    `${est ? "Ước " : ""}${p.vi} ${verbVi} ${withUnit(VI, f.actual ?? "0", d, u)}`,
    `chỉ tiêu ${tVi}`,
  ];
  const en = [`${est ? "Estimated " : ""}${p.en}: ${withUnit(EN, f.actual ?? "0", d, u)}`, `target ${tEn}`];
  if (f.baseline !== null && target.form === "change") {
    const change = Number(f.actual) - Number(f.baseline);
    vi.push(`so với kỳ gốc ${change >= 0 ? "tăng" : "giảm"} ${withUnit(VI, Math.abs(change), d, u)}`);
    en.push(`${change >= 0 ? "up" : "down"} ${withUnit(EN, Math.abs(change), d, u)} on the baseline`);
  }
  if (
    f.gap !== null &&
    target.form !== "change" &&
    !f.closed &&
    Number(f.gap) < 0 &&
    target.form !== "level_by_year"
  ) {
    const gap = Math.abs(Number(f.gap));
    const unitVi = points ? " điểm %" : ` ${u}`;
    const unitEn = points ? " percentage points" : ` ${unitName(u, "en")}`;
    vi.push(`còn thiếu ${VI.num(gap, d)}${unitVi}`);
    en.push(`short by ${EN.num(gap, d)}${unitEn}`);
  }
  if (f.pathValue !== null && f.expectedMethod === "path") {
    vi.push(`lộ trình từ kỳ gốc cần ${withUnit(VI, f.pathValue, d, u)}`);
    en.push(`the path from the baseline needs ${withUnit(EN, f.pathValue, d, u)}`);
  }
  if (f.changeVsLastYear !== null) {
    const down = f.changeVsLastYear.startsWith("-");
    const c = down ? f.changeVsLastYear.slice(1) : f.changeVsLastYear;
    const unitVi = points ? " điểm %" : ` ${u}`;
    const unitEn = points ? " points" : ` ${unitName(u, "en")}`;
    vi.push(`so với cùng kỳ ${down ? "giảm" : "tăng"} ${VI.num(c, d)}${unitVi}`);
    en.push(`${down ? "down" : "up"} ${EN.num(c, d)}${unitEn} on a year earlier`);
  }
  return { vi: vi.join("; "), en: en.join("; ") };
}

function cadenceVi(indicator: Indicator): string {
  return indicator.frequency === "annual"
    ? "hằng năm"
    : indicator.frequency === "quarterly"
      ? "hằng quý"
      : "hằng tháng";
}

function lateDays(done: string, due: string): number {
  return daysBetween(due, done);
}

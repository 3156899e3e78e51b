import type { Lang } from "$lib/i18n";

// Issue #17: the words of the dashboard's first screen (attention list, missing figures, last
// known figure, changes since a date). Kept apart from the shared message files so that the
// pages of other engineers merge without conflicts; both languages side by side.

const WORDS = {
  attentionHeading: { vi: "Cần chú ý", en: "Needs attention" },
  attentionNone: {
    vi: "Không có chỉ tiêu nào không đạt, chậm tiến độ hay có nguy cơ không đạt.",
    en: "No target is not achieved, off track or at risk.",
  },
  missingHeading: { vi: "Thiếu số liệu", en: "Missing figures" },
  missingLine: { vi: "Chưa có số liệu", en: "No figure" },
  staleSince: { vi: "Số liệu cũ, từ năm {y}", en: "Stale figure, from {y}" },
  overdue: { vi: "{n} nhiệm vụ quá hạn", en: "{n} overdue tasks" },
  noOverdue: { vi: "không có nhiệm vụ quá hạn", en: "no overdue task" },
  noAgency: { vi: "Chưa giao cơ quan chủ trì", en: "No lead agency" },
  against: { vi: "so với chỉ tiêu", en: "against the target" },
  allCards: { vi: "Tất cả chỉ tiêu theo lĩnh vực", en: "All targets by area" },
  chipsLabel: { vi: "Lọc theo tình trạng", en: "Filter by status" },
  chipAll: { vi: "Tất cả", en: "All" },
  lastKnown: { vi: "Số liệu gần nhất", en: "Last known figure" },
  nextDue: { vi: "Số liệu tiếp theo: {p} (công bố {c})", en: "Next figure: {p} (published {c})" },
  changesLink: { vi: "Thay đổi từ cuộc họp trước", en: "Changes since the last meeting" },
  filtersHeading: { vi: "Chọn đơn vị, kỳ và bộ lọc", en: "Unit, period and filters" },
  changesTitle: { vi: "Thay đổi từ ngày {d}", en: "Changes since {d}" },
  changesSince: { vi: "Từ ngày", en: "Since" },
  changesShow: { vi: "Xem thay đổi", en: "Show changes" },
  changesFigures: { vi: "Số liệu mới và số liệu sửa", en: "New and revised figures" },
  changesNoFigures: { vi: "Không có số liệu mới hay sửa.", en: "No new or revised figure." },
  changesNew: { vi: "Mới", en: "New" },
  changesRevised: { vi: "Sửa: trước là {v}", en: "Revised: was {v}" },
  changesCapped: {
    vi: "Chỉ hiện {n} số liệu ghi nhận gần nhất trong {m}.",
    en: "Only the {n} most recently recorded of {m} figures are shown.",
  },
  changesStatus: { vi: "Thay đổi tình trạng ({a} → {b})", en: "Status changes ({a} → {b})" },
  changesNoStatus: {
    vi: "Không có chỉ tiêu nào đổi tình trạng giữa hai kỳ này.",
    en: "No target changed status between these periods.",
  },
  changesSamePeriod: {
    vi: "Chưa có kỳ số liệu mới từ ngày này: tình trạng được đánh giá theo cùng kỳ {a}.",
    en: "No new period of figures since this date: statuses are judged for the same period {a}.",
  },
  changesTasksDone: { vi: "Nhiệm vụ đã hoàn thành", en: "Tasks done" },
  changesTasksOverdue: { vi: "Nhiệm vụ mới quá hạn", en: "Tasks newly overdue" },
  changesNone: { vi: "Không có.", en: "None." },
  changesDue: { vi: "hạn {d}", en: "due {d}" },
  changesDoneOn: { vi: "hoàn thành {d}", en: "done {d}" },
  changesRecorded: { vi: "ghi nhận {d}", en: "recorded {d}" },
} as const;

const CADENCE = {
  annual: { vi: "hằng năm", en: "yearly" },
  quarterly: { vi: "hằng quý", en: "quarterly" },
  monthly: { vi: "hằng tháng", en: "monthly" },
} as const;

export type WordKey = keyof typeof WORDS;

export function w(lang: Lang, key: WordKey, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

export function cadence(lang: Lang, frequency: string): string {
  return (CADENCE as Record<string, { vi: string; en: string }>)[frequency]?.[lang] ?? frequency;
}

/** The period after `code` at the indicator's frequency ("2023" → "2024", "2024-Q2" → "2024-Q3"). */
export function nextPeriod(code: string, frequency: string): string | null {
  const y = /^(\d{4})/.exec(code);
  if (!y) return null;
  const year = Number(y[1]);
  if (frequency === "annual") return String(year + 1);
  const q = /^\d{4}-Q([1-4])$/.exec(code);
  if (frequency === "quarterly" && q)
    return Number(q[1]) === 4 ? `${year + 1}-Q1` : `${year}-Q${Number(q[1]) + 1}`;
  const m = /^\d{4}-(\d{2})$/.exec(code);
  if (frequency === "monthly" && m) {
    const n = Number(m[1]);
    return n === 12 ? `${year + 1}-01` : `${year}-${String(n + 1).padStart(2, "0")}`;
  }
  if (/^\d{4}$/.test(code)) return String(year + 1);
  return null;
}

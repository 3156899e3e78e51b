import { formatDateVi } from "../date.ts";
import { formatNumberEn, formatNumberVi } from "../number.ts";
import { formatPeriodEn, formatPeriodVi, parsePeriod } from "../period.ts";
import { summarizeStatuses } from "../progress/summary.ts";
import type { Evaluation, ObservationStatus, Status } from "../progress/types.ts";

// The socio-economic report draft ("Báo cáo tình hình kinh tế – xã hội") as data: every sentence is
// built here from the figures, the verdicts, the explanations and the tasks; nothing is invented.
// The renderers (DOCX, PDF, XLSX) only lay this model out.

export type Lang = "vi" | "en";

/** statuses that owe an explanation from the lead agency before the meeting */
export const EXPLANATION_REQUIRED: readonly Status[] = ["not_achieved", "off_track", "at_risk"];

export function explanationRequired(status: Status): boolean {
  return EXPLANATION_REQUIRED.includes(status);
}

export const FIGURE_STATUS_WORDS: Readonly<Record<ObservationStatus, { vi: string; en: string }>> = {
  estimate: { vi: "ước tính", en: "estimate" },
  preliminary: { vi: "sơ bộ", en: "preliminary" },
  official: { vi: "chính thức", en: "official" },
};

export const CATEGORY_WORDS: Readonly<Record<string, { vi: string; en: string }>> = {
  economy: { vi: "Kinh tế", en: "Economy" },
  society: { vi: "Xã hội", en: "Society" },
  environment: { vi: "Môi trường", en: "Environment" },
  defence_security: { vi: "Quốc phòng – an ninh", en: "Defence and security" },
  governance: { vi: "Xây dựng chính quyền", en: "Government" },
  infrastructure: { vi: "Kết cấu hạ tầng", en: "Infrastructure" },
  other: { vi: "Khác", en: "Other" },
};

export interface DraftIndicatorInput {
  code: string;
  nameVi: string;
  nameEn: string | null;
  category: string;
  unit: string;
  leadAgency: string | null;
  evaluation: Pick<Evaluation, "status" | "basedOnEstimate" | "label" | "explanation"> & {
    figures: Pick<Evaluation["figures"], "actual" | "actualPeriod" | "progress" | "changeVsLastYear">;
  };
  /** the status of the figure behind the verdict, and the upload it came from */
  figure: { status: ObservationStatus; batchId: number | null; fileName: string | null } | null;
  illustrative: boolean;
  /**
   * the stored current figure of the same indicator, org unit and span one year earlier (exact
   * decimal string and its status); absent in drafts kept before it existed
   */
  lastYear?: { value: string; status: ObservationStatus; period: string } | null;
  explanation: {
    causesVi: string;
    measuresVi: string;
    agency: string | null;
    writtenBy: string;
    writtenAt: string;
  } | null;
}

export interface DraftTaskInput {
  code: string;
  textVi: string;
  leadAgency: string;
  dueDate: string | null;
  status: string;
}

export interface DraftDirectionInput {
  textVi: string;
  leadAgency: string;
  supportAgencies: string[];
  deadline: string;
  meetingDate: string;
  conclusion: string | null;
  taskStatus: string;
  overdue: boolean;
}

export interface DraftInput {
  orgUnit: { code: string; nameVi: string };
  /** the report's period code: "2024-09", "2024-Q3", "2024-H1", "2024-9M", "2024" */
  period: string;
  /** the day the draft is made (dd/mm/yyyy in the header) */
  today: string;
  indicators: DraftIndicatorInput[];
  overdueTasks: DraftTaskInput[];
  compliance: { agency: string; due: number; onTime: number; late: number; missing: number }[];
  directions: DraftDirectionInput[];
}

export interface DraftIndicatorLine {
  code: string;
  name: string;
  /** "7,2% (ước tính; tệp gdp-9m.xlsx, lần tải #12)", or the words for no figure */
  figure: string;
  value: string | null;
  /** "Cùng kỳ năm trước: 7,02% (chính thức)", or "Cùng kỳ năm trước: —" when none is stored */
  lastYear: string;
  /** the same period last year's figure as stored (exact decimal string) and its status word */
  lastYearValue: string | null;
  lastYearStatus: string | null;
  unit: string;
  figureStatus: string | null;
  upload: string | null;
  verdict: string;
  status: Status;
  /** the engine's sentence: figure against target, against plan, against the same period last year */
  sentence: string;
  explanation: string | null;
  explanationMissing: boolean;
  illustrative: boolean;
}

export interface ReportDraft {
  lang: Lang;
  orgUnit: { code: string; nameVi: string };
  period: string;
  periodLabel: string;
  header: { left: string[]; right: string[]; date: string };
  title: string;
  summaryLine: string;
  illustrative: boolean;
  illustrativeNote: string | null;
  results: { heading: string; lines: DraftIndicatorLine[] }[];
  shortfalls: { name: string; verdict: string; explanation: string | null; missing: boolean }[];
  tasks: {
    overdueByAgency: {
      agency: string;
      count: number;
      tasks: { code: string; text: string; due: string }[];
    }[];
    compliance: { agency: string; text: string }[];
    directions: { text: string; status: string }[];
  };
  appendix: {
    columns: string[];
    rows: {
      code: string;
      name: string;
      unit: string;
      value: string | null;
      figureStatus: string | null;
      lastYearValue: string | null;
      lastYearStatus: string | null;
      verdict: string;
      upload: string | null;
    }[];
  };
  headings: { results: string; shortfalls: string; tasks: string; appendix: string };
}

const W = {
  vi: {
    results: "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
    shortfalls: "II. HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN",
    tasks: "III. NHIỆM VỤ VÀ Ý KIẾN CHỈ ĐẠO",
    appendix: "PHỤ LỤC: BIỂU SỐ LIỆU",
    noFigure: "chưa có số liệu",
    upload: (id: number, file: string | null) => `tệp ${file ?? "?"}, lần tải #${id}`,
    causes: "Nguyên nhân",
    measures: "Giải pháp",
    missing: "Chưa có giải trình của cơ quan chủ trì",
    by: (who: string, at: string) => `(giải trình: ${who}, ngày ${formatDateVi(at)})`,
    title: (p: string) => `BÁO CÁO TÌNH HÌNH KINH TẾ – XÃ HỘI ${p.toUpperCase()}`,
    illustrative:
      "Số liệu minh họa: một số số liệu trong báo cáo này là số liệu giả định để trình diễn, không phải số liệu thống kê.",
    overdue: (n: number) => `${n} nhiệm vụ quá hạn`,
    compliance: (c: DraftInput["compliance"][number]) =>
      `${c.agency}: ${c.onTime}/${c.due} báo cáo đúng hạn; ${c.late} trễ hạn; ${c.missing} chưa gửi`,
    direction: (d: DraftDirectionInput) =>
      `${d.textVi} — chủ trì: ${d.leadAgency}${d.supportAgencies.length ? `; phối hợp: ${d.supportAgencies.join(", ")}` : ""}; hạn ${formatDateVi(d.deadline)}${d.conclusion ? `; ${d.conclusion}` : ""}`,
    noOverdue: "Không có nhiệm vụ quá hạn.",
    lastYear: "Cùng kỳ năm trước",
    columns: [
      "Mã",
      "Chỉ tiêu",
      "Đơn vị tính",
      "Số liệu",
      "Loại số liệu",
      "Cùng kỳ năm trước",
      "Loại số liệu cùng kỳ",
      "Đánh giá",
      "Nguồn (lần tải)",
    ],
    headerLeft: ["ỦY BAN NHÂN DÂN", "TỈNH"],
    headerRight: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
    date: (unit: string, d: string) => {
      const [y, m, day] = d.split("-");
      return `${unit.replace(/^Tỉnh\s+/i, "")}, ngày ${day} tháng ${m} năm ${y}`;
    },
    draft: "DỰ THẢO",
  },
  en: {
    results: "I. RESULTS BY AREA",
    shortfalls: "II. SHORTFALLS AND CAUSES",
    tasks: "III. TASKS AND DIRECTIONS",
    appendix: "APPENDIX: FIGURES",
    noFigure: "no figure yet",
    upload: (id: number, file: string | null) => `file ${file ?? "?"}, upload #${id}`,
    causes: "Causes",
    measures: "Measures",
    missing: "No explanation from the lead agency yet",
    by: (who: string, at: string) => `(explained by ${who}, ${at})`,
    title: (p: string) => `SOCIO-ECONOMIC SITUATION REPORT, ${p.toUpperCase()}`,
    illustrative:
      "Illustrative figures: some figures in this report are generated for demonstration, not statistics.",
    overdue: (n: number) => `${n} overdue task(s)`,
    compliance: (c: DraftInput["compliance"][number]) =>
      `${c.agency}: ${c.onTime}/${c.due} reports on time; ${c.late} late; ${c.missing} missing`,
    direction: (d: DraftDirectionInput) =>
      `${d.textVi} — lead: ${d.leadAgency}${d.supportAgencies.length ? `; support: ${d.supportAgencies.join(", ")}` : ""}; due ${d.deadline}${d.conclusion ? `; ${d.conclusion}` : ""}`,
    noOverdue: "No overdue tasks.",
    lastYear: "Same period last year",
    columns: [
      "Code",
      "Indicator",
      "Unit",
      "Figure",
      "Figure status",
      "Same period last year",
      "Its status",
      "Verdict",
      "Source (upload)",
    ],
    headerLeft: ["PEOPLE'S COMMITTEE", "OF THE PROVINCE"],
    headerRight: ["SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"],
    date: (_unit: string, d: string) => d,
    draft: "DRAFT",
  },
} as const;

function withUnit(num: string, unit: string): string {
  if (!unit) return num;
  return unit.startsWith("%") ? `${num}${unit}` : `${num} ${unit}`;
}

/** Lays the report out from its data, in one language. */
export function buildReportDraft(input: DraftInput, lang: Lang = "vi"): ReportDraft {
  const w = W[lang];
  const p = parsePeriod(input.period);
  if (!p) throw new RangeError(`invalid period ${input.period}`);
  const periodLabel = lang === "vi" ? formatPeriodVi(p) : formatPeriodEn(p);
  const num = (v: string) => (lang === "vi" ? formatNumberVi(v) : formatNumberEn(v));
  const summary = summarizeStatuses(input.indicators.map((i) => i.evaluation));
  const illustrative = input.indicators.some((i) => i.illustrative);

  const lines: (DraftIndicatorLine & { category: string })[] = input.indicators.map((i) => {
    const e = i.evaluation;
    const value = e.figures.actual;
    const figureStatus = i.figure ? FIGURE_STATUS_WORDS[i.figure.status][lang] : null;
    const upload = i.figure?.batchId != null ? w.upload(i.figure.batchId, i.figure.fileName) : null;
    const figure =
      value === null
        ? w.noFigure
        : `${withUnit(num(value), i.unit)} (${[figureStatus, upload].filter(Boolean).join("; ")})`;
    const ly = i.lastYear ?? null;
    const lastYearStatus = ly ? FIGURE_STATUS_WORDS[ly.status][lang] : null;
    const lastYear = `${w.lastYear}: ${ly ? `${withUnit(num(ly.value), i.unit)} (${lastYearStatus})` : "—"}`;
    const missing = explanationRequired(e.status) && !i.explanation;
    const explanation = i.explanation
      ? `${w.causes}: ${i.explanation.causesVi} ${w.measures}: ${i.explanation.measuresVi} ${w.by(i.explanation.agency ?? i.explanation.writtenBy, i.explanation.writtenAt)}`
      : missing
        ? w.missing
        : null;
    return {
      category: i.category,
      code: i.code,
      name: lang === "en" && i.nameEn ? i.nameEn : i.nameVi,
      figure,
      value,
      lastYear,
      lastYearValue: ly?.value ?? null,
      lastYearStatus,
      unit: i.unit,
      figureStatus,
      upload,
      verdict: e.label[lang],
      status: e.status,
      sentence: e.explanation[lang],
      explanation,
      explanationMissing: missing,
      illustrative: i.illustrative,
    };
  });

  const order = Object.keys(CATEGORY_WORDS);
  const categories = [...new Set(lines.map((l) => l.category))].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  const results = categories.map((c, k) => ({
    heading: `${k + 1}. ${(CATEGORY_WORDS[c] ?? { vi: c, en: c })[lang]}`,
    lines: lines.filter((l) => l.category === c).map(({ category: _, ...l }) => l),
  }));

  const shortfalls = lines
    .filter((l) => explanationRequired(l.status))
    .map((l) => ({
      name: l.name,
      verdict: l.verdict,
      explanation: l.explanation,
      missing: l.explanationMissing,
    }));

  const byAgency = new Map<string, DraftTaskInput[]>();
  for (const t of input.overdueTasks) {
    const list = byAgency.get(t.leadAgency);
    if (list) list.push(t);
    else byAgency.set(t.leadAgency, [t]);
  }
  const overdueByAgency = [...byAgency.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], "vi"))
    .map(([agency, tasks]) => ({
      agency,
      count: tasks.length,
      tasks: tasks.map((t) => ({
        code: t.code,
        text: t.textVi,
        due: t.dueDate ? (lang === "vi" ? formatDateVi(t.dueDate) : t.dueDate) : "",
      })),
    }));

  return {
    lang,
    orgUnit: input.orgUnit,
    period: input.period,
    periodLabel,
    header: {
      left: [
        w.headerLeft[0],
        `${w.headerLeft[1]} ${input.orgUnit.nameVi.replace(/^Tỉnh\s+/i, "").toUpperCase()}`,
      ],
      right: [...w.headerRight],
      date: w.date(input.orgUnit.nameVi, input.today),
    },
    title: `${w.draft} — ${w.title(periodLabel)}`,
    summaryLine: summary.line[lang],
    illustrative,
    illustrativeNote: illustrative ? w.illustrative : null,
    results,
    shortfalls,
    tasks: {
      overdueByAgency,
      compliance: input.compliance.map((c) => ({ agency: c.agency, text: w.compliance(c) })),
      directions: input.directions.map((d) => ({ text: w.direction(d), status: d.taskStatus })),
    },
    appendix: {
      columns: [...w.columns],
      rows: lines.map((l) => ({
        code: l.code,
        name: l.name,
        unit: l.unit,
        value: l.value,
        figureStatus: l.figureStatus,
        lastYearValue: l.lastYearValue,
        lastYearStatus: l.lastYearStatus,
        verdict: l.verdict,
        upload: l.upload,
      })),
    },
    headings: { results: w.results, shortfalls: w.shortfalls, tasks: w.tasks, appendix: w.appendix },
  };
}

export interface DraftChange {
  code: string;
  name: string;
  field: "value" | "figureStatus" | "verdict" | "added" | "removed";
  before: string | null;
  after: string | null;
}

/** What changed between two drafts of the same org unit and period: figures, their status, verdicts. */
export function diffDrafts(
  before: Pick<ReportDraft, "appendix" | "summaryLine">,
  after: Pick<ReportDraft, "appendix" | "summaryLine">,
): { summaryLine: { before: string; after: string } | null; changes: DraftChange[] } {
  const old = new Map(before.appendix.rows.map((r) => [r.code, r]));
  const changes: DraftChange[] = [];
  for (const r of after.appendix.rows) {
    const o = old.get(r.code);
    old.delete(r.code);
    if (!o) {
      changes.push({ code: r.code, name: r.name, field: "added", before: null, after: r.value });
      continue;
    }
    for (const field of ["value", "figureStatus", "verdict"] as const) {
      if (o[field] !== r[field])
        changes.push({ code: r.code, name: r.name, field, before: o[field], after: r[field] });
    }
  }
  for (const o of old.values())
    changes.push({ code: o.code, name: o.name, field: "removed", before: o.value, after: null });
  return {
    summaryLine:
      before.summaryLine === after.summaryLine
        ? null
        : { before: before.summaryLine, after: after.summaryLine },
    changes,
  };
}

import { describe, expect, it } from "vitest";
import { buildReportDraft, type DraftInput, diffDrafts, explanationRequired } from "./draft.ts";

const indicator = (
  code: string,
  status: DraftInput["indicators"][number]["evaluation"]["status"],
  actual: string | null,
  over: Partial<DraftInput["indicators"][number]> = {},
): DraftInput["indicators"][number] => ({
  code,
  nameVi: `Chỉ tiêu ${code}`,
  nameEn: `Indicator ${code}`,
  category: "economy",
  unit: "tỷ đồng",
  leadAgency: "Sở Tài chính",
  evaluation: {
    status,
    basedOnEstimate: false,
    label: { vi: `nhãn ${status}`, en: `label ${status}` },
    explanation: { vi: `câu ${code}`, en: `sentence ${code}` },
    figures: { actual, actualPeriod: "2024", progress: null, changeVsLastYear: null },
  },
  figure: actual === null ? null : { status: "official", batchId: 7, fileName: "so-lieu.xlsx" },
  illustrative: false,
  explanation: null,
  ...over,
});

const input = (indicators: DraftInput["indicators"]): DraftInput => ({
  orgUnit: { code: "p49", nameVi: "Tỉnh Quảng Nam" },
  period: "2024",
  today: "2025-01-20",
  indicators,
  overdueTasks: [
    { code: "t1", textVi: "Việc một", leadAgency: "Sở Y tế", dueDate: "2024-12-31", status: "overdue" },
    { code: "t2", textVi: "Việc hai", leadAgency: "Sở Tài chính", dueDate: "2024-06-30", status: "overdue" },
    { code: "t3", textVi: "Việc ba", leadAgency: "Sở Tài chính", dueDate: "2024-09-30", status: "overdue" },
  ],
  compliance: [{ agency: "Sở Y tế", due: 4, onTime: 3, late: 1, missing: 0 }],
  directions: [],
});

describe("explanationRequired", () => {
  it("asks for one when not achieved, off track or at risk, never otherwise", () => {
    expect(["not_achieved", "off_track", "at_risk"].every((s) => explanationRequired(s as never))).toBe(true);
    expect(
      ["achieved", "exceeded", "on_track", "no_data", "not_due"].some((s) => explanationRequired(s as never)),
    ).toBe(false);
  });
});

describe("buildReportDraft", () => {
  it("writes each figure in the Vietnamese way with its status and upload, and counts with the one summary", () => {
    const d = buildReportDraft(
      input([indicator("a", "exceeded", "24100"), indicator("b", "not_achieved", "1234.5", { unit: "%" })]),
    );
    expect(d.title).toBe("DỰ THẢO — BÁO CÁO TÌNH HÌNH KINH TẾ – XÃ HỘI NĂM 2024");
    expect(d.header.left).toEqual(["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM"]);
    expect(d.header.date).toBe("Quảng Nam, ngày 20 tháng 01 năm 2025");
    expect(d.summaryLine).toBe("1/2 chỉ tiêu đạt và vượt; 1 không đạt");
    const [a, b] = d.results[0]?.lines ?? [];
    expect(a?.figure).toBe("24.100 tỷ đồng (chính thức; tệp so-lieu.xlsx, lần tải #7)");
    expect(b?.figure).toBe("1.234,5% (chính thức; tệp so-lieu.xlsx, lần tải #7)");
    // a shortfall without an explanation says so, in section II too
    expect(b?.explanation).toBe("Chưa có giải trình của cơ quan chủ trì");
    expect(d.shortfalls).toEqual([
      {
        name: "Chỉ tiêu b",
        verdict: "nhãn not_achieved",
        explanation: "Chưa có giải trình của cơ quan chủ trì",
        missing: true,
      },
    ]);
    expect(d.illustrativeNote).toBeNull();
  });

  it("groups overdue tasks by agency, most first, and marks illustrative figures", () => {
    const d = buildReportDraft(input([indicator("a", "achieved", "1", { illustrative: true })]));
    expect(d.tasks.overdueByAgency.map((g) => [g.agency, g.count])).toEqual([
      ["Sở Tài chính", 2],
      ["Sở Y tế", 1],
    ]);
    expect(d.tasks.overdueByAgency[0]?.tasks[0]).toEqual({ code: "t2", text: "Việc hai", due: "30/06/2024" });
    expect(d.tasks.compliance[0]?.text).toBe("Sở Y tế: 3/4 báo cáo đúng hạn; 1 trễ hạn; 0 chưa gửi");
    expect(d.illustrativeNote).toContain("Số liệu minh họa");
  });

  it("writes English on request, with English numbers", () => {
    const d = buildReportDraft(input([indicator("a", "exceeded", "24100")]), "en");
    expect(d.title).toBe("DRAFT — SOCIO-ECONOMIC SITUATION REPORT, 2024");
    expect(d.results[0]?.heading).toBe("1. Economy");
    expect(d.results[0]?.lines[0]?.figure).toBe("24,100 tỷ đồng (official; file so-lieu.xlsx, upload #7)");
    expect(d.summaryLine).toBe("1/1 targets achieved or exceeded");
  });

  it("gives the same period last year as stored, with its status, and a dash where there is none", () => {
    const withLast = indicator("a", "exceeded", "24100", {
      lastYear: { value: "21050.25", status: "preliminary", period: "2023" },
    });
    const vi = buildReportDraft(input([withLast, indicator("b", "exceeded", "5")]));
    expect(vi.results[0]?.lines.map((l) => l.lastYear)).toEqual([
      "Cùng kỳ năm trước: 21.050,25 tỷ đồng (sơ bộ)",
      "Cùng kỳ năm trước: —",
    ]);
    expect(vi.appendix.columns[5]).toBe("Cùng kỳ năm trước");
    expect(vi.appendix.rows.map((r) => [r.lastYearValue, r.lastYearStatus])).toEqual([
      ["21050.25", "sơ bộ"],
      [null, null],
    ]);
    const en = buildReportDraft(input([withLast]), "en");
    expect(en.results[0]?.lines[0]?.lastYear).toBe("Same period last year: 21,050.25 tỷ đồng (preliminary)");
  });

  it("says no figure rather than a zero", () => {
    const d = buildReportDraft(input([indicator("a", "no_data", null)]));
    expect(d.results[0]?.lines[0]?.figure).toBe("chưa có số liệu");
    expect(d.appendix.rows[0]?.value).toBeNull();
  });
});

describe("diffDrafts", () => {
  it("names each figure, status and verdict that changed, and the summary line", () => {
    const before = buildReportDraft(
      input([indicator("a", "not_achieved", "95.8"), indicator("b", "achieved", "1")]),
    );
    const after = buildReportDraft(
      input([
        indicator("a", "achieved", "96.3", {
          figure: { status: "preliminary", batchId: 8, fileName: "x.xlsx" },
        }),
      ]),
    );
    const d = diffDrafts(before, after);
    expect(d.summaryLine).toEqual({ before: before.summaryLine, after: after.summaryLine });
    expect(d.changes).toEqual([
      { code: "a", name: "Chỉ tiêu a", field: "value", before: "95.8", after: "96.3" },
      { code: "a", name: "Chỉ tiêu a", field: "figureStatus", before: "chính thức", after: "sơ bộ" },
      {
        code: "a",
        name: "Chỉ tiêu a",
        field: "verdict",
        before: "nhãn not_achieved",
        after: "nhãn achieved",
      },
      { code: "b", name: "Chỉ tiêu b", field: "removed", before: "1", after: null },
    ]);
    expect(diffDrafts(after, after)).toEqual({ summaryLine: null, changes: [] });
  });
});

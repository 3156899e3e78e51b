import { describe, expect, it } from "vitest";
import { type Deadline, parseDeadline } from "../deadline.ts";
import {
  deadlineFromRow,
  effectiveDue,
  isDueSoon,
  occurrenceStatuses,
  type StatusReport,
  type StoredTaskStatus,
  type TaskStatus,
  taskStatus,
  urgencyRank,
} from "./status.ts";

const d = (text: string, documentYear = 2024): Deadline => parseDeadline(text, { documentYear });

describe("taskStatus: every deadline form × what was reported × today", () => {
  it.each<[string, StoredTaskStatus, string | null, string, TaskStatus]>([
    // a date
    ["trước ngày 31/3/2024", "not_started", null, "2024-03-31", "not_started"],
    ["trước ngày 31/3/2024", "not_started", null, "2024-04-01", "overdue"],
    ["trước ngày 31/3/2024", "in_progress", null, "2024-04-01", "overdue"],
    ["trước ngày 31/3/2024", "done", "2024-03-31", "2024-06-01", "done"],
    ["trước ngày 31/3/2024", "done", "2024-04-01", "2024-06-01", "done_late"],
    ["trước ngày 31/3/2024", "cancelled", null, "2024-06-01", "cancelled"],
    ["trước ngày 31/3/2024", "replaced", null, "2024-06-01", "replaced"],
    // end of a month
    ["trong tháng 4/2024", "in_progress", null, "2024-04-30", "in_progress"],
    ["trong tháng 4/2024", "in_progress", null, "2024-05-01", "overdue"],
    ["tháng 10/2024", "done", "2024-10-31", "2024-12-01", "done"],
    // end of the (last) quarter
    ["Quý III năm 2024", "not_started", null, "2024-09-30", "not_started"],
    ["Quý III năm 2024", "not_started", null, "2024-10-01", "overdue"],
    ["Quý III, IV năm 2024", "not_started", null, "2024-10-01", "not_started"],
    ["Quý III, IV năm 2024", "done", "2025-01-02", "2025-02-01", "done_late"],
    ["Quý II/2024", "done", "2024-06-30", "2024-07-01", "done"],
    // end of a year and of a range
    ["Năm 2025", "in_progress", null, "2025-12-31", "in_progress"],
    ["Năm 2025", "in_progress", null, "2026-01-01", "overdue"],
    ["giai đoạn 2021-2025", "done", "2025-12-31", "2026-03-01", "done"],
    ["2022-2025", "not_started", null, "2026-01-01", "overdue"],
    // ongoing within a window: never late, even after the window ends
    ["Thường xuyên (trong những tháng cuối năm 2024)", "in_progress", null, "2025-06-01", "in_progress"],
    ["Thường xuyên", "not_started", null, "2030-01-01", "not_started"],
    ["Thường xuyên", "done", "2024-05-01", "2030-01-01", "done"],
    // no deadline, or one flagged for review: never late
    ["", "not_started", null, "2030-01-01", "not_started"],
    ["Năm 2002", "in_progress", null, "2030-01-01", "in_progress"],
    // 002: "… triển khai trong Quý III/2024 (nếu cần thiết)": owed only if the need arises
    ["trong Quý III/2024 (nếu cần thiết)", "not_started", null, "2026-01-01", "not_started"],
    ["trong Quý III/2024 (nếu cần thiết)", "done", "2024-11-01", "2026-01-01", "done_late"],
    // 001: "thường xuyên … báo cáo UBND tỉnh trước ngày 30/4/2024": the report can be late
    ["thường xuyên … báo cáo UBND tỉnh trước ngày 30/4/2024", "in_progress", null, "2024-05-01", "overdue"],
  ])("%j, reported %s (%s), today %s → %s", (text, stored, completedOn, today, expected) => {
    expect(taskStatus({ stored, completedOn, deadline: d(text), today })).toBe(expected);
  });

  it("recurring: overdue when the latest past occurrence has no completion in its period", () => {
    const yearly = d("Hàng năm");
    const withStart = { ...yearly, startYear: 2024 };
    expect(
      taskStatus({ stored: "in_progress", completedOn: null, deadline: withStart, today: "2024-12-31" }),
    ).toBe("in_progress");
    expect(
      taskStatus({ stored: "in_progress", completedOn: null, deadline: withStart, today: "2025-01-01" }),
    ).toBe("overdue");
    // done for 2024: the task as a whole goes on
    expect(
      taskStatus({ stored: "done", completedOn: "2024-12-15", deadline: withStart, today: "2025-01-01" }),
    ).toBe("in_progress");
    expect(
      taskStatus({ stored: "done", completedOn: "2024-12-15", deadline: withStart, today: "2026-01-01" }),
    ).toBe("overdue");
  });

  it("recurring with per-occurrence reports: judged on the latest past occurrence", () => {
    const monthly = d("Định kỳ hàng tháng");
    const reports: StatusReport[] = [
      { occurrence: "2024-11", status: "done", completedOn: "2024-11-28", reportedOn: "2024-11-28" },
    ];
    expect(
      taskStatus({
        stored: "in_progress",
        completedOn: null,
        deadline: monthly,
        today: "2024-12-15",
        reports,
      }),
    ).toBe("in_progress");
    expect(
      taskStatus({
        stored: "in_progress",
        completedOn: null,
        deadline: monthly,
        today: "2025-01-01",
        reports,
      }),
    ).toBe("overdue");
  });
});

describe("occurrenceStatuses: one status per period", () => {
  it("a quarterly task across a year boundary, each occurrence on its own report", () => {
    const quarterly = { ...d("định kỳ hàng quý"), startYear: 2024 };
    const reports: StatusReport[] = [
      { occurrence: "2024-Q3", status: "done", completedOn: "2024-09-30", reportedOn: "2024-10-02" },
      { occurrence: "2024-Q4", status: "in_progress", completedOn: null, reportedOn: "2024-12-01" },
      { occurrence: "2024-Q4", status: "done", completedOn: "2025-01-05", reportedOn: "2025-01-05" },
      { occurrence: "2025-Q1", status: "cancelled", completedOn: null, reportedOn: "2025-02-01" },
    ];
    const got = occurrenceStatuses({
      deadline: quarterly,
      reports,
      from: "2024-07-01",
      to: "2025-06-30",
      today: "2025-05-01",
    });
    expect(got.map((o) => [o.period, o.due, o.status])).toEqual([
      ["2024-Q3", "2024-09-30", "done"],
      ["2024-Q4", "2024-12-31", "done_late"],
      ["2025-Q1", "2025-03-31", "cancelled"],
      ["2025-Q2", "2025-06-30", "not_started"],
    ]);
  });

  it("a monthly task due on the 20th of the next month, December's report in January", () => {
    const monthly = { ...d("báo cáo trước ngày 20 tháng sau hằng tháng"), startYear: 2024 };
    expect(monthly.dueDay).toBe(20);
    expect(monthly.dueAfterPeriod).toBe(true);
    const reports: StatusReport[] = [
      { occurrence: "2024-12", status: "done", completedOn: "2025-01-18", reportedOn: "2025-01-18" },
      { occurrence: "2025-01", status: "done", completedOn: "2025-02-21", reportedOn: "2025-02-21" },
    ];
    const got = occurrenceStatuses({
      deadline: monthly,
      reports,
      from: "2025-01-01",
      to: "2025-03-31",
      today: "2025-03-01",
    });
    expect(got.map((o) => [o.period, o.due, o.status])).toEqual([
      ["2024-12", "2025-01-20", "done"],
      ["2025-01", "2025-02-20", "done_late"],
      ["2025-02", "2025-03-20", "not_started"],
    ]);
  });

  it("an annual task due on 15/11 of each year", () => {
    const annual = { ...d("trước ngày 15/11 hằng năm"), startYear: 2023 };
    const got = occurrenceStatuses({
      deadline: annual,
      reports: [{ occurrence: "2023", status: "done", completedOn: "2023-11-10", reportedOn: "2023-11-10" }],
      from: "2023-01-01",
      to: "2024-12-31",
      today: "2024-11-16",
    });
    expect(got.map((o) => [o.period, o.due, o.status])).toEqual([
      ["2023", "2023-11-15", "done"],
      ["2024", "2024-11-15", "overdue"],
    ]);
  });

  it("a dated task is its own single occurrence and takes a report without occurrence", () => {
    const got = occurrenceStatuses({
      deadline: d("Quý III năm 2024"),
      reports: [{ occurrence: null, status: "done", completedOn: "2024-10-03", reportedOn: "2024-10-03" }],
      from: "2024-01-01",
      to: "2024-12-31",
      today: "2024-12-01",
    });
    expect(got).toEqual([
      {
        period: "2024-Q3",
        due: "2024-09-30",
        status: "done_late",
        completedOn: "2024-10-03",
        reportedOn: "2024-10-03",
      },
    ]);
  });

  it("a later report of the same occurrence wins, also on the same day", () => {
    const got = occurrenceStatuses({
      deadline: { ...d("Hàng năm"), startYear: 2024 },
      reports: [
        { occurrence: "2024", status: "done", completedOn: "2024-06-01", reportedOn: "2024-06-01", seq: 1 },
        { occurrence: "2024", status: "in_progress", completedOn: null, reportedOn: "2024-06-01", seq: 2 },
      ],
      from: "2024-01-01",
      to: "2024-12-31",
      today: "2024-07-01",
    });
    expect(got[0]?.status).toBe("in_progress");
  });
});

describe("due dates for lists", () => {
  it.each<[string, string, string | null]>([
    ["trước ngày 31/3/2024", "2024-01-01", "2024-03-31"],
    ["Thường xuyên trong những tháng cuối năm 2024", "2024-09-01", "2024-12-31"],
    ["Thường xuyên", "2024-09-01", null],
    ["", "2024-09-01", null],
    ["Định kỳ hàng tháng", "2024-09-10", "2024-09-30"],
    ["Năm 2022 và các năm tiếp theo", "2024-09-10", "2024-12-31"],
  ])("%j on %s → %s", (text, today, due) => {
    expect(effectiveDue(d(text), today)).toBe(due);
  });

  it("ranks overdue, then due soon, then open, then closed", () => {
    const today = "2024-06-01";
    expect(urgencyRank("overdue", "2024-05-01", today)).toBe(0);
    expect(urgencyRank("in_progress", "2024-06-20", today)).toBe(1);
    expect(isDueSoon("in_progress", "2024-07-02", today)).toBe(false);
    expect(urgencyRank("not_started", "2024-09-01", today)).toBe(2);
    expect(urgencyRank("not_started", null, today)).toBe(2);
    expect(urgencyRank("done", "2024-06-02", today)).toBe(3);
  });
});

describe("deadlineFromRow", () => {
  it("takes the columns as stored and reads the stated day again from the text", () => {
    const got = deadlineFromRow(
      {
        deadline_text: "trước ngày 20 hằng tháng",
        kind: "recurring",
        due_date: null,
        window_from: null,
        window_to: null,
        recurrence: "monthly",
        start_year: null,
        end_year: null,
        review_code: null,
        review_reason: null,
      },
      { documentYear: 2024 },
    );
    expect(got).toMatchObject({ kind: "recurring", recurrence: "monthly", dueDay: 20, startYear: 2024 });
  });

  it("keeps a review flag with both languages", () => {
    const got = deadlineFromRow({
      deadline_text: "Năm 2002",
      kind: "none",
      due_date: null,
      window_from: null,
      window_to: null,
      recurrence: null,
      start_year: null,
      end_year: null,
      review_code: "implausible_year",
      review_reason: "Năm 2002 quá xa / Year 2002 is far",
    });
    expect(got.review).toEqual({
      code: "implausible_year",
      reason_vi: "Năm 2002 quá xa",
      reason_en: "Year 2002 is far",
    });
  });
});

import { describe, expect, it } from "vitest";
import { parseDeadline } from "../deadline.ts";
import { agencyScorecard, type DutyRow, type ScorecardTask, workItems } from "./scorecard.ts";

const task = (taskId: number, text: string, over: Partial<ScorecardTask> = {}): ScorecardTask => ({
  taskId,
  deadline: { ...parseDeadline(text, { documentYear: 2024 }) },
  stored: "not_started",
  completedOn: null,
  reports: [],
  ...over,
});

describe("workItems: the work of a task that belongs to a year", () => {
  const today = "2024-12-01";
  it.each<[string, ScorecardTask, Array<[string | null, string | null, string]>]>([
    ["dated, due in the year", task(1, "Quý III năm 2024"), [["2024-Q3", "2024-09-30", "overdue"]]],
    ["dated, due another year", task(1, "Năm 2025"), []],
    [
      "dated, done late",
      task(1, "trước ngày 30/4/2024", { stored: "done", completedOn: "2024-05-02" }),
      [["2024-04", "2024-04-30", "done_late"]],
    ],
    [
      "window overlapping the year",
      task(1, "Thường xuyên trong những tháng cuối năm 2024"),
      [[null, "2024-12-31", "not_started"]],
    ],
    ["no deadline", task(1, ""), []],
    [
      "recurring quarterly from 2024",
      task(1, "định kỳ hàng quý", {
        deadline: { ...parseDeadline("định kỳ hàng quý"), startYear: 2024 },
        reports: [
          { occurrence: "2024-Q1", status: "done", completedOn: "2024-03-30", reportedOn: "2024-03-30" },
        ],
      }),
      [
        ["2024-Q1", "2024-03-31", "done"],
        ["2024-Q2", "2024-06-30", "overdue"],
        ["2024-Q3", "2024-09-30", "overdue"],
        ["2024-Q4", "2024-12-31", "not_started"],
      ],
    ],
  ])("%s", (_name, t, expected) => {
    expect(workItems(t, 2024, today).map((i) => [i.occurrence, i.due, i.status])).toEqual(expected);
  });
});

describe("agencyScorecard", () => {
  it("counts each lead's work and reports, with the lists behind the numbers", () => {
    const today = "2024-12-01";
    const tasks = [
      task(1, "trước ngày 31/3/2024", { stored: "done", completedOn: "2024-03-20" }),
      task(2, "trước ngày 31/3/2024", { stored: "done", completedOn: "2024-04-20" }),
      task(3, "Quý III năm 2024", { stored: "in_progress" }),
      task(4, "Quý IV năm 2024"),
      task(5, "Năm 2024", { stored: "cancelled" }),
    ];
    const items = tasks.flatMap((t) => workItems(t, 2024, today));
    const duty = (agencyId: number, period: string, status: DutyRow["status"]): DutyRow => ({
      dutyId: 9,
      agencyId,
      period,
      due: `${period}-20`,
      status,
      deliveredOn: null,
      evidence: null,
    });
    const [a, b] = agencyScorecard({
      year: 2024,
      today,
      items,
      // task 2 has two leads: it counts for both
      lead: [
        { taskId: 1, agencyId: 10 },
        { taskId: 2, agencyId: 10 },
        { taskId: 2, agencyId: 20 },
        { taskId: 3, agencyId: 10 },
        { taskId: 4, agencyId: 20 },
        { taskId: 5, agencyId: 20 },
      ],
      duties: [
        duty(10, "2024-10", "on_time"),
        duty(10, "2024-11", "late"),
        duty(10, "2024-12", "not_due"),
        duty(20, "2024-11", "missing"),
      ],
    });
    expect(a).toMatchObject({
      agencyId: 10,
      tasksLed: 3,
      doneOnTime: 1,
      doneLate: 1,
      overdue: 1,
      open: 0,
      reportsDue: 2,
      reportsOnTime: 1,
      reportsLate: 1,
      reportsMissing: 0,
    });
    expect(a?.lists.doneLate.map((i) => i.taskId)).toEqual([2]);
    expect(a?.lists.overdue.map((i) => i.taskId)).toEqual([3]);
    expect(b).toMatchObject({
      agencyId: 20,
      tasksLed: 3,
      doneLate: 1,
      open: 1,
      closed: 1,
      reportsMissing: 1,
    });
    expect(b?.lists.open.map((i) => i.taskId)).toEqual([4]);
  });
});

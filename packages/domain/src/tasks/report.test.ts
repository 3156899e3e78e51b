import { describe, expect, it } from "vitest";
import { parseDeadline } from "../deadline.ts";
import { checkStatusReport, classifyEvidence, parseTaskStatusText, taskStateFromReports } from "./report.ts";

describe("parseTaskStatusText", () => {
  it.each<[string, string | null]>([
    ["Hoàn thành", "done"],
    ["Da hoan thanh", "done"],
    ["Đang thực hiện", "in_progress"],
    ["in progress", "in_progress"],
    ["Chưa thực hiện", "not_started"],
    ["Dừng thực hiện", "cancelled"],
    ["Được thay thế", "replaced"],
    ["Hoàn thành trễ hạn", "done_late"],
    ["Quá hạn", "overdue"],
    ["tốt", null],
  ])("%j → %s", (text, expected) => {
    expect(parseTaskStatusText(text)).toBe(expected);
  });
});

describe("classifyEvidence", () => {
  it.each<[string, object]>([
    ["https://example.invalid/a.pdf", { evidenceUrl: "https://example.invalid/a.pdf" }],
    ["bao-cao.pdf", { evidenceFile: "bao-cao.pdf" }],
    ["125/BC-SKHĐT ngày 20/9/2024", { evidenceDocument: "125/BC-SKHĐT ngày 20/9/2024" }],
    ["", {}],
  ])("%j", (text, expected) => {
    expect(classifyEvidence(text)).toEqual(expected);
  });
});

describe("checkStatusReport", () => {
  const dated = parseDeadline("trước ngày 30/4/2024");
  const yearly = { ...parseDeadline("Hàng năm"), startYear: 2022 };
  const codes = (input: Parameters<typeof checkStatusReport>[0], d = dated) =>
    checkStatusReport(input, d).map((i) => i.code);
  it.each<[string, Parameters<typeof checkStatusReport>[0], typeof dated, string[]]>([
    [
      "done with date and evidence",
      { status: "done", reportedOn: "2024-05-01", completedOn: "2024-04-30", evidenceFile: "a.pdf" },
      dated,
      [],
    ],
    ["overdue is derived", { status: "overdue", reportedOn: "2024-05-01" }, dated, ["derived_status"]],
    ["done_late is derived", { status: "done_late", reportedOn: "2024-05-01" }, dated, ["derived_status"]],
    [
      "done without date or evidence",
      { status: "done", reportedOn: "2024-05-01" },
      dated,
      ["missing_completion_date", "missing_evidence"],
    ],
    [
      "done after the report",
      { status: "done", reportedOn: "2024-05-01", completedOn: "2024-05-02", evidenceDocument: "x" },
      dated,
      ["completion_in_future"],
    ],
    [
      "replaced without the replacement",
      { status: "replaced", reportedOn: "2024-05-01" },
      dated,
      ["missing_replacement"],
    ],
    [
      "a period on a dated task",
      { status: "in_progress", reportedOn: "2024-05-01", occurrence: "2024" },
      dated,
      ["occurrence_not_allowed"],
    ],
    [
      "a recurring task without period",
      { status: "in_progress", reportedOn: "2024-05-01" },
      yearly,
      ["occurrence_required"],
    ],
    [
      "a recurring task, its 2023 period",
      { status: "in_progress", reportedOn: "2024-05-01", occurrence: "2023" },
      yearly,
      [],
    ],
    [
      "a recurring task, a period it does not have",
      { status: "in_progress", reportedOn: "2024-05-01", occurrence: "2024-Q2" },
      yearly,
      ["unknown_occurrence"],
    ],
    ["a recurring task cancelled as a whole", { status: "cancelled", reportedOn: "2024-05-01" }, yearly, []],
  ])("%s", (_name, input, d, expected) => {
    expect(codes(input, d)).toEqual(expected);
  });

  it("keeps the latest report on the task row", () => {
    expect(
      taskStateFromReports([
        { occurrence: null, status: "done", completedOn: "2024-04-01", reportedOn: "2024-04-02", seq: 1 },
        { occurrence: null, status: "in_progress", completedOn: null, reportedOn: "2024-04-02", seq: 2 },
      ]),
    ).toEqual({ status: "in_progress", completedOn: null });
    expect(taskStateFromReports([])).toEqual({ status: "not_started", completedOn: null });
  });
});

import { describe, expect, it } from "vitest";
import {
  DEFAULT_DUTY_DUE_DAY,
  type Delivery,
  type DutyCadence,
  dutyCompliance,
  dutyOccurrences,
  dutyRule,
} from "./duties.ts";

describe("dutyRule: the due day a duty's text states, else the default", () => {
  it.each<[DutyCadence, string | null, object]>([
    ["annual", "trước ngày 30 tháng 11 hàng năm", { dueDay: 30, dueMonth: 11, source: "text" }],
    ["annual", "trước ngày 15/11", { dueDay: 15, dueMonth: 11, source: "text" }],
    ["annual", "trước ngày 15/11 hằng năm", { dueDay: 15, dueMonth: 11, source: "text" }],
    ["monthly", "trước ngày 20 hằng tháng", { dueDay: 20, source: "text" }],
    ["monthly", "trước ngày 5 tháng sau hằng tháng", { dueDay: 5, dueAfterPeriod: true, source: "text" }],
    ["monthly", "đúng thời gian quy định", { dueDay: DEFAULT_DUTY_DUE_DAY, source: "default" }],
    ["quarterly", "định kỳ hàng quý", { dueDay: DEFAULT_DUTY_DUE_DAY, source: "default" }],
    ["annual", "hàng năm theo quy định", { dueDay: DEFAULT_DUTY_DUE_DAY, dueMonth: 12, source: "default" }],
    [
      "monthly",
      "tại các phiên họp thường kỳ hàng tháng của UBND tỉnh",
      { dueDay: DEFAULT_DUTY_DUE_DAY, source: "default" },
    ],
    ["once", "trước ngày 30/4/2024", { onceDue: "2024-04-30", source: "text" }],
    ["quarterly", null, { dueDay: DEFAULT_DUTY_DUE_DAY, source: "default" }],
  ])("%s %j", (cadence, text, expected) => {
    expect(dutyRule(cadence, text, { documentYear: 2024 })).toMatchObject(expected);
  });

  it("takes a configured default day", () => {
    expect(dutyRule("monthly", "đúng thời gian quy định", {}, { defaultDueDay: 25 }).dueDay).toBe(25);
  });
});

describe("dutyOccurrences", () => {
  it.each<[DutyCadence, string | null, string, Array<[string, string, string]>]>([
    [
      "monthly",
      null,
      "2024-Q3",
      [
        ["2024-07", "2024-07-20", "2024-06-20"],
        ["2024-08", "2024-08-20", "2024-07-20"],
        ["2024-09", "2024-09-20", "2024-08-20"],
      ],
    ],
    ["quarterly", null, "2024-Q3", [["2024-Q3", "2024-09-20", "2024-06-20"]]],
    ["quarterly", null, "2025-Q1", [["2025-Q1", "2025-03-20", "2024-12-20"]]],
    ["nine_months", null, "2024", [["2024-9M", "2024-09-20", "2023-09-20"]]],
    ["annual", "trước ngày 30 tháng 11 hàng năm", "2024", [["2024", "2024-11-30", "2023-11-30"]]],
    ["annual", "trước ngày 30 tháng 11 hàng năm", "2024-Q3", []],
    [
      "half_yearly",
      null,
      "2024",
      [
        ["2024-H1", "2024-06-20", "2023-12-20"],
        ["2024-H2", "2024-12-20", "2024-06-20"],
      ],
    ],
    [
      "monthly",
      "trước ngày 5 tháng sau hằng tháng",
      "2024-Q4",
      [
        ["2024-10", "2024-11-05", "2024-10-05"],
        ["2024-11", "2024-12-05", "2024-11-05"],
        ["2024-12", "2025-01-05", "2024-12-05"],
      ],
    ],
    ["once", "trước ngày 30/4/2024", "2024", [["2024-04", "2024-04-30", "2024-03-31"]]],
  ])("%s %j within %s", (cadence, text, within, expected) => {
    const got = dutyOccurrences(dutyRule(cadence, text, { documentYear: 2024 }), within);
    expect(got.map((o) => [o.period, o.due, o.opensAfter])).toEqual(expected);
  });
});

describe("dutyCompliance", () => {
  const occ = dutyOccurrences(dutyRule("monthly", null), "2024-Q3");
  const deliveries: Delivery[] = [
    // agency 1: an upload in July's window, an explicit late August report, nothing in September
    { agencyId: 1, deliveredOn: "2024-07-15", source: "upload", evidence: "batch 7" },
    { agencyId: 1, deliveredOn: "2024-08-25", source: "explicit", period: "2024-08", evidence: "12/BC-SNV" },
    // agency 2: a status report exactly on the due date (on time), an explicit on-time one
    { agencyId: 2, deliveredOn: "2024-07-20", source: "status_report", evidence: "report 3" },
    { agencyId: 2, deliveredOn: "2024-09-01", source: "explicit", period: "2024-09", evidence: "40/BC-STC" },
  ];

  it("says on time, late, missing or not yet due for each unit and period", () => {
    const rows = dutyCompliance({ occurrences: occ, reporters: [1, 2], deliveries, today: "2024-09-10" });
    expect(rows.map((r) => [r.period, r.agencyId, r.status, r.deliveredOn])).toEqual([
      ["2024-07", 1, "on_time", "2024-07-15"],
      ["2024-07", 2, "on_time", "2024-07-20"],
      // the upload of 25/8 would be September's window; the explicit record says August, late
      ["2024-08", 1, "late", "2024-08-25"],
      ["2024-08", 2, "missing", null],
      ["2024-09", 1, "not_due", null],
      ["2024-09", 2, "on_time", "2024-09-01"],
    ]);
  });

  it("after the due date a unit with nothing is missing", () => {
    const rows = dutyCompliance({ occurrences: occ, reporters: [1], deliveries, today: "2024-09-21" });
    expect(rows.at(-1)).toMatchObject({ period: "2024-09", status: "missing" });
  });
});

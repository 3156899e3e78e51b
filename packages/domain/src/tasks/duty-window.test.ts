import { describe, expect, it } from "vitest";
import {
  agencyValidity,
  dutyOccurrences,
  dutyRule,
  dutyWindow,
  eventOccurrence,
  occurrenceOwed,
} from "./duties.ts";

// When a duty owes anything (issue 16): the plan "những tháng cuối năm 2024" of 29/8/2024
// (period 2024), KH 214/KH-UBND "đến năm 2030", a district that ceased on 1/7/2025.

const kh2908 = dutyWindow({ issuedOn: "2024-08-29", periodFrom: 2024, periodTo: 2024 });
const monthly = dutyRule("monthly", "đúng thời gian quy định");

describe("dutyWindow", () => {
  it("runs from the document's issue to the end of its period", () => {
    expect(kh2908).toEqual({ from: "2024-08-29", to: "2024-12-31" });
    expect(dutyWindow({ issuedOn: "2024-11-06", periodFrom: 2024, periodTo: 2030 })).toEqual({
      from: "2024-11-06",
      to: "2030-12-31",
    });
  });

  it("ends the day before a later document ended it, and with the duty's own end", () => {
    expect(
      dutyWindow({ issuedOn: "2022-08-04", periodFrom: 2021, periodTo: 2025, endedOn: "2024-11-06" }).to,
    ).toBe("2024-11-05");
    expect(
      dutyWindow({
        issuedOn: "2022-08-04",
        periodFrom: 2021,
        periodTo: 2025,
        own: { from: null, to: "2023-06-30" },
      }).to,
    ).toBe("2023-06-30");
  });

  it("lasts while one recipient exists, and ends with the document's province", () => {
    const recipients = [
      { from: null, to: "2025-02-28" },
      { from: null, to: null },
    ];
    expect(dutyWindow({ issuedOn: "2024-11-06", periodFrom: 2024, periodTo: 2030, recipients }).to).toBe(
      "2030-12-31",
    );
    expect(
      dutyWindow({
        issuedOn: "2024-11-06",
        periodFrom: 2024,
        periodTo: 2030,
        recipients: [{ from: null, to: "2025-02-28" }],
      }).to,
    ).toBe("2025-02-28");
    expect(
      dutyWindow({
        issuedOn: null,
        periodFrom: 2024,
        periodTo: 2030,
        documentUnit: { from: null, to: "2025-06-30" },
      }),
    ).toEqual({ from: "2024-01-01", to: "2025-06-30" });
  });
});

describe("occurrenceOwed", () => {
  it("a 2024 plan's monthly report: September to December 2024, nothing in 2026", () => {
    const owed = (within: string) =>
      dutyOccurrences(monthly, within)
        .filter((o) => occurrenceOwed(o, kh2908))
        .map((o) => o.period);
    expect(owed("2024")).toEqual(["2024-09", "2024-10", "2024-11", "2024-12"]);
    expect(owed("2025")).toEqual([]);
    expect(owed("2026")).toEqual([]);
  });

  it("an agency that ceased on 1/7/2025 owes what fell due before, nothing after", () => {
    const district = agencyValidity({ from: null, to: null }, [{ from: null, to: "2025-06-30" }]);
    const window = dutyWindow({ issuedOn: "2024-11-06", periodFrom: 2024, periodTo: 2030 });
    const m = dutyOccurrences(monthly, "2025").filter((o) => occurrenceOwed(o, window, district));
    expect(m.map((o) => o.period)).toEqual([
      "2025-01",
      "2025-02",
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
    ]);
    const annual = dutyRule("annual", "trước ngày 15/11", { documentYear: 2024 });
    expect(dutyOccurrences(annual, "2025").filter((o) => occurrenceOwed(o, window, district))).toEqual([]);
    expect(dutyOccurrences(annual, "2024").filter((o) => occurrenceOwed(o, window, district))).toEqual([
      { period: "2024", due: "2024-11-15", opensAfter: "2023-11-15" },
    ]);
  });
});

describe("eventOccurrence", () => {
  it("is due at the next monthly meeting day after the event", () => {
    const meeting = dutyRule("monthly", "tại các phiên họp thường kỳ hàng tháng của UBND tỉnh");
    expect(eventOccurrence(meeting, "2024-10-05")).toEqual({
      period: "2024-10",
      due: "2024-10-20",
      opensAfter: "2024-10-04",
    });
    expect(eventOccurrence(meeting, "2024-12-28").due).toBe("2025-01-20");
  });
});

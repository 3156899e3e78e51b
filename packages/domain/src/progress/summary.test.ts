import { describe, expect, it } from "vitest";
import { summarizeStatuses, targetForYear } from "./summary.ts";

describe("targetForYear", () => {
  const targets = [{ period: "2024" }, { period: "2021-2025" }, { period: "2030" }, { period: "2027" }];
  it("prefers the year's own target, then a plan period, then the nearest later target year", () => {
    expect(targetForYear(targets, 2024)?.period).toBe("2024");
    expect(targetForYear(targets, 2023)?.period).toBe("2021-2025");
    expect(targetForYear(targets, 2026)?.period).toBe("2027");
    expect(targetForYear(targets, 2031)).toBeNull();
  });
});

describe("summarizeStatuses", () => {
  it("counts achieved and exceeded among those judged, and says when an estimate is behind them", () => {
    const s = summarizeStatuses([
      { status: "exceeded", basedOnEstimate: false },
      { status: "achieved", basedOnEstimate: true },
      { status: "at_risk", basedOnEstimate: false },
      { status: "no_data", basedOnEstimate: false },
      { status: "not_due", basedOnEstimate: false },
    ]);
    expect(s).toMatchObject({ achievedOrExceeded: 2, judged: 3, total: 5, basedOnEstimate: true });
    expect(s.line.vi).toBe(
      "2/5 chỉ tiêu ước đạt và vượt; 1 có nguy cơ không đạt hoặc chậm tiến độ; 2 chưa đánh giá",
    );
    expect(s.line.en).toBe(
      "2/5 targets estimated achieved or exceeded; 1 at risk or off track; 2 not yet judged",
    );
    expect(s.counts.at_risk).toBe(1);
    expect(summarizeStatuses([{ status: "at_risk", basedOnEstimate: true }]).basedOnEstimate).toBe(false);
    // Quảng Ngãi in September: none closed yet, four on pace — said, not hidden behind "0/6"
    const qng = summarizeStatuses([
      ...Array.from({ length: 4 }, () => ({ status: "on_track" as const, basedOnEstimate: false })),
      { status: "off_track", basedOnEstimate: false },
      { status: "no_data", basedOnEstimate: false },
    ]);
    expect(qng.line.vi).toBe(
      "0/6 chỉ tiêu đạt và vượt; 4 đúng tiến độ; 1 có nguy cơ không đạt hoặc chậm tiến độ; 1 chưa đánh giá",
    );
  });
});

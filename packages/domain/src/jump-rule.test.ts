import { describe, expect, it } from "vitest";
import { judgeJump, jumpRule } from "./jump-rule.ts";

// Issue #15 item 7: a jump is judged per measure kind, with the expected warning written out.

const lastYear = (period: string) => ({ basis: "same_period_last_year" as const, period });
const previous = (period: string) => ({ basis: "previous_period" as const, period });

describe("jumpRule: the rule follows what the indicator measures", () => {
  it("flows and counts change by a share; rates and shares by points; milestones not at all", () => {
    expect(jumpRule("flow", "tỷ đồng")).toEqual({ mode: "relative", threshold: "0.5" });
    expect(jumpRule("stock", "xã")).toEqual({ mode: "relative", threshold: "0.5" });
    expect(jumpRule("growth_rate", "%")).toEqual({ mode: "points", threshold: "5" });
    expect(jumpRule("ratio", "%")).toEqual({ mode: "points", threshold: "5" });
    // a stock kept in % (forest cover) is a share: points
    expect(jumpRule("stock", "%")).toEqual({ mode: "points", threshold: "5" });
    expect(jumpRule("stock", "‰")).toEqual({ mode: "points", threshold: "5" });
    expect(jumpRule("milestone", null).mode).toBe("none");
    expect(jumpRule("category", "nhóm").mode).toBe("none");
    expect(jumpRule("flow", "tỷ đồng", { relative: "0.3" }).threshold).toBe("0.3");
  });
});

describe("judgeJump: explicit expected warnings", () => {
  it("a monthly revenue five times the same month last year is a jump, said in both languages", () => {
    expect(judgeJump(jumpRule("flow", "tỷ đồng"), "5000", "1000", lastYear("2023-06"))).toEqual({
      change: "+400%",
      vi: "+400% (quá 50%) so với cùng kỳ năm trước (2023-06: 1.000)",
      en: "by +400% (more than 50%) against the same period last year (2023-06: 1,000)",
    });
  });

  it("exactly 50% more is not more than 50%; a fall by more than half is", () => {
    const flow = jumpRule("flow", "tỷ đồng");
    expect(judgeJump(flow, "1500", "1000", previous("2024-05"))).toBeNull();
    expect(judgeJump(flow, "0.75", "0.5", previous("2024-05"))).toBeNull();
    expect(judgeJump(flow, "400", "1000", previous("2024-05"))).toEqual({
      change: "-60%",
      vi: "-60% (quá 50%) so với kỳ trước (2024-05: 1.000)",
      en: "by -60% (more than 50%) against the previous period (2024-05: 1,000)",
    });
  });

  it("a growth rate from 7,2% to 10,8% is 3,6 points: no warning, though it is 50% more", () => {
    const rate = jumpRule("growth_rate", "%");
    expect(judgeJump(rate, "10.8", "7.2", lastYear("2023-H1"))).toBeNull();
    expect(judgeJump(rate, "13.5", "7.2", lastYear("2023-H1"))).toEqual({
      change: "+6.3",
      vi: "+6,3 điểm (quá 5 điểm) so với cùng kỳ năm trước (2023-H1: 7,2)",
      en: "by +6.3 points (more than 5) against the same period last year (2023-H1: 7.2)",
    });
    // a rate falling from 1,5% to -4% is a 5,5-point fall, where a share would be undefined
    expect(judgeJump(rate, "-4", "1.5", previous("2024-Q1"))?.change).toBe("-5.5");
  });

  it("a change from zero is no ratio; milestones never jump", () => {
    expect(judgeJump(jumpRule("flow", "tỷ đồng"), "10", "0", previous("2024-05"))).toBeNull();
    expect(judgeJump(jumpRule("milestone", null), "1", "0", previous("2024"))).toBeNull();
  });
});

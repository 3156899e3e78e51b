import { describe, expect, it } from "vitest";
import { yearEarlier } from "./drafts.ts";

// The span of "the same period last year": each end of a stored figure's span moved back a year.
describe("yearEarlier", () => {
  it.each([
    ["2024-01-01", "2023-01-01"],
    ["2024-09-30", "2023-09-30"],
    ["2024-12-31", "2023-12-31"],
    // a month's last day stays its month's last day, across leap years both ways
    ["2024-02-29", "2023-02-28"],
    ["2025-02-28", "2024-02-29"],
    ["2024-03-15", "2023-03-15"],
  ])("%s → %s", (from, to) => {
    expect(yearEarlier(from)).toBe(to);
  });
});

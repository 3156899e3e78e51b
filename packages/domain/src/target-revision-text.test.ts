import { describe, expect, it } from "vitest";
import { describeProvenance, describeRevision } from "./target-revision-text.ts";

describe("what is said beside a revised target and beside an inferred value", () => {
  const revised = {
    effectiveFrom: "2024-07-01",
    documentNumber: "45/NQ-HĐND",
    revised: {
      reason: "điều chỉnh dự toán giữa năm",
      original: {
        form: "at_least",
        low: "23600",
        high: null,
        documentCode: "qnam-ctct-2024",
        documentNumber: null,
      },
    },
  };

  it("names the original value in the reader's numbers, its document, the revising document and the date", () => {
    expect(describeRevision(revised, "tỷ đồng", "higher_better", "vi")).toBe(
      "Điều chỉnh từ đạt ≥ 23.600 tỷ đồng (qnam-ctct-2024) theo 45/NQ-HĐND, từ 01/07/2024: điều chỉnh dự toán giữa năm",
    );
    expect(describeRevision(revised, "tỷ đồng", "higher_better", "en")).toBe(
      "Revised from at least 23,600 billion VND (qnam-ctct-2024) by 45/NQ-HĐND, from 2024-07-01: điều chỉnh dự toán giữa năm",
    );
  });

  it("says nothing of a target never revised, nor of a stated value", () => {
    expect(describeRevision({ ...revised, revised: null }, "tỷ đồng", "higher_better")).toBeNull();
    expect(describeProvenance("stated", null)).toBeNull();
    expect(describeProvenance(undefined, null)).toBeNull();
  });

  it("marks an inferred value and an assumption, with why", () => {
    expect(describeProvenance("inferred", "đọc là 100% kế hoạch vốn giao")).toBe(
      "Suy ra từ văn bản: đọc là 100% kế hoạch vốn giao",
    );
    expect(describeProvenance("assumption", "không rõ tổng hay tăng thêm", "en")).toBe(
      "Assumption: không rõ tổng hay tăng thêm",
    );
  });
});

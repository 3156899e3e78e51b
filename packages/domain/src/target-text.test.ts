import { describe, expect, it } from "vitest";
import { describeTarget } from "./target-text.ts";

const base = { low: null, high: null, low_inclusive: true, high_inclusive: true, direction: "higher_better" };

describe("describeTarget", () => {
  it("reads like the planning documents", () => {
    expect(describeTarget({ ...base, form: "at_least", low: "23600" }, "tỷ đồng")).toBe(
      "đạt ≥ 23.600 tỷ đồng",
    );
    expect(describeTarget({ ...base, form: "above", low: "30", low_inclusive: false }, "%")).toBe("trên 30%");
    expect(describeTarget({ ...base, form: "below", high: "20.3", high_inclusive: false }, "%")).toBe(
      "dưới 20,3%",
    );
    expect(describeTarget({ ...base, form: "range_floor", low: "7.5", high: "8" }, "%")).toBe(
      "đạt 7,5–8% (vượt nếu trên mức cao)",
    );
    // "Phân đầu giảm 2.900 hộ nghèo" (qnam-ctct-2024): the document's verb, never "thay đổi"
    expect(
      describeTarget(
        { ...base, form: "change", low: "2900", change_unit: "absolute", direction: "lower_better" },
        "hộ",
      ),
    ).toBe("giảm ít nhất 2.900 hộ");
    expect(describeTarget({ ...base, form: "change", low: "7", change_unit: "absolute" }, "xã")).toBe(
      "tăng ít nhất 7 xã",
    );
    expect(
      describeTarget(
        { ...base, form: "level_by_year", low: "50", low_inclusive: false, period: "2030" },
        "%",
      ),
    ).toBe("trên 50% vào năm 2030");
    expect(describeTarget({ ...base, form: "milestone", due_date: "2024-06-30" }, "")).toBe(
      "hoàn thành trước 30/06/2024",
    );
  });

  it("keeps every digit the source wrote", () => {
    expect(describeTarget({ ...base, form: "at_least", low: "58.92" }, "%")).toBe("đạt ≥ 58,92%");
    expect(describeTarget({ ...base, form: "at_least", low: "58.92" }, "%", "en")).toBe("at least 58.92%");
  });
});

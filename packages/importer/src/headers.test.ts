import { describe, expect, it } from "vitest";
import { parseBasis, parsePeriodHeader, parseStatus, roleOf, yearInTitle } from "./headers.ts";

describe("roleOf", () => {
  it("reads headers in Vietnamese or English, with or without diacritics, any case and spacing", () => {
    expect(roleOf("Mã chỉ tiêu")).toBe("indicator");
    expect(roleOf("  MA CHI TIEU ")).toBe("indicator");
    expect(roleOf("Indicator")).toBe("indicator");
    expect(roleOf("Địa bàn")).toBe("org_unit");
    expect(roleOf("org_unit")).toBe("org_unit");
    expect(roleOf("Kỳ báo cáo")).toBe("period");
    expect(roleOf("Số liệu")).toBe("value");
    expect(roleOf("Trạng thái")).toBe("status");
    expect(roleOf("Ghi chú")).toBe("note");
    expect(roleOf("Lũy kế")).toBe("basis");
    expect(roleOf("Năm")).toBe("year");
    expect(roleOf("Đơn vị tính")).toBe("ignored");
    expect(roleOf("Kế hoạch năm 2024")).toBeNull();
  });
});

describe("parsePeriodHeader", () => {
  const read = (h: string) => {
    const r = parsePeriodHeader(h);
    return r && r !== "same_period_bare"
      ? { ...r.period, relative: r.relative, lastYear: r.lastYear, status: r.status, basis: r.basis }
      : r;
  };
  it("reads month, quarter, half, nine-month and year columns without a year", () => {
    expect(read("Tháng 1")).toMatchObject({ kind: "month", index: 1, relative: true });
    expect(read("T12")).toMatchObject({ kind: "month", index: 12 });
    expect(read("Quý III")).toMatchObject({ kind: "quarter", index: 3 });
    expect(read("6 tháng")).toMatchObject({ kind: "half", index: 1 });
    expect(read("9 tháng")).toMatchObject({ kind: "nine_months" });
    expect(read("Cả năm")).toMatchObject({ kind: "year" });
  });
  it("reads status, cumulative and same-period prefixes", () => {
    expect(read("Ước TH 9 tháng")).toMatchObject({ kind: "nine_months", status: "estimate" });
    expect(read("Lũy kế 5 tháng")).toMatchObject({ kind: "month", index: 5, basis: "ytd" });
    expect(read("Cùng kỳ 9 tháng")).toMatchObject({ kind: "nine_months", lastYear: true });
    expect(parsePeriodHeader("Cùng kỳ")).toBe("same_period_bare");
  });
  it("keeps an explicit year and ignores what is not a period", () => {
    expect(read("Tháng 3/2024")).toMatchObject({ kind: "month", year: 2024, relative: false });
    expect(read("So sánh (%)")).toBeNull();
    expect(read("Tăng/giảm so với cùng kỳ (%)")).toBeNull();
    expect(read("Kế hoạch năm 2024")).toBeNull();
  });
});

describe("status, basis and title year", () => {
  it("reads the words people write", () => {
    expect(parseStatus("ước tính")).toBe("estimate");
    expect(parseStatus("Sơ bộ")).toBe("preliminary");
    expect(parseStatus("CHINH THUC")).toBe("official");
    expect(parseStatus("tạm tính")).toBeNull();
    expect(parseBasis("Lũy kế")).toBe("ytd");
    expect(parseBasis("trong kỳ")).toBe("period");
    expect(yearInTitle("BÁO CÁO ƯỚC THỰC HIỆN 9 THÁNG NĂM 2024")).toBe(2024);
    expect(yearInTitle("UBND TỈNH QUẢNG NAM")).toBeNull();
  });
});

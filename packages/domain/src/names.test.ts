import { describe, expect, it } from "vitest";
import {
  closestNames,
  indicatorNameKey,
  isOfWhich,
  orgUnitNameKey,
  similarity,
  stripListMarker,
} from "./names.ts";

describe("stripListMarker", () => {
  it("drops the numbering and frames report tables put before a name", () => {
    expect(stripListMarker("1. Thu ngân sách trên địa bàn")).toBe("Thu ngân sách trên địa bàn");
    expect(stripListMarker("1.2. Thu nội địa")).toBe("Thu nội địa");
    expect(stripListMarker("I. KINH TẾ")).toBe("KINH TẾ");
    expect(stripListMarker("IV - XÃ HỘI")).toBe("XÃ HỘI");
    expect(stripListMarker("a) Tỷ lệ che phủ rừng")).toBe("Tỷ lệ che phủ rừng");
    expect(stripListMarker("- Thu nội địa")).toBe("Thu nội địa");
    expect(stripListMarker("+ Huyện Núi Thành")).toBe("Huyện Núi Thành");
    expect(stripListMarker("Trong đó: Thu nội địa")).toBe("Thu nội địa");
    expect(stripListMarker("- Trong đó: Thu nội địa")).toBe("Thu nội địa");
  });

  it("keeps a name that only looks like a marker", () => {
    expect(stripListMarker("2024")).toBe("2024");
    expect(stripListMarker("Đại Lộc")).toBe("Đại Lộc");
    expect(stripListMarker("Điện Bàn")).toBe("Điện Bàn");
  });

  it("tells a 'Trong đó' row", () => {
    expect(isOfWhich("Trong đó: Thu nội địa")).toBe(true);
    expect(isOfWhich("- Trong đó: thu nội địa")).toBe(true);
    expect(isOfWhich("Thu nội địa")).toBe(false);
  });
});

describe("name keys", () => {
  it("meets the catalog's indicator name however the report writes it", () => {
    // catalog: "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP, giá so sánh 2010)"
    const catalog = indicatorNameKey("Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP, giá so sánh 2010)");
    expect(indicatorNameKey("1. Tốc độ tăng GRDP")).toBe(catalog);
    expect(indicatorNameKey("Tốc độ tăng tổng sản phẩm trên địa bàn")).toBe(catalog);
    expect(indicatorNameKey("Số xã đạt chuẩn NTM")).toBe(indicatorNameKey("Số xã đạt chuẩn nông thôn mới"));
  });

  it("meets an org unit written with or without its administrative word", () => {
    const tamKy = orgUnitNameKey("Thành phố Tam Kỳ");
    expect(orgUnitNameKey("TP. Tam Kỳ")).toBe(tamKy);
    expect(orgUnitNameKey("Tp Tam Kỳ")).toBe(tamKy);
    expect(orgUnitNameKey("Tam Kỳ")).toBe(tamKy);
    expect(orgUnitNameKey("Thị xã Điện Bàn")).toBe(orgUnitNameKey("TX. Điện Bàn"));
    expect(orgUnitNameKey("H. Núi Thành")).toBe(orgUnitNameKey("Huyện Núi Thành"));
    expect(orgUnitNameKey("- Huyện Núi Thành")).toBe(orgUnitNameKey("Núi Thành"));
    expect(orgUnitNameKey("Tỉnh Quảng Nam")).toBe("quang nam");
    // a name that is only an administrative word stays itself
    expect(orgUnitNameKey("Tỉnh")).toBe("tinh");
  });
});

describe("closestNames", () => {
  const units = [
    { code: "d-tam-ky", names: ["Thành phố Tam Kỳ"] },
    { code: "d-hoi-an", names: ["Thành phố Hội An"] },
    { code: "d-nui-thanh", names: ["Huyện Núi Thành"] },
    { code: "d-thang-binh", names: ["Huyện Thăng Bình"] },
    { code: "d-dien-ban", names: ["Thị xã Điện Bàn"] },
  ];

  it("accepts a unique close match and shows it with its score", () => {
    const r = closestNames("Núi Thanh", units, (u) => u.names, orgUnitNameKey);
    expect(r.match?.item.code).toBe("d-nui-thanh");
    expect(r.match?.score).toBeGreaterThan(0.85);
  });

  it("asks with the three closest when no name is clearly meant", () => {
    const r = closestNames("Huyện Tam Thanh", units, (u) => u.names, orgUnitNameKey);
    expect(r.match).toBeNull();
    expect(r.candidates).toHaveLength(3);
    expect(r.candidates.map((c) => c.item.code)).toContain("d-tam-ky");
    expect(r.candidates[0]?.score).toBeGreaterThanOrEqual(r.candidates[1]?.score ?? 0);
  });

  it("finds nothing for a name unlike any", () => {
    const r = closestNames("Xyz", units, (u) => u.names, orgUnitNameKey);
    expect(r.match).toBeNull();
  });

  it("scores 1 only for the same key and is symmetric", () => {
    expect(similarity("tam ky", "tam ky")).toBe(1);
    expect(similarity("tam ky", "hoi an")).toBeLessThan(0.3);
    expect(similarity("nui thanh", "nui thang")).toBe(similarity("nui thang", "nui thanh"));
    expect(similarity("", "")).toBe(0);
  });
});

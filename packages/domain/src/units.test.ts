import { describe, expect, it } from "vitest";
import { convertUnit, findUnit, UNITS, unitByCode, unitInTitle, unitName } from "./units.ts";

describe("units registry", () => {
  it("knows every unit the catalog's indicators are kept in", () => {
    // data/catalog/indicators.csv, column unit
    for (const unit of [
      "%",
      "%/năm",
      "tỷ đồng",
      "người",
      "hộ",
      "ha",
      "xã",
      "thị trấn",
      "đơn vị",
      "nhóm",
      "hoàn thành",
      "giường/vạn dân",
      "USD",
    ])
      expect(findUnit(unit), unit).not.toBeNull();
  });

  it("reads the unit as offices write it in titles", () => {
    expect(unitInTitle("Đơn vị tính: Triệu đồng")?.unit?.code).toBe("VND_M");
    expect(unitInTitle("ĐVT: Tỷ đồng")?.unit?.code).toBe("VND_BN");
    expect(unitInTitle("(Đơn vị: %)")?.unit?.code).toBe("PT");
    expect(unitInTitle("Don vi tinh: trieu dong")?.unit?.code).toBe("VND_M");
    expect(unitInTitle("Đơn vị tính: Nghìn người")?.unit?.code).toBe("PS_K");
    expect(unitInTitle("BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2024")).toBeNull();
    // a unit we do not know is reported as written, never guessed
    expect(unitInTitle("Đơn vị tính: thùng")).toEqual({ unit: null, text: "thùng" });
  });

  it("converts within a dimension exactly, never across", () => {
    const trieu = findUnit("triệu đồng");
    const ty = findUnit("tỷ đồng");
    if (!trieu || !ty) throw new Error("registry");
    expect(convertUnit("42150", trieu, ty)).toMatchObject({ ok: true, value: "42.15", factor: "0.001" });
    expect(convertUnit("1234567.89", trieu, ty)).toMatchObject({ ok: true, value: "1234.56789" });
    expect(convertUnit("23.6", ty, trieu)).toMatchObject({ ok: true, value: "23600" });
    expect(convertUnit("0", trieu, ty)).toMatchObject({ ok: true, value: "0" });
    expect(convertUnit("-5", trieu, ty)).toMatchObject({ ok: true, value: "-0.005" });
    const usd = findUnit("USD");
    if (!usd) throw new Error("registry");
    expect(convertUnit("7700", usd, ty)).toMatchObject({ ok: false, reason: "different_dimension" });
    const permille = findUnit("‰");
    const pct = findUnit("%");
    if (!permille || !pct) throw new Error("registry");
    expect(convertUnit("15", permille, pct)).toMatchObject({ ok: true, value: "1.5" });
    const thousandPeople = findUnit("nghìn người");
    const people = findUnit("người");
    if (!thousandPeople || !people) throw new Error("registry");
    expect(convertUnit("2.5", thousandPeople, people)).toMatchObject({ ok: true, value: "2500" });
  });

  it("names units in English from the registry, not by guessing", () => {
    expect(unitName("hộ", "en")).toBe("households");
    expect(unitName("xã", "en")).toBe("communes");
    expect(unitName("tỷ đồng", "en")).toBe("billion VND");
    expect(unitName("tỷ đồng", "vi")).toBe("tỷ đồng");
    expect(unitName("thùng", "en")).toBe("thùng");
  });

  it("gives SDMX the base unit and its power of ten once", () => {
    expect(unitByCode("VND_BN")?.sdmx).toEqual({ unitMeasure: "VND", unitMult: 9 });
    expect(unitByCode("VND")?.sdmx).toEqual({ unitMeasure: "VND", unitMult: 0 });
    for (const u of UNITS)
      expect(10 ** u.sdmx.unitMult, u.code).toBeCloseTo(Number(u.factor) / baseFactor(u), 12);
  });
});

function baseFactor(u: (typeof UNITS)[number]): number {
  // the factor of the unit of the same SDMX measure with multiplier 0, or 1 (km² is 100 ha)
  const base = UNITS.find((v) => v.sdmx.unitMeasure === u.sdmx.unitMeasure && v.sdmx.unitMult === 0);
  return base ? Number(base.factor) : 1;
}

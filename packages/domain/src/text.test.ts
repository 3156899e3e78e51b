import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareVi, foldDiacritics, looseKey, matchKey, nfc, normalizeToneMarks, slugify } from "./text.ts";

describe("nfc and foldDiacritics", () => {
  it("composes decomposed text (as decoded from Windows-1258)", () => {
    expect(nfc("Vie\u0323\u0302t Nam")).toBe("Việt Nam");
    expect(nfc("Vie\u0323\u0302t Nam")).not.toBe("Vie\u0323\u0302t Nam");
  });

  it.each([
    ["Đắk Lắk", "Dak Lak"],
    ["Quảng Ngãi", "Quang Ngai"],
    ["đường Đồng Khởi", "duong Dong Khoi"],
    ["ĂÂÊÔƠƯ ăâêôơư", "AAEOOU aaeoou"],
    ["Tiếng Việt có dấu", "Tieng Viet co dau"],
    ["Vie\u0323\u0302t", "Viet"],
    ["GRDP 7,5%", "GRDP 7,5%"],
  ])("%j → %j", (s, expected) => {
    expect(foldDiacritics(s)).toBe(expected);
  });
});

describe("normalizeToneMarks", () => {
  it.each([
    ["Văn hoá", "Văn hóa"],
    ["Thuỷ lợi", "Thủy lợi"],
    ["Uỷ ban", "Ủy ban"],
    ["sức khoẻ", "sức khỏe"],
    ["hoà bình", "hòa bình"],
    ["HOÀ", "HÒA"],
    ["quý", "quý"],
    ["Quỳnh", "Quỳnh"],
    ["hoàng", "hoàng"],
    ["toán", "toán"],
    ["thuyết", "thuyết"],
  ])("%j → %j", (s, expected) => {
    expect(normalizeToneMarks(s)).toBe(expected);
  });
});

describe("matchKey and looseKey", () => {
  it.each([
    ["Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"],
    ["Sở Lao động – Thương binh và Xã hội", "Sở Lao động-Thương binh và Xã hội"],
    ["Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa - Thể thao và Du lịch"],
    ["  UBND   tỉnh\u00a0Quảng Ngãi. ", "ubnd tỉnh quảng ngãi"],
    ["Sở Nông nghiệp và PTNT", "sở nông nghiệp và ptnt"],
    ["Ban Quản lý\u200b KKT Dung Quất", "ban quản lý kkt dung quất"],
    ["Sở Tài nguyên va\u0300 Môi trường", "Sở Tài nguyên và Môi trường"],
  ])("%j ≡ %j", (a, b) => {
    expect(matchKey(a)).toBe(matchKey(b));
  });

  it("keeps what distinguishes names", () => {
    expect(matchKey("Sở Y tế")).not.toBe(matchKey("Sở Tài chính"));
    expect(matchKey("7,5")).toBe("7,5");
    expect(matchKey("Sở Lao động - Thương binh và Xã hội")).toBe("sở lao động - thương binh và xã hội");
  });

  it("looseKey also ignores diacritics", () => {
    expect(looseKey("Sở Kế hoạch và Đầu tư")).toBe(looseKey("SO KE HOACH VA DAU TU"));
    expect(looseKey("Sở Kế hoạch và Đầu tư")).toBe("so ke hoach va dau tu");
  });

  it("keys are idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aăâđeêoơưy ,-–.ÀÁẢÃẠàáảãạĐhoaèuy\u00a0") }), (s) => {
        expect(matchKey(matchKey(s))).toBe(matchKey(s));
        expect(looseKey(looseKey(s))).toBe(looseKey(s));
      }),
    );
  });
});

describe("compareVi", () => {
  it("orders by the Vietnamese alphabet", () => {
    const words = ["đá", "dê", "da", "ê", "e", "ơ", "ô", "o", "ư", "u", "â", "ă", "a", "b", "c", "y", "x"];
    expect([...words].sort(compareVi)).toEqual([
      "a",
      "ă",
      "â",
      "b",
      "c",
      "da",
      "dê",
      "đá",
      "e",
      "ê",
      "o",
      "ô",
      "ơ",
      "u",
      "ư",
      "x",
      "y",
    ]);
  });

  it("puts Đ after D, unlike byte order, for agency names", () => {
    const names = ["Sở Y tế", "Sở Xây dựng", "Sở Đầu tư", "Sở Du lịch", "Sở Giáo dục"];
    expect([...names].sort(compareVi)).toEqual([
      "Sở Du lịch",
      "Sở Đầu tư",
      "Sở Giáo dục",
      "Sở Xây dựng",
      "Sở Y tế",
    ]);
  });

  it("treats tones as a secondary difference: ngang, huyền, hỏi, ngã, sắc, nặng", () => {
    expect(["ạ", "á", "ã", "ả", "à", "a"].sort(compareVi)).toEqual(["a", "à", "ả", "ã", "á", "ạ"]);
    expect(["ác", "ab"].sort(compareVi)).toEqual(["ab", "ác"]);
  });

  it("is a total order: zero only for equal (NFC) strings, antisymmetric", () => {
    const unit = fc.constantFrom(..."aAàăâbdđĐeêoôơuưy ");
    fc.assert(
      fc.property(fc.string({ unit }), fc.string({ unit }), (a, b) => {
        expect(compareVi(a, b) === 0).toBe(nfc(a) === nfc(b));
        expect(compareVi(a, b)).toBe(-compareVi(b, a) || 0);
      }),
    );
    expect(compareVi("Việt", "Vie\u0323\u0302t")).toBe(0);
  });
});

describe("slugify", () => {
  it.each([
    ["Sở Lao động - Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"],
    ["Đắk Lắk", "dak-lak"],
    ["  GRDP (giá so sánh 2010)  ", "grdp-gia-so-sanh-2010"],
    ["Tỷ lệ vốn đầu tư/GRDP", "ty-le-von-dau-tu-grdp"],
    ["", ""],
  ])("%j → %j", (s, expected) => {
    expect(slugify(s)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { matchKey } from "../text.ts";
import { splitAgencyText } from "./agency-text.ts";

// A small alias table, as matchKey compares them.
const known = new Set(
  [
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Kế hoạch và Đầu tư",
    "Sở Thông tin và Truyền thông",
    "Sở Nội vụ",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Các sở, ban, ngành",
    "UBND các huyện, thị xã, thành phố",
    "các cơ quan, đơn vị có liên quan",
    "Bình Sơn",
    "UBND thị xã Đức Phổ",
    "Tư Nghĩa",
    "Công an tỉnh",
    "BCH Quân sự tỉnh",
    "Các Sở, ngành chủ trì chỉ tiêu",
  ].map(matchKey),
);
const isKnown = (s: string) => known.has(matchKey(s));
const split = (text: string) => splitAgencyText(text, isKnown).map((p) => [p.match ?? `?${p.text}`, p.part]);

describe("splitAgencyText", () => {
  it.each<[string, Array<[string, string | null]>]>([
    [
      "Sở Tài chính; Sở Kế hoạch và Đầu tư",
      [
        ["Sở Tài chính", null],
        ["Sở Kế hoạch và Đầu tư", null],
      ],
    ],
    // one agency whatever the punctuation between its words
    ["Sở Lao động, Thương binh và Xã hội", [["Sở Lao động, Thương binh và Xã hội", null]]],
    // a comma and a "và" inside one name do not cut it
    [
      "Sở Văn hóa, Thể thao và Du lịch, Sở Nội vụ",
      [
        ["Sở Văn hóa, Thể thao và Du lịch", null],
        ["Sở Nội vụ", null],
      ],
    ],
    // a list under its head
    [
      "Các Sở: Thông tin và Truyền thông, Nội vụ",
      [
        ["Sở Thông tin và Truyền thông", null],
        ["Sở Nội vụ", null],
      ],
    ],
    [
      "Các Sở: Thông tin và Truyền thông, Nội vụ, Kế hoạch và Đầu tư theo chức năng, nhiệm vụ chủ trì thực hiện",
      [
        ["Sở Thông tin và Truyền thông", null],
        ["Sở Nội vụ", null],
        ["Kế hoạch và Đầu tư", null],
      ],
    ],
    [
      "UBND các huyện: Bình Sơn, Tư Nghĩa và thị xã Đức Phổ",
      [
        ["Bình Sơn", null],
        ["Tư Nghĩa", null],
        ["UBND thị xã Đức Phổ", null],
      ],
    ],
    // a generic phrase stays a group
    [
      "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố",
      [
        ["Các sở, ban, ngành", null],
        ["UBND các huyện, thị xã, thành phố", null],
      ],
    ],
    // several leads, each for a part
    [
      "(1) Sở Tài nguyên và Môi trường đối với Luật Đất đai; (2) Sở Xây dựng đối với Luật Nhà ở, Luật Kinh doanh bất động sản",
      [
        ["Sở Tài nguyên và Môi trường", "Luật Đất đai"],
        ["Sở Xây dựng", "Luật Nhà ở, Luật Kinh doanh bất động sản"],
      ],
    ],
    [
      "BCH Quân sự tỉnh, Công An tỉnh",
      [
        ["BCH Quân sự tỉnh", null],
        ["Công An tỉnh", null],
      ],
    ],
    // what is unknown comes back as written, never guessed
    [
      "Sở Tài chính, Sở Du lịch và các cơ quan, đơn vị có liên quan",
      [
        ["Sở Tài chính", null],
        ["?Sở Du lịch", null],
        ["các cơ quan, đơn vị có liên quan", null],
      ],
    ],
    [
      "Các Sở, ngành: Tài chính, Y tế,...",
      [
        ["Sở Tài chính", null],
        ["?Y tế", null],
      ],
    ],
    ["", []],
  ])("%j", (text, expected) => {
    expect(split(text)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { columnLetter } from "./problems.ts";
import { detectTextSettings, readCsvRows } from "./rows.ts";
import { sniffEncoding } from "./source.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

async function rows(data: Uint8Array) {
  const source = { name: "x.csv", bytes: data };
  const settings = await detectTextSettings(source, {});
  const out: string[][] = [];
  for await (const batch of readCsvRows(source, settings))
    for (const r of batch) out.push(r.cells as string[]);
  return { settings, out };
}

describe("encodings", () => {
  it("tells UTF-8 with BOM, UTF-16 LE/BE (with BOM or by zero bytes) apart", () => {
    expect(sniffEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toEqual({
      encoding: "utf-8-bom",
      certain: true,
    });
    expect(sniffEncoding(Uint8Array.of(0xff, 0xfe, 0x41, 0))).toEqual({
      encoding: "utf-16le",
      certain: true,
    });
    expect(sniffEncoding(Uint8Array.of(0xfe, 0xff, 0, 0x41))).toEqual({
      encoding: "utf-16be",
      certain: true,
    });
    expect(sniffEncoding(Buffer.from("abcdefgh", "utf16le")).encoding).toBe("utf-16le");
    expect(sniffEncoding(bytes("abc")).certain).toBe(false);
  });

  it("reads Windows-1258 (tones as combining marks) as NFC text", async () => {
    // "Kỳ;Tỷ" in Windows-1258: y + 0xCC (grave) and y + 0xD2 (hook above)
    const { settings, out } = await rows(Uint8Array.of(0x4b, 0x79, 0xcc, 0x3b, 0x54, 0x79, 0xd2, 0x0a));
    expect(settings.encoding).toBe("windows-1258");
    expect(out).toEqual([["Kỳ", "Tỷ"]]);
    expect(out[0]?.[0]).toBe("Kỳ".normalize("NFC"));
  });

  it("strips the BOM of UTF-8 and UTF-16", async () => {
    expect((await rows(bytes("\uFEFFa;b\n"))).out).toEqual([["a", "b"]]);
    expect((await rows(Buffer.from("\uFEFFa\tb\n", "utf16le"))).out).toEqual([["a", "b"]]);
  });
});

describe("columnLetter", () => {
  it("names columns as spreadsheets do", () => {
    expect([0, 3, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "D", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});

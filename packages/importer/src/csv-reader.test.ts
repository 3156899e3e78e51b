import { describe, expect, it } from "vitest";
import { CsvParser, detectDelimiter } from "./csv-reader.ts";

function parseAll(text: string, delimiter: "," | ";" | "\t", splitAt: number[] = []): string[][] {
  const p = new CsvParser(delimiter);
  const rows: string[][] = [];
  let from = 0;
  for (const at of [...splitAt, text.length]) {
    rows.push(...p.push(text.slice(from, at)));
    from = at;
  }
  rows.push(...p.end());
  return rows;
}

const TEXT = 'a,b,c\r\n"x, y","say ""hi""",3\n"two\r\nlines",,\nlast,1,2';
const EXPECTED = [
  ["a", "b", "c"],
  ["x, y", 'say "hi"', "3"],
  ["two\r\nlines", "", ""],
  ["last", "1", "2"],
];

describe("CsvParser", () => {
  it("reads quotes, escaped quotes, embedded newlines, empty fields and a last line without newline", () => {
    expect(parseAll(TEXT, ",")).toEqual(EXPECTED);
  });

  it("gives the same records wherever the chunks are cut", () => {
    for (let i = 0; i <= TEXT.length; i++) {
      for (const j of [i, Math.min(TEXT.length, i + 1), Math.min(TEXT.length, i + 3)]) {
        expect(parseAll(TEXT, ",", [i, j]), `cut at ${i},${j}`).toEqual(EXPECTED);
      }
    }
  });

  it("keeps a trailing empty field and ignores nothing silently", () => {
    expect(parseAll("a;b;\n1;2;\n", ";")).toEqual([
      ["a", "b", ""],
      ["1", "2", ""],
    ]);
  });
});

describe("detectDelimiter", () => {
  it("prefers the consistent delimiter: semicolons with decimal commas, tabs, commas", () => {
    expect(detectDelimiter("Mã;Đơn vị;Kỳ;Giá trị\nx;p48;T1/2024;7,5\ny;p48;T2/2024;1.234,5\n")).toBe(";");
    expect(detectDelimiter("a\tb\tc\n1,5\t2\t3\n")).toBe("\t");
    expect(detectDelimiter('a,b,c\n"1;2",3,4\n')).toBe(",");
  });
});

import { describe, expect, it } from "vitest";
import { CsvParser, detectDelimiter } from "./csv-reader.ts";
import { ReadProblem } from "./problems.ts";

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

describe("CsvParser refuses what it would otherwise absorb", () => {
  const fails = (text: string, limits?: ConstructorParameters<typeof CsvParser>[1]) => {
    try {
      const p = new CsvParser(",", limits);
      p.push(text);
      p.end();
    } catch (e) {
      return e as ReadProblem;
    }
    throw new Error("no problem reported");
  };

  it("a quote never closed: the row and column where it opened", () => {
    const e = fails('a,b,c\n1,2,"note\n3,4,5\n6,7,8\n');
    expect([e.code, e.place.row, e.place.col]).toEqual(["unterminated_quote", 2, 2]);
    expect(e.place.value).toBe("note\n3,4,5\n6,7,8\n");
  });

  it("text after a closing quote: a stray quote, not a cell that swallows the next rows", () => {
    const e = fails('a,b,c\n1,2,"note\n3,4,"5"\n');
    expect([e.code, e.place.row, e.place.col]).toEqual(["stray_quote", 2, 2]);
    expect(e.place.value).toBe('"note\n3,4,"5"');
  });

  it("an over-long cell and too many columns, wherever the chunks are cut", () => {
    const limits = { maxColumns: 3, maxCellChars: 5, maxRecordChars: 20 };
    expect(fails("a,b\n123456,x\n", limits).code).toBe("cell_too_long");
    expect(fails('a,b\n"123456",x\n', limits).place).toMatchObject({ row: 2, col: 0 });
    expect(fails("a,b,c,d\n", limits).code).toBe("too_many_columns");
    const p = new CsvParser(",", limits);
    expect(() => {
      for (let k = 0; k < 10; k++) p.push('x,"aaaaaaaaa');
    }).toThrow(ReadProblem);
  });
});

import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewImport } from "./import-service.ts";
import { buildTemplate, csvField, safeText } from "./template.ts";
import { CORPUS_TODAY, type CorpusIds, seedCorpusCatalog } from "./test-support.ts";
import { ZipArchive } from "./zip.ts";

// Issue #15 item 9: templates people can use. Each holds only what the uploader may write,
// carries its instructions, and (xlsx) drop-down lists for org units, units, periods and status;
// the generated workbook is read back at the XML level, as Excel would read it.

let t: TestDatabase;
let ids: CorpusIds;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await seedCorpusCatalog(t.db);
});

afterAll(async () => {
  await t?.drop();
});

async function entries(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await ZipArchive.open({ name: "t.xlsx", bytes });
  const out: Record<string, string> = {};
  try {
    for (const [name, entry] of zip.entries) {
      const parts: Buffer[] = [];
      for await (const b of zip.read(entry, { remaining: 50_000_000 })) parts.push(b);
      out[name] = Buffer.concat(parts).toString("utf8");
    }
  } finally {
    await zip.close();
  }
  return out;
}

/** Only the revenue of Quảng Nam (p49) and the growth of Quảng Ngãi's neighbour (p48). */
const canWrite = () => (i: number, o: number) =>
  (i === ids.indicator["qnam-budget-revenue"] && o === ids.orgUnit.p49) ||
  (i === ids.indicator["qnam-grdp-growth"] && o === ids.orgUnit.p48);

describe("templates people can use", () => {
  it("xlsx: the uploader's pairs only, an instructions sheet, and list validations for org units, units, periods, status", async () => {
    const tpl = await buildTemplate(t.db, "long", "xlsx", canWrite(), { year: 2024 });
    const xml = await entries(tpl.bytes);
    const workbook = xml["xl/workbook.xml"] ?? "";
    expect(workbook).toMatch(/<sheet sheetId="1" name="Số liệu" state="visible"/);
    expect(workbook).toMatch(/<sheet [^>]*name="Hướng dẫn"/);
    const strings = xml["xl/sharedStrings.xml"] ?? "";
    expect(strings).toContain("HƯỚNG DẪN / INSTRUCTIONS");
    expect(strings).toContain("Mẫu này chỉ gồm các chỉ tiêu và đơn vị bạn được phép nhập");
    expect(strings).toContain("This template holds only the indicators and org units you may write");
    // the data rows: two pairs, nothing else
    const sheet1 = xml["xl/worksheets/sheet1.xml"] ?? "";
    expect(sheet1.match(/<row /g)).toHaveLength(3);
    const validations = [...sheet1.matchAll(/<dataValidation ([^>]*)>\s*<formula1>([^<]*)<\/formula1>/g)].map(
      (m) => ({
        sqref: /sqref="([^"]+)"/.exec(m[1] ?? "")?.[1],
        type: /type="([^"]+)"/.exec(m[1] ?? "")?.[1],
        f: m[2]?.replace(/&apos;/g, "'"),
      }),
    );
    // Đơn vị (D), Đơn vị tính (C), Kỳ (F), Trạng thái (H), Lũy kế (J), each a list on the instructions sheet
    const byCol = Object.fromEntries(validations.map((v) => [v.sqref?.replace(/\d.*$/, ""), v]));
    expect(Object.keys(byCol).sort()).toEqual(["C", "D", "F", "H", "J"]);
    for (const v of validations) {
      expect(v.type).toBe("list");
      expect(v.sqref).toMatch(/^[A-Z]2:[A-Z]\d+$/);
      expect(v.f).toMatch(/^'Hướng dẫn'!\$[A-Z]\$\d+:\$[A-Z]\$\d+$/);
    }
    // the lists hold what they say: the uploader's org units, the statuses, the year's periods
    const help = xml["xl/worksheets/sheet2.xml"] ?? "";
    const shared = [...strings.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    const cellsOf = (col: string) =>
      [...help.matchAll(new RegExp(`<c r="${col}(\\d+)"[^>]*t="s"[^>]*><v>(\\d+)</v>`, "g"))].map(
        (m) => shared[Number(m[2])],
      );
    const listRange = (col: string) => byCol[col]?.f?.replace(/^.*!\$([A-Z])\$.*$/, "$1") ?? "";
    expect(cellsOf(listRange("D")).slice(1)).toEqual(["p48", "p49"]);
    expect(cellsOf(listRange("H")).slice(1)).toEqual(["ước tính", "sơ bộ", "chính thức"]);
    expect(cellsOf(listRange("F"))).toContain("Quý II/2024");
    expect(cellsOf(listRange("F"))).toContain("6 tháng 2024");
    expect(cellsOf(listRange("C")).slice(1).sort()).toEqual(["%", "tỷ đồng"]);
  });

  it("csv: the instructions as a comment block above the header, and it is read back without an error", async () => {
    const tpl = await buildTemplate(t.db, "long", "csv", canWrite(), { year: 2024 });
    const text = new TextDecoder().decode(tpl.bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("# HƯỚNG DẪN / INSTRUCTIONS");
    const header = lines.findIndex((l) => l.startsWith("Mã chỉ tiêu,"));
    expect(lines.slice(0, header).every((l) => l.startsWith("#") || l.startsWith('"#'))).toBe(true);
    expect(lines.slice(header + 1)).toHaveLength(2);
    // filled in and read back: the comment block is skipped as title rows
    const rows = text.split("\r\n");
    const k = rows.findIndex((l) => l.startsWith("qnam-budget-revenue,"));
    rows[k] = (rows[k] ?? "").replace(/,,,,,$/, ',Tháng 6/2024,"1.250,5",chính thức,,');
    const r = await previewImport(
      t.db,
      { name: "mau.csv", bytes: new TextEncoder().encode(rows.join("\r\n")) },
      { today: CORPUS_TODAY, largeJumpThreshold: null },
    );
    expect(r.errors).toEqual([]);
    expect(r.detected.layout).toBe("long");
    expect(r.sample.map((s) => [s.indicator, s.org_unit, s.period, s.value, s.status])).toEqual([
      ["qnam-budget-revenue", "p49", "2024-06", "1250.5", "official"],
    ]);
  });

  it("a report-layout template: the province in the title, the indicators as the report names them", async () => {
    const quangNam = (i: number, o: number) =>
      i === ids.indicator["qnam-budget-revenue"] && o === ids.orgUnit.p49;
    const tpl = await buildTemplate(t.db, "report", "csv", quangNam, { year: 2024 });
    const text = new TextDecoder().decode(tpl.bytes);
    expect(text).toContain("TỈNH QUẢNG NAM");
    expect(text).toContain("STT,Chỉ tiêu,Đơn vị tính,Kế hoạch năm 2024,Ước thực hiện 6 tháng 2024");
    expect(text).toContain("1,Thu ngân sách trên địa bàn,tỷ đồng,,");
    const xlsx = await entries((await buildTemplate(t.db, "report", "xlsx", quangNam, { year: 2024 })).bytes);
    expect(xlsx["xl/worksheets/sheet1.xml"]).toContain("<dataValidation ");
  });

  it("is formula-safe: text that a spreadsheet would run starts with '", () => {
    expect(safeText('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(safeText("+1 tỷ")).toBe("'+1 tỷ");
    expect(safeText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(safeText("-7.5")).toBe("-7.5");
    expect(csvField("=1+1")).toBe("'=1+1");
  });
});

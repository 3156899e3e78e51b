import { describe, expect, it } from "vitest";
import { detectLayout } from "./layout.ts";
import type { SheetRow } from "./rows.ts";

// Issue #15 item 5: an unknown header row says which row was taken as the header and which
// headers were not understood, in Vietnamese and English.

const row = (n: number, ...cells: string[]): SheetRow => ({ row: n, cells });

describe("an unknown header row explains itself", () => {
  it("names the header row and the headers not understood (with their letters)", () => {
    const { layout, problems } = detectLayout(
      [row(1, "UBND TỈNH QUẢNG NAM"), row(2, "Số liệu tháng 6")],
      row(3, "Mã chỉ tiêu", "Cột lạ", "Khác"),
      {},
    );
    expect(layout).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("unknown_layout");
    expect(problems[0]?.row).toBe(3);
    expect(problems[0]?.message).toContain(
      'Dòng 3 được lấy làm dòng tiêu đề; không hiểu các cột: "Cột lạ" (B), "Khác" (C).',
    );
    expect(problems[0]?.message_en).toContain(
      'Row 3 was taken as the header row; headers not understood: "Cột lạ" (B), "Khác" (C).',
    );
  });

  it("a header short of a column says what is missing, then what was not understood", () => {
    const { problems } = detectLayout([], row(1, "Mã chỉ tiêu", "Kỳ", "Giá trị", "Ghi chu lạ"), {});
    expect(problems.map((p) => p.code)).toEqual(["missing_column"]);
    expect(problems[0]?.message).toBe(
      'Thiếu cột Đơn vị / org unit. Dòng 1 được lấy làm dòng tiêu đề; không hiểu các cột: "Ghi chu lạ" (D).',
    );
    expect(problems[0]?.message_en).toBe(
      'Missing column Đơn vị / org unit. Row 1 was taken as the header row; headers not understood: "Ghi chu lạ" (D).',
    );
  });

  it("no header row at all says where it looked", () => {
    const { problems } = detectLayout([row(1, "Báo cáo")], null, {});
    expect(problems[0]?.message).toContain("Không có dòng tiêu đề nào trong 30 dòng đầu");
    expect(problems[0]?.message_en).toContain("No header row in the first 30 rows");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./date.ts";
import { completedLate, type Deadline, isOverdue, occurrences, parseDeadline } from "./deadline.ts";

type Expected = Omit<Deadline, "text" | "review"> & { review?: string };

/** The parsed deadline without its text, and with only the review code. */
function parse(text: string, documentYear?: number, documentDate?: string): Expected {
  const { text: _text, review, ...rest } = parseDeadline(text, { documentYear, documentDate });
  return review ? { ...rest, review: review.code } : rest;
}

const year = (y: number): Expected => ({
  kind: "date",
  due: `${y}-12-31`,
  from: `${y}-01-01`,
  to: `${y}-12-31`,
  period: `${y}`,
});
const range = (a: number, b: number): Expected => ({
  kind: "date",
  due: `${b}-12-31`,
  from: `${a}-01-01`,
  to: `${b}-12-31`,
  period: `${a}-${b}`,
});

describe("parseDeadline: every distinct text of 003_appendix_tasks.csv (KH 124/KH-UBND, 04/8/2022)", () => {
  it.each<[string, Expected]>([
    ["", { kind: "none", review: "missing" }],
    ["Năm 2021 và các năm tiếp theo", { kind: "recurring", recurrence: "annual", startYear: 2021 }],
    ["Năm 2022", year(2022)],
    ["Năm 2025", year(2025)],
    ["Năm 2022 và các năm tiếp theo", { kind: "recurring", recurrence: "annual", startYear: 2022 }],
    ["Năm 2002", { kind: "none", review: "implausible_year" }],
    ["Năm 2022 -2023", range(2022, 2023)],
    ["Thường xuyên", { kind: "window" }],
    [
      "Quý III/2022",
      { kind: "date", due: "2022-09-30", from: "2022-07-01", to: "2022-09-30", period: "2022-Q3" },
    ],
    ["Năm 2021-2022", range(2021, 2022)],
    ["Năm 2021- 2022", range(2021, 2022)],
    ["2021- 2022", range(2021, 2022)],
    ["Năm 2022 - 2025", range(2022, 2025)],
    ["Năm 2023", year(2023)],
    ["Năm 2022-2023", range(2022, 2023)],
    ["Hàng năm", { kind: "recurring", recurrence: "annual" }],
  ])("%j", (text, expected) => {
    expect(parse(text, 2022, "2022-08-04")).toEqual(expected);
  });
});

describe("parseDeadline: deadline texts of the 2024 plans (000–002, 004 and their catalog rows)", () => {
  it.each<[string, Expected]>([
    [
      "Thường xuyên trong những tháng cuối năm 2024",
      { kind: "window", from: "2024-08-29", to: "2024-12-31" },
    ],
    [
      "Thường xuyên (trong những tháng cuối năm 2024)",
      { kind: "window", from: "2024-08-29", to: "2024-12-31" },
    ],
    [
      "Quý III năm 2024",
      { kind: "date", due: "2024-09-30", from: "2024-07-01", to: "2024-09-30", period: "2024-Q3" },
    ],
    [
      "Quý III, IV năm 2024",
      { kind: "date", due: "2024-12-31", from: "2024-07-01", to: "2024-12-31", period: "2024-H2" },
    ],
    [
      "Quý IV năm 2024",
      { kind: "date", due: "2024-12-31", from: "2024-10-01", to: "2024-12-31", period: "2024-Q4" },
    ],
    [
      "trong Quý II/2024",
      { kind: "date", due: "2024-06-30", from: "2024-04-01", to: "2024-06-30", period: "2024-Q2" },
    ],
    [
      "trong tháng 4/2024",
      { kind: "date", due: "2024-04-30", from: "2024-04-01", to: "2024-04-30", period: "2024-04" },
    ],
    [
      "phấn đấu hoàn thành trong tháng 10/2024",
      {
        kind: "date",
        due: "2024-10-31",
        from: "2024-10-01",
        to: "2024-10-31",
        period: "2024-10",
        aspiration: true,
      },
    ],
    ["trước ngày 31/3/2024", { kind: "date", due: "2024-03-31" }],
    ["hoàn thành trước ngày 30/6/2024", { kind: "date", due: "2024-06-30" }],
    ["**hoàn thành trước ngày 31/3/2024.**", { kind: "date", due: "2024-03-31" }],
    ["thời gian hoàn thành trước ngày 30/4/2024", { kind: "date", due: "2024-04-30" }],
    ["hoàn thành trước ngày 20/01/2024.", { kind: "date", due: "2024-01-20" }],
    ["trước 20/01/2024", { kind: "date", due: "2024-01-20" }],
    ["hoàn thành, tham mưu UBND tỉnh trước ngày 30/4/2024", { kind: "date", due: "2024-04-30" }],
    ["hàng tháng", { kind: "recurring", recurrence: "monthly" }],
    ["Định kỳ hàng tháng", { kind: "recurring", recurrence: "monthly" }],
    ["định kỳ hàng quý", { kind: "recurring", recurrence: "quarterly" }],
    ["hằng năm", { kind: "recurring", recurrence: "annual" }],
    ["cuối năm 2024", { kind: "date", due: "2024-12-31", period: "2024" }],
    ["sớm", { kind: "none", review: "vague" }],
    ["đến cuối nhiệm kỳ", { kind: "none", review: "unparsed" }],
    ["Định kỳ hàng năm, báo cáo UBND tỉnh trước ngày 15/11", recurringAnnual(15, 11)],
    ["trước ngày 30 tháng 11 hàng năm", recurringAnnual(30, 11)],
  ])("%j", (text, expected) => {
    expect(parse(text, 2024, "2024-08-29")).toEqual(expected);
  });
});

function recurringAnnual(dueDay: number, dueMonth: number): Expected {
  return { kind: "recurring", recurrence: "annual", dueDay, dueMonth };
}

describe("parseDeadline: other forms", () => {
  it.each<[string, Expected]>([
    ["ngày 15/10/2024", { kind: "date", due: "2024-10-15" }],
    ["Ngày 15 tháng 10 năm 2024", { kind: "date", due: "2024-10-15" }],
    ["chậm nhất ngày 15.10.2024", { kind: "date", due: "2024-10-15" }],
    ["TRƯỚC NGÀY 31/12/2024", { kind: "date", due: "2024-12-31" }],
    ["truoc ngay 31/3/2024", { kind: "date", due: "2024-03-31" }],
    [
      "tháng 10/2024",
      { kind: "date", due: "2024-10-31", from: "2024-10-01", to: "2024-10-31", period: "2024-10" },
    ],
    [
      "Tháng 10 năm 2024",
      { kind: "date", due: "2024-10-31", from: "2024-10-01", to: "2024-10-31", period: "2024-10" },
    ],
    ["Quý II, III năm 2024", { kind: "date", due: "2024-09-30", from: "2024-04-01", to: "2024-09-30" }],
    [
      "Quý I-III/2024",
      { kind: "date", due: "2024-09-30", from: "2024-01-01", to: "2024-09-30", period: "2024-9M" },
    ],
    ["2022-2025", range(2022, 2025)],
    ["giai đoạn 2021-2025", range(2021, 2025)],
    ["2023 - 2025", range(2023, 2025)],
    ["giai đoạn 2021 – 2025", range(2021, 2025)],
    ["Năm 2024", year(2024)],
    ["trong năm 2024", year(2024)],
    ["đến năm 2025", { kind: "date", due: "2025-12-31", period: "2025" }],
    [
      "6 tháng đầu năm 2024",
      { kind: "date", due: "2024-06-30", from: "2024-01-01", to: "2024-06-30", period: "2024-H1" },
    ],
    ["trước tháng 10/2024", { kind: "date", due: "2024-09-30" }],
    ["từ năm 2022 và các năm tiếp theo", { kind: "recurring", recurrence: "annual", startYear: 2022 }],
    [
      "hằng năm, giai đoạn 2021-2025",
      { kind: "recurring", recurrence: "annual", startYear: 2021, endYear: 2025 },
    ],
    ["trước ngày 15/11 hằng năm", recurringAnnual(15, 11)],
    ["trước ngày 20 hằng tháng", { kind: "recurring", recurrence: "monthly", dueDay: 20 }],
    [
      "hàng tháng, trước ngày 05 tháng sau",
      { kind: "recurring", recurrence: "monthly", dueDay: 5, dueAfterPeriod: true },
    ],
    [
      "định kỳ hàng quý, trước ngày 15 của tháng đầu quý sau",
      { kind: "recurring", recurrence: "quarterly", dueDay: 15, dueAfterPeriod: true },
    ],
    [
      "hằng năm, trước ngày 31/01 năm sau",
      { kind: "recurring", recurrence: "annual", dueDay: 31, dueMonth: 1, dueAfterPeriod: true },
    ],
    ["định kỳ 6 tháng", { kind: "recurring", recurrence: "half_yearly" }],
    ["Thường xuyên, liên tục", { kind: "window" }],
    ["Thường xuyên trong năm 2024", { kind: "window", from: "2024-01-01", to: "2024-12-31", period: "2024" }],
    ["Thường xuyên theo chỉ đạo của UBND tỉnh", { kind: "window", review: "partial" }],
    ["kịp thời", { kind: "none", review: "vague" }],
    ["theo quy định", { kind: "none", review: "vague" }],
    ["   ", { kind: "none", review: "missing" }],
    ["31/2/2024", { kind: "none", review: "invalid_date" }],
    ["trước ngày 32 hằng tháng", { kind: "none", review: "invalid_date" }],
    ["Sau khi Thủ tướng phê duyệt", { kind: "none", review: "unparsed" }],
    ["Tháng 13/2024", { kind: "none", review: "unparsed" }],
  ])("%j", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("keeps the original text exactly", () => {
    const text = "  Thường xuyên (trong những tháng cuối năm 2024)  ";
    expect(parseDeadline(text).text).toBe(text);
    expect(parseDeadline("gibberish").text).toBe("gibberish");
  });

  it("without a document date, 'những tháng cuối năm' starts in July", () => {
    expect(parse("Thường xuyên trong những tháng cuối năm 2024")).toEqual({
      kind: "window",
      from: "2024-07-01",
      to: "2024-12-31",
    });
  });

  it("infers a missing year from the document, and says so", () => {
    expect(parse("trước ngày 31/3", 2024)).toEqual({
      kind: "date",
      due: "2024-03-31",
      review: "year_inferred",
    });
    expect(parse("trong tháng 4", 2024)).toEqual({
      kind: "date",
      due: "2024-04-30",
      review: "year_inferred",
    });
    expect(parse("trước ngày 31/3")).toEqual({ kind: "none", review: "unparsed" });
  });

  it.each([
    ["Năm 2002", 2022, true],
    ["Năm 2012", 2022, false],
    ["Năm 2011", 2022, true],
    ["Năm 2052", 2022, false],
    ["Năm 2053", 2022, true],
    ["Năm 2002 và các năm tiếp theo", 2022, true],
    ["trước ngày 31/3/2204", 2024, true],
  ])("%j in a %i document: implausible %s", (text, documentYear, flagged) => {
    const d = parseDeadline(text, { documentYear });
    expect(d.review?.code === "implausible_year").toBe(flagged);
    if (flagged) {
      expect(d.kind).toBe("none");
      expect(d.review?.reason_vi).toContain(String(documentYear));
    }
  });

  it("gives reasons in both languages", () => {
    const d = parseDeadline("Năm 2002", { documentYear: 2022 });
    expect(d.review).toEqual({
      code: "implausible_year",
      reason_vi: "Năm 2002 quá xa năm của văn bản (2022), có thể gõ nhầm",
      reason_en: "Year 2002 is far from the document's year (2022); probably a typo",
    });
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const d = parseDeadline(text, { documentYear: 2024 });
        expect(d.text).toBe(text);
        if (d.kind === "none") expect(d.review).toBeDefined();
      }),
    );
  });
});

describe("occurrences", () => {
  const occ = (text: string, from: string, to: string) => occurrences(parseDeadline(text), from, to);

  it.each([
    [
      "Hàng năm",
      "2023-06-01",
      "2025-12-31",
      [
        ["2023", "2023-12-31"],
        ["2024", "2024-12-31"],
        ["2025", "2025-12-31"],
      ],
    ],
    [
      "Năm 2022 và các năm tiếp theo",
      "2020-01-01",
      "2024-06-30",
      [
        ["2022", "2022-12-31"],
        ["2023", "2023-12-31"],
      ],
    ],
    [
      "hằng năm, giai đoạn 2021-2025",
      "2019-01-01",
      "2030-12-31",
      [
        ["2021", "2021-12-31"],
        ["2022", "2022-12-31"],
        ["2023", "2023-12-31"],
        ["2024", "2024-12-31"],
        ["2025", "2025-12-31"],
      ],
    ],
    [
      "trước ngày 15/11 hằng năm",
      "2024-01-01",
      "2025-12-31",
      [
        ["2024", "2024-11-15"],
        ["2025", "2025-11-15"],
      ],
    ],
    ["hằng năm, trước ngày 31/01 năm sau", "2025-01-01", "2025-12-31", [["2024", "2025-01-31"]]],
    [
      "định kỳ hàng quý",
      "2024-11-01",
      "2025-05-31",
      [
        ["2024-Q4", "2024-12-31"],
        ["2025-Q1", "2025-03-31"],
      ],
    ],
    [
      "định kỳ hàng quý, trước ngày 15 của tháng đầu quý sau",
      "2024-10-01",
      "2025-04-30",
      [
        ["2024-Q3", "2024-10-15"],
        ["2024-Q4", "2025-01-15"],
        ["2025-Q1", "2025-04-15"],
      ],
    ],
    [
      "định kỳ 6 tháng",
      "2024-01-01",
      "2025-06-30",
      [
        ["2024-H1", "2024-06-30"],
        ["2024-H2", "2024-12-31"],
        ["2025-H1", "2025-06-30"],
      ],
    ],
    [
      "trước ngày 20 hằng tháng",
      "2024-12-01",
      "2025-02-28",
      [
        ["2024-12", "2024-12-20"],
        ["2025-01", "2025-01-20"],
        ["2025-02", "2025-02-20"],
      ],
    ],
    [
      "hàng tháng, trước ngày 05 tháng sau",
      "2024-12-01",
      "2025-01-31",
      [
        ["2024-11", "2024-12-05"],
        ["2024-12", "2025-01-05"],
      ],
    ],
    [
      "trước ngày 31 hằng tháng",
      "2024-02-01",
      "2024-04-30",
      [
        ["2024-02", "2024-02-29"],
        ["2024-03", "2024-03-31"],
        ["2024-04", "2024-04-30"],
      ],
    ],
    ["Quý III năm 2024", "2024-01-01", "2024-12-31", [["2024-Q3", "2024-09-30"]]],
    ["trước ngày 31/3/2024", "2024-01-01", "2024-12-31", [["2024-03", "2024-03-31"]]],
    ["trước ngày 31/3/2024", "2024-04-01", "2024-12-31", []],
    ["Thường xuyên", "2024-01-01", "2024-12-31", []],
    ["", "2024-01-01", "2024-12-31", []],
  ])("%j from %s to %s", (text, from, to, expected) => {
    expect(occ(text, from, to)).toEqual(expected.map(([period, due]) => ({ period, due })));
  });

  it("are sorted, distinct and within the range", () => {
    const texts = [
      "hàng tháng",
      "trước ngày 20 hằng tháng",
      "hàng tháng, trước ngày 05 tháng sau",
      "định kỳ hàng quý",
      "định kỳ hàng quý, trước ngày 15 của tháng đầu quý sau",
      "định kỳ 6 tháng",
      "Hàng năm",
      "trước ngày 15/11 hằng năm",
      "hằng năm, trước ngày 31/01 năm sau",
    ];
    const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2020-01-01", n));
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        dateArb,
        fc.integer({ min: 0, max: 800 }),
        (text, from, span) => {
          const to = addDays(from, span);
          const list = occ(text, from, to);
          const dues = list.map((o) => o.due);
          expect([...dues].sort()).toEqual(dues);
          expect(new Set(list.map((o) => o.period)).size).toBe(list.length);
          for (const d of dues) expect(from <= d && d <= to).toBe(true);
        },
      ),
    );
  });

  it("monthly occurrences over a year number twelve, whatever the due day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 2000, max: 2100 }), (day, y) => {
        expect(occ(`trước ngày ${day} hằng tháng`, `${y}-01-01`, `${y}-12-31`)).toHaveLength(12);
      }),
    );
  });
});

describe("isOverdue and completedLate", () => {
  const dated = parseDeadline("trước ngày 31/3/2024");

  it.each([
    [null, "2024-03-31", false],
    [null, "2024-04-01", true],
    ["2024-03-20", "2024-05-01", false],
    ["2024-04-15", "2024-05-01", false],
  ])("dated, completed %s, today %s: overdue %s", (completedOn, today, expected) => {
    expect(isOverdue(dated, completedOn, today)).toBe(expected);
  });

  it("a dated task completed after its due date was late", () => {
    expect(completedLate(dated, "2024-03-31")).toBe(false);
    expect(completedLate(dated, "2024-04-01")).toBe(true);
  });

  it.each([
    ["Hàng năm", null, "2025-03-01", true],
    ["Hàng năm", "2024-05-01", "2025-03-01", false],
    ["Hàng năm", "2023-12-01", "2025-03-01", true],
    ["Năm 2026 và các năm tiếp theo", null, "2025-03-01", false],
    ["trước ngày 20 hằng tháng", "2025-02-10", "2025-03-01", false],
    ["trước ngày 20 hằng tháng", "2025-01-10", "2025-03-01", true],
    ["trước ngày 20 hằng tháng", "2025-01-10", "2025-02-20", false],
    ["Thường xuyên", null, "2030-01-01", false],
    ["Thường xuyên trong những tháng cuối năm 2024", null, "2030-01-01", false],
    ["", null, "2030-01-01", false],
    ["Năm 2002", null, "2030-01-01", false],
  ])("%j, completed %s, today %s: overdue %s", (text, completedOn, today, expected) => {
    expect(isOverdue(parseDeadline(text, { documentYear: 2022 }), completedOn, today)).toBe(expected);
  });

  it("only dated tasks can be judged late from a single completion date", () => {
    expect(completedLate(parseDeadline("Hàng năm"), "2030-01-01")).toBe(false);
    expect(completedLate(parseDeadline(""), "2030-01-01")).toBe(false);
  });

  it("rejects malformed dates", () => {
    expect(() => isOverdue(dated, null, "31/03/2024")).toThrow(RangeError);
    expect(() => occurrences(dated, "2024-01-01", "2024-13-01")).toThrow(RangeError);
  });
});

describe("parseDeadline: the phrases the seeds use around a deadline (issue: time as the documents mean it)", () => {
  it("a task with no deadline of its own takes its document's horizon, marked as inherited", () => {
    // 002: the Quảng Nam programme for 2024 gives most tasks no date; 004: "Đến năm 2030"
    expect(parseDeadline("", { documentYear: 2024, horizonYear: 2024 })).toMatchObject({
      kind: "date",
      due: "2024-12-31",
      inherited: true,
    });
    expect(parseDeadline("   ", { documentDate: "2024-11-06", horizonYear: 2030 })).toMatchObject({
      kind: "date",
      due: "2030-12-31",
      inherited: true,
    });
    // without a horizon it is still missing, for review
    expect(parseDeadline("", { documentYear: 2024 }).review?.code).toBe("missing");
    // a stated deadline is never inherited
    expect(parseDeadline("Quý III năm 2024", { horizonYear: 2024 }).inherited).toBeUndefined();
  });

  it("'(nếu cần thiết)' makes a task conditional: never overdue until the condition is met", () => {
    // 002: "… để phổ biến và triển khai trong Quý III/2024 (nếu cần thiết)"
    const d = parseDeadline("trong Quý III/2024 (nếu cần thiết)", { documentYear: 2024 });
    expect(d).toMatchObject({ kind: "date", due: "2024-09-30", condition: "nếu cần thiết" });
    expect(d.review).toBeUndefined();
    expect(isOverdue(d, null, "2026-01-01")).toBe(false);
    expect(isOverdue(parseDeadline("trong Quý III/2024"), null, "2026-01-01")).toBe(true);
  });

  it("'phấn đấu' (and the source's own misspelling 'phần đấu') is an aspiration, not a firm date", () => {
    // 001: "… phần đấu hoàn thành trong tháng 10/2024"
    expect(parseDeadline("phần đấu hoàn thành trong tháng 10/2024")).toMatchObject({
      kind: "date",
      due: "2024-10-31",
      aspiration: true,
    });
    expect(parseDeadline("phấn đấu hoàn thành trước ngày 30/6/2024")).toMatchObject({
      due: "2024-06-30",
      aspiration: true,
    });
    expect(parseDeadline("hoàn thành trước ngày 30/6/2024").aspiration).toBeUndefined();
  });

  it("a horizon with a vision year is due at the horizon; the vision is kept, not taken for a deadline", () => {
    // 004: "Thời gian thực hiện: đến năm 2030, tầm nhìn đến năm 2045"
    expect(parseDeadline("Đến năm 2030, tầm nhìn đến năm 2045", { documentYear: 2024 })).toMatchObject({
      kind: "date",
      due: "2030-12-31",
      visionYear: 2045,
    });
  });

  it("'đảm bảo đến ngày …' is a date", () => {
    // 001: "… đảm bảo đến ngày 31/12/2024 giải ngân đạt 100%"
    expect(parseDeadline("đảm bảo đến ngày 31/12/2024")).toMatchObject({ kind: "date", due: "2024-12-31" });
  });

  it("an ongoing duty with a dated report keeps both", () => {
    // 001: "… thường xuyên theo dõi, đôn đốc … báo cáo UBND tỉnh trước ngày 30/4/2024."
    const d = parseDeadline("Thường xuyên … báo cáo UBND tỉnh trước ngày 30/4/2024");
    expect(d).toMatchObject({ kind: "date", due: "2024-04-30", ongoing: true });
    expect(d.parts).toEqual([{ text: "truoc ngay 30/4/2024", kind: "date", due: "2024-04-30" }]);
    expect(d.review).toBeUndefined();
    // the report can be late; the ongoing part never is
    expect(isOverdue(d, null, "2024-05-01")).toBe(true);
    expect(isOverdue(d, "2024-04-25", "2024-05-01")).toBe(false);
  });

  it("several cadences in one phrase are all kept", () => {
    // 000: "… Kế hoạch phát triển kinh tế - xã hội hàng tháng, quý, 9 tháng và cả năm gửi về Sở Kế hoạch và Đầu tư"
    const d = parseDeadline("hàng tháng, quý, 9 tháng và cả năm");
    expect(d).toMatchObject({ kind: "recurring", recurrence: "monthly" });
    expect(d.cadences).toEqual(["monthly", "quarterly", "nine_months", "annual"]);
    // a single cadence has no list
    expect(parseDeadline("Định kỳ hàng tháng").cadences).toBeUndefined();
  });
});

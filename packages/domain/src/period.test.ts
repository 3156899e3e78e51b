import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  comparePeriods,
  containsPeriod,
  cumulativeThrough,
  elapsedShareOfYear,
  formatPeriodEn,
  formatPeriodVi,
  formatYtdEn,
  formatYtdVi,
  halfPeriod,
  isCumulativeFromJanuary,
  isValidPeriod,
  monthOf,
  monthPeriod,
  monthRange,
  nextPeriod,
  nineMonthsPeriod,
  type Period,
  PeriodParseError,
  parsePeriod,
  parsePeriodOrThrow,
  parseYtd,
  periodCode,
  periodContainsDate,
  periodEnd,
  periodOf,
  periodStart,
  periodsOfKindInYear,
  planPeriod,
  previousPeriod,
  quarterPeriod,
  sameTimeLastYear,
  shiftPeriod,
  yearPeriod,
  yearToDate,
  ytdAsPeriod,
  ytdEnd,
} from "./period.ts";
import { foldDiacritics } from "./text.ts";

const code = (text: string) => {
  const p = parsePeriod(text);
  return p && periodCode(p);
};

describe("parsePeriod", () => {
  it.each([
    ["2024-03", "2024-03"],
    ["2024-Q3", "2024-Q3"],
    ["2024-q3", "2024-Q3"],
    ["2024-H1", "2024-H1"],
    ["2024-H2", "2024-H2"],
    ["2024-9M", "2024-9M"],
    ["2024", "2024"],
    ["2021-2025", "2021-2025"],
    ["Tháng 3/2024", "2024-03"],
    ["tháng 03/2024", "2024-03"],
    ["THÁNG 12/2024", "2024-12"],
    ["Tháng 3 năm 2024", "2024-03"],
    ["T3/2024", "2024-03"],
    ["T03-2024", "2024-03"],
    ["t 3 / 2024", "2024-03"],
    ["03/2024", "2024-03"],
    ["3-2024", "2024-03"],
    ["tháng Ba năm 2024", "2024-03"],
    ["Tháng Năm năm 2024", "2024-05"],
    ["tháng Mười hai/2024", "2024-12"],
    ["Quý I/2024", "2024-Q1"],
    ["Quý 1/2024", "2024-Q1"],
    ["Quý I năm 2024", "2024-Q1"],
    ["quý iv năm 2024", "2024-Q4"],
    ["QI/2024", "2024-Q1"],
    ["QIII/2024", "2024-Q3"],
    ["Quy II/2024", "2024-Q2"],
    ["Quý  III  /  2024.", "2024-Q3"],
    ["6 tháng đầu năm 2024", "2024-H1"],
    ["6 tháng năm 2024", "2024-H1"],
    ["6T/2024", "2024-H1"],
    ["6 tháng/2024", "2024-H1"],
    ["6 thang dau nam 2024", "2024-H1"],
    ["6 tháng cuối năm 2024", "2024-H2"],
    ["9 tháng năm 2024", "2024-9M"],
    ["9 tháng đầu năm 2024", "2024-9M"],
    ["9T/2024", "2024-9M"],
    ["3 tháng đầu năm 2024", "2024-Q1"],
    ["12 tháng năm 2024", "2024"],
    ["Năm 2024", "2024"],
    ["năm 2024", "2024"],
    ["cả năm 2024", "2024"],
    ["NAM 2024", "2024"],
    ["giai đoạn 2021-2025", "2021-2025"],
    ["Giai đoạn 2021 - 2025", "2021-2025"],
    ["2021 – 2025", "2021-2025"],
    ["2021—2025", "2021-2025"],
    ["thời kỳ 2021-2030", "2021-2030"],
    ["Năm 2021- 2022", "2021-2022"],
    ["Q1 2024", "2024-Q1"],
    ["q1/2024", "2024-Q1"],
    ["2024 Q1", "2024-Q1"],
    ["H1 2024", "2024-H1"],
    ["H2/2024", "2024-H2"],
    ["March 2024", "2024-03"],
    ["Mar 2024", "2024-03"],
    ["september 2024", "2024-09"],
    ["2024-M03", "2024-03"],
    ["9 months 2024", "2024-9M"],
    ["9M 2024", "2024-9M"],
    ["\u00a0Tháng\u00a03/2024\u00a0", "2024-03"],
    ["Tha\u0301ng 3/2024", "2024-03"],
  ])("%j → %s", (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it.each([
    "",
    "tháng",
    "Tháng 13/2024",
    "Tháng 0/2024",
    "2024-13",
    "2024-00",
    "2024-Q5",
    "Quý V/2024",
    "2024-H3",
    "2025-2021",
    "2024-2024",
    "5 tháng đầu năm 2024",
    "tháng năm 2024",
    "Quý I",
    "24",
    "Năm 24",
    "abc",
    "2024/03/01",
  ])("%j → null", (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it("parsePeriodOrThrow throws a named error", () => {
    expect(() => parsePeriodOrThrow("Quý V/2024")).toThrow(PeriodParseError);
    expect(parsePeriodOrThrow("Quý I/2024")).toEqual(quarterPeriod(2024, 1));
  });

  it("returns canonical objects (no stray keys)", () => {
    expect(parsePeriod("Năm 2024")).toStrictEqual({ kind: "year", year: 2024 });
    expect(parsePeriod("2021-2025")).toStrictEqual({ kind: "plan", year: 2021, endYear: 2025 });
    expect(parsePeriod("T3/2024")).toStrictEqual({ kind: "month", year: 2024, index: 3 });
  });
});

describe("formatting", () => {
  it.each([
    [monthPeriod(2024, 3), "2024-03", "Tháng 3/2024", "March 2024"],
    [quarterPeriod(2024, 1), "2024-Q1", "Quý I/2024", "Q1 2024"],
    [quarterPeriod(2024, 4), "2024-Q4", "Quý IV/2024", "Q4 2024"],
    [halfPeriod(2024, 1), "2024-H1", "6 tháng đầu năm 2024", "H1 2024"],
    [halfPeriod(2024, 2), "2024-H2", "6 tháng cuối năm 2024", "H2 2024"],
    [nineMonthsPeriod(2024), "2024-9M", "9 tháng năm 2024", "9 months 2024"],
    [yearPeriod(2024), "2024", "Năm 2024", "2024"],
    [planPeriod(2021, 2025), "2021-2025", "Giai đoạn 2021-2025", "2021–2025"],
  ])("%j", (p, c, vi, en) => {
    expect(periodCode(p)).toBe(c);
    expect(formatPeriodVi(p)).toBe(vi);
    expect(formatPeriodEn(p)).toBe(en);
  });

  it("rejects invalid periods", () => {
    expect(() => monthPeriod(2024, 13)).toThrow(RangeError);
    expect(() => quarterPeriod(2024, 0)).toThrow(RangeError);
    expect(() => planPeriod(2025, 2021)).toThrow(RangeError);
    expect(() => periodCode({ kind: "year", year: 2024, index: 1 })).toThrow(RangeError);
    expect(isValidPeriod({ kind: "month", year: 2024, index: 2.5 })).toBe(false);
    expect(isValidPeriod({ kind: "nine_months", year: 999 })).toBe(false);
  });
});

describe("calendar", () => {
  it.each([
    ["2024-02", "2024-02-01", "2024-02-29", 2, 2],
    ["2023-02", "2023-02-01", "2023-02-28", 2, 2],
    ["2024-Q3", "2024-07-01", "2024-09-30", 7, 9],
    ["2024-H1", "2024-01-01", "2024-06-30", 1, 6],
    ["2024-H2", "2024-07-01", "2024-12-31", 7, 12],
    ["2024-9M", "2024-01-01", "2024-09-30", 1, 9],
    ["2024", "2024-01-01", "2024-12-31", 1, 12],
  ])("%s runs %s – %s", (c, start, end, from, to) => {
    const p = parsePeriodOrThrow(c);
    expect([periodStart(p), periodEnd(p)]).toEqual([start, end]);
    expect(monthRange(p)).toEqual({ from, to });
  });

  it("a plan period spans its years and has no month range", () => {
    const p = planPeriod(2021, 2025);
    expect([periodStart(p), periodEnd(p)]).toEqual(["2021-01-01", "2025-12-31"]);
    expect(() => monthRange(p)).toThrow(RangeError);
    expect(() => elapsedShareOfYear(p)).toThrow(RangeError);
  });

  it.each([
    ["2024", "2024-03", true],
    ["2024", "2024-9M", true],
    ["2024-H1", "2024-Q2", true],
    ["2024-H1", "2024-Q3", false],
    ["2024-9M", "2024-Q3", true],
    ["2024-9M", "2024-10", false],
    ["2024-Q1", "2024-H1", false],
    ["2021-2025", "2024-Q4", true],
    ["2021-2025", "2026", false],
    ["2024-03", "2024-03", true],
    ["2024", "2023-12", false],
  ])("containsPeriod(%s, %s) = %s", (outer, inner, expected) => {
    expect(containsPeriod(parsePeriodOrThrow(outer), parsePeriodOrThrow(inner))).toBe(expected);
  });

  it.each([
    ["2024-03", "2023-03", "2024-02", "2024-04"],
    ["2024-01", "2023-01", "2023-12", "2024-02"],
    ["2024-12", "2023-12", "2024-11", "2025-01"],
    ["2024-Q1", "2023-Q1", "2023-Q4", "2024-Q2"],
    ["2024-H1", "2023-H1", "2023-H2", "2024-H2"],
    ["2024-9M", "2023-9M", "2023-9M", "2025-9M"],
    ["2024", "2023", "2023", "2025"],
    ["2021-2025", "2020-2024", "2016-2020", "2026-2030"],
  ])("%s: same time last year %s, previous %s, next %s", (c, lastYear, prev, next) => {
    const p = parsePeriodOrThrow(c);
    expect(periodCode(sameTimeLastYear(p))).toBe(lastYear);
    expect(periodCode(previousPeriod(p))).toBe(prev);
    expect(periodCode(nextPeriod(p))).toBe(next);
  });

  it("shifts by many steps across years", () => {
    expect(periodCode(shiftPeriod(monthPeriod(2024, 3), -15))).toBe("2022-12");
    expect(periodCode(shiftPeriod(quarterPeriod(2024, 2), 7))).toBe("2026-Q1");
  });

  it("sorts by end date, shorter first", () => {
    const codes = [
      "2024",
      "2024-Q1",
      "2024-03",
      "2021-2024",
      "2024-H2",
      "2024-12",
      "2024-Q4",
      "2024-9M",
      "2024-01",
    ];
    const sorted = codes.map(parsePeriodOrThrow).sort(comparePeriods).map(periodCode);
    expect(sorted).toEqual([
      "2024-01",
      "2024-03",
      "2024-Q1",
      "2024-9M",
      "2024-12",
      "2024-Q4",
      "2024-H2",
      "2024",
      "2021-2024",
    ]);
  });

  it.each([
    ["month", 12],
    ["quarter", 4],
    ["half", 2],
    ["nine_months", 1],
    ["year", 1],
  ] as const)("periodsOfKindInYear(%s) gives %i periods tiling their span", (kind, count) => {
    const ps = periodsOfKindInYear(kind, 2024);
    expect(ps).toHaveLength(count);
    expect(periodStart(ps[0] as Period)).toBe("2024-01-01");
    for (let i = 1; i < ps.length; i++) {
      expect(periodStart(ps[i] as Period)).toBe(nextDay(ps[i - 1] as Period));
    }
  });

  it.each([
    ["2024-02-29", "month", "2024-02"],
    ["2024-04-01", "quarter", "2024-Q2"],
    ["2024-06-30", "half", "2024-H1"],
    ["2024-07-01", "half", "2024-H2"],
    ["2024-12-31", "year", "2024"],
  ] as const)("periodOf(%s, %s) = %s", (date, kind, expected) => {
    expect(periodCode(periodOf(kind, date))).toBe(expected);
  });

  it("monthOf and periodContainsDate", () => {
    expect(monthOf("2024-11-05")).toEqual(monthPeriod(2024, 11));
    expect(periodContainsDate(quarterPeriod(2024, 3), "2024-09-30")).toBe(true);
    expect(periodContainsDate(quarterPeriod(2024, 3), "2024-10-01")).toBe(false);
    expect(() => monthOf("2024-02-30")).toThrow(RangeError);
  });
});

describe("cumulative periods", () => {
  it.each([
    ["2024-01", 1, true, 1 / 12],
    ["2024-03", 3, false, 0.25],
    ["2024-Q1", 3, true, 0.25],
    ["2024-Q3", 9, false, 0.75],
    ["2024-H1", 6, true, 0.5],
    ["2024-H2", 12, false, 1],
    ["2024-9M", 9, true, 0.75],
    ["2024", 12, true, 1],
  ])("%s: through month %i, from January %s, share %d", (c, through, cumulative, share) => {
    const p = parsePeriodOrThrow(c);
    expect(yearToDate(p)).toEqual({ year: 2024, throughMonth: through });
    expect(isCumulativeFromJanuary(p)).toBe(cumulative);
    expect(elapsedShareOfYear(p)).toBeCloseTo(share, 12);
  });

  it.each([
    [1, "2024-01", "Tháng 1/2024", "January 2024"],
    [3, "2024-Q1", "Quý I/2024", "Q1 2024"],
    [5, null, "5 tháng đầu năm 2024", "5 months 2024"],
    [6, "2024-H1", "6 tháng đầu năm 2024", "H1 2024"],
    [9, "2024-9M", "9 tháng năm 2024", "9 months 2024"],
    [10, null, "10 tháng năm 2024", "10 months 2024"],
    [12, "2024", "Năm 2024", "2024"],
  ])("through month %i", (m, c, vi, en) => {
    const ytd = cumulativeThrough(2024, m);
    const p = ytdAsPeriod(ytd);
    expect(p && periodCode(p)).toBe(c);
    expect(formatYtdVi(ytd)).toBe(vi);
    expect(formatYtdEn(ytd)).toBe(en);
    expect(parseYtd(vi)).toEqual(ytd);
  });

  it("parses cumulative texts and rejects periods that do not start in January", () => {
    expect(parseYtd("5T/2024")).toEqual({ year: 2024, throughMonth: 5 });
    expect(parseYtd("11 tháng năm 2024")).toEqual({ year: 2024, throughMonth: 11 });
    expect(parseYtd("Quý III/2024")).toBeNull();
    expect(parseYtd("13 tháng năm 2024")).toBeNull();
    expect(ytdEnd({ year: 2024, throughMonth: 2 })).toBe("2024-02-29");
    expect(() => cumulativeThrough(2024, 0)).toThrow(RangeError);
    expect(() => yearToDate(planPeriod(2021, 2025))).toThrow(RangeError);
  });

  it("reads the cumulative periods of report headers as offices write them", () => {
    // column headers of provincial reports (báo cáo tình hình KT-XH)
    expect(parseYtd("6 tháng 2024")).toEqual({ year: 2024, throughMonth: 6 });
    expect(parseYtd("6 thang 2024")).toEqual({ year: 2024, throughMonth: 6 });
    expect(parseYtd("9 tháng 2024")).toEqual({ year: 2024, throughMonth: 9 });
    expect(parseYtd("Lũy kế đến tháng 6/2024")).toEqual({ year: 2024, throughMonth: 6 });
    expect(parseYtd("Luy ke den thang 5 nam 2024")).toEqual({ year: 2024, throughMonth: 5 });
    expect(parseYtd("Từ đầu năm đến hết tháng 10/2024")).toEqual({ year: 2024, throughMonth: 10 });
    expect(parseYtd("đến tháng 13/2024")).toBeNull();
    expect(periodCode(parsePeriodOrThrow("6 tháng 2024"))).toBe("2024-H1");
    expect(periodCode(parsePeriodOrThrow("9 tháng 2024"))).toBe("2024-9M");
    expect(periodCode(parsePeriodOrThrow("Lũy kế đến tháng 3/2024"))).toBe("2024-Q1");
    // five months from January is no Period of its own: parseYtd says what it is
    expect(parsePeriod("5 tháng 2024")).toBeNull();
  });
});

// ---- properties ------------------------------------------------------------------------------

const yearArb = fc.integer({ min: 1900, max: 2199 });
const periodArb: fc.Arbitrary<Period> = fc.oneof(
  fc.tuple(yearArb, fc.integer({ min: 1, max: 12 })).map(([y, m]) => monthPeriod(y, m)),
  fc.tuple(yearArb, fc.integer({ min: 1, max: 4 })).map(([y, q]) => quarterPeriod(y, q)),
  fc.tuple(yearArb, fc.integer({ min: 1, max: 2 })).map(([y, h]) => halfPeriod(y, h)),
  yearArb.map(nineMonthsPeriod),
  yearArb.map(yearPeriod),
  fc.tuple(yearArb, fc.integer({ min: 1, max: 30 })).map(([y, len]) => planPeriod(y, y + len)),
);
const yearlyArb = periodArb.filter((p) => p.kind !== "plan");

describe("properties", () => {
  it("parse(code(p)) = p", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(parsePeriod(periodCode(p))).toStrictEqual(p);
      }),
    );
  });

  it("parse(formatVi(p)) = p, also upper case, without diacritics and with extra spaces", () => {
    fc.assert(
      fc.property(periodArb, fc.constantFrom(" ", "  ", "\u00a0"), (p, space) => {
        const vi = formatPeriodVi(p);
        expect(parsePeriod(vi)).toStrictEqual(p);
        expect(parsePeriod(vi.toUpperCase())).toStrictEqual(p);
        expect(parsePeriod(foldDiacritics(vi))).toStrictEqual(p);
        expect(parsePeriod(`${space}${vi.replace(/ /g, space)}${space}`)).toStrictEqual(p);
        expect(parsePeriod(vi.normalize("NFD"))).toStrictEqual(p);
      }),
    );
  });

  it("parse(formatEn(p)) = p", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(parsePeriod(formatPeriodEn(p))).toStrictEqual(p);
      }),
    );
  });

  it("previous and next are inverse; same time last year is twelve months back", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(previousPeriod(nextPeriod(p))).toStrictEqual(p);
        expect(nextPeriod(previousPeriod(p))).toStrictEqual(p);
        expect(periodStart(sameTimeLastYear(p)).slice(4)).toBe(periodStart(p).slice(4));
      }),
    );
  });

  it("a period ends before its next begins, and comparePeriods orders them", () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        const next = nextPeriod(p);
        expect(periodEnd(p) < periodStart(next)).toBe(true);
        expect(comparePeriods(p, next)).toBe(-1);
        expect(comparePeriods(next, p)).toBe(1);
        expect(comparePeriods(p, p)).toBe(0);
      }),
    );
  });

  it("comparePeriods is zero only for equal periods and is antisymmetric", () => {
    fc.assert(
      fc.property(periodArb, periodArb, (a, b) => {
        expect(comparePeriods(a, b) === 0).toBe(periodCode(a) === periodCode(b));
        expect(Math.sign(comparePeriods(a, b)) + Math.sign(comparePeriods(b, a))).toBe(0);
      }),
    );
  });

  it("every single-year period lies in its year, and its year to date contains it", () => {
    fc.assert(
      fc.property(yearlyArb, (p) => {
        expect(containsPeriod(yearPeriod(p.year), p)).toBe(true);
        expect(ytdEnd(yearToDate(p))).toBe(periodEnd(p));
        const asPeriod = ytdAsPeriod(yearToDate(p));
        if (asPeriod) expect(containsPeriod(asPeriod, p)).toBe(true);
        expect(isCumulativeFromJanuary(p)).toBe(periodStart(p).endsWith("-01-01"));
      }),
    );
  });

  it("periodOf(kind, start of p) is p for the kinds that tile a year", () => {
    fc.assert(
      fc.property(yearlyArb, (p) => {
        if (p.kind === "nine_months") return;
        expect(periodOf(p.kind === "plan" ? "year" : p.kind, periodStart(p))).toStrictEqual(p);
        expect(periodOf(p.kind === "plan" ? "year" : p.kind, periodEnd(p))).toStrictEqual(p);
      }),
    );
  });
});

function nextDay(p: Period): string {
  const end = periodEnd(p);
  const [y, m] = end.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

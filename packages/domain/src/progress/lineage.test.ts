import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { rollUp, rollUpLabel, rollUpSeries } from "./rollup.ts";
import {
  currentUnitOf,
  endedBeforeMerger,
  judgeYearBeforeMerger,
  predecessorLabel,
  predecessorsOf,
} from "./succession.ts";
import type { Indicator } from "./types.ts";

// Issue #13 item 8: succession, roll-up across org units and ratios from their components.
// Every expected number comes from an independent oracle: exact rationals over BigInt, rounded
// half away from zero by hand. Nothing here uses decimal.js or the code's own arithmetic.

interface Q {
  p: bigint;
  q: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = (p: bigint, q: bigint): Q => {
  if (q < 0n) return norm(-p, -q);
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
};
const Q = (s: string): Q => {
  const [int, frac = ""] = s.split(".");
  return norm(BigInt(`${int}${frac}`), 10n ** BigInt(frac.length));
};
const add = (a: Q, b: Q) => norm(a.p * b.q + b.p * a.q, a.q * b.q);
const sub = (a: Q, b: Q) => norm(a.p * b.q - b.p * a.q, a.q * b.q);
const mul = (a: Q, b: Q) => norm(a.p * b.p, a.q * b.q);
const div = (a: Q, b: Q) => norm(a.p * b.q, a.q * b.p);
const sum = (xs: Q[]) => xs.reduce(add, Q("0"));
/** Rounded half away from zero to `places`, in plain notation without trailing zeros. */
function fixed(x: Q, places: number): string {
  const scale = 10n ** BigInt(places);
  const neg = x.p < 0n;
  const abs = neg ? -x.p : x.p;
  const n = (2n * abs * scale + x.q) / (2n * x.q);
  let digits = n.toString().padStart(places + 1, "0");
  let out = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  if (places > 0) out = out.replace(/0+$/, "").replace(/\.$/, "");
  digits = out;
  return neg && n !== 0n ? `-${digits}` : digits;
}

const flow = { measureKind: "flow", unit: "tỷ đồng" } as const;
const share = { measureKind: "stock", unit: "%" } as const;
const ratio = { measureKind: "ratio", unit: "%" } as const;
const growth = { measureKind: "growth_rate", unit: "%" } as const;

describe("the oracle itself", () => {
  it("rounds half away from zero", () => {
    expect(fixed(Q("2.5"), 0)).toBe("3");
    expect(fixed(Q("-2.5"), 0)).toBe("-3");
    expect(fixed(div(Q("13700"), Q("193")), 2)).toBe("70.98");
    expect(fixed(Q("0.1"), 10)).toBe("0.1");
  });
});

describe("roll-up across org units, by measure kind", () => {
  it("flows add exactly (no binary floating point)", () => {
    const values = ["1234.5", "0.1", "0.2", "987654321.987"];
    const r = rollUp(
      flow,
      values.map((value, i) => ({ orgUnit: `d${i}`, value, status: "official" as const })),
    );
    expect(r.kind).toBe("value");
    if (r.kind !== "value") return;
    expect(r.method).toBe("sum");
    expect(r.childrenValue).toBe(fixed(sum(values.map(Q)), 10));
    expect(r.childrenValue).toBe("987655556.787");
  });

  it("shares weigh by their denominators: Σ numerators ÷ Σ denominators, never the mean of the rates", () => {
    const parts = [
      ["12", "17"],
      ["25", "31"],
      ["7", "13"],
    ] as const;
    const r = rollUp(
      share,
      parts.map(([n, d], i) => ({
        orgUnit: `d${i}`,
        value: "",
        numerator: n,
        denominator: d,
        status: "official",
      })),
    );
    expect(r.kind).toBe("value");
    if (r.kind !== "value") return;
    expect(r.method).toBe("weighted_share");
    const expected = mul(div(sum(parts.map(([n]) => Q(n))), sum(parts.map(([, d]) => Q(d)))), Q("100"));
    expect(r.childrenValue).toBe(fixed(expected, 10));
    expect(r.childrenValue).toBe("72.131147541");
    const mean = div(mul(sum(parts.map(([n, d]) => div(Q(n), Q(d)))), Q("100")), Q("3"));
    expect(r.childrenValue).not.toBe(fixed(mean, 10));
  });

  it("a share stored with its weight alone (the denominator) is weighted by it", () => {
    const parts = [
      ["35.5", "1200"],
      ["60.25", "800"],
      ["48.125", "333"],
    ] as const;
    const r = rollUp(
      share,
      parts.map(([v, w], i) => ({ orgUnit: `d${i}`, value: v, denominator: w, status: "official" })),
    );
    if (r.kind !== "value") throw new Error(JSON.stringify(r));
    const expected = div(sum(parts.map(([v, w]) => mul(Q(v), Q(w)))), sum(parts.map(([, w]) => Q(w))));
    expect(r.childrenValue).toBe(fixed(expected, 10));
  });

  it("a share without weights is not rolled up: an average of rates would be wrong", () => {
    const r = rollUp(share, [
      { orgUnit: "a", value: "40", status: "official" },
      { orgUnit: "b", value: "60", status: "official" },
    ]);
    expect(r.kind).toBe("not_aggregable");
    if (r.kind === "not_aggregable") expect(r.reason.vi).toContain("mẫu số");
  });

  it("ratios divide their summed components", () => {
    const parts = [
      ["137", "193"],
      ["56.5", "88"],
    ] as const;
    const r = rollUp(
      ratio,
      parts.map(([n, d], i) => ({
        orgUnit: `d${i}`,
        value: "",
        numerator: n,
        denominator: d,
        status: "official",
      })),
    );
    if (r.kind !== "value") throw new Error(JSON.stringify(r));
    expect(r.method).toBe("ratio_of_sums");
    const expected = mul(div(add(Q("137"), Q("56.5")), add(Q("193"), Q("88"))), Q("100"));
    expect(r.childrenValue).toBe(fixed(expected, 10));
  });

  it("growth rates only from levels (now and a year earlier), never from the rates", () => {
    const levels = [
      ["1050.5", "1000"],
      ["2100", "2000"],
      ["333.3", "310"],
    ] as const;
    const r = rollUp(
      growth,
      levels.map(([n, d], i) => ({
        orgUnit: `d${i}`,
        value: "5",
        numerator: n,
        denominator: d,
        status: "official",
      })),
    );
    if (r.kind !== "value") throw new Error(JSON.stringify(r));
    const now = sum(levels.map(([n]) => Q(n)));
    const before = sum(levels.map(([, d]) => Q(d)));
    expect(r.childrenValue).toBe(fixed(mul(sub(div(now, before), Q("1")), Q("100")), 10));
    const ratesOnly = rollUp(growth, [
      { orgUnit: "a", value: "7", status: "official" },
      { orgUnit: "b", value: "8", status: "official" },
    ]);
    expect(ratesOnly.kind).toBe("not_aggregable");
  });

  it("the unit's own figure wins over the roll-up, and the difference is shown exactly", () => {
    const rows = rollUpSeries(flow, [{ period: "2024", basis: "ytd", value: "27594", status: "official" }], {
      a: [{ period: "2024", basis: "ytd", value: "12345.67", status: "official" }],
      b: [
        { period: "2024", basis: "ytd", value: "15000.4", status: "estimate" },
        { period: "2024-H1", basis: "ytd", value: "7000", status: "official" },
      ],
      c: [],
    });
    expect(rows.map((r) => [r.period, r.children, r.shown])).toEqual([
      ["2024", 2, "own"],
      ["2024-H1", 1, "roll_up"],
    ]);
    const [year, half] = rows;
    if (year?.result.kind !== "value" || half?.result.kind !== "value") throw new Error("no value");
    const children = add(Q("12345.67"), Q("15000.4"));
    expect(year.result.childrenValue).toBe(fixed(children, 10));
    expect(year.result.value).toBe("27594");
    expect(year.result.difference).toBe(fixed(sub(Q("27594"), children), 10));
    expect(year.result.difference).toBe("247.93");
    expect(year.result.basedOnEstimate).toBe(true);
    expect(year.result.missing).toEqual(["c"]);
    expect(half.result.value).toBe("7000");
    expect(half.result.missing).toEqual(["a", "c"]);
  });

  it("says it is a roll-up, in both languages", () => {
    expect(rollUpLabel(6, "district")).toEqual({
      vi: "tổng hợp từ 6 huyện",
      en: "rolled up from 6 districts",
    });
    expect(rollUpLabel(1, "district").en).toBe("rolled up from 1 district");
    expect(rollUpLabel(3, "commune")).toEqual({ vi: "tổng hợp từ 3 xã", en: "rolled up from 3 communes" });
  });
});

describe("figures of merged units (Quảng Nam became part of Đà Nẵng on 01/7/2025)", () => {
  const links = [
    { predecessor: "p49", successor: "p48", effectiveOn: "2025-07-01" },
    { predecessor: "p62", successor: "p51", effectiveOn: "2025-07-01" },
  ];
  it("a view of Quảng Nam shows Đà Nẵng's history; Đà Nẵng's predecessors are Quảng Nam only", () => {
    expect(currentUnitOf("p49", links)).toBe("p48");
    expect(currentUnitOf("p48", links)).toBe("p48");
    expect(predecessorsOf("p48", links).map((l) => l.predecessor)).toEqual(["p49"]);
    expect(predecessorsOf("p51", links).map((l) => l.predecessor)).toEqual(["p62"]);
    expect(predecessorsOf("p49", links)).toEqual([]);
  });
  it("labels the figures with the predecessor's name", () => {
    expect(predecessorLabel("Tỉnh Quảng Nam")).toEqual({
      vi: "số liệu của Quảng Nam (trước sáp nhập)",
      en: "figures of Quảng Nam before the merger",
    });
  });
  it("keeps only periods that ended before the merger, and judges a plan period at its last whole year", () => {
    expect(endedBeforeMerger("2024", "2025-07-01")).toBe(true);
    expect(endedBeforeMerger("2025-H1", "2025-07-01")).toBe(true);
    expect(endedBeforeMerger("2025-9M", "2025-07-01")).toBe(false);
    expect(judgeYearBeforeMerger("2024", "2025-07-01")).toBe("2024");
    expect(judgeYearBeforeMerger("2021-2025", "2025-07-01")).toBe("2024");
    expect(judgeYearBeforeMerger("2026", "2025-07-01")).toBeNull();
  });
});

describe("ratios from their stored numerator and denominator", () => {
  const communesShare: Indicator = {
    code: "qnam24-ntm-communes-share",
    measureKind: "ratio",
    direction: "higher_better",
    frequency: "annual",
    decimals: 0,
    unit: "%",
  };
  it('137 xã / 193 xã is 70,98…%, judged as 71% against "đạt tỷ lệ 71%"', () => {
    const e = evaluate({
      indicator: communesShare,
      target: { form: "at_least", period: "2024", low: "71" },
      observations: [
        {
          period: "2024",
          basis: "period",
          value: "71",
          status: "official",
          numerator: "137",
          denominator: "193",
        },
      ],
      asOf: { period: "2024" },
      orgUnit: "p49",
    });
    const exact = mul(div(Q("137"), Q("193")), Q("100"));
    expect(e.figures.actual).toBe(fixed(exact, 2));
    expect(e.figures.actual).toBe("70.98");
    expect(e.figures.judged).toBe(fixed(exact, 0));
    expect(e.status).toBe("achieved");
  });
  it("the components decide, not a rounded value stored beside them", () => {
    const e = evaluate({
      indicator: communesShare,
      target: { form: "at_least", period: "2024", low: "71" },
      observations: [
        {
          period: "2024",
          basis: "period",
          value: "71",
          status: "official",
          numerator: "136",
          denominator: "193",
        },
      ],
      asOf: { period: "2024" },
      orgUnit: "p49",
    });
    // 136/193 = 70,466…% → 70 at the target's precision: not achieved
    expect(e.figures.actual).toBe(fixed(mul(div(Q("136"), Q("193")), Q("100")), 2));
    expect(e.status).toBe("not_achieved");
  });
});

import type { JumpRule } from "@chitieu/domain";
import { describe, expect, it } from "vitest";
import { exactScale, InFileFigures } from "./in-file.ts";
import type { StagedRecord } from "./row-validator.ts";

// `InFileFigures` keeps a million values as doubles and gives the exact text back, and judges
// jumps with a double first and exact decimals after. Checked here against an oracle of its own:
// BigInt arithmetic on the decimal texts, with values that reach the edges (zero, negatives,
// 15 and 16 digits, long fractions, a change of exactly the threshold).

const year = (y: number, value: string, row: number, indicatorId = 1, orgUnitId = 7): StagedRecord => ({
  row,
  col: 4,
  indicatorId,
  orgUnitId,
  period: String(y),
  periodStart: `${y}-01-01`,
  periodEnd: `${y}-12-31`,
  basis: "period",
  value,
  status: "official",
  note: null,
  prevPeriod: null,
});

/** value × 10^scale as a BigInt, for a plain decimal text */
function scaled(text: string, scale: number): bigint {
  const negative = text.startsWith("-");
  const [int, frac = ""] = (negative ? text.slice(1) : text).split(".");
  const n = BigInt(`${int}${frac.padEnd(scale, "0")}`);
  return negative ? -n : n;
}

/** |v − p| > t·|p| (relative) or |v − p| > t (points), in integers */
function oracle(mode: "relative" | "points", t: string, v: string, p: string): boolean {
  const scale = Math.max(...[t, v, p].map((x) => x.split(".")[1]?.length ?? 0));
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const [tv, vv, pv] = [t, v, p].map((x) => scaled(x, scale)) as [bigint, bigint, bigint];
  const diff = abs(vv - pv);
  if (mode === "points") return diff > tv;
  if (pv === 0n) return false;
  // diff·10^scale > t·|p| with both sides at scale 2·scale
  return diff * 10n ** BigInt(scale) > tv * abs(pv);
}

/** A decimal text of the kinds a file holds, edges included. */
function randomDecimal(rand: () => number): string {
  const edges = [
    "0",
    "-0.5",
    "0.5",
    "0.75",
    "100",
    "150",
    "-100",
    "123456789012345",
    "1234567890123456",
    "99999999999999.9",
    "0.000000000000001",
    "150000000000000.1",
    "100000000000000",
    "150000000000000.0",
  ];
  if (rand() < 0.3) return edges[Math.floor(rand() * edges.length)] as string;
  const negative = rand() < 0.2 ? "-" : "";
  const intDigits = 1 + Math.floor(rand() * 17);
  let int = String(1 + Math.floor(rand() * 9));
  for (let i = 1; i < intDigits; i++) int += String(Math.floor(rand() * 10));
  if (rand() < 0.15) int = "0";
  const fracDigits = Math.floor(rand() * 8);
  let frac = "";
  for (let i = 0; i < fracDigits; i++) frac += String(Math.floor(rand() * 10));
  const text = frac ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("InFileFigures", () => {
  it("gives back exactly the text of every value it judges, over 15 digits too", () => {
    const rand = seeded(19);
    for (let k = 0; k < 2000; k++) {
      const p = randomDecimal(rand);
      const v = randomDecimal(rand);
      const f = new InFileFigures(0);
      f.add(year(2017, p, 2));
      f.add(year(2018, v, 3));
      const rule: JumpRule = { mode: "points", threshold: "0" };
      const { rows } = f.jumps(new Map([[1, rule]]), 10);
      const differs = oracle("points", "0", v, p);
      expect(rows.length, `${p} → ${v}`).toBe(differs ? 1 : 0);
      if (differs)
        expect(rows[0]).toMatchObject({ row_no: 3, value: v, previous: p, previous_period: "2017" });
    }
  });

  it("finds the same jumps as exact integer arithmetic, at the threshold and around it", () => {
    const rand = seeded(2026);
    let jumps = 0;
    for (let k = 0; k < 3000; k++) {
      const mode = rand() < 0.5 ? "relative" : "points";
      const t =
        mode === "relative"
          ? (["0.5", "0", "0.05", "2"][k % 4] as string)
          : (["5", "0.1", "0"][k % 3] as string);
      const p = randomDecimal(rand);
      // a change of exactly the threshold now and then (the edge the double must not decide)
      const v =
        rand() < 0.2 && mode === "points" && !p.includes("e")
          ? addExact(p, t)
          : rand() < 0.2 && mode === "relative"
            ? addExact(p, mulExact(t, p.replace("-", "")))
            : randomDecimal(rand);
      const f = new InFileFigures(0);
      f.add(year(2020, v, 5, 3, 9));
      f.add(year(2019, p, 4, 3, 9));
      const found = f.jumps(new Map([[3, { mode, threshold: t }]]), 10);
      const expected = oracle(mode, t, v, p);
      if (expected) jumps++;
      expect(found.total, `${mode} ${t}: ${p} → ${v}`).toBe(expected ? 1 : 0);
    }
    // the generator reaches both sides
    expect(jumps).toBeGreaterThan(300);
    expect(jumps).toBeLessThan(2700);
  });

  it("says a span written twice, even another way, and compares only within one indicator and unit", () => {
    const f = new InFileFigures(2);
    expect(f.add(year(2017, "100", 2))).toBe(true);
    // the same months as a year to date ending in December
    const ytd: StagedRecord = {
      ...year(2017, "1", 9),
      period: "2017-12",
      basis: "ytd",
      periodStart: "2017-12-01",
    };
    expect(f.add(ytd)).toBe(false);
    expect(f.add(year(2018, "900", 3, 1, 8))).toBe(true);
    expect(f.add(year(2018, "900", 4, 2, 7))).toBe(true);
    const rules = new Map<number, JumpRule>([
      [1, { mode: "relative", threshold: "0.5" }],
      [2, { mode: "relative", threshold: "0.5" }],
    ]);
    expect(f.jumps(rules, 10)).toEqual({ rows: [], total: 0 });
    expect(f.sample().map((s) => [s.row_no, s.value, s.outcome])).toEqual([
      [2, "100", "new"],
      [3, "900", "new"],
    ]);
  });

  it("reads the decimals a double gives back", () => {
    expect(["0", "7", "-7", "7.5", "-0.25", "123456789012345", "12345678901234.5"].map(exactScale)).toEqual([
      0, 0, 0, 1, 2, 0, 1,
    ]);
    // kept as text: 16 digits, a negative zero, a leading zero, not a plain decimal
    expect(["1234567890123456", "-0", "-0.0", "007", "1e5", "", "-", "1.", ".5"].map(exactScale)).toEqual([
      -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ]);
  });
});

/** a + b for plain decimal texts, exactly (the oracle's own arithmetic) */
function addExact(a: string, b: string): string {
  const scale = Math.max(a.split(".")[1]?.length ?? 0, b.split(".")[1]?.length ?? 0);
  return fromScaled(scaled(a, scale) + scaled(b, scale), scale);
}

function mulExact(a: string, b: string): string {
  const sa = a.split(".")[1]?.length ?? 0;
  const sb = b.split(".")[1]?.length ?? 0;
  return fromScaled(scaled(a, sa) * scaled(b, sb), sa + sb);
}

function fromScaled(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

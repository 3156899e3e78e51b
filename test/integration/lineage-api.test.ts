import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #13 item 8, through the API as offices would use it: figures entered with POST
// /observations, read back from GET /lineage/{code}/{orgUnit}/{asOf} (internal) and
// /public/lineage/… (portal). Every expected number is written here from exact fractions worked
// by hand (BigInt below), never read from the code under test.

let api: TestApi;
let admin: Caller;
let statQnam: Caller;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
type Any = any;

async function figure(who: Caller, body: Record<string, unknown>) {
  const r = await api.call(who, "POST", "/api/v1/observations", body);
  expect(r.status, JSON.stringify(await r.clone().json())).toBe(201);
}
async function lineage(who: Caller | null, code: string, unit: string, asOf: string): Promise<Any> {
  const r = await api.call(who, "GET", `/api/v1/${who ? "" : "public/"}lineage/${code}/${unit}/${asOf}`);
  expect(r.status, await r.clone().text()).toBe(200);
  return r.json();
}

/** a/b rounded half-up to 10 places, without trailing zeros (the roll-up's precision) */
function ratio10(a: bigint, b: bigint): string {
  const n = (2n * a * 10n ** 10n + b) / (2n * b);
  const s = n.toString().padStart(11, "0");
  return `${s.slice(0, -10)}.${s.slice(-10)}`.replace(/0+$/, "").replace(/\.$/, "");
}

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("admin@so-khdt.vn", "admin");
  await api.addUser("thongke-qnam@x.vn", "statistician", [["org_unit", "p49"]]);
  admin = await api.signIn("admin@so-khdt.vn");
  statQnam = await api.signIn("thongke-qnam@x.vn");

  // Quảng Nam's own 2024 figures
  await figure(statQnam, {
    indicator: "qnam24-budget-revenue",
    orgUnit: "p49",
    period: "2024",
    value: "27594",
    status: "official",
  });
  await figure(statQnam, {
    indicator: "qnam24-forest-cover",
    orgUnit: "p49",
    period: "2024",
    value: "59.63",
    status: "official",
  });
  // the share of communes meeting the new-rural standard, with its components 137 / 193
  await figure(statQnam, {
    indicator: "qnam24-ntm-communes-share",
    orgUnit: "p49",
    period: "2024",
    value: "71",
    numerator: "137",
    denominator: "193",
    status: "official",
  });
  // two of its districts (illustrative figures shaped like a district's report)
  for (const [unit, revenue, cover, area] of [
    ["qnam-tp-tam-ky", "3000.5", "20.5", "9200"],
    ["qnam-tp-hoi-an", "1500.25", "3.1", "6171"],
  ] as const) {
    await figure(admin, {
      indicator: "qnam24-budget-revenue",
      orgUnit: unit,
      period: "2024",
      value: revenue,
      status: "official",
    });
    // forest cover with its weight: the district's natural area (ha) as the denominator
    await figure(admin, {
      indicator: "qnam24-forest-cover",
      orgUnit: unit,
      period: "2024",
      value: cover,
      denominator: area,
      status: "official",
    });
    await figure(admin, {
      indicator: "qnam24-grdp-growth",
      orgUnit: unit,
      period: "2024",
      basis: "ytd",
      value: "7",
      status: "estimate",
    });
  }
  // a 2024 target for Đà Nẵng on the same indicator: Quảng Nam's figures must never be judged by it
  const doc = await api.call(admin, "POST", "/api/v1/documents", {
    code: "dn-nq-2024-test",
    kind: "NQ",
    issuer: "HĐND thành phố Đà Nẵng",
    orgUnit: "p48",
    titleVi: "Nghị quyết kế hoạch năm 2024 (thử nghiệm)",
    periodFrom: 2024,
    periodTo: 2024,
  });
  expect(doc.status).toBe(201);
  const t = await api.call(admin, "POST", "/api/v1/targets", {
    indicator: "qnam24-budget-revenue",
    orgUnit: "p48",
    period: "2024",
    form: "at_least",
    low: "30000",
    documentCode: "dn-nq-2024-test",
    quote: "Thu ngân sách đạt 30.000 tỷ đồng",
  });
  expect(t.status, await t.clone().text()).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

describe("figures of a merged unit under today's unit (Quảng Nam → Đà Nẵng, 01/7/2025)", () => {
  it("Đà Nẵng's history shows Quảng Nam's 2024 revenue, saying whose it is, judged against Quảng Nam's own target", async () => {
    for (const who of [admin, null]) {
      const body = await lineage(who, "qnam24-budget-revenue", "p48", "2025");
      expect(body.history.unit.code).toBe("p48");
      const [qn, ...others] = body.history.predecessors;
      expect(others).toEqual([]);
      expect(qn.unit.code).toBe("p49");
      expect(qn.effectiveOn).toBe("2025-07-01");
      expect(qn.label).toEqual({
        vi: "số liệu của Quảng Nam (trước sáp nhập)",
        en: "figures of Quảng Nam before the merger",
      });
      expect(qn.merger.vi).toBe("Quảng Nam nhập vào Đà Nẵng từ ngày 01/07/2025");
      expect(qn.figures.map((f: Any) => [f.period, f.value, f.status])).toEqual([
        ["2024", "27594", "official"],
      ]);
      expect(qn.verdicts).toHaveLength(1);
      const v = qn.verdicts[0];
      // 27.594 against Quảng Nam's "đạt 23.600 tỷ đồng": exceeded; against Đà Nẵng's 30.000 it would fail
      expect([v.targetPeriod, v.status, v.label.vi]).toEqual(["2024", "exceeded", "Vượt"]);
      // 27.594 / 23.600 = 1,1692…: "116,9% kế hoạch"; against 30.000 it would be 91,98%
      expect(v.explanation.vi).toContain("116,9%");
      expect(v.against.vi).toBe("đánh giá theo chỉ tiêu của chính Quảng Nam");
    }
  });

  it("Quảng Nam's own page shows the same history under Đà Nẵng", async () => {
    const body = await lineage(admin, "qnam24-budget-revenue", "p49", "2024");
    expect(body.history.unit.code).toBe("p48");
    expect(body.history.predecessors[0].label.vi).toBe("số liệu của Quảng Nam (trước sáp nhập)");
  });

  it("a unit that absorbed nobody has no such history", async () => {
    const body = await lineage(admin, "kh214-grdp-growth", "p01", "2024");
    expect(body.history).toBeNull();
  });
});

describe("roll-up from the districts, compared with the province's own figure", () => {
  it("revenue adds up: 3.000,5 + 1.500,25 = 4.500,75 from 2 districts; Quảng Nam's own 27.594 wins", async () => {
    const body = await lineage(admin, "qnam24-budget-revenue", "p49", "2024");
    expect(body.rollUp.level).toBe("district");
    const row = body.rollUp.rows.find((r: Any) => r.period === "2024");
    expect(row.label).toEqual({ vi: "tổng hợp từ 2 huyện", en: "rolled up from 2 districts" });
    expect(row.method).toBe("sum");
    expect(row.value).toBe("4500.75");
    expect(row.own).toBe("27594");
    expect(row.shown).toBe("own");
    expect(row.difference).toBe("23093.25");
  });

  it("forest cover is weighted by each district's area, never averaged", async () => {
    const body = await lineage(admin, "qnam24-forest-cover", "p49", "2024");
    const row = body.rollUp.rows.find((r: Any) => r.period === "2024");
    expect(row.method).toBe("weighted_share");
    // (20,5 × 9200 + 3,1 × 6171) / (9200 + 6171) = (188600 + 19130,1) / 15371 = 2077301 / 153710
    const expected = ratio10(2077301n, 153710n);
    expect(row.value).toBe(expected);
    expect(row.value).not.toBe("11.8"); // the mean of 20,5 and 3,1
    expect(row.own).toBe("59.63");
    expect(row.shown).toBe("own");
  });

  it("a growth rate is not rolled up from the districts' rates", async () => {
    const body = await lineage(admin, "qnam24-grdp-growth", "p49", "2024");
    const row = body.rollUp.rows.find((r: Any) => r.period === "2024");
    expect(row.value).toBeNull();
    expect(row.shown).toBeNull();
    expect(row.reason.vi).toContain("cần số tuyệt đối");
  });
});

describe("ratios from their stored numerator and denominator", () => {
  it("137 / 193 is 70,98%, judged as 71% against the 71% target, and shown with its components", async () => {
    const card = await api.call(admin, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024");
    const row = ((await card.json()) as Any).rows.find(
      (r: Any) => r.indicator.code === "qnam24-ntm-communes-share",
    );
    // 13700 / 193 = 70,98445…: 70.98 at the indicator's 0 decimals + 2, 71 at the target's precision
    expect(row.evaluation.figures.actual).toBe("70.98");
    expect(row.evaluation.figures.judged).toBe("71");
    expect(row.evaluation.status).toBe("achieved");
    for (const who of [admin, null]) {
      const body = await lineage(who, "qnam24-ntm-communes-share", "p49", "2024");
      expect(body.ratio.rows).toEqual([
        {
          period: "2024",
          basis: "period",
          numerator: "137",
          denominator: "193",
          value: "70.98",
          stored: "71",
          text: {
            vi: "tính từ tử số 137 và mẫu số 193: 70,98%",
            en: "computed from numerator 137 and denominator 193: 70.98%",
          },
        },
      ]);
    }
  });

  it("a value that does not match its components is refused, saying why", async () => {
    const r = await api.call(statQnam, "POST", "/api/v1/observations", {
      indicator: "qnam24-ntm-communes-share",
      orgUnit: "p49",
      period: "2024",
      value: "72",
      numerator: "137",
      denominator: "193",
      status: "official",
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("không khớp tử số 137 / mẫu số 193");
    const noDen = await api.call(statQnam, "POST", "/api/v1/observations", {
      indicator: "qnam24-ntm-communes-share",
      orgUnit: "p49",
      period: "2024",
      value: "71",
      numerator: "137",
      status: "official",
    });
    expect(noDen.status).toBe(400);
    expect(await noDen.text()).toContain("không có mẫu số");
  });

  it("the public answer never shows an unpublished indicator", async () => {
    const r = await api.call(null, "GET", "/api/v1/public/lineage/qnam24-disbursement/p49/2024");
    expect(r.status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #13, "Done when" 3: the provinces' published 2024 figures (year-end sessions and press
// briefings) entered through the API as a statistics office would (POST /observations, signed in
// as a statistician of the province), Quảng Ngãi's own 2024 plan "GRDP tăng 2,5–3%" created
// through the target-creation API by an administrator, and the verdicts read back from
// GET /scorecard. The expected verdicts are written here by hand, from the provinces' own words;
// nothing is read from the engine to decide what to expect.

let api: TestApi;
let statQnam: Caller;
let statQng: Caller;
let admin: Caller;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
type Row = any;

async function figure(who: Caller, body: Record<string, unknown>) {
  const r = await api.call(who, "POST", "/api/v1/observations", body);
  expect(r.status, JSON.stringify(await r.clone().json())).toBe(201);
  return r.json();
}

async function scorecard(who: Caller, orgUnit: string, asOf: string, today?: string) {
  const r = await api.call(
    who,
    "GET",
    `/api/v1/scorecard?orgUnit=${orgUnit}&asOf=${asOf}${today ? `&today=${today}` : ""}`,
  );
  expect(r.status).toBe(200);
  return (await r.json()) as { rows: Row[] };
}

const rowOf = (card: { rows: Row[] }, code: string): Row => {
  const row = card.rows.find((r) => r.indicator.code === code);
  expect(row, `${code} on the scorecard`).toBeDefined();
  return row;
};

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("admin@so-khdt.vn", "admin");
  await api.addUser("thongke-qnam@x.vn", "statistician", [["org_unit", "p49"]]);
  await api.addUser("thongke-qng@x.vn", "statistician", [["org_unit", "p51"]]);
  admin = await api.signIn("admin@so-khdt.vn");
  statQnam = await api.signIn("thongke-qnam@x.vn");
  statQng = await api.signIn("thongke-qng@x.vn");

  // Quảng Nam, the 2024 year-end figures
  await figure(statQnam, {
    indicator: "qnam24-grdp-growth",
    orgUnit: "p49",
    period: "2024",
    basis: "ytd",
    value: "7.1",
    status: "estimate",
    note: "Ước tính cả năm 2024",
  });
  // the revenue estimate first, then the official figure that replaces it
  await figure(statQnam, {
    indicator: "qnam24-budget-revenue",
    orgUnit: "p49",
    period: "2024",
    value: "26000",
    status: "estimate",
  });
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
  await figure(statQnam, {
    indicator: "qnam24-ntm-communes",
    orgUnit: "p49",
    period: "2024",
    value: "137",
    status: "official",
  });
  // Quảng Ngãi: disbursement of the 2024 plan, as reported at 31/01/2025
  await figure(statQng, {
    indicator: "cv1468-disbursement",
    orgUnit: "p51",
    period: "2024-12",
    basis: "ytd",
    value: "86.3",
    status: "official",
    measuredAt: "2025-01-31",
  });
  await figure(statQng, {
    indicator: "kh214-grdp-growth",
    orgUnit: "p51",
    period: "2024",
    basis: "ytd",
    value: "4.07",
    status: "estimate",
  });

  // Quảng Ngãi's own 2024 plan, entered by the administrator: the resolution, then its target
  const doc = await api.call(admin, "POST", "/api/v1/documents", {
    code: "qng-nq-ktxh-2024",
    kind: "NQ",
    issuer: "HĐND tỉnh Quảng Ngãi",
    orgUnit: "p51",
    titleVi: "Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2024 (tỉnh Quảng Ngãi)",
    periodFrom: 2024,
    periodTo: 2024,
  });
  expect(doc.status).toBe(201);
  const created = await api.call(admin, "POST", "/api/v1/targets", {
    indicator: "kh214-grdp-growth",
    orgUnit: "p51",
    period: "2024",
    form: "range_floor",
    low: "2.5",
    high: "3",
    documentCode: "qng-nq-ktxh-2024",
    quote: "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) tăng 2,5 - 3%",
  });
  expect(created.status, JSON.stringify(await created.clone().json())).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

describe("the published 2024 verdicts, with the figures entered through the API", () => {
  it('Quảng Nam GRDP 7,1% (ước) against "tăng 7,5-8%" is "Ước không đạt"', async () => {
    const row = rowOf(await scorecard(admin, "p49", "2024"), "qnam24-grdp-growth");
    expect(row.evaluation.status).toBe("not_achieved");
    expect(row.evaluation.label.vi).toBe("Ước không đạt");
    expect(row.evaluation.figures.actual).toBe("7.1");
  });

  it('revenue 27.594 against "đạt 23.600 tỷ đồng" is "Vượt", and the estimate 26.000 stays in its history', async () => {
    const row = rowOf(await scorecard(admin, "p49", "2024"), "qnam24-budget-revenue");
    expect(row.evaluation.status).toBe("exceeded");
    expect(row.evaluation.label.vi).toBe("Vượt");
    expect(row.evaluation.figures.actual).toBe("27594");
    const list = await api.call(
      admin,
      "GET",
      "/api/v1/observations?indicator=qnam24-budget-revenue&orgUnit=p49",
    );
    const items = ((await list.json()) as { items: Row[] }).items;
    expect(items.map((o) => [o.period, o.value, o.status])).toEqual([["2024", "27594", "official"]]);
    const history = await api.call(admin, "GET", `/api/v1/observations/${items[0].id}/history`);
    const rows = ((await history.json()) as { history: Row[] }).history;
    expect(rows.map((o) => [o.value, o.status])).toEqual([
      ["27594", "official"],
      ["26000", "estimate"],
    ]);
  });

  it('forest cover 59,63% against "đạt 58,92%" is achieved (and beyond it)', async () => {
    const row = rowOf(await scorecard(admin, "p49", "2024"), "qnam24-forest-cover");
    expect(["achieved", "exceeded"]).toContain(row.evaluation.status);
    expect(row.evaluation.figures.band).toBe("exceeded");
    expect(row.evaluation.figures.actual).toBe("59.63");
  });

  it("new-rural communes 137/193: the level (137) and the share (71%) achieved, the change clause not judgeable", async () => {
    const row = rowOf(await scorecard(admin, "p49", "2024"), "qnam24-ntm-communes");
    expect(row.evaluation.status).toBe("achieved");
    expect(row.evaluation.clauses.map((c: Row) => [c.form, c.status, c.judged])).toEqual([
      ["at_least", "achieved", true],
      ["change", "no_data", false],
      ["share_of_plan", "achieved", true],
    ]);
    expect(row.evaluation.explanation.vi).toContain("tỷ lệ 70,98");
    expect(row.evaluation.explanation.vi).toContain("làm tròn 71%");
    expect(row.evaluation.explanation.vi).toContain("chưa đánh giá được");
  });

  it('disbursement 86,3% at 31/01/2025 against "đến ngày 31/12/2024 giải ngân đạt 100%" is "Không đạt"', async () => {
    const card = await scorecard(admin, "p51", "2024", "2025-01-31");
    const row = rowOf(card, "cv1468-disbursement");
    // the target as the document states it: 100% of the allocated plan by 31/12/2024
    expect([row.target.form, row.target.low, row.target.dueDate]).toEqual([
      "share_of_plan",
      "100",
      "2024-12-31",
    ]);
    expect(row.target.quote).toBe("đảm bảo đến ngày 31/12/2024 giải ngân đạt 100% kế hoạch vốn được giao");
    expect(row.evaluation.status).toBe("not_achieved");
    expect(row.evaluation.label.vi).toBe("Không đạt");
    expect(row.evaluation.figures.actual).toBe("86.3");
    // the figure keeps the day it was measured at
    const list = await api.call(
      admin,
      "GET",
      "/api/v1/observations?indicator=cv1468-disbursement&orgUnit=p51",
    );
    const items = ((await list.json()) as { items: Row[] }).items;
    expect(items.map((o) => [o.period, o.value, o.measuredAt])).toEqual([["2024-12", "86.3", "2025-01-31"]]);
  });

  it('Quảng Ngãi GRDP 4,07% against its own 2024 plan "tăng 2,5 - 3%" (created through the API) is exceeded', async () => {
    const row = rowOf(await scorecard(admin, "p51", "2024"), "kh214-grdp-growth");
    expect(row.target.period).toBe("2024");
    expect(row.target.form).toBe("range_floor");
    expect([row.target.low, row.target.high]).toEqual(["2.5", "3"]);
    expect(row.target.documentCode).toBe("qng-nq-ktxh-2024");
    expect(row.target.quote).toBe("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) tăng 2,5 - 3%");
    expect(row.evaluation.status).toBe("exceeded");
    expect(row.evaluation.label.vi).toMatch(/^(Ước )?[Vv]ượt$/);
  });
});

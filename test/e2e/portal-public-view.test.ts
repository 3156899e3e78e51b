import { parseCsvText } from "@chitieu/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import { readableText } from "../support/number-walk.ts";

// Issue #17 item 5 and #20 item 1 on the built server, as a reader without JavaScript sees them:
// the table of every target (filter and sort by query parameters), the CSV's verdict columns,
// a figure's revisions and an agency's explanation on the indicator page once published only.

let demo: DemoApp;
let origin: string;
interface Row {
  indicator: { code: string; nameVi: string; category: string; leadAgency?: { nameVi: string } };
  status: string;
  label: { vi: string };
  figures?: { actualPeriod?: string };
  explanation: { vi: string };
}
let rows: Row[] = [];

beforeAll(async () => {
  demo = await startDemoApp("chitieu-public-view-");
  origin = demo.server.url;
  rows = (
    (await (await fetch(`${origin}/api/v1/public/scorecard?orgUnit=p49&asOf=2024`)).json()) as { rows: Row[] }
  ).rows;
});
afterAll(async () => {
  await demo?.stop();
});

const page = async (p: string) => {
  const r = await fetch(origin + p);
  expect(r.status, p).toBe(200);
  return r.text();
};
/** data-indicator of the table's rows, in order */
const tableCodes = (html: string) => [...html.matchAll(/<tr data-indicator="([^"]+)"/g)].map((m) => m[1]);

async function session(email: string) {
  const r = await fetch(`${origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "chitieu-demo-2024" }),
  });
  expect(r.status).toBe(200);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return (method: string, p: string, body: unknown) =>
    fetch(origin + p, {
      method,
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify(body),
    });
}

describe("the table of every target", () => {
  it("lists every target of Quảng Nam with its verdict, figure, target and lead agency, worst first", async () => {
    const html = await page("/vi/chi-tieu");
    expect(html).not.toMatch(/<script/i);
    const codes = tableCodes(html);
    expect(codes.sort()).toEqual(rows.map((r) => r.indicator.code).sort());
    const severity = [
      "not_achieved",
      "off_track",
      "at_risk",
      "no_data",
      "on_track",
      "achieved",
      "exceeded",
      "not_due",
    ];
    const statuses = [...html.matchAll(/<tr data-indicator="[^"]+" data-status="([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(statuses).toEqual([...statuses].sort((a, b) => severity.indexOf(a) - severity.indexOf(b)));
    const revenue = rows.find((r) => r.indicator.code === "qnam24-budget-revenue") as Row;
    const tr = /<tr data-indicator="qnam24-budget-revenue"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    const text = readableText(tr);
    expect(text).toContain(revenue.indicator.nameVi);
    expect(text).toContain(revenue.label.vi);
    expect(text).toContain("tỷ đồng");
    expect(text).toContain(revenue.indicator.leadAgency?.nameVi ?? "—");
  });

  it("filters by verdict and by area, and sorts by name, with plain links and a GET form", async () => {
    const status = rows.find((r) => r.status !== "achieved")?.status as string;
    const html = await page(`/vi/chi-tieu?status=${status}`);
    expect(tableCodes(html).sort()).toEqual(
      rows
        .filter((r) => r.status === status)
        .map((r) => r.indicator.code)
        .sort(),
    );
    // the chip of each verdict is a link
    expect(html).toMatch(new RegExp(`<a href="/vi/chi-tieu\\?status=${status}"`));
    const area = rows[0]?.indicator.category as string;
    const byArea = tableCodes(await page(`/vi/chi-tieu?area=${area}`));
    expect(byArea.sort()).toEqual(
      rows
        .filter((r) => r.indicator.category === area)
        .map((r) => r.indicator.code)
        .sort(),
    );
    expect(await page("/vi/chi-tieu")).toMatch(/<form method="get" action="\/vi\/chi-tieu"/);
    const byName = readableText(await page("/vi/chi-tieu?sort=name"));
    const names = rows.map((r) => r.indicator.nameVi).sort((a, b) => a.localeCompare(b, "vi"));
    const at = names.map((n) => byName.indexOf(n));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("speaks English on /en/indicators with the units from the registry", async () => {
    const html = await page("/en/indicators");
    const tr = /<tr data-indicator="qnam24-budget-revenue"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(readableText(tr, "en")).toContain("billion VND");
    expect(readableText(tr, "en")).not.toContain("tỷ đồng");
    const poor = /<tr data-indicator="qnam24-poor-households"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(readableText(poor, "en")).toContain("households");
    expect(readableText(poor, "en")).not.toMatch(/(?<!\p{L})hộ(?!\p{L})/u);
  });
});

describe("the CSV download", () => {
  it("keeps the BOM and gains the verdict and its explanation on the row of the figure judged", async () => {
    const bytes = new Uint8Array(await (await fetch(`${origin}/du-lieu/chitieu.csv`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsvText(new TextDecoder().decode(bytes.subarray(3)));
    expect(csv.problems).toEqual([]);
    expect(csv.fields.slice(-4)).toEqual([
      "status",
      "status_label_vi",
      "status_as_of",
      "status_explanation_vi",
    ]);
    // an annual figure judged as itself (the number of poor households, 2024)
    const revenue = rows.find((r) => r.indicator.code === "qnam24-poor-households") as Row;
    const judged = csv.rows.filter(
      (r) =>
        r.indicator_code === "qnam24-poor-households" &&
        r.org_unit_code === "p49" &&
        r.period === revenue.figures?.actualPeriod,
    );
    expect(judged.length).toBeGreaterThan(0);
    for (const r of judged) {
      expect(r.status).toBe(revenue.status);
      expect(r.status_label_vi).toBe(revenue.label.vi);
      expect(r.status_as_of).toBe("2024");
      expect(r.status_explanation_vi).toBe(revenue.explanation.vi);
    }
    // an older figure is not the one judged: no verdict on its row
    const older = csv.rows.find((r) => r.indicator_code === "qnam24-poor-households" && r.period === "2023");
    if (older) expect(older.status).toBe("");
  });
});

describe("the indicator page", () => {
  it("shows a published explanation (causes, measures, agency, date) and nothing before it is published", async () => {
    const target = rows.find((r) => ["not_achieved", "off_track", "at_risk"].includes(r.status)) ?? rows[0];
    const code = target?.indicator.code as string;
    const admin = await session("admin@demo.chitieu.vn");
    const causes = "Giá vật liệu xây dựng tăng cao, giải phóng mặt bằng chậm tại 3 dự án trọng điểm";
    const measures = "Tập trung tháo gỡ vướng mắc mặt bằng, đôn đốc nhà thầu đẩy nhanh tiến độ trong quý IV";
    const w = await admin("PUT", "/api/v1/explanations", {
      indicator: code,
      orgUnit: "p49",
      period: "2024",
      causesVi: causes,
      measuresVi: measures,
    });
    expect(w.status, await w.clone().text()).toBe(200);
    const { id } = (await w.json()) as { id: number };
    const before = await page(`/vi/chi-tieu/${code}`);
    expect(before).not.toContain(causes);
    expect(before).not.toContain('id="giai-trinh"');
    expect(await (await fetch(`${origin}/api/v1/public/explanations`)).text()).not.toContain(causes);

    const p = await admin("POST", `/api/v1/explanations/${id}/publication`, { isPublic: true });
    expect(p.status).toBe(200);
    const after = readableText(await page(`/vi/chi-tieu/${code}`));
    expect(after).toContain("Giải trình của cơ quan chủ trì");
    expect(after).toContain(`Nguyên nhân ${causes}`);
    expect(after).toContain(`Giải pháp ${measures}`);
    expect(after).toMatch(/Năm 2024; viết ngày \d{2}\/\d{2}\/\d{4}/);
    const en = readableText(await page(`/en/indicators/${code}`), "en");
    expect(en).toContain("The lead agency's explanation");
    expect(en).toContain(causes);

    // withdrawn: gone again
    await admin("POST", `/api/v1/explanations/${id}/publication`, { isPublic: false });
    expect(await page(`/vi/chi-tieu/${code}`)).not.toContain(causes);
  });

  it("has the revisions section, and says so while no published figure was revised", async () => {
    const before = readableText(await page("/vi/chi-tieu/qnam24-budget-revenue"));
    expect(before).toContain("Chưa có số liệu nào được điều chỉnh sau khi công bố.");
    const detail = (await (
      await fetch(`${origin}/api/v1/public/indicators/qnam24-budget-revenue`)
    ).json()) as {
      observations: Array<{ orgUnit: string; period: string; basis: string; value: string; status: string }>;
      revisions: unknown[];
    };
    expect(detail.revisions).toEqual([]);
  });
});

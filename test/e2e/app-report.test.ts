import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, DEMO_PASSWORD, newContext, signIn, useApp } from "./app-session.ts";

// Issue #20 in a real browser: an officer of the lead agency explains a target at risk, the
// leader records a direction that becomes a task of another agency, and the report draft the
// leader generates carries both (read back from the downloaded DOCX).

const e2e = useApp();

const CAUSES = "Nguồn thu từ đất đạt thấp do thị trường bất động sản trầm lắng (thử nghiệm e2e).";
const MEASURES = "Tổ chức đấu giá các khu đất đã đủ điều kiện trong quý IV (thử nghiệm e2e).";
const DIRECTION = "Khẩn trương rà soát, tháo gỡ vướng mắc, báo cáo UBND tỉnh (thử nghiệm e2e).";

describe("explanations, directions and the report draft", () => {
  it("officer explains, leader directs, the draft includes both", async () => {
    // the administrator finds a target at risk on the 9-month scorecard of Quảng Nam and gives
    // an officer account to its lead agency
    const admin = await newContext(e2e.browser);
    const session = await (
      await admin.request.post(`${e2e.url}/api/v1/auth/login`, {
        data: { email: ACCOUNTS.admin, password: DEMO_PASSWORD },
      })
    ).json();
    const headers = { "x-csrf-token": session.csrfToken as string };
    const card = await (
      await admin.request.get(`${e2e.url}/api/v1/scorecard?orgUnit=p49&asOf=2024-9M`)
    ).json();
    type Row = {
      indicator: { code: string; nameVi: string; leadAgency: { code: string } | null };
      evaluation: { status: string };
    };
    const atRisk = (card.rows as Row[]).find(
      (r) => r.evaluation.status === "at_risk" && r.indicator.leadAgency,
    );
    expect(atRisk, "a target at risk with a lead agency in the demo data").toBeDefined();
    const row = atRisk as Row;
    const lead = row.indicator.leadAgency?.code as string;
    const other = lead === "qnam-so-khdt" ? "qnam-so-tai-chinh" : "qnam-so-khdt";
    const agencies = (await (await admin.request.get(`${e2e.url}/api/v1/agencies?limit=500`)).json())
      .items as {
      id: number;
      code: string;
      nameVi: string;
    }[];
    const leadAgency = agencies.find((a) => a.code === lead);
    const otherAgency = agencies.find((a) => a.code === other);
    const created = await admin.request.post(`${e2e.url}/api/v1/users`, {
      headers,
      data: {
        email: "giaitrinh@example.vn",
        displayName: "Cán bộ giải trình (thử)",
        password: DEMO_PASSWORD,
        role: "agency_officer",
        agencyId: leadAgency?.id,
      },
    });
    expect(created.status()).toBe(201);
    await admin.close();

    // the officer sees the target as missing its explanation and writes it
    const officer = await newContext(e2e.browser);
    const p = await officer.newPage();
    await signIn(p, e2e.url, "giaitrinh@example.vn");
    await p.goto(`${e2e.url}/app/bao-cao-kt-xh?unit=p49&period=2024-9M`, { waitUntil: "networkidle" });
    const card1 = p.getByTestId(`owed-${row.indicator.code}`);
    await expect(card1.getByTestId(`missing-${row.indicator.code}`).innerText()).resolves.toBe(
      "Chưa có giải trình",
    );
    await card1.locator("textarea[name=causesVi]").fill(CAUSES);
    await card1.locator("textarea[name=measuresVi]").fill(MEASURES);
    await card1.locator("button[type=submit]").click();
    await p.getByTestId(`explanation-${row.indicator.code}`).waitFor();
    expect(await p.getByTestId(`explanation-${row.indicator.code}`).innerText()).toContain(CAUSES);
    await officer.close();

    // the leader sees it, records a direction on that indicator for another agency
    const leader = await newContext(e2e.browser);
    const l = await leader.newPage();
    await signIn(l, e2e.url, ACCOUNTS.leader);
    await l.goto(`${e2e.url}/app/bao-cao-kt-xh?unit=p49&period=2024-9M`, { waitUntil: "networkidle" });
    expect(await l.getByTestId(`explanation-${row.indicator.code}`).innerText()).toContain(MEASURES);
    // shown on the indicator page and counted on the dashboard too
    await l.goto(`${e2e.url}/app/chi-tieu/${row.indicator.code}?unit=p49&period=2024-9M`, {
      waitUntil: "networkidle",
    });
    expect(await l.getByTestId("explanations").innerText()).toContain(CAUSES);
    await l.goto(`${e2e.url}/app?unit=p49&period=2024-9M`, { waitUntil: "networkidle" });
    expect(await l.getByTestId("explanations-owed").innerText()).toMatch(
      /^Giải trình: \d+ chỉ tiêu cần giải trình, còn thiếu \d+$/,
    );
    await l.goto(`${e2e.url}/app/bao-cao-kt-xh?unit=p49&period=2024-9M`, { waitUntil: "networkidle" });
    await l.selectOption("select[name=subject]", "indicator");
    await l.selectOption("select[name=indicator]", row.indicator.code);
    await l.fill("textarea[name=textVi]", DIRECTION);
    await l.selectOption("select[name=leadAgency]", other);
    await l.fill("input[name=deadline]", "2099-12-31");
    await l.getByRole("button", { name: "Ghi chỉ đạo (giao nhiệm vụ)" }).click();
    await l.getByTestId("direction-recorded").waitFor();
    expect(await l.getByTestId("directions").innerText()).toContain(DIRECTION);

    // the direction is a task of the other agency, like every task
    const tasks = await (await l.request.get(`${e2e.url}/api/v1/tasks?agency=${other}&limit=500`)).json();
    const task = (tasks.items as { id: number; textVi: string; leads: { code: string }[] }[]).find(
      (x) => x.textVi === DIRECTION,
    );
    expect(task?.leads.map((x) => x.code)).toEqual([other]);
    await l.goto(`${e2e.url}/app/nhiem-vu/${task?.id}`, { waitUntil: "networkidle" });
    const taskPage = await l.locator("main").innerText();
    expect(taskPage).toContain(DIRECTION);
    expect(taskPage).toContain(otherAgency?.nameVi as string);

    // the draft: generated in the app, downloaded, and read back
    await l.goto(`${e2e.url}/app/bao-cao-kt-xh?unit=p49&period=2024-9M`, { waitUntil: "networkidle" });
    await l.getByRole("button", { name: "Lập dự thảo" }).click();
    await l.getByTestId("draft-made").waitFor();
    const link = l.locator("[data-testid^=docx-]").first();
    const href = (await link.getAttribute("href")) as string;
    const res = await l.request.get(`${e2e.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("wordprocessingml");
    const zip = await JSZip.loadAsync(await res.body());
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain(CAUSES);
    expect(xml).toContain(MEASURES);
    expect(xml).toContain(DIRECTION);
    expect(xml).toContain(`chủ trì: ${otherAgency?.nameVi}`);
    // demo figures are illustrative: the draft says so in the header of every page
    const headerParts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/header\d*\.xml$/.test(f))
        .map((f) => zip.file(f)?.async("string")),
    );
    expect(headerParts.some((h) => h?.includes("Số liệu minh họa"))).toBe(true);
    // the PDF, with its embedded font, from the built app
    const pdf = await l.request.get(`${e2e.url}${href.replace("format=docx", "format=pdf")}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await leader.close();
  });
});

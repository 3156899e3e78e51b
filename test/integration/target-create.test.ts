import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #13 item 7: an administrator creates targets, one at a time or from a plan's
// spreadsheet; bad input is refused with where and why in both languages; a revision takes effect
// from its date and the scorecard as of a day uses the revision in force then, showing the
// original value and document beside it.

let api: TestApi;
let admin: Caller;
let leader: Caller;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
type Json = any;
const body = async (r: Response): Promise<Json> => r.json();

const forest2025 = {
  indicator: "qnam24-forest-cover",
  orgUnit: "p49",
  period: "2025",
  form: "at_least",
  low: "59.2",
  documentCode: "qnam-ctct-2024",
  quote: "Tỷ lệ che phủ rừng đạt 59,2%",
};

const sheet = (csv: string, dryRun: boolean) => {
  const form = new FormData();
  form.set("file", new File([csv], "chi-tieu-2025.csv", { type: "text/csv" }));
  form.set("dryRun", String(dryRun));
  return form;
};
const upload = (who: Caller, form: FormData) =>
  api.app.request("/api/v1/targets/imports", {
    method: "POST",
    headers: { ...who.headers, ...(who.csrf ? { "x-csrf-token": who.csrf } : {}) },
    body: form,
  });

const targetsOf = (indicator: string, period: string) =>
  api.t.db
    .selectFrom("target as t")
    .innerJoin("indicator as i", "i.id", "t.indicator_id")
    .innerJoin("target_revision as r", "r.target_id", "t.id")
    .select([
      "t.id",
      "r.revision",
      "r.form",
      "r.low",
      "r.high",
      "r.quote",
      "r.provenance",
      "r.provenance_note",
    ])
    .where("i.code", "=", indicator)
    .where("t.period", "=", period)
    .orderBy("r.revision")
    .execute();

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("admin@x.vn", "admin");
  await api.addUser("leader@x.vn", "leader");
  admin = await api.signIn("admin@x.vn");
  leader = await api.signIn("leader@x.vn");
});
afterAll(async () => {
  await api?.close();
});

describe("POST /targets", () => {
  it("creates a target with its document and quote, audited, and refuses a second one for the same key", async () => {
    const r = await api.call(admin, "POST", "/api/v1/targets", forest2025);
    expect(r.status).toBe(201);
    const created = await body(r);
    expect(created).toMatchObject({
      indicator: "qnam24-forest-cover",
      orgUnit: "p49",
      period: "2025",
      revision: 1,
    });
    expect(await targetsOf("qnam24-forest-cover", "2025")).toEqual([
      {
        id: created.id,
        revision: 1,
        form: "at_least",
        low: "59.2",
        high: null,
        quote: "Tỷ lệ che phủ rừng đạt 59,2%",
        provenance: "stated",
        provenance_note: null,
      },
    ]);
    const audit = await api.t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "target")
      .where("entity_id", "=", String(created.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create"]);

    const again = await api.call(admin, "POST", "/api/v1/targets", forest2025);
    expect(again.status).toBe(409);
    const p = await body(again);
    expect(p.code).toBe("target_exists");
    expect(p.detail).toContain("Đã có chỉ tiêu kế hoạch qnam24-forest-cover · p49 · 2025");
    expect(p.detailEn).toContain("revise it");
  });

  it("refuses what cannot mean what it says, naming the field in Vietnamese and English, and writes nothing", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...forest2025, period: "2026", indicator: "khong-co" }, "indicator", "unknown indicator"],
      [{ ...forest2025, period: "2026", documentCode: "khong-co" }, "documentCode", "unknown document"],
      [{ ...forest2025, period: "2030-2026" }, "period", "must be a year"],
      // a head count read as a percent: "đạt 100% kế hoạch" on communes without the plan amount
      [
        {
          ...forest2025,
          indicator: "qnam24-ntm-communes",
          period: "2026",
          form: "share_of_plan",
          low: "100",
        },
        "form",
        "plan amount",
      ],
      // a range without its top
      [
        { ...forest2025, period: "2026", form: "range_floor", low: "59" },
        "high",
        "form range_floor needs high",
      ],
      [
        { ...forest2025, period: "2026", low: "60", high: "59", form: "range_inside" },
        "low",
        "greater than high",
      ],
      [{ ...forest2025, period: "2026", provenance: "assumption" }, "provenanceNote", "must say why"],
    ];
    for (const [input, path, english] of cases) {
      const r = await api.call(admin, "POST", "/api/v1/targets", input);
      const p = await body(r);
      expect(r.status, JSON.stringify(p)).toBe(400);
      expect(p.errors, JSON.stringify(p)).toBeDefined();
      const error = p.errors.find((e: { path: string }) => e.path === path);
      expect(error?.message, `${path} ${JSON.stringify(p.errors)}`).toContain(english);
      expect(error?.message, path).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữựíìỉĩịúùủũụ]/);
    }
    expect(await targetsOf("qnam24-forest-cover", "2026")).toEqual([]);
    expect(await targetsOf("qnam24-ntm-communes", "2026")).toEqual([]);
  });

  it("is the administrator's: a leader is refused", async () => {
    const r = await api.call(leader, "POST", "/api/v1/targets", { ...forest2025, period: "2027" });
    expect(r.status).toBe(403);
    expect(await targetsOf("qnam24-forest-cover", "2027")).toEqual([]);
  });
});

describe("a revision takes effect from its date", () => {
  it("the scorecard as of a day uses the revision in force then, and shows the original with its document", async () => {
    // budget revenue of Quảng Nam 2024: "đạt 23.600 tỷ đồng"; a revision to 24.000 from 01/07/2024
    const list = await body(
      await api.call(admin, "GET", "/api/v1/targets?indicator=qnam24-budget-revenue&orgUnit=p49"),
    );
    const id = list.items[0].targetId;
    const revised = await api.call(admin, "POST", `/api/v1/targets/${id}/revisions`, {
      form: "at_least",
      low: "24000",
      effectiveFrom: "2024-07-01",
      documentCode: "qnam-ctct-2024",
      reason: "Nghị quyết điều chỉnh dự toán thu giữa năm (thử)",
    });
    expect(revised.status).toBe(201);
    expect((await body(revised)).revision).toBe(2);
    await api.call(admin, "POST", "/api/v1/observations", {
      indicator: "qnam24-budget-revenue",
      orgUnit: "p49",
      period: "2024-06",
      basis: "ytd",
      value: "12000",
      status: "official",
    });

    const before = await body(
      await api.call(admin, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024-06&today=2024-06-30"),
    );
    const b = before.rows.find((r: Json) => r.indicator.code === "qnam24-budget-revenue");
    expect([b.target.low, b.target.revision, b.target.revised]).toEqual(["23600", 1, null]);

    const after = await body(
      await api.call(admin, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024-06&today=2024-07-01"),
    );
    const a = after.rows.find((r: Json) => r.indicator.code === "qnam24-budget-revenue");
    expect([a.target.low, a.target.revision, a.target.effectiveFrom]).toEqual(["24000", 2, "2024-07-01"]);
    expect(a.target.revised).toEqual({
      reason: "Nghị quyết điều chỉnh dự toán thu giữa năm (thử)",
      original: {
        form: "at_least",
        low: "23600",
        high: null,
        planAmount: null,
        documentCode: "qnam-ctct-2024",
        documentNumber: null,
        quote: "Thu ngân sách trên địa bàn đạt 23.600 tỷ đồng",
      },
    });
  });

  it("a revision dated ahead is not yet the target in force (target_current), but is the latest revision", async () => {
    const list = await body(
      await api.call(admin, "GET", "/api/v1/targets?indicator=qnam24-forest-cover&orgUnit=p49&period=2024"),
    );
    const id = list.items[0].targetId;
    const r = await api.call(admin, "POST", `/api/v1/targets/${id}/revisions`, {
      form: "at_least",
      low: "60",
      effectiveFrom: "2099-01-01",
      reason: "Điều chỉnh có hiệu lực sau (thử)",
    });
    expect(r.status).toBe(201);
    const current = await api.t.db
      .selectFrom("target_current")
      .select(["revision", "low"])
      .where("target_id", "=", id)
      .execute();
    expect(current).toEqual([{ revision: 1, low: "58.92" }]);
    const next = await api.call(admin, "POST", `/api/v1/targets/${id}/revisions`, {
      form: "at_least",
      low: "61",
      effectiveFrom: "2099-06-01",
      reason: "Điều chỉnh tiếp (thử)",
    });
    expect((await body(next)).revision).toBe(3);
  });
});

describe("POST /targets/imports (a plan's targets from a spreadsheet)", () => {
  // the file is streamed to a temporary file (http/upload.ts): watched in a folder of this file's own
  let tmp = "";
  let tmpBefore: string | undefined;
  beforeAll(() => {
    tmpBefore = process.env.TMPDIR;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-target-sheet-test-"));
    process.env.TMPDIR = tmp;
  });
  afterAll(() => {
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpBefore;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const leftovers = () => fs.readdirSync(tmp).filter((n) => n.startsWith("chitieu-upload-"));
  /** A body sent as a stream of 16 KB chunks, without Content-Length; null: an endless one. */
  const streamed = (who: Caller, bytes: Uint8Array | null, type: string) => {
    let at = 0;
    const sent = { bytes: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = bytes === null ? new Uint8Array(16_384).fill(0x61) : bytes.slice(at, at + 16_384);
        if (chunk.length === 0) return controller.close();
        at += chunk.length;
        sent.bytes += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = api.app.request("/api/v1/targets/imports", {
      method: "POST",
      headers: { ...who.headers, ...(who.csrf ? { "x-csrf-token": who.csrf } : {}), "content-type": type },
      body: stream,
      duplex: "half",
    } as RequestInit);
    return { res, sent };
  };

  const header =
    "indicator_code,org_unit_code,period,form,low,high,document_code,quote,provenance,provenance_note";
  const good = [
    header,
    'qnam24-grdp-growth,p49,2025,range_floor,"7,5",8,qnam-ctct-2024,"GRDP tăng 7,5-8% (thử)",,',
    'qnam24-budget-revenue,p49,2025,at_least,"25.000",,qnam-ctct-2024,Thu ngân sách đạt 25.000 tỷ đồng (thử),inferred,số đọc từ bảng kèm theo',
  ].join("\n");

  it("previews the rows with numbers read in the file's convention and writes nothing", async () => {
    const r = await upload(admin, sheet(good, true));
    expect(r.status).toBe(200);
    const result = await body(r);
    expect(result.committed).toBe(false);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((x: Json) => [x.row, x.indicator, x.period, x.form])).toEqual([
      [2, "qnam24-grdp-growth", "2025", "range_floor"],
      [3, "qnam24-budget-revenue", "2025", "at_least"],
    ]);
    expect(await targetsOf("qnam24-grdp-growth", "2025")).toEqual([]);
  });

  it("a sheet with one bad row writes none of its rows and says which row and why", async () => {
    const bad = `${good}\nqnam24-forest-cover,p49,2025,at_least,"59,2",,qnam-ctct-2024,trùng với chỉ tiêu đã có,,\nqnam24-ntm-communes,p49,2025,dat_it_nhat,140,,qnam-ctct-2024,sai dạng,,`;
    const r = await upload(admin, sheet(bad, false));
    expect(r.status).toBe(200);
    const result = await body(r);
    expect(result.committed).toBe(false);
    expect(result.problems.map((p: Json) => p.path)).toEqual([
      "dòng 5 / row 5 · form",
      "dòng 4 / row 4 · period",
    ]);
    expect(result.problems[0].message).toContain('unknown form "dat_it_nhat"');
    expect(result.problems[1].message).toContain("this target exists");
    expect(await targetsOf("qnam24-grdp-growth", "2025")).toEqual([]);
    expect(await targetsOf("qnam24-budget-revenue", "2025")).toEqual([]);
  });

  it("commits every row at once, with the stored values exact and the provenance kept", async () => {
    const r = await upload(admin, sheet(good, false));
    expect(r.status).toBe(201);
    const result = await body(r);
    expect(result.committed).toBe(true);
    expect(result.created.map((c: Json) => c.indicator)).toEqual([
      "qnam24-grdp-growth",
      "qnam24-budget-revenue",
    ]);
    expect(await targetsOf("qnam24-grdp-growth", "2025")).toMatchObject([
      { form: "range_floor", low: "7.5", high: "8", quote: "GRDP tăng 7,5-8% (thử)", provenance: "stated" },
    ]);
    expect(await targetsOf("qnam24-budget-revenue", "2025")).toMatchObject([
      { form: "at_least", low: "25000", provenance: "inferred", provenance_note: "số đọc từ bảng kèm theo" },
    ]);
  });
  it("reads the sheet as a stream: refusals keep their messages and no temporary file is left", async () => {
    const header2 = `${header}\n`;
    // no file: the message of before
    const noFile = new FormData();
    noFile.set("dryRun", "true");
    const none = await upload(admin, noFile);
    expect(none.status).toBe(400);
    expect((await body(none)).errors).toEqual([
      expect.objectContaining({ path: "file", message: "cần tệp / a file is required" }),
    ]);
    // a preview read from the temporary file, which is then removed
    const ok = await upload(admin, sheet(good, true));
    expect(ok.status).toBe(200);
    expect((await body(ok)).rows).toHaveLength(2);
    expect(leftovers()).toEqual([]);
    // a body cut before its closing boundary
    const built = new Request("http://x/", { method: "POST", body: sheet(header2, true) });
    const bytes = new Uint8Array(await built.arrayBuffer());
    const type = built.headers.get("content-type") as string;
    const cut = await streamed(admin, bytes.slice(0, bytes.length - 30), type).res;
    expect(cut.status).toBe(400);
    expect((await body(cut)).errors).toEqual([
      {
        path: "body",
        message:
          "nội dung biểu mẫu kết thúc trước ranh giới cuối / the multipart body ends before its closing boundary",
      },
    ]);
    // an endless chunked body: stopped at the API's body limit (1 MB), not at its end
    const endless = streamed(admin, null, "multipart/form-data; boundary=xyz");
    const over = await endless.res;
    expect(over.status).toBe(413);
    expect(await body(over)).toMatchObject({
      code: "payload_too_large",
      detail: "Tệp hoặc yêu cầu vượt quá giới hạn 1000000 byte.",
      detailEn: "The request exceeds the limit of 1000000 bytes.",
    });
    expect(endless.sent.bytes).toBeLessThan(1_200_000);
    expect(leftovers()).toEqual([]);
  });
});

describe("provenance: stated, inferred or an assumption, from the catalog to the scorecard", () => {
  it('the implicit target "giải ngân hết nguồn vốn được giao" is marked inferred, with why, where its value is shown', async () => {
    const card = await body(await api.call(admin, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024"));
    const row = card.rows.find((r: Json) => r.indicator.code === "qnam24-disbursement");
    expect(row.target.provenance).toBe("inferred");
    expect(row.target.provenanceNote).toContain(
      '"giải ngân hết nguồn vốn được giao" đọc là 100% kế hoạch vốn giao',
    );
    const stated = card.rows.find((r: Json) => r.indicator.code === "qnam24-forest-cover");
    expect([stated.target.provenance, stated.target.provenanceNote]).toEqual(["stated", undefined]);
    // a clause keeps its own: the change clause's end-2023 baseline is inferred
    const ntm = card.rows.find((r: Json) => r.indicator.code === "qnam24-ntm-communes");
    expect(ntm.target.clauses.map((c: Json) => [c.form, c.provenance ?? "stated"])).toEqual([
      ["change", "inferred"],
      ["share_of_plan", "stated"],
    ]);
  });
});

import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoObservations, loadDemoData } from "./demo-data.ts";
import { loadCatalog } from "./load-catalog.ts";
import { readCatalog } from "./read-catalog.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const counts = async () => {
  const tables = [
    "org_unit",
    "agency",
    "agency_alias",
    "document",
    "indicator",
    "target",
    "target_revision",
    "task",
    "task_agency",
    "task_deadline",
    "task_status_report",
    "reporting_duty",
    "audit_log",
    "import_batch",
    "observation",
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
};

describe(`the real catalog on ${testEngine()}`, () => {
  it("loads, and loading it again adds nothing", async () => {
    const first = await loadCatalog(t.db, readCatalog());
    expect(first.changed).toBe(true);
    const after = await counts();
    // 214 rows in tasks.csv; the 4 that the 29/8/2024 plan restates from 1468/UBND-KTTH
    // (task_restatements.csv) are the earlier tasks, not tasks of their own: 210
    expect(readCatalog().tasks).toHaveLength(214);
    expect(after.task).toBe(210);
    expect(after.indicator).toBe(readCatalog().indicators.length);
    const second = await loadCatalog(t.db, readCatalog());
    expect(second.changed).toBe(false);
    expect(await counts()).toEqual(after);
  });

  it("loads a restated task once, with the original deadline and the later one citing its document", async () => {
    const history = async (code: string) =>
      t.db
        .selectFrom("task_deadline as d")
        .innerJoin("task as t", "t.id", "d.task_id")
        .innerJoin("document as doc", "doc.id", "d.document_id")
        .select([
          "d.revision",
          "d.deadline_text",
          "d.due_date",
          "d.quote",
          "d.reason",
          "doc.code",
          "doc.number",
        ])
        .where("t.code", "=", code)
        .orderBy("d.revision")
        .execute();
    // 1468/UBND-KTTH: "hoàn thành trong tháng 4/2024"; the plan of 29/8/2024: "Quý III năm 2024"
    const plan = await history("cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh");
    expect(plan).toHaveLength(2);
    expect(plan[0]).toMatchObject({
      revision: 1,
      deadline_text: "hoàn thành trong tháng 4/2024",
      due_date: "2024-04-30",
      code: "qng-cv-1468-2024",
      number: "1468/UBND-KTTH",
      quote: null,
    });
    expect(plan[1]).toMatchObject({
      revision: 2,
      deadline_text: "Quý III năm 2024",
      code: "qng-kh-2024-08-29",
      quote:
        "Khẩn trương hoàn thành và trình cấp có thẩm quyền phê duyệt Kế hoạch thực hiện Quy hoạch tỉnh; rà soát, bãi bỏ các quy hoạch đã được tích hợp vào Quy hoạch tỉnh theo quy định của pháp luật về quy hoạch.",
      reason: "Nhắc lại tại Kế hoạch ngày 29/8/2024 / restated in plan of 2024-08-29",
    });
    const zoning = await history("cv1468-07-quy-hoach-phan-khu-dung-quat");
    expect(zoning.map((h) => [h.deadline_text, h.code])).toEqual([
      ["hoàn thành trước ngày 30/6/2024", "qng-cv-1468-2024"],
      ["Thường xuyên trong những tháng cuối năm 2024", "qng-kh-2024-08-29"],
    ]);
    expect((await history("cv1468-09-ba-ctmtqg")).map((h) => h.code)).toEqual([
      "qng-cv-1468-2024",
      "qng-kh-2024-08-29",
    ]);
    expect((await history("cv1468-11-sap-xep-dvhc")).map((h) => h.deadline_text)).toEqual([
      "phần đấu hoàn thành trong tháng 10/2024",
      "Thường xuyên trong những tháng cuối năm 2024",
    ]);
    // restated inside a wider task of the later plan: the Đề án Lý Sơn
    const lySon = await history("cv1468-08b-de-an-ly-son");
    expect(lySon.map((h) => [h.deadline_text, h.code])).toEqual([
      ["hoàn thành trước ngày 31/3/2024", "qng-cv-1468-2024"],
      ["Thường xuyên trong những tháng cuối năm 2024", "qng-kh-2024-08-29"],
    ]);
    expect(lySon[1]?.quote?.normalize("NFC")).toBe(
      "Tiếp tục hoàn thiện Đề án phát triển huyện đảo Lý Sơn thành trung tâm du lịch biển - đảo sau khi có ý kiến của Bộ Văn hóa, Thể thao và Du lịch.",
    );
    // the wider task stays a task of its own, with its own deadline
    expect((await history("qng24-van-hoa-du-lich")).map((h) => h.code)).toEqual(["qng-kh-2024-08-29"]);
    // the later rows are not tasks of their own
    const later = await t.db
      .selectFrom("task")
      .select("code")
      .where("code", "in", [
        "qng24-ke-hoach-thuc-hien-quy-hoach-tinh",
        "qng24-quy-hoach-kkt-dung-quat",
        "qng24-ba-ctmtqg",
        "qng24-sap-xep-dvhc-cap-xa",
      ])
      .execute();
    expect(later).toEqual([]);
    // the later document's agencies joined the task: the Dung Quất zoning plan is now supported
    // by Sở Xây dựng and UBND huyện Lý Sơn, as the 29/8/2024 plan says
    const agencies = await t.db
      .selectFrom("task_agency as ta")
      .innerJoin("task as t", "t.id", "ta.task_id")
      .innerJoin("agency as a", "a.id", "ta.agency_id")
      .select(["a.code", "ta.role"])
      .where("t.code", "=", "cv1468-07-quy-hoach-phan-khu-dung-quat")
      .orderBy("a.code")
      .execute();
    expect(agencies).toContainEqual({ code: "qng-bql-kkt-dung-quat", role: "lead" });
    expect(agencies).toContainEqual({ code: "qng-ubnd-ly-son", role: "support" });
  });

  it("records the completion the documents state, citing the approving decision", async () => {
    const done = await t.db
      .selectFrom("task_status_report as r")
      .innerJoin("task as t", "t.id", "r.task_id")
      .innerJoin("document as doc", "doc.id", "r.stated_in_document_id")
      .select([
        "t.code",
        "t.status as task_status",
        "t.completed_on as task_completed_on",
        "r.status",
        "r.completed_on",
        "r.reported_on",
        "r.evidence_document_number",
        "r.evidence_document_date",
        "r.evidence_quote",
        "doc.number as stated_in",
      ])
      .where("r.catalog_key", "is not", null)
      .execute();
    expect(done).toEqual([
      {
        code: "kh124-24",
        task_status: "done",
        task_completed_on: "2023-11-22",
        status: "done",
        completed_on: "2023-11-22",
        reported_on: "2024-11-06",
        evidence_document_number: "1456/QĐ-TTg",
        evidence_document_date: "2023-11-22",
        evidence_quote:
          "Theo Quyết định số 1456/QĐ-TTg ngày 22/11/2023 của Thủ tướng Chính phủ về phê duyệt Quy hoạch tỉnh Quảng Ngãi thời kỳ 2021-2030, tầm nhìn đến năm 2050",
        stated_in: "214/KH-UBND",
      },
    ]);
  });

  it("finds one agency by any of its spellings, in the province of the text", async () => {
    const lookup = (alias: string, province: string) =>
      t.db
        .selectFrom("agency_alias as al")
        .innerJoin("agency as a", "a.id", "al.agency_id")
        .innerJoin("org_unit as u", "u.id", "al.org_unit_id")
        .select("a.code")
        .where("al.alias", "=", alias)
        .where("u.code", "=", province)
        .execute();
    expect((await lookup("Sở Tài chính", "p51")).map((r) => r.code)).toEqual(["qng-so-tai-chinh"]);
    expect((await lookup("Sở Tài chính", "p49")).map((r) => r.code)).toEqual(["qnam-so-tai-chinh"]);
  });

  it("writes illustrative figures once, every one of them marked, for every indicator with a target", async () => {
    const first = await loadDemoData(t.db);
    expect(first.observations).toBeGreaterThan(100);
    const again = await loadDemoData(t.db);
    expect(again.batchId).toBeNull();
    const unmarked = await t.db
      .selectFrom("observation")
      .select("id")
      .where("is_illustrative", "=", false)
      .execute();
    expect(unmarked).toEqual([]);
    const covered = await t.db.selectFrom("observation").select("indicator_id").distinct().execute();
    const numeric = await t.db
      .selectFrom("target as tg")
      .innerJoin("target_current as r", "r.target_id", "tg.id")
      .select("tg.indicator_id")
      .distinct()
      .where((eb) =>
        eb.or([
          eb("r.low", "is not", null),
          eb("r.high", "is not", null),
          eb("r.form", "=", "milestone"),
          eb("r.category_value", "~", "[0-9]"),
        ]),
      )
      .execute();
    expect(new Set(covered.map((c) => c.indicator_id))).toEqual(new Set(numeric.map((n) => n.indicator_id)));
  });

  it("writes monthly flows monthly and annual stocks yearly", async () => {
    const freq = await t.db
      .selectFrom("observation as o")
      .innerJoin("indicator as i", "i.id", "o.indicator_id")
      .select(["i.code", "i.frequency", "o.period"])
      .execute();
    for (const row of freq) {
      if (row.frequency === "annual") expect(row.period).toMatch(/^\d{4}$/);
      if (row.frequency === "quarterly") expect(row.period).toMatch(/^\d{4}(-(Q1|H1|9M))?$/);
    }
    const revenue = freq.filter((r) => r.code === "qnam24-budget-revenue" && r.period.startsWith("2024-"));
    expect(revenue).toHaveLength(12);
  });

  it("is deterministic", () => {
    const indicators = [
      {
        id: 1,
        code: "x",
        measure_kind: "flow",
        direction: "higher_better",
        frequency: "monthly",
        decimals: 0,
        plausible_min: "0",
        plausible_max: null,
      },
    ];
    const targets = [
      {
        indicator_id: 1,
        org_unit_id: 1,
        period: "2024",
        form: "at_least",
        low: "23600",
        high: null,
        baseline_value: null,
        category_value: null,
      },
    ];
    expect(generateDemoObservations(indicators, targets)).toEqual(
      generateDemoObservations(indicators, targets),
    );
  });
});

describe(`a database loaded before the restatements were known, on ${testEngine()}`, () => {
  let old: TestDatabase;
  beforeAll(async () => {
    old = await createTestDatabase();
  });
  afterAll(async () => {
    await old?.drop();
  });

  it("merges the later task into the earlier one, keeping its reports, and a third load changes nothing", async () => {
    const full = readCatalog();
    await loadCatalog(old.db, { ...full, taskRestatements: [], taskCompletions: [] });
    const taskCount = async () =>
      Number(
        (
          await old.db
            .selectFrom("task")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await taskCount()).toBe(214);
    const later = await old.db
      .selectFrom("task")
      .select("id")
      .where("code", "=", "qng24-ke-hoach-thuc-hien-quy-hoach-tinh")
      .executeTakeFirstOrThrow();
    await old.db
      .insertInto("task_status_report")
      .values({
        task_id: later.id,
        reported_on: "2024-09-30",
        status: "in_progress",
        progress_note: "Đang trình Bộ",
      })
      .execute();

    const merged = await loadCatalog(old.db, full);
    expect(merged.changed).toBe(true);
    expect(await taskCount()).toBe(210);
    const earlier = await old.db
      .selectFrom("task")
      .select(["id", "status"])
      .where("code", "=", "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh")
      .executeTakeFirstOrThrow();
    expect(earlier.status).toBe("in_progress");
    const reports = await old.db
      .selectFrom("task_status_report")
      .select("progress_note")
      .where("task_id", "=", earlier.id)
      .execute();
    expect(reports).toEqual([{ progress_note: "Đang trình Bộ" }]);
    const history = await old.db
      .selectFrom("task_deadline")
      .select(["revision", "deadline_text"])
      .where("task_id", "=", earlier.id)
      .orderBy("revision")
      .execute();
    expect(history).toEqual([
      { revision: 1, deadline_text: "hoàn thành trong tháng 4/2024" },
      { revision: 2, deadline_text: "Quý III năm 2024" },
    ]);
    const audit = await old.db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("entity", "=", "task")
      .where("action", "=", "merge")
      .orderBy("entity_id")
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual([
      "qng24-ba-ctmtqg",
      "qng24-ke-hoach-thuc-hien-quy-hoach-tinh",
      "qng24-quy-hoach-kkt-dung-quat",
      "qng24-sap-xep-dvhc-cap-xa",
    ]);
    const again = await loadCatalog(old.db, full);
    expect(again.changed).toBe(false);
    expect(await taskCount()).toBe(210);
  });
});

import fs from "node:fs";
import path from "node:path";
import { deadlineContextOf, parseDeadline } from "@chitieu/domain";
import { findRepoRoot } from "@chitieu/storage";
import { describe, expect, it } from "vitest";
import { parseCsvText } from "./csv.ts";
import { readCatalog } from "./read-catalog.ts";

// The catalog against the project's own copy of the planning documents (data/sources):
// nothing here reads ../shared.
const root = findRepoRoot(import.meta.dirname);
const catalog = readCatalog(path.join(root, "data/catalog"));
const sourceText = (file: string) => fs.readFileSync(path.join(root, "data/sources/seeds", file), "utf8");
const seedRows = (file: string) =>
  parseCsvText(fs.readFileSync(path.join(root, "data/sources/seed-catalog", file), "utf8")).rows;

const byDocument = <T extends { document_code: string | null }>(rows: T[], code: string) =>
  rows.filter((r) => r.document_code === code);

describe("the catalog from the planning documents", () => {
  it("has the 17 main indicators of Quảng Nam 2024, numbered as the document numbers them", () => {
    const main = byDocument(catalog.indicators, "qnam-ctct-2024").filter(
      (i) => i.parent_code === null && /^\d+$/.test(i.seq ?? ""),
    );
    expect(main.map((i) => Number(i.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 17 }, (_, k) => k + 1),
    );
    expect(main.every((i) => i.published)).toBe(true);
  });

  it("has every task of the appendices: 56 of 124/KH-UBND, 41 of 214/KH-UBND, and the 2024 texts", () => {
    expect(byDocument(catalog.tasks, "qng-kh-124-2022")).toHaveLength(56);
    expect(byDocument(catalog.tasks, "qng-kh-214-2024")).toHaveLength(41);
    expect(byDocument(catalog.tasks, "qnam-ctct-2024").length).toBeGreaterThanOrEqual(60);
    expect(byDocument(catalog.tasks, "qng-kh-2024-08-29").length).toBeGreaterThan(0);
    expect(byDocument(catalog.tasks, "qng-cv-1468-2024").length).toBeGreaterThan(0);
    const numbers124 = byDocument(catalog.tasks, "qng-kh-124-2022").map((t) => Number(t.number));
    expect(numbers124.sort((a, b) => a - b)).toEqual(Array.from({ length: 56 }, (_, k) => k + 1));
  });

  it("states the headline targets exactly as the documents do", () => {
    const target = (code: string) => catalog.targets.find((t) => t.indicator_code === code);
    expect(target("qnam24-budget-revenue")).toMatchObject({ form: "at_least", low: "23600", period: "2024" });
    expect(target("qnam24-grdp-growth")).toMatchObject({ form: "range_floor", low: "7.5", high: "8" });
    expect(target("qnam24-forest-cover")).toMatchObject({ form: "at_least", low: "58.92" });
    expect(target("qnam24-stunting-under5")).toMatchObject({
      form: "below",
      high: "20.3",
      high_inclusive: false,
    });
    expect(target("qnam24-poor-households")).toMatchObject({
      form: "change",
      low: "2900",
      change_unit: "absolute",
    });
    expect(target("qnam24-investment-grdp-ratio")).toMatchObject({
      form: "above",
      low: "30",
      low_inclusive: false,
    });
  });

  it("quotes every target and task from its source text, letter for letter", () => {
    const files = new Map(catalog.documents.map((d) => [d.code, d.source_file]));
    const texts = new Map<string, string>();
    const text = (doc: string | null) => {
      const file = doc ? files.get(doc) : null;
      if (!file) return null;
      if (!texts.has(file)) texts.set(file, sourceText(file));
      return texts.get(file) ?? null;
    };
    const missing: string[] = [];
    for (const t of catalog.targets)
      if (t.quote && !text(t.document_code)?.includes(t.quote)) missing.push(`target ${t.indicator_code}`);
    for (const t of catalog.tasks)
      if (t.quote && !text(t.document_code)?.includes(t.quote)) missing.push(`task ${t.code}`);
    expect(missing).toEqual([]);
    expect(catalog.targets.filter((t) => t.quote).length).toBe(catalog.targets.length);
  });

  it("accounts for every row of the seed extraction", () => {
    const mapped = new Set(catalog.seedMap.map((m) => `${m.seed_file}/${m.seed_code}`));
    const files = ["000_001.csv", "002.csv", "003.csv", "003_appendix_tasks.csv", "004.csv"];
    const unmapped = files.flatMap((f) =>
      seedRows(f)
        .filter((r) => !mapped.has(`${f}/${r.code}`))
        .map((r) => `${f}/${r.code}`),
    );
    expect(unmapped).toEqual([]);
    const known = new Set(
      [...catalog.indicators, ...catalog.tasks, ...catalog.reportingDuties, ...catalog.documents].map(
        (r) => r.code,
      ),
    );
    const dangling = catalog.seedMap.filter(
      (m) => m.loaded_as !== "omitted" && !m.catalog_code?.split(" | ").every((c) => known.has(c)),
    );
    expect(dangling).toEqual([]);
    expect(catalog.seedMap.filter((m) => m.loaded_as === "omitted" && !m.reason)).toEqual([]);
  });

  const contextOf = new Map(
    catalog.documents.map((d) => [
      d.code,
      deadlineContextOf({ issuedOn: d.issued_on, periodFrom: d.period_from, periodTo: d.period_to }),
    ]),
  );
  const deadlineOf = (t: (typeof catalog.tasks)[number]) =>
    parseDeadline(t.deadline_text ?? "", contextOf.get(t.document_code) ?? {});

  it("reads every deadline or flags it for review, and the flags are the ones the text deserves", () => {
    const flagged = catalog.tasks.map((t) => ({ t, d: deadlineOf(t) })).filter(({ d }) => d.review);
    const byText = new Map(flagged.map(({ t, d }) => [t.deadline_text ?? "", d.review?.code]));
    expect(byText.get("Năm 2002")).toBe("implausible_year");
    // every flag is a blank, a typo, or text nobody could date: listed here so a change is seen
    for (const { t, d } of flagged) {
      const text = (t.deadline_text ?? "").trim();
      if (text === "") expect(d.review?.code).toBe("missing");
      else
        expect(["implausible_year", "vague", "unparsed", "partial", "year_inferred"]).toContain(
          d.review?.code,
        );
    }
    // a written deadline is always read, except the typo
    const unread = flagged.filter(({ t, d }) => d.kind === "none" && (t.deadline_text ?? "").trim() !== "");
    expect(unread.map(({ t }) => t.deadline_text)).toEqual(["Năm 2002"]);
  });

  it("gives a task without a deadline of its own its document's horizon, marked as inherited", () => {
    const blank = catalog.tasks.filter((t) => (t.deadline_text ?? "").trim() === "");
    const dues = new Map<string, Set<string>>();
    for (const t of blank) {
      const d = deadlineOf(t);
      expect(d, t.code).toMatchObject({ kind: "date", inherited: true });
      expect(d.review, t.code).toBeUndefined();
      const set = dues.get(t.document_code) ?? new Set<string>();
      set.add(d.due ?? "");
      dues.set(t.document_code, set);
    }
    // the Quảng Nam programme for 2024 (002) and the plan "đến năm 2030" (004, 41 tasks)
    expect(dues.get("qnam-ctct-2024")).toEqual(new Set(["2024-12-31"]));
    expect(dues.get("qng-kh-214-2024")).toEqual(new Set(["2030-12-31"]));
    expect(blank.filter((t) => t.document_code === "qng-kh-214-2024")).toHaveLength(41);
    expect(blank.filter((t) => t.document_code === "qnam-ctct-2024").length).toBeGreaterThanOrEqual(55);
    // no blank deadline is left in the review queue
    expect(catalog.tasks.filter((t) => deadlineOf(t).review?.code === "missing")).toEqual([]);
  });

  it("keeps the words around a deadline: a condition, an aspiration, an ongoing duty with a dated report", () => {
    const byCode = new Map(catalog.tasks.map((t) => [t.code, deadlineOf(t)]));
    // 002: "… triển khai trong Quý III/2024 (nếu cần thiết)"
    expect(byCode.get("qnam24-evaluation-regulation-q3-2024")).toMatchObject({
      due: "2024-09-30",
      condition: "nếu cần thiết",
    });
    // 001: "phần đấu hoàn thành trong tháng 10/2024" (the source's spelling of "phấn đấu")
    expect(byCode.get("cv1468-11-sap-xep-dvhc")).toMatchObject({ due: "2024-10-31", aspiration: true });
    // 001: "thường xuyên theo dõi, đôn đốc … báo cáo UBND tỉnh trước ngày 30/4/2024"
    expect(byCode.get("cv1468-05c-theo-doi-du-an-trong-diem")).toMatchObject({
      kind: "date",
      due: "2024-04-30",
      ongoing: true,
      parts: [{ kind: "date", due: "2024-04-30" }],
    });
  });

  it("keeps generic groups of agencies as groups and leads as agencies", () => {
    const kind = new Map(catalog.agencies.map((a) => [a.code, a.kind]));
    const groupLeads = catalog.taskAgencies.filter(
      (ta) => ta.role === "lead" && kind.get(ta.agency_code) === "group",
    );
    const leads = catalog.taskAgencies.filter((ta) => ta.role === "lead");
    expect(groupLeads.length).toBeLessThan(leads.length / 2);
    expect(catalog.agencies.some((a) => a.kind === "group" && /sở, ban, ngành/i.test(a.name_vi))).toBe(true);
  });

  it("links each task a later document restates to the earlier one, quoting the later document", () => {
    const byCode = new Map(catalog.tasks.map((t) => [t.code, t]));
    const docOf = new Map(catalog.documents.map((d) => [d.code, d]));
    const pairs = catalog.taskRestatements.map((r) => {
      const later = byCode.get(r.later_task_code);
      const earlier = byCode.get(r.task_code);
      return { r, later, earlier };
    });
    expect(pairs.map((p) => [p.r.later_task_code, p.r.task_code])).toEqual([
      ["qng24-ke-hoach-thuc-hien-quy-hoach-tinh", "cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh"],
      ["qng24-quy-hoach-kkt-dung-quat", "cv1468-07-quy-hoach-phan-khu-dung-quat"],
      ["qng24-ba-ctmtqg", "cv1468-09-ba-ctmtqg"],
      ["qng24-sap-xep-dvhc-cap-xa", "cv1468-11-sap-xep-dvhc"],
      ["qng24-van-hoa-du-lich", "cv1468-08b-de-an-ly-son"],
      ["qng24-dnnvv-cnht-loc-hoa-dau", "cv1468-08a-trung-tam-loc-hoa-dau"],
    ]);
    // the two the 29/8/2024 plan folds into a task with other duties restate a part of it
    expect(catalog.taskRestatements.filter((r) => r.scope === "part").map((r) => r.task_code)).toEqual([
      "cv1468-08b-de-an-ly-son",
      "cv1468-08a-trung-tam-loc-hoa-dau",
    ]);
    const cv1468 = sourceText("001_30372792f15daa1e.txt");
    const plan = sourceText("000_3106cb2c5fd57a6d.txt");
    for (const { r, later, earlier } of pairs) {
      // the later document's words, letter for letter, in the later document
      expect(plan).toContain(r.quote);
      expect(later?.document_code).toBe("qng-kh-2024-08-29");
      expect(earlier?.document_code).toBe("qng-cv-1468-2024");
      // an agency of the earlier task leads the later one
      const agenciesOf = (code: string, role?: string) =>
        catalog.taskAgencies
          .filter((ta) => ta.task_code === code && (role === undefined || ta.role === role))
          .map((ta) => ta.agency_code);
      const shared = agenciesOf(r.task_code).filter((a) => agenciesOf(r.later_task_code, "lead").includes(a));
      expect(shared.length).toBeGreaterThan(0);
      expect(
        (docOf.get("qng-cv-1468-2024")?.issued_on ?? "") < (docOf.get("qng-kh-2024-08-29")?.issued_on ?? ""),
      ).toBe(true);
    }
    // the deadlines each document gives, as the documents write them
    expect(cv1468).toContain("**hoàn thành trong tháng 4/2024** theo Công văn số 1359/UBND-KTTH");
    expect(plan).toContain(
      "Khẩn trương hoàn thành và trình cấp có thẩm quyền phê duyệt Kế hoạch thực hiện Quy hoạch tỉnh; rà soát, bãi bỏ các quy hoạch đã được tích hợp vào Quy hoạch tỉnh theo quy định của pháp luật về quy hoạch.**\n - + *Chỉ đạo thực hiện:* UBND tỉnh Quảng Ngãi.\n - + *Cơ quan chủ trì tham mưu:* Sở Kế hoạch và Đầu tư.",
    );
    expect(byCode.get("cv1468-06b-ke-hoach-thuc-hien-quy-hoach-tinh")?.deadline_text).toBe(
      "hoàn thành trong tháng 4/2024",
    );
    expect(byCode.get("qng24-ke-hoach-thuc-hien-quy-hoach-tinh")?.deadline_text).toBe("Quý III năm 2024");
    expect(cv1468).toContain("trong Khu kinh tế Dung Quất để làm cơ sở kêu gọi");
    expect(cv1468).toContain("**hoàn thành trước ngày 30/6/2024**");
    expect(byCode.get("cv1468-07-quy-hoach-phan-khu-dung-quat")?.deadline_text).toBe(
      "hoàn thành trước ngày 30/6/2024",
    );
    expect(cv1468).toContain(
      "**phần đấu hoàn thành trong tháng 10/2024** để chuẩn bị các điều kiện cho Đại hội cấp cơ sở",
    );
  });

  it("restates the Đề án Lý Sơn in the 29/8/2024 plan, inside its culture and tourism task", () => {
    const cv1468 = sourceText("001_30372792f15daa1e.txt").normalize("NFC");
    const plan = sourceText("000_3106cb2c5fd57a6d.txt").normalize("NFC");
    expect(cv1468).toContain(
      "Đề án phát triển huyện đảo Lý Sơn, tỉnh Quảng Ngãi thành trung tâm du lịch biển - đảo, trong đó, ưu tiên kêu gọi nhà đầu tư",
    );
    expect(cv1468).toContain("tại đảo Lý Sơn; **hoàn thành trước ngày 31/3/2024**.");
    expect(plan).toContain(
      "Tiếp tục hoàn thiện Đề án phát triển huyện đảo Lý Sơn thành trung tâm du lịch biển - đảo sau khi có ý kiến của Bộ Văn hóa, Thể thao và Du lịch.",
    );
    const r = catalog.taskRestatements.find((x) => x.task_code === "cv1468-08b-de-an-ly-son");
    expect(r).toMatchObject({ later_task_code: "qng24-van-hoa-du-lich", scope: "part" });
    expect(catalog.tasks.find((t) => t.code === "qng24-van-hoa-du-lich")?.deadline_text).toBe(
      "Thường xuyên trong những tháng cuối năm 2024",
    );
  });

  it("records the completion the documents state, quoting the document that states it", () => {
    expect(catalog.taskCompletions).toHaveLength(1);
    const c = catalog.taskCompletions[0];
    expect(c).toMatchObject({
      task_code: "kh124-24",
      stated_in_document_code: "qng-kh-214-2024",
      evidence_number: "1456/QĐ-TTg",
      evidence_date: "2023-11-22",
      completed_on: "2023-11-22",
    });
    // 214/KH-UBND, footnote [1]
    expect(sourceText("004_c617c443f43b7eb5.txt")).toContain(`[1] ${c?.quote}`);
    // the task: 124/KH-UBND, appendix row 24, approved by the Prime Minister
    expect(sourceText("003_cda895f2123a2acb.txt")).toContain(
      "24\tQuy hoạch tỉnh Quảng Ngãi thời kỳ 2021-2030, tầm nhìn đến năm 2050\tSở Kế hoạch và Đầu tư",
    );
  });
});

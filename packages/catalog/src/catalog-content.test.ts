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
});

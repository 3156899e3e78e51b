import fs from "node:fs";
import path from "node:path";
import { findRepoRoot } from "@chitieu/storage";
import type { z } from "zod";
import { parseCsvText } from "./csv.ts";
import * as s from "./schemas.ts";

export class CatalogError extends Error {
  override name = "CatalogError";
  constructor(readonly problems: string[]) {
    super(
      `Danh mục có ${problems.length} lỗi / The catalog has ${problems.length} problem(s):\n${problems.slice(0, 50).join("\n")}`,
    );
  }
}

export interface Catalog {
  orgUnits: s.OrgUnitRow[];
  agencies: s.AgencyRow[];
  agencyAliases: s.AgencyAliasRow[];
  documents: s.DocumentRow[];
  indicators: s.IndicatorRow[];
  targets: s.TargetRow[];
  tasks: s.TaskRow[];
  taskAgencies: s.TaskAgencyRow[];
  reportingDuties: s.ReportingDutyRow[];
  seedMap: s.SeedMapRow[];
  /** tasks ↔ the indicators they serve (task_indicators.csv; optional file) */
  taskIndicators: s.TaskIndicatorRow[];
  /** later-document tasks that restate an earlier task (task_restatements.csv; optional file) */
  taskRestatements: s.TaskRestatementRow[];
  /** completions the documents state (task_completions.csv; optional file) */
  taskCompletions: s.TaskCompletionRow[];
}

function readCsv<T extends z.ZodType>(
  dir: string,
  file: string,
  schema: T,
  problems: string[],
): z.infer<T>[] {
  const full = path.join(dir, file);
  const parsed = parseCsvText(fs.readFileSync(full, "utf8"));
  for (const p of parsed.problems) problems.push(`${file}: ${p}`);
  const rows: z.infer<T>[] = [];
  parsed.rows.forEach((raw, i) => {
    const result = schema.safeParse(raw);
    if (result.success) rows.push(result.data);
    else
      for (const issue of result.error.issues)
        problems.push(
          `${file}: dòng/row ${i + 2}, cột/column ${issue.path.join(".")}: ${issue.message} (giá trị/value: ${JSON.stringify(raw[String(issue.path[0])] ?? "")})`,
        );
  });
  return rows;
}

/** data/catalog of the repository the process runs in (also after bundling, so not import.meta) */
export function defaultCatalogDir(): string {
  return process.env.CATALOG_DIR ?? path.join(findRepoRoot(), "data", "catalog");
}

/** Reads and validates every file; throws CatalogError listing every problem, with file and row. */
export function readCatalog(dir = defaultCatalogDir()): Catalog {
  const problems: string[] = [];
  const catalog: Catalog = {
    orgUnits: readCsv(dir, "org_units.csv", s.orgUnitRow, problems),
    agencies: readCsv(dir, "agencies.csv", s.agencyRow, problems),
    agencyAliases: readCsv(dir, "agency_aliases.csv", s.agencyAliasRow, problems),
    documents: readCsv(dir, "documents.csv", s.documentRow, problems),
    indicators: readCsv(dir, "indicators.csv", s.indicatorRow, problems),
    targets: readCsv(dir, "targets.csv", s.targetRow, problems),
    tasks: readCsv(dir, "tasks.csv", s.taskRow, problems),
    taskAgencies: readCsv(dir, "task_agencies.csv", s.taskAgencyRow, problems),
    reportingDuties: readCsv(dir, "reporting_duties.csv", s.reportingDutyRow, problems),
    seedMap: readCsv(dir, "seed_map.csv", s.seedMapRow, problems),
    taskIndicators: fs.existsSync(path.join(dir, "task_indicators.csv"))
      ? readCsv(dir, "task_indicators.csv", s.taskIndicatorRow, problems)
      : [],
    taskRestatements: fs.existsSync(path.join(dir, "task_restatements.csv"))
      ? readCsv(dir, "task_restatements.csv", s.taskRestatementRow, problems)
      : [],
    taskCompletions: fs.existsSync(path.join(dir, "task_completions.csv"))
      ? readCsv(dir, "task_completions.csv", s.taskCompletionRow, problems)
      : [],
  };
  problems.push(...crossCheck(catalog));
  if (problems.length > 0) throw new CatalogError(problems);
  return catalog;
}

function crossCheck(c: Catalog): string[] {
  const problems: string[] = [];
  const codes = (rows: { code: string }[], file: string) => {
    const set = new Set<string>();
    for (const r of rows) {
      if (set.has(r.code)) problems.push(`${file}: mã trùng / duplicate code ${r.code}`);
      set.add(r.code);
    }
    return set;
  };
  const units = codes(c.orgUnits, "org_units.csv");
  const agencies = codes(c.agencies, "agencies.csv");
  const documents = codes(c.documents, "documents.csv");
  const indicators = codes(c.indicators, "indicators.csv");
  const tasks = codes(c.tasks, "tasks.csv");
  codes(c.reportingDuties, "reporting_duties.csv");
  const ref = (set: Set<string>, value: string | null, where: string) => {
    if (value !== null && !set.has(value))
      problems.push(`${where}: mã không tồn tại / unknown code ${value}`);
  };
  for (const u of c.orgUnits) {
    ref(units, u.parent_code, `org_units.csv ${u.code} parent_code`);
    for (const s of u.successor_codes) ref(units, s, `org_units.csv ${u.code} successor_codes`);
  }
  for (const a of c.agencies) {
    ref(units, a.org_unit_code, `agencies.csv ${a.code} org_unit_code`);
    for (const s of a.successor_codes) ref(agencies, s, `agencies.csv ${a.code} successor_codes`);
  }
  for (const a of c.agencyAliases) ref(agencies, a.agency_code, `agency_aliases.csv ${a.alias}`);
  for (const d of c.documents) {
    ref(units, d.org_unit_code, `documents.csv ${d.code} org_unit_code`);
    ref(documents, d.supersedes_code, `documents.csv ${d.code} supersedes_code`);
  }
  for (const i of c.indicators) {
    ref(indicators, i.parent_code, `indicators.csv ${i.code} parent_code`);
    ref(agencies, i.lead_agency_code, `indicators.csv ${i.code} lead_agency_code`);
    ref(documents, i.document_code, `indicators.csv ${i.code} document_code`);
  }
  const byCode = new Map(c.indicators.map((i) => [i.code, i]));
  const targetKeys = new Set<string>();
  for (const t of c.targets) {
    const main = `${t.indicator_code}/${t.org_unit_code}/${t.period}`;
    const key = t.clause === null ? main : `${main} (vế ${t.clause})`;
    if (targetKeys.has(key)) problems.push(`targets.csv: chỉ tiêu trùng / duplicate target ${key}`);
    if (t.clause !== null && !targetKeys.has(main))
      problems.push(
        `targets.csv ${key}: vế ${t.clause} phải đứng sau dòng chính của chỉ tiêu / clause ${t.clause} must follow its target's main row`,
      );
    targetKeys.add(key);
    ref(indicators, t.indicator_code, `targets.csv ${key} indicator_code`);
    ref(units, t.org_unit_code, `targets.csv ${key} org_unit_code`);
    ref(documents, t.document_code, `targets.csv ${key} document_code`);
    const i = byCode.get(t.indicator_code);
    const nonsense = i ? formKindUnitProblem(t, i) : null;
    if (nonsense) problems.push(`targets.csv ${key}: ${nonsense}`);
    if (t.provenance === "assumption" && !t.provenance_note)
      problems.push(
        `targets.csv ${key}: giả định phải nói vì sao (provenance_note) / an assumption must say why (provenance_note)`,
      );
  }
  for (const t of c.tasks) ref(documents, t.document_code, `tasks.csv ${t.code} document_code`);
  for (const ta of c.taskAgencies) {
    ref(tasks, ta.task_code, `task_agencies.csv task_code`);
    ref(agencies, ta.agency_code, `task_agencies.csv ${ta.task_code} agency_code`);
  }
  for (const r of c.reportingDuties) {
    ref(documents, r.document_code, `reporting_duties.csv ${r.code} document_code`);
    ref(agencies, r.reporter_agency_code, `reporting_duties.csv ${r.code} reporter_agency_code`);
    ref(agencies, r.recipient_agency_code, `reporting_duties.csv ${r.code} recipient_agency_code`);
    for (const other of r.other_recipient_codes)
      ref(agencies, other, `reporting_duties.csv ${r.code} other_recipient_codes`);
    ref(documents, r.ended_by_document_code, `reporting_duties.csv ${r.code} ended_by_document_code`);
  }
  const links = new Set<string>();
  for (const l of c.taskIndicators) {
    const key = `${l.task_code}/${l.indicator_code}`;
    if (links.has(key)) problems.push(`task_indicators.csv: liên kết trùng / duplicate link ${key}`);
    links.add(key);
    ref(tasks, l.task_code, `task_indicators.csv ${key} task_code`);
    ref(indicators, l.indicator_code, `task_indicators.csv ${key} indicator_code`);
  }
  problems.push(...restatementProblems(c, tasks, documents));
  return problems;
}

/** task_restatements.csv and task_completions.csv against tasks.csv and documents.csv. */
function restatementProblems(c: Catalog, tasks: Set<string>, documents: Set<string>): string[] {
  const problems: string[] = [];
  const taskByCode = new Map(c.tasks.map((t) => [t.code, t]));
  const docByCode = new Map(c.documents.map((d) => [d.code, d]));
  const later = new Set<string>();
  for (const r of c.taskRestatements) {
    const where = `task_restatements.csv ${r.later_task_code}`;
    if (!tasks.has(r.later_task_code) || !tasks.has(r.task_code)) {
      if (!tasks.has(r.later_task_code))
        problems.push(`${where}: mã không tồn tại / unknown code ${r.later_task_code}`);
      if (!tasks.has(r.task_code))
        problems.push(`${where} task_code: mã không tồn tại / unknown code ${r.task_code}`);
      continue;
    }
    if (r.scope === "whole" && later.has(r.later_task_code))
      problems.push(
        `${where}: cả nhiệm vụ chỉ nhắc lại được một nhiệm vụ / a whole restatement restates one task`,
      );
    if (r.scope === "whole") later.add(r.later_task_code);
    const a = taskByCode.get(r.task_code);
    const b = taskByCode.get(r.later_task_code);
    const da = a ? docByCode.get(a.document_code) : undefined;
    const db = b ? docByCode.get(b.document_code) : undefined;
    if (a && b && a.document_code === b.document_code)
      problems.push(`${where}: cùng một văn bản với ${r.task_code} / same document as ${r.task_code}`);
    if (da?.issued_on && db?.issued_on && db.issued_on <= da.issued_on)
      problems.push(
        `${where}: văn bản nhắc lại phải ban hành sau ${da.code} / the restating document must be issued after ${da.code}`,
      );
  }
  const whole = new Set(c.taskRestatements.filter((r) => r.scope === "whole").map((r) => r.later_task_code));
  for (const r of c.taskRestatements)
    if (whole.has(r.task_code))
      problems.push(
        `task_restatements.csv ${r.later_task_code}: ${r.task_code} cũng là nhiệm vụ nhắc lại, hãy trỏ tới nhiệm vụ gốc / ${r.task_code} is itself a restatement: point at the original`,
      );
  const completed = new Set<string>();
  for (const r of c.taskCompletions) {
    const where = `task_completions.csv ${r.task_code}`;
    if (!tasks.has(r.task_code)) problems.push(`${where}: mã không tồn tại / unknown code ${r.task_code}`);
    if (whole.has(r.task_code))
      problems.push(
        `${where}: ghi cho nhiệm vụ gốc, không phải bản nhắc lại / record it on the original task`,
      );
    if (!documents.has(r.stated_in_document_code))
      problems.push(
        `${where} stated_in_document_code: mã không tồn tại / unknown code ${r.stated_in_document_code}`,
      );
    if (completed.has(r.task_code)) problems.push(`${where}: hoàn thành hai lần / completed twice`);
    completed.add(r.task_code);
    if (r.completed_on < r.evidence_date)
      problems.push(
        `${where}: ngày hoàn thành trước ngày văn bản chứng minh / completed before the evidence document's date`,
      );
    const stated = docByCode.get(r.stated_in_document_code)?.issued_on;
    if (stated && r.completed_on > stated)
      problems.push(
        `${where}: văn bản nêu việc hoàn thành ban hành trước ngày hoàn thành / stated before it happened`,
      );
  }
  return problems;
}

/**
 * Form × measure kind × unit: a target that cannot mean what it says is refused at load, with
 * the reason in Vietnamese and English (a head count is never read as a percent).
 */
export function formKindUnitProblem(
  t: { form: string; plan_amount: string | null },
  i: { measure_kind: string; unit: string },
): string | null {
  const percent = i.unit.trim().startsWith("%");
  if (t.form === "share_of_plan" && t.plan_amount === null && !percent)
    return `"% kế hoạch" cần số kế hoạch (plan_amount) theo đơn vị ${i.unit}, hoặc chỉ tiêu tính bằng % / a share of plan needs the plan amount in ${i.unit}, or an indicator kept in %`;
  if (t.form === "milestone" && i.measure_kind !== "milestone")
    return `mốc hoàn thành cần chỉ tiêu loại milestone, không phải ${i.measure_kind} / a milestone target needs a milestone indicator, not ${i.measure_kind}`;
  if (t.form === "category" && i.measure_kind !== "category")
    return `chỉ tiêu nhóm cần chỉ tiêu loại category, không phải ${i.measure_kind} / a category target needs a category indicator, not ${i.measure_kind}`;
  if (
    t.form !== "milestone" &&
    t.form !== "category" &&
    (i.measure_kind === "milestone" || i.measure_kind === "category")
  )
    return `dạng ${t.form} cần một số đo, chỉ tiêu ${i.measure_kind} không có số / form ${t.form} needs a number; a ${i.measure_kind} indicator has none`;
  if (t.form === "avg_annual_growth" && i.measure_kind !== "growth_rate")
    return `tăng trưởng bình quân cần chỉ tiêu tốc độ tăng (growth_rate) / average growth needs a growth-rate indicator`;
  return null;
}

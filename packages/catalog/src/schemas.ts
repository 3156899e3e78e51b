import { targetFormSchema } from "@chitieu/domain";
import { z } from "zod";

// One schema per catalog file (data/README.md). Cells arrive as strings; blank means "none".

const blank = (s: unknown) => (s === undefined || (typeof s === "string" && s.trim() === "") ? null : s); // a column an older file lacks is blank
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blank, t.nullable());
const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "mã chỉ gồm a-z, 0-9, - và _ / code must be a lower-case slug");
const text = z.string().trim().min(1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD");
const decimal = z
  .string()
  .regex(
    /^-?\d+(\.\d+)?$/,
    "số thập phân dấu chấm, không phân cách nghìn / dot-decimal number without separators",
  );
const bool = z.enum(["true", "false"]).transform((v) => v === "true");
const list = z.preprocess(
  (s) => (typeof s === "string" && s.trim() !== "" ? s.split(" | ").map((x) => x.trim()) : []),
  z.array(code),
);
const year = z.preprocess(
  (s) => (typeof s === "string" && s.trim() !== "" ? Number(s) : null),
  z.number().int().min(1900).max(2100).nullable(),
);

export const orgUnitRow = z.object({
  code,
  gso_code: opt(z.string()),
  name_vi: text,
  name_en: opt(z.string()),
  level: z.enum(["country", "province", "district", "commune"]),
  parent_code: opt(code),
  valid_from: opt(isoDate),
  valid_to: opt(isoDate),
  successor_codes: list,
  source: opt(z.string()),
});

export const agencyRow = z.object({
  code,
  name_vi: text,
  name_en: opt(z.string()),
  short_name: opt(z.string()),
  kind: z.enum(["agency", "group"]),
  org_unit_code: opt(code),
  valid_from: opt(isoDate),
  valid_to: opt(isoDate),
  successor_codes: list,
  note: opt(z.string()),
});

export const agencyAliasRow = z.object({ agency_code: code, alias: text });

export const documentRow = z.object({
  code,
  kind: z.enum(["KH", "QD", "CV", "NQ", "KL", "CT", "CTR", "TB", "other"]),
  number: opt(z.string()),
  issuer: opt(z.string()),
  org_unit_code: opt(code),
  issued_on: opt(isoDate),
  title_vi: text,
  period_from: year,
  period_to: year,
  supersedes_code: opt(code),
  source_file: opt(z.string()),
  note: opt(z.string()),
});

export const indicatorRow = z.object({
  code,
  name_vi: text,
  name_en: opt(z.string()),
  category: z.enum(["economy", "society", "environment", "defence_security", "governance", "infrastructure"]),
  unit: text,
  measure_kind: z.enum(["flow", "stock", "growth_rate", "ratio", "milestone", "category"]),
  direction: z.enum(["higher_better", "lower_better", "in_range", "done"]),
  decimals: z.preprocess(
    (s) => (typeof s === "string" && s.trim() !== "" ? Number(s) : 0),
    z.number().int().min(0).max(6),
  ),
  parent_code: opt(code),
  frequency: z.enum(["monthly", "quarterly", "annual"]),
  lead_agency_code: opt(code),
  document_code: opt(code),
  published: bool,
  plausible_min: opt(decimal),
  plausible_max: opt(decimal),
  seq: opt(z.string()),
  note: opt(z.string()),
});

export const targetRow = z.object({
  indicator_code: code,
  org_unit_code: code,
  period: z
    .string()
    .regex(
      /^\d{4}(-\d{4})?$/,
      "kỳ là năm hoặc giai đoạn (2024, 2021-2025) / period is a year or a plan period",
    ),
  form: targetFormSchema,
  low: opt(decimal),
  high: opt(decimal),
  low_inclusive: z.preprocess((s) => (s === "" ? "true" : s), bool),
  high_inclusive: z.preprocess((s) => (s === "" ? "true" : s), bool),
  tolerance: opt(decimal),
  change_unit: opt(z.enum(["absolute", "percent"])),
  baseline_period: opt(z.string()),
  baseline_value: opt(decimal),
  plan_amount: opt(decimal),
  category_value: opt(z.string()),
  due_date: opt(isoDate),
  document_code: opt(code),
  quote: opt(z.string()),
  note: opt(z.string()),
  /** issue #13 item 10: stated in the document (blank) / inferred / assumption (provenance_note says why) */
  // (a file written before these columns existed has none: missing means blank)
  provenance: z.preprocess(
    (s) => (s === undefined ? null : blank(s)),
    z.enum(["stated", "inferred", "assumption"]).nullable(),
  ),
  provenance_note: z.preprocess((s) => (s === undefined ? null : blank(s)), z.string().nullable()),
  /** blank: the target; 2, 3…: a further clause of the same indicator × org unit × period */
  clause: z.preprocess(
    (s) => (s === undefined || (typeof s === "string" && s.trim() === "") ? null : Number(s)),
    z.number().int().min(2).nullable(),
  ),
});

export const taskRow = z.object({
  code,
  document_code: code,
  number: opt(z.string()),
  section: opt(z.string()),
  text_vi: text,
  lead_text: opt(z.string()),
  support_text: opt(z.string()),
  deadline_text: opt(z.string()),
  approval_level: opt(z.string()),
  expected_output: opt(z.string()),
  note: opt(z.string()),
  quote: opt(z.string()),
});

export const taskAgencyRow = z.object({
  task_code: code,
  role: z.enum(["lead", "support"]),
  agency_code: code,
  part: opt(z.string()),
});

export const reportingDutyRow = z.object({
  code,
  document_code: opt(code),
  reporter_agency_code: opt(code),
  /** the first recipient the document names */
  recipient_agency_code: opt(code),
  /** the others the same report goes to ("gửi đồng thời …"): one duty, not one per recipient */
  other_recipient_codes: list,
  subject_vi: text,
  cadence: z.enum(["monthly", "quarterly", "half_yearly", "nine_months", "annual", "once"]),
  due_text: opt(z.string()),
  /** "trường hợp phát sinh …": reported when an event is recorded, never on a calendar */
  event_driven: z.preprocess((s) => blank(s) ?? "false", bool),
  valid_to: opt(isoDate),
  /** a later document that ended the duty */
  ended_by_document_code: opt(code),
  /** earlier catalog codes this duty replaces (they owe nothing; their deliveries count here) */
  replaces_codes: list,
  quote: opt(z.string()),
});

/** A task serves an indicator where the document's structure says so; `basis` quotes where. */
export const taskIndicatorRow = z.object({
  task_code: code,
  indicator_code: code,
  basis: text,
});

export const seedMapRow = z.object({
  seed_file: text,
  seed_code: text,
  loaded_as: z.enum(["indicator", "task", "reporting_duty", "document", "omitted"]),
  catalog_code: opt(z.string()),
  reason: opt(z.string()),
});

/**
 * A task a later document restates (task_restatements.csv): the earlier task gets the later
 * deadline as a revision citing the later document, with the later document's words. Scope
 * "whole": the later row is the same task and is not loaded as a task of its own (its agencies
 * join the earlier task); "part": the later row carries other duties too and stays a task.
 */
export const taskRestatementRow = z.object({
  later_task_code: code,
  task_code: code,
  scope: z.preprocess((v) => blank(v) ?? "whole", z.enum(["whole", "part"])),
  quote: text,
  note: opt(text),
});

/**
 * A completion the documents state (task_completions.csv): recorded as a "done" report whose
 * evidence cites the document that shows it done (number, date), quoting the stating document.
 */
export const taskCompletionRow = z.object({
  task_code: code,
  stated_in_document_code: code,
  evidence_document: text,
  evidence_number: text,
  evidence_date: isoDate,
  completed_on: isoDate,
  quote: text,
  note: opt(text),
});

export type OrgUnitRow = z.infer<typeof orgUnitRow>;
export type AgencyRow = z.infer<typeof agencyRow>;
export type AgencyAliasRow = z.infer<typeof agencyAliasRow>;
export type DocumentRow = z.infer<typeof documentRow>;
export type IndicatorRow = z.infer<typeof indicatorRow>;
export type TargetRow = z.infer<typeof targetRow>;
export type TaskRow = z.infer<typeof taskRow>;
export type TaskAgencyRow = z.infer<typeof taskAgencyRow>;
export type ReportingDutyRow = z.infer<typeof reportingDutyRow>;
export type SeedMapRow = z.infer<typeof seedMapRow>;
export type TaskIndicatorRow = z.infer<typeof taskIndicatorRow>;
export type TaskRestatementRow = z.infer<typeof taskRestatementRow>;
export type TaskCompletionRow = z.infer<typeof taskCompletionRow>;

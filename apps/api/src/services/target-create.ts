import { formKindUnitProblem } from "@chitieu/catalog";
import { evaluate, type Target, type TargetForm } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures } from "./errors.ts";
import { insertTargetRevision } from "./targets.ts";

// Issue #13 item 7: an administrator (or a token with catalog:write) creates a target for any
// indicator × org unit × period, with the document it comes from and its own words. One at a
// time (createTarget) or a plan's twenty at once from a spreadsheet (createTargets, all or
// nothing, with a dry run): both run the same checks, in this file.

export type Provenance = "stated" | "inferred" | "assumption";

export interface TargetInput {
  indicator: string;
  orgUnit: string;
  /** "2024" or a plan span "2021-2030" */
  period: string;
  form: TargetForm;
  low?: string | null | undefined;
  high?: string | null | undefined;
  lowInclusive?: boolean | undefined;
  highInclusive?: boolean | undefined;
  tolerance?: string | null | undefined;
  changeUnit?: "absolute" | "percent" | null | undefined;
  baselinePeriod?: string | null | undefined;
  baselineValue?: string | null | undefined;
  planAmount?: string | null | undefined;
  categoryValue?: string | null | undefined;
  dueDate?: string | null | undefined;
  documentCode: string;
  /** the target's own words, verbatim from the document */
  quote: string;
  note?: string | null | undefined;
  /** the day the target takes effect (the resolution's date); absent: from the start */
  effectiveFrom?: string | null | undefined;
  provenance?: Provenance | undefined;
  provenanceNote?: string | null | undefined;
}

export interface TargetProblem {
  /** the field (or "row N · field" in a spreadsheet) */
  path: string;
  message: string;
}

interface Resolved {
  indicatorId: number;
  orgUnitId: number;
  documentId: number;
  input: TargetInput;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const PERIOD = /^(\d{4})(?:-(\d{4}))?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every reason the target cannot be written, in Vietnamese and English; [] when it can. */
export async function checkTarget(
  db: Kysely<Database> | Transaction<Database>,
  input: TargetInput,
  prefix = "",
): Promise<{ problems: TargetProblem[]; resolved: Resolved | null }> {
  const problems: TargetProblem[] = [];
  const at = (field: string, vi: string, en: string) =>
    problems.push({ path: `${prefix}${field}`, message: `${vi} / ${en}` });

  const [indicator, unit, doc] = await Promise.all([
    db
      .selectFrom("indicator")
      .select(["id", "code", "measure_kind", "direction", "frequency", "decimals", "unit"])
      .where("code", "=", input.indicator)
      .executeTakeFirst(),
    db.selectFrom("org_unit").select("id").where("code", "=", input.orgUnit).executeTakeFirst(),
    db.selectFrom("document").select("id").where("code", "=", input.documentCode).executeTakeFirst(),
  ]);
  if (!indicator)
    at("indicator", `Không có chỉ tiêu mã "${input.indicator}"`, `unknown indicator "${input.indicator}"`);
  if (!unit) at("orgUnit", `Không có đơn vị mã "${input.orgUnit}"`, `unknown org unit "${input.orgUnit}"`);
  if (!doc)
    at(
      "documentCode",
      `Không có văn bản mã "${input.documentCode}" (thêm văn bản trước)`,
      `unknown document "${input.documentCode}" (add the document first)`,
    );
  if (!input.quote?.trim())
    at("quote", "Cần trích nguyên văn câu chỉ tiêu của văn bản", "the document's own words are required");

  const span = PERIOD.exec(input.period);
  if (!span || (span[2] !== undefined && Number(span[2]) <= Number(span[1])))
    at(
      "period",
      `Kỳ "${input.period}" không hợp lệ: một năm (2024) hoặc một giai đoạn (2021-2030)`,
      `period "${input.period}" must be a year (2024) or a span (2021-2030)`,
    );
  for (const field of ["low", "high", "tolerance", "baselineValue", "planAmount"] as const) {
    const v = input[field];
    if (v !== null && v !== undefined && !DECIMAL.test(v))
      at(field, `"${v}" không phải số thập phân dấu chấm (7.5)`, `"${v}" is not a dot-decimal number (7.5)`);
  }
  for (const field of ["dueDate", "effectiveFrom"] as const) {
    const v = input[field];
    if (v !== null && v !== undefined && !ISO_DATE.test(v))
      at(field, `"${v}" không phải ngày YYYY-MM-DD`, `"${v}" is not a YYYY-MM-DD date`);
  }
  if (input.provenance === "assumption" && !input.provenanceNote?.trim())
    at(
      "provenanceNote",
      "Một giả định phải nói vì sao (văn bản không nêu số này)",
      "an assumption must say why (the document does not state this value)",
    );

  if (indicator) {
    const nonsense = formKindUnitProblem(
      { form: input.form, plan_amount: input.planAmount ?? null },
      { measure_kind: indicator.measure_kind, unit: indicator.unit },
    );
    if (nonsense) at("form", nonsense.split(" / ")[0] ?? nonsense, nonsense.split(" / ")[1] ?? nonsense);
  }
  // what each form needs (the same rules the database holds on target_revision)
  const needs: Partial<Record<TargetForm, (keyof TargetInput)[]>> = {
    at_least: ["low"],
    above: ["low"],
    at_most: ["high"],
    below: ["high"],
    range_floor: ["low", "high"],
    range_inside: ["low", "high"],
    avg_annual_growth: ["low", "high"],
    approximately: ["low"],
    change: ["low", "changeUnit"],
    share_of_plan: ["low"],
    milestone: ["dueDate"],
    category: ["categoryValue"],
  };
  for (const field of needs[input.form] ?? []) {
    const v = input[field];
    if (v === null || v === undefined || v === "")
      at(field, `Dạng ${input.form} cần ${field}`, `form ${input.form} needs ${field}`);
  }
  if (input.form === "level_by_year" && !input.low && !input.high)
    at("low", "Dạng level_by_year cần low hoặc high", "form level_by_year needs low or high");
  if (problems.length === 0 && indicator && span) {
    // the engine's own reading: a target it cannot compile (a bound missing for its form,
    // low > high, …) is refused here, not shown later as "Giá trị không đọc được"
    try {
      evaluate({
        indicator: {
          code: indicator.code,
          measureKind: indicator.measure_kind,
          direction: indicator.direction,
          frequency: indicator.frequency,
          decimals: indicator.decimals,
          unit: indicator.unit,
        },
        target: domainTarget(input),
        observations: [],
        asOf: { period: span[2] ?? span[1] ?? input.period },
      });
    } catch (error) {
      const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
      at(
        "form",
        `Chỉ tiêu không khớp dạng ${input.form} (${why})`,
        `the target does not fit form ${input.form} (${why})`,
      );
    }
    if (input.low && input.high && Number(input.low) > Number(input.high) && problems.length === 0)
      at("low", "Mức dưới lớn hơn mức trên", "low is greater than high");
  }
  return {
    problems,
    resolved:
      problems.length === 0 && indicator && unit && doc
        ? { indicatorId: indicator.id, orgUnitId: unit.id, documentId: doc.id, input }
        : null,
  };
}

function domainTarget(input: TargetInput): Target {
  const t: Target = { form: input.form, period: input.period };
  const set = <K extends keyof Target>(k: K, v: Target[K] | null | undefined) => {
    if (v !== null && v !== undefined) t[k] = v;
  };
  set("low", input.low);
  set("high", input.high);
  set("lowInclusive", input.lowInclusive);
  set("highInclusive", input.highInclusive);
  set("tolerance", input.tolerance);
  set("changeUnit", input.changeUnit);
  set("baselinePeriod", input.baselinePeriod);
  set("baselineValue", input.baselineValue);
  set("planAmount", input.planAmount);
  set("categoryValue", input.categoryValue);
  set("dueDate", input.dueDate);
  return t;
}

async function insertTarget(trx: Transaction<Database>, ctx: ServiceContext, r: Resolved, batch?: string) {
  const existing = await trx
    .selectFrom("target")
    .select("id")
    .where("indicator_id", "=", r.indicatorId)
    .where("org_unit_id", "=", r.orgUnitId)
    .where("period", "=", r.input.period)
    .executeTakeFirst();
  if (existing)
    throw failures.conflict(
      `Đã có chỉ tiêu kế hoạch ${r.input.indicator} · ${r.input.orgUnit} · ${r.input.period} (số ${existing.id}); điều chỉnh bằng một lần sửa đổi, có văn bản và ngày hiệu lực.`,
      `A target ${r.input.indicator} · ${r.input.orgUnit} · ${r.input.period} exists (id ${existing.id}); revise it, with its document and effective date.`,
      "target_exists",
    );
  const target = await trx
    .insertInto("target")
    .values({ indicator_id: r.indicatorId, org_unit_id: r.orgUnitId, period: r.input.period })
    .returning("id")
    .executeTakeFirstOrThrow();
  const i = r.input;
  const row = {
    target_id: target.id,
    revision: 1,
    form: i.form,
    low: i.low ?? null,
    high: i.high ?? null,
    low_inclusive: i.lowInclusive ?? true,
    high_inclusive: i.highInclusive ?? true,
    tolerance: i.tolerance ?? null,
    change_unit: i.changeUnit ?? null,
    baseline_period: i.baselinePeriod ?? null,
    baseline_value: i.baselineValue ?? null,
    plan_amount: i.planAmount ?? null,
    category_value: i.categoryValue ?? null,
    due_date: i.dueDate ?? null,
    document_id: r.documentId,
    effective_from: i.effectiveFrom ?? null,
    quote: i.quote.trim(),
    note: i.note ?? null,
    provenance: i.provenance ?? "stated",
    provenance_note: i.provenanceNote?.trim() || null,
    reason: batch ? `nhập từ bảng ${batch} / imported from ${batch}` : "tạo mới / created",
    created_by: ctx.actor.userId,
  };
  await insertTargetRevision(trx, row);
  await writeAudit(trx, [
    {
      userId: ctx.actor.userId,
      action: "create",
      entity: "target",
      entityId: target.id,
      newValue: { indicator: i.indicator, orgUnit: i.orgUnit, period: i.period, ...row },
      requestId: ctx.requestId,
    },
  ]);
  return { id: target.id, indicator: i.indicator, orgUnit: i.orgUnit, period: i.period, revision: 1 };
}

/** One target, with its document and quote; 400 with every problem, 409 when it exists. */
export async function createTarget(ctx: ServiceContext, input: TargetInput) {
  return withTransaction(ctx, async (trx) => {
    const { problems, resolved } = await checkTarget(trx, input);
    if (!resolved) throw failures.invalid(problems);
    return insertTarget(trx, ctx, resolved);
  });
}

export interface TargetBatchResult {
  dryRun: boolean;
  committed: boolean;
  rows: { row: number; indicator: string; orgUnit: string; period: string; form: string; quote: string }[];
  problems: TargetProblem[];
  created: { id: number; indicator: string; orgUnit: string; period: string }[];
}

/**
 * A plan's targets at once: every row is checked (and an existing target or a repeated key is a
 * problem of its row); a dry run only answers the preview; a commit writes all rows in one
 * transaction, or none when any row has a problem.
 */
export async function createTargets(
  ctx: ServiceContext,
  rows: { row: number; input: TargetInput }[],
  opts: { dryRun: boolean; fileName: string; problems?: TargetProblem[] },
): Promise<TargetBatchResult> {
  return withTransaction(ctx, async (trx) => {
    // problems the sheet reader found (an unreadable number, an unknown form) come first
    const problems: TargetProblem[] = [...(opts.problems ?? [])];
    const resolved: Resolved[] = [];
    const seen = new Map<string, number>();
    for (const { row: n, input } of rows) {
      const prefix = `dòng ${n} / row ${n} · `;
      const checked = await checkTarget(trx, input, prefix);
      problems.push(...checked.problems);
      const key = `${input.indicator}|${input.orgUnit}|${input.period}`;
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({
          path: `${prefix}period`,
          message: `Trùng chỉ tiêu với dòng ${first} / same target as row ${first}`,
        });
      else seen.set(key, n);
      if (checked.resolved) {
        const exists = await trx
          .selectFrom("target")
          .select("id")
          .where("indicator_id", "=", checked.resolved.indicatorId)
          .where("org_unit_id", "=", checked.resolved.orgUnitId)
          .where("period", "=", input.period)
          .executeTakeFirst();
        if (exists)
          problems.push({
            path: `${prefix}period`,
            message: `Đã có chỉ tiêu kế hoạch này (số ${exists.id}): điều chỉnh thay vì tạo mới / this target exists (id ${exists.id}): revise it instead`,
          });
        else resolved.push(checked.resolved);
      }
    }
    const preview = rows.map(({ row, input: r }) => ({
      row,
      indicator: r.indicator,
      orgUnit: r.orgUnit,
      period: r.period,
      form: r.form,
      quote: r.quote,
    }));
    if (rows.length === 0 && problems.length === 0)
      problems.push({
        path: "file",
        message: "Bảng không có dòng chỉ tiêu nào / the sheet has no target rows",
      });
    if (opts.dryRun || problems.length > 0)
      return { dryRun: opts.dryRun, committed: false, rows: preview, problems, created: [] };
    const created = [];
    for (const r of resolved) created.push(await insertTarget(trx, ctx, r, opts.fileName));
    return { dryRun: false, committed: true, rows: preview, problems: [], created };
  });
}

import { dec, decToString } from "@chitieu/domain";
import { type Database, type DocumentKind, writeAudit } from "@chitieu/storage";
import { type Kysely, sql, type Transaction } from "kysely";
import type { CatalogLookup } from "./catalog-lookup.ts";
import { type ImportProblem, problem } from "./problems.ts";
import { findReportHeader, type ReportCatalog, type ReportReading, ratioMismatch } from "./report-layout.ts";
import { EncodingError, type FileFormat, readRows, type SheetRow, type TextSettings } from "./rows.ts";
import type { ImportSource } from "./source.ts";
import type { SheetMeta } from "./xlsx-reader.ts";

// The database side of report-layout uploads (issue #15): reading the whole (small) table in the
// parsing worker, the catalog with units, kinds and confirmed names, the checks against targets
// and last year's figures, and the confirmed names saved as aliases (audited, same transaction).

type Db = Kysely<Database> | Transaction<Database>;

/** Report tables are tens of rows; past this a file is not one (and is read as long/wide). */
export const MAX_REPORT_ROWS = 5_000;
/** The header must be found within the first non-blank rows. */
const HEADER_ROWS = 40;

export interface ReportRows {
  rows: SheetRow[];
  meta: SheetMeta | null;
  found: NonNullable<ReturnType<typeof findReportHeader>>;
  settings: TextSettings | null;
}

/**
 * The rows of a report or district table, or null when the file's first rows hold no such header
 * (then it is read as a long or wide upload, and only its first rows were parsed here).
 */
export async function readReportRows(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  sheet: string | undefined,
): Promise<ReportRows | null> {
  try {
    return await readOnce(source, format, settings, sheet);
  } catch (error) {
    if (!(error instanceof EncodingError) || !settings) throw error;
    return readOnce(source, format, { ...settings, encoding: "windows-1258", certain: true }, sheet);
  }
}

async function readOnce(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  sheet: string | undefined,
): Promise<ReportRows | null> {
  let effective = settings;
  const rows: SheetRow[] = [];
  let meta: SheetMeta | null = null;
  let decided = false;
  let nonBlank = 0;
  const stream = readRows(source, format, settings, {
    onSettings: (s) => (effective = s),
    xlsx: { meta: true, sheet: sheet ?? null },
  });
  for await (const batch of stream) {
    for (const r of batch) {
      if (r.meta) {
        meta = r.meta;
        continue;
      }
      rows.push(r);
      if (r.cells.some((c) => (typeof c === "string" ? c.trim() !== "" : true))) nonBlank++;
    }
    if (!decided && nonBlank >= HEADER_ROWS) {
      if (!findReportHeader(rows)) return null;
      decided = true;
    }
    if (rows.length > MAX_REPORT_ROWS) return null;
  }
  const found = findReportHeader(rows, meta?.merges ?? []);
  if (!found) return null;
  return { rows, meta, found, settings: effective };
}

export async function loadReportCatalog(db: Db, lookup: CatalogLookup): Promise<ReportCatalog> {
  const [indicators, units, aliases] = await Promise.all([
    db.selectFrom("indicator").select(["id", "name_vi", "name_en", "unit", "measure_kind"]).execute(),
    db.selectFrom("org_unit").select(["id", "code", "name_vi", "name_en", "level", "parent_id"]).execute(),
    db
      .selectFrom("import_name_alias")
      .select(["kind", "scope_org_unit_id", "name_key", "target_id"])
      .execute(),
  ]);
  return {
    lookup,
    indicators: indicators.flatMap((i) => {
      const info = lookup.indicatorById.get(i.id);
      return info
        ? [{ ...info, nameVi: i.name_vi, nameEn: i.name_en, unit: i.unit, measureKind: i.measure_kind }]
        : [];
    }),
    orgUnits: units.map((u) => ({
      id: u.id,
      code: u.code,
      nameVi: u.name_vi,
      nameEn: u.name_en,
      level: u.level,
      parentId: u.parent_id,
    })),
    aliases: new Map(aliases.map((a) => [`${a.kind}|${a.scope_org_unit_id}|${a.name_key}`, a.target_id])),
  };
}

/** The plan column against the catalog's target, and ratio columns against last year's figures. */
export async function checkAgainstDatabase(trx: Db, reading: ReportReading): Promise<ImportProblem[]> {
  const warnings: ImportProblem[] = [];
  for (const p of reading.planChecks) {
    const t = await trx
      .selectFrom("target")
      .innerJoin("target_current", "target_current.target_id", "target.id")
      .select(["form", "low", "high", "plan_amount"])
      .where("target.indicator_id", "=", p.indicatorId)
      .where("target.org_unit_id", "=", p.orgUnitId)
      .where("target.period", "=", String(p.year))
      .executeTakeFirst();
    const place = { row: p.row, col: p.col, header: p.header, value: p.value };
    if (!t) {
      warnings.push(
        problem("no_target", { ...place, value: `${p.year}` }, [
          `kế hoạch trong tệp: ${p.value}`,
          `the file's plan: ${p.value}`,
        ]),
      );
      continue;
    }
    const amount = comparedAmount(t);
    if (amount === null) continue;
    if (!dec(amount).equals(dec(p.value)))
      warnings.push(
        problem("plan_differs", place, [
          `danh mục: ${decToString(dec(amount))}`,
          `catalog: ${decToString(dec(amount))}`,
        ]),
      );
  }
  for (const c of reading.lastYearChecks) {
    let previous = c.inFile;
    if (previous === null) {
      const o = await trx
        .selectFrom("observation")
        .select(sql<string>`value::text`.as("value"))
        .where("indicator_id", "=", c.indicatorId)
        .where("org_unit_id", "=", c.orgUnitId)
        .where("period", "=", c.period)
        .where("basis", "=", c.basis)
        .where("superseded_at", "is", null)
        .executeTakeFirst();
      previous = o?.value ?? null;
    }
    if (previous === null) continue;
    const mismatch = ratioMismatch(c.value, previous, c.reported);
    if (mismatch)
      warnings.push(
        problem("derived_mismatch", { row: c.row, col: c.col, header: c.header, value: c.reported }, [
          `${mismatch} (${c.value} / ${previous} cùng kỳ ${c.period} × 100)`,
          `${mismatch} (${c.value} / ${previous} same period ${c.period} × 100)`,
        ]),
      );
  }
  return warnings;
}

/** Confirmed names saved for the province: the next file matches them at once. Audited. */
export async function saveAliases(
  trx: Transaction<Database>,
  reading: ReportReading,
  userId: number | null,
  batchId: number,
): Promise<number> {
  const scope = reading.scopeOrgUnitId;
  if (scope === null || reading.aliases.length === 0) return 0;
  const seen = new Set<string>();
  let saved = 0;
  for (const a of reading.aliases) {
    if (a.key === "" || seen.has(`${a.kind}|${a.key}`)) continue;
    seen.add(`${a.kind}|${a.key}`);
    const old = await trx
      .selectFrom("import_name_alias")
      .select(["id", "target_id", "name_text"])
      .where("kind", "=", a.kind)
      .where("scope_org_unit_id", "=", scope)
      .where("name_key", "=", a.key)
      .executeTakeFirst();
    if (old && old.target_id === a.targetId) continue;
    const row = old
      ? await trx
          .updateTable("import_name_alias")
          .set({ target_id: a.targetId, name_text: a.text, created_by: userId })
          .where("id", "=", old.id)
          .returning("id")
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("import_name_alias")
          .values({
            kind: a.kind,
            scope_org_unit_id: scope,
            name_key: a.key,
            name_text: a.text,
            target_id: a.targetId,
            created_by: userId,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId,
        action: old ? "update" : "create",
        entity: "import_name_alias",
        entityId: row.id,
        oldValue: old ? { targetId: old.target_id, text: old.name_text } : undefined,
        newValue: { kind: a.kind, scopeOrgUnitId: scope, key: a.key, text: a.text, targetId: a.targetId },
        batchId,
      },
    ]);
    saved++;
  }
  return saved;
}

/** The amount a plan column is compared with: the plan amount, else the bound the form is judged on. */
function comparedAmount(t: {
  form: string;
  low: string | null;
  high: string | null;
  plan_amount: string | null;
}) {
  return (
    t.plan_amount ??
    (t.form === "at_most" || t.form === "below"
      ? t.high
      : ["at_least", "above", "range_floor", "range_inside", "approximately", "level_by_year"].includes(
            t.form,
          )
        ? t.low
        : null)
  );
}

/** The bound a target's plan amount is written in: its plan amount, else the one bound of its form. */
function planField(t: { form: string; low: string | null; high: string | null; plan_amount: string | null }) {
  if (t.plan_amount !== null) return "plan_amount" as const;
  if ((t.form === "at_most" || t.form === "below") && t.high !== null) return "high" as const;
  if (["at_least", "above", "level_by_year"].includes(t.form) && t.low !== null) return "low" as const;
  return null;
}

export interface PlanRevisionPlan {
  row: number;
  col: number;
  header: string;
  value: string;
  targetId: number;
  field: "plan_amount" | "low" | "high";
  current: Record<string, unknown> & { revision: number };
}

/**
 * The plan cells that differ from the catalog's target and would be recorded as its revision
 * (issue #15 item 1), and an error for each that cannot be (no target, a band, an unreadable date).
 */
export async function planRevisions(
  trx: Db,
  reading: ReportReading,
  answer: { documentNumber: string; documentDate: string },
): Promise<{ plans: PlanRevisionPlan[]; errors: ImportProblem[] }> {
  const plans: PlanRevisionPlan[] = [];
  const errors: ImportProblem[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(answer.documentDate) || answer.documentNumber.trim() === "")
    errors.push(
      problem("plan_not_recordable", { row: null, col: null, value: answer.documentNumber }, [
        `cần số văn bản và ngày văn bản (YYYY-MM-DD), nhận "${answer.documentNumber}", "${answer.documentDate}"`,
        `the document's number and date (YYYY-MM-DD) are needed, got "${answer.documentNumber}", "${answer.documentDate}"`,
      ]),
    );
  for (const p of reading.planChecks) {
    const place = { row: p.row, col: p.col, header: p.header, value: p.value };
    const target = await trx
      .selectFrom("target")
      .select("id")
      .where("indicator_id", "=", p.indicatorId)
      .where("org_unit_id", "=", p.orgUnitId)
      .where("period", "=", String(p.year))
      .executeTakeFirst();
    if (!target) {
      errors.push(
        problem("plan_not_recordable", place, [
          `chưa có chỉ tiêu kế hoạch năm ${p.year} để điều chỉnh; hãy tạo chỉ tiêu trong mục Quản trị`,
          `there is no ${p.year} target to revise; create the target in Administration`,
        ]),
      );
      continue;
    }
    // the latest revision, in force or not yet (as a revision made by hand)
    const current = await trx
      .selectFrom("target_revision")
      .selectAll()
      .where("target_id", "=", target.id)
      .orderBy("revision", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!current) continue;
    // the amount the plan column is compared with (as plan_differs does): equal, nothing to record
    const compared = comparedAmount(current);
    if (compared !== null && dec(compared).equals(dec(p.value))) continue;
    const field = planField(current);
    if (field === null) {
      errors.push(
        problem("plan_not_recordable", place, [
          `chỉ tiêu dạng "${current.form}" không có một mức kế hoạch duy nhất; hãy điều chỉnh trong mục Quản trị`,
          `a "${current.form}" target has no single plan amount; revise it in Administration`,
        ]),
      );
      continue;
    }
    plans.push({ ...place, targetId: target.id, field, current: current as PlanRevisionPlan["current"] });
  }
  return { plans, errors };
}

const DOCUMENT_KINDS: [RegExp, "QD" | "NQ" | "KH" | "CV" | "TB"][] = [
  [/Q[ĐD]/iu, "QD"],
  [/NQ/iu, "NQ"],
  [/KH/iu, "KH"],
  [/CV|UBND-/iu, "CV"],
  [/TB/iu, "TB"],
];

/**
 * Writes each plan of `plans` as a new revision of its target, effective from the document's
 * date, under the document the officer named (found by number and date, else recorded), each
 * audited in the import's transaction. Returns the number of revisions written.
 */
export async function recordPlanRevisions(
  trx: Transaction<Database>,
  plans: PlanRevisionPlan[],
  answer: { documentNumber: string; documentDate: string },
  ctx: { userId: number | null; batchId: number; fileName: string },
): Promise<number> {
  if (plans.length === 0) return 0;
  const number = answer.documentNumber.trim();
  let doc = await trx
    .selectFrom("document")
    .select("id")
    .where("number", "=", number)
    .where("issued_on", "=", answer.documentDate)
    .executeTakeFirst();
  if (!doc) {
    const slug = foldForCode(number);
    const code = `vb-${slug || "khong-so"}-${answer.documentDate}`;
    const kind: DocumentKind = DOCUMENT_KINDS.find(([re]) => re.test(number))?.[1] ?? "other";
    const values = {
      code,
      kind,
      number,
      issuer: null,
      org_unit_id: null,
      issued_on: answer.documentDate,
      title_vi: `Văn bản số ${number} ngày ${answer.documentDate} (kế hoạch ghi trong tệp ${ctx.fileName})`,
      title_en: `Document ${number} of ${answer.documentDate} (the plan in the file ${ctx.fileName})`,
      period_from: null,
      period_to: null,
      supersedes_id: null,
      source_file: ctx.fileName,
      note: null,
    };
    doc = await trx
      .insertInto("document")
      .values(values)
      .onConflict((oc) => oc.column("code").doNothing())
      .returning("id")
      .executeTakeFirst();
    doc ??= await trx.selectFrom("document").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: ctx.userId,
        action: "create",
        entity: "document",
        entityId: doc.id,
        newValue: values,
        batchId: ctx.batchId,
      },
    ]);
  }
  let written = 0;
  for (const p of plans) {
    await trx.selectFrom("target").select("id").where("id", "=", p.targetId).forUpdate().execute();
    const { id: _id, created_at: _at, ...rest } = p.current as Record<string, unknown>;
    const row = {
      ...rest,
      revision: p.current.revision + 1,
      [p.field]: p.value,
      document_id: doc.id,
      effective_from: answer.documentDate,
      quote: null,
      provenance: "stated" as const,
      provenance_note: null,
      reason: `Kế hoạch ghi trong tệp ${ctx.fileName} (dòng ${p.row}, cột "${p.header}"): ${p.value} / the plan in the file, row ${p.row}`,
      created_by: ctx.userId,
      // the batch's rollback undoes this revision (batches.ts)
      batch_id: ctx.batchId,
    };
    await trx
      .insertInto("target_revision")
      .values(row as never)
      .execute();
    await writeAudit(trx, [
      {
        userId: ctx.userId,
        action: "revise",
        entity: "target",
        entityId: p.targetId,
        oldValue: p.current,
        newValue: row,
        batchId: ctx.batchId,
      },
    ]);
    written++;
  }
  return written;
}

function foldForCode(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

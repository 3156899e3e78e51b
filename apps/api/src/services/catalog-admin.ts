import {
  addDays,
  compareIsoDates,
  dec,
  matchKey,
  resolveThresholds,
  thresholdsSchema,
} from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely, Selectable, Transaction } from "kysely";
import { camelRow } from "./camel.ts";
import type { Actor } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";
import { indicatorsWithReferences } from "./reads.ts";

// The administrator's changes to the catalog: indicators, org units, agencies (with their
// renames and merges, per DOMAIN.md "Administrative change is normal") and documents. Each
// change runs in one transaction with its audit row, old and new values side by side.

type Trx = Transaction<Database>;
type Row = Record<string, unknown>;

/** A 400 that names the field in both languages. */
export function fieldProblem(code: string, path: string, vi: string, en: string): ServiceError {
  return new ServiceError("invalid", code, `${path}: ${vi}`, `${path}: ${en}`, [
    { path, message: `${vi} / ${en}`, code },
  ]);
}

const unknownCode = (path: string, what: { vi: string; en: string }, code: string) =>
  fieldProblem("unknown_code", path, `không có ${what.vi} mã “${code}”`, `no ${what.en} with code “${code}”`);

const WHAT = {
  indicator: { vi: "chỉ tiêu", en: "indicator" },
  org_unit: { vi: "đơn vị hành chính", en: "org unit" },
  agency: { vi: "cơ quan", en: "agency" },
  document: { vi: "văn bản", en: "document" },
} as const;
type Table = keyof typeof WHAT;

/** The database holds the last word on every rule; what slipped past the checks here still answers 400. */
function fromDatabase(error: unknown, table: Table): never {
  const e = error as { code?: string; constraint?: string; message?: string };
  const message = e?.message ?? String(error);
  const constraint = e?.constraint ?? /constraint "([^"]+)"/.exec(message)?.[1] ?? "";
  const field = constraintField(table, constraint);
  if (e?.code === "23505" || /duplicate key/i.test(message))
    throw fieldProblem("duplicate", field, "giá trị này đã có", "this value already exists");
  if (e?.code === "23514" || /check constraint/i.test(message))
    throw fieldProblem("check_violation", field, "giá trị không hợp lệ", "value not allowed");
  if (e?.code === "23503" || /foreign key/i.test(message))
    throw fieldProblem("unknown_reference", field, "tham chiếu không tồn tại", "reference does not exist");
  throw error;
}

const CONSTRAINT_FIELDS: Record<string, string> = {
  code: "code",
  name_vi: "nameVi",
  indicator_check: "plausibleMin",
  indicator_check1: "parent",
  org_unit_check: "validTo",
  org_unit_check1: "parent",
  agency_check: "validTo",
  document_check: "periodTo",
};

function constraintField(table: string, constraint: string): string {
  if (CONSTRAINT_FIELDS[constraint]) return CONSTRAINT_FIELDS[constraint] as string;
  const column = constraint.replace(new RegExp(`^${table}_`), "").replace(/_(key|check|fkey)$/, "");
  return CONSTRAINT_FIELDS[column] ?? (column || "body");
}

async function idOf(
  trx: Trx,
  table: Table,
  code: string | null | undefined,
  path: string,
): Promise<number | null | undefined> {
  if (code === undefined) return undefined;
  if (code === null || code === "") return null;
  const row = await trx.selectFrom(table).select("id").where("code", "=", code).executeTakeFirst();
  if (!row) throw unknownCode(path, WHAT[table], code);
  return row.id;
}

async function mustNotExist(trx: Trx, table: Table, code: string, path = "code") {
  const row = await trx.selectFrom(table).select("id").where("code", "=", code).executeTakeFirst();
  if (row)
    throw fieldProblem(
      "duplicate_code",
      path,
      `đã có ${WHAT[table].vi} mã “${code}”`,
      `an ${WHAT[table].en} with code “${code}” already exists`,
    );
}

/** Only the keys the caller sent: undefined means "leave as is", null means "clear". */
function defined<T extends Row>(row: T): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function changedOnly(old: Row, wanted: Row): { before: Row; after: Row } {
  const before: Row = {};
  const after: Row = {};
  for (const [k, v] of Object.entries(wanted)) {
    if (JSON.stringify(old[k] ?? null) === JSON.stringify(v ?? null)) continue;
    before[k] = old[k] ?? null;
    after[k] = v;
  }
  return { before, after };
}

/** The row of a catalog entity by its code; a 404 that names it in both languages when there is none. */
async function mustFind<T extends Table>(trx: Trx, table: T, code: string, vi: string, en: string) {
  const row = await trx
    .selectFrom(table as Table)
    .selectAll()
    .where("code", "=", code)
    .executeTakeFirst();
  if (!row) throw failures.notFound(`${vi} ${code} / ${en} ${code}`);
  return row as Selectable<Database[T]>;
}

/** Inserts one new catalog row; what the database refuses comes back as a 400 naming the field. */
async function insertRow(trx: Trx, table: Table, row: Row): Promise<number> {
  try {
    return (
      await trx
        .insertInto(table)
        .values(row as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  } catch (error) {
    fromDatabase(error, table);
  }
}

/** Inserts one new catalog row and audits it under its code; returns its id. */
async function insertAudited(trx: Trx, table: Table, row: Row, actor: Actor, requestId: string) {
  const id = await insertRow(trx, table, row);
  await writeAudit(trx, [
    {
      userId: actor.userId,
      action: "create",
      entity: table,
      entityId: String(row.code),
      newValue: row,
      requestId,
    },
  ]);
  return id;
}

/**
 * Writes only the columns of `wanted` that differ from the row and audits them, old and new side
 * by side; nothing changed, nothing written. `current` is the row as `wanted` spells it (when the
 * stored form differs), `audited` how both sides are written into the audit. Returns the changes.
 */
async function updateAudited(
  trx: Trx,
  table: Table,
  old: Row & { id: number; code: string },
  wanted: Row,
  actor: Actor,
  requestId: string,
  { current = old, audited = (r: Row) => r }: { current?: Row; audited?: (r: Row) => Row } = {},
): Promise<Row> {
  const { before, after } = changedOnly(current, wanted);
  if (Object.keys(after).length === 0) return after;
  try {
    await trx
      .updateTable(table)
      .set(after as never)
      .where("id", "=", old.id)
      .execute();
  } catch (error) {
    fromDatabase(error, table);
  }
  await writeAudit(trx, [
    {
      userId: actor.userId,
      action: "update",
      entity: table,
      entityId: old.code,
      oldValue: audited(before),
      newValue: audited(after),
      requestId,
    },
  ]);
  return after;
}

// --- indicators ---

export interface IndicatorPatch {
  nameVi?: string | undefined;
  nameEn?: string | null | undefined;
  category?: Database["indicator"]["category"] | undefined;
  unit?: string | undefined;
  measureKind?: Database["indicator"]["measure_kind"] | undefined;
  direction?: Database["indicator"]["direction"] | undefined;
  decimals?: number | undefined;
  frequency?: Database["indicator"]["frequency"] | undefined;
  leadAgency?: string | null | undefined;
  document?: string | null | undefined;
  parent?: string | null | undefined;
  published?: boolean | undefined;
  /** dot-decimal strings, stored exactly as sent */
  plausibleMin?: string | null | undefined;
  plausibleMax?: string | null | undefined;
  note?: string | null | undefined;
  /** overrides of the default thresholds; null = the defaults */
  thresholds?: Record<string, unknown> | null | undefined;
}

export interface IndicatorInput extends IndicatorPatch {
  code: string;
  nameVi: string;
  category: Database["indicator"]["category"];
  unit: string;
  measureKind: Database["indicator"]["measure_kind"];
  direction: Database["indicator"]["direction"];
  frequency: Database["indicator"]["frequency"];
}

/** Only what the progress engine can honour: known keys, right types, at-risk band ≥ on-track band. */
export function checkThresholds(value: Record<string, unknown> | null | undefined) {
  if (value === undefined || value === null) return value;
  const parsed = thresholdsSchema.partial().strict().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") || (issue && "keys" in issue ? String(issue.keys) : "");
    throw fieldProblem(
      "invalid_thresholds",
      `thresholds${key ? `.${key}` : ""}`,
      "ngưỡng không hợp lệ (số không âm; số năm là số nguyên ≥ 1)",
      `invalid threshold (${issue?.message ?? "not a threshold"})`,
    );
  }
  const override = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  try {
    resolveThresholds({ thresholds: override });
  } catch {
    throw fieldProblem(
      "invalid_thresholds",
      "thresholds.atRiskPoints",
      "ngưỡng “có nguy cơ” phải lớn hơn hoặc bằng ngưỡng “đúng tiến độ”",
      "the at-risk threshold must be at least the on-track threshold",
    );
  }
  return Object.keys(override).length === 0 ? null : override;
}

function checkPlausible(min: string | null | undefined, max: string | null | undefined) {
  if (min == null || max == null) return;
  if (dec(min).gt(dec(max)))
    throw fieldProblem(
      "invalid_range",
      "plausibleMax",
      "giới hạn trên phải lớn hơn hoặc bằng giới hạn dưới",
      "the plausible maximum must be at least the minimum",
    );
}

async function indicatorColumns(trx: Trx, input: IndicatorPatch) {
  const thresholds = checkThresholds(input.thresholds);
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    category: input.category,
    unit: input.unit,
    measure_kind: input.measureKind,
    direction: input.direction,
    decimals: input.decimals,
    frequency: input.frequency,
    lead_agency_id: await idOf(trx, "agency", input.leadAgency, "leadAgency"),
    document_id: await idOf(trx, "document", input.document, "document"),
    parent_id: await idOf(trx, "indicator", input.parent, "parent"),
    published: input.published,
    plausible_min: input.plausibleMin,
    plausible_max: input.plausibleMax,
    note: input.note,
    thresholds:
      thresholds === undefined ? undefined : thresholds === null ? null : JSON.stringify(thresholds),
  });
}

export async function createIndicator(
  db: Kysely<Database>,
  actor: Actor,
  input: IndicatorInput,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    await mustNotExist(trx, "indicator", input.code);
    checkPlausible(input.plausibleMin, input.plausibleMax);
    const row = { code: input.code, ...(await indicatorColumns(trx, input)) };
    await insertAudited(trx, "indicator", row, actor, requestId);
    return getIndicator(trx, input.code);
  });
}

export async function updateIndicator(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  patch: IndicatorPatch,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const old = await mustFind(trx, "indicator", code, "chỉ tiêu", "indicator");
    const wanted = await indicatorColumns(trx, patch);
    if (wanted.parent_id !== undefined && wanted.parent_id === old.id)
      throw fieldProblem(
        "invalid_parent",
        "parent",
        "chỉ tiêu không thể là “trong đó” của chính nó",
        "an indicator cannot be its own parent",
      );
    checkPlausible(
      patch.plausibleMin === undefined ? old.plausible_min : patch.plausibleMin,
      patch.plausibleMax === undefined ? old.plausible_max : patch.plausibleMax,
    );
    // the thresholds are compared as written (JSON text) and audited as objects
    await updateAudited(trx, "indicator", old, wanted, actor, requestId, {
      current: { ...old, thresholds: old.thresholds == null ? null : JSON.stringify(old.thresholds) },
      audited: parseThresholdsIn,
    });
    return getIndicator(trx, code);
  });
}

const parseThresholdsIn = (r: Row): Row =>
  typeof r.thresholds === "string" ? { ...r, thresholds: JSON.parse(r.thresholds) } : r;

export async function getIndicator(db: Kysely<Database> | Trx, code: string) {
  const row = await indicatorsWithReferences(db)
    .select(["i.plausible_min", "i.plausible_max", "i.thresholds"])
    .where("i.code", "=", code)
    .executeTakeFirst();
  if (!row) throw failures.notFound(`chỉ tiêu ${code} / indicator ${code}`);
  return camelRow({ ...row, thresholds: (row.thresholds ?? null) as Record<string, number> | null });
}

// --- org units and agencies ---

export interface OrgUnitInput {
  code: string;
  nameVi: string;
  nameEn?: string | null | undefined;
  gsoCode?: string | null | undefined;
  level: Database["org_unit"]["level"];
  parent?: string | null | undefined;
  validFrom?: string | null | undefined;
  source?: string | null | undefined;
}

export type OrgUnitPatch = Partial<Omit<OrgUnitInput, "code" | "level" | "validFrom">>;
/** the unit a rename creates: its level and parent default to the predecessor's */
export type NewOrgUnit = Omit<OrgUnitInput, "validFrom" | "level"> & {
  level?: OrgUnitInput["level"] | undefined;
};
export type NewAgency = Omit<AgencyInput, "validFrom">;

export interface AgencyInput {
  code: string;
  nameVi: string;
  nameEn?: string | null | undefined;
  shortName?: string | null | undefined;
  kind?: "agency" | "group" | undefined;
  orgUnit?: string | null | undefined;
  validFrom?: string | null | undefined;
  note?: string | null | undefined;
}

export type AgencyPatch = Partial<Omit<AgencyInput, "code" | "kind" | "validFrom">>;

async function orgUnitColumns(trx: Trx, input: OrgUnitPatch & Partial<OrgUnitInput>) {
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    gso_code: input.gsoCode,
    level: input.level,
    parent_id: await idOf(trx, "org_unit", input.parent, "parent"),
    valid_from: input.validFrom,
    source: input.source,
  });
}

async function agencyColumns(trx: Trx, input: AgencyPatch & Partial<AgencyInput>) {
  return defined({
    name_vi: input.nameVi,
    name_en: input.nameEn,
    short_name: input.shortName,
    kind: input.kind,
    org_unit_id: await idOf(trx, "org_unit", input.orgUnit, "orgUnit"),
    valid_from: input.validFrom,
    note: input.note,
  });
}

/** Every agency is found by its own name too (as the catalog loader does). */
async function addOwnNameAlias(trx: Trx, agencyId: number, orgUnitId: number | null, name: string) {
  await trx
    .insertInto("agency_alias")
    .values({ agency_id: agencyId, org_unit_id: orgUnitId, alias: name, alias_key: matchKey(name) })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function createOrgUnit(
  db: Kysely<Database>,
  actor: Actor,
  input: OrgUnitInput,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    await mustNotExist(trx, "org_unit", input.code);
    const row = { code: input.code, ...(await orgUnitColumns(trx, input)) };
    await insertAudited(trx, "org_unit", row, actor, requestId);
    return { code: input.code };
  });
}

export async function updateOrgUnit(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  patch: OrgUnitPatch,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const old = await mustFind(trx, "org_unit", code, "đơn vị", "org unit");
    const wanted = await orgUnitColumns(trx, patch);
    if (wanted.parent_id !== undefined && wanted.parent_id === old.id)
      throw fieldProblem(
        "invalid_parent",
        "parent",
        "đơn vị không thể trực thuộc chính nó",
        "a unit cannot be its own parent",
      );
    await updateAudited(trx, "org_unit", old, wanted, actor, requestId);
    return { code };
  });
}

export async function createAgency(
  db: Kysely<Database>,
  actor: Actor,
  input: AgencyInput,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    await mustNotExist(trx, "agency", input.code);
    const row = { code: input.code, ...(await agencyColumns(trx, input)) };
    const id = await insertAudited(trx, "agency", row, actor, requestId);
    await addOwnNameAlias(trx, id, row.org_unit_id ?? null, input.nameVi);
    return { code: input.code };
  });
}

export async function updateAgency(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  patch: AgencyPatch,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const old = await mustFind(trx, "agency", code, "cơ quan", "agency");
    const after = await updateAudited(trx, "agency", old, await agencyColumns(trx, patch), actor, requestId);
    // a corrected name is a spelling that must keep finding the agency
    if (typeof after.name_vi === "string")
      await addOwnNameAlias(
        trx,
        old.id,
        (after.org_unit_id as number | null | undefined) ?? old.org_unit_id,
        after.name_vi,
      );
    return { code };
  });
}

export interface SuccessionInput<New> {
  /** rename: one predecessor becomes a new legal entity; merge: predecessors join one successor */
  kind: "rename" | "merge";
  /** the first day of the successor; predecessors end the day before */
  effectiveOn: string;
  predecessors: string[];
  /** an existing successor (merge into it) … */
  successor?: string | null | undefined;
  /** … or a new one, valid from effectiveOn */
  newSuccessor?: New | null | undefined;
  note?: string | null | undefined;
}

type SuccessionTable = "org_unit" | "agency";

/**
 * Administrative change with dates: each predecessor is closed the day before `effectiveOn` and
 * points at the successor from that day. The rows stay, so the figures of 2024 still belong to
 * the units of 2024 and today's unit can show its predecessors' history.
 */
export async function recordSuccession(
  db: Kysely<Database>,
  actor: Actor,
  table: SuccessionTable,
  input: SuccessionInput<NewOrgUnit | NewAgency>,
  requestId: string,
) {
  const what = WHAT[table];
  if (input.kind === "rename" && (input.predecessors.length !== 1 || !input.newSuccessor))
    throw fieldProblem(
      "invalid_change",
      "predecessors",
      "đổi tên cần đúng một đơn vị cũ và một đơn vị mới",
      "a rename needs exactly one predecessor and a new successor",
    );
  if (Boolean(input.successor) === Boolean(input.newSuccessor))
    throw fieldProblem(
      "invalid_change",
      "successor",
      "chọn một đơn vị kế thừa đã có hoặc khai báo một đơn vị mới (không cả hai)",
      "give either an existing successor or a new one (not both)",
    );
  if (new Set(input.predecessors).size !== input.predecessors.length)
    throw fieldProblem(
      "invalid_change",
      "predecessors",
      "một đơn vị được nêu hai lần",
      "a predecessor is listed twice",
    );
  const successorCode = input.successor ?? input.newSuccessor?.code ?? "";
  const selfIndex = input.predecessors.indexOf(successorCode);
  if (selfIndex >= 0)
    throw fieldProblem(
      "invalid_change",
      `predecessors.${selfIndex}`,
      `${what.vi} “${successorCode}” không thể sáp nhập vào chính nó`,
      `${what.en} “${successorCode}” cannot be merged into itself`,
    );
  const closedOn = addDays(input.effectiveOn, -1);

  const result = await db.transaction().execute(async (trx) => {
    const predecessors = [];
    for (const [i, code] of input.predecessors.entries()) {
      const row = await trx.selectFrom(table).selectAll().where("code", "=", code).executeTakeFirst();
      if (!row) throw unknownCode(`predecessors.${i}`, what, code);
      if (row.valid_to !== null)
        throw fieldProblem(
          "already_closed",
          `predecessors.${i}`,
          `${what.vi} “${code}” đã hết hiệu lực từ ${row.valid_to}`,
          `${what.en} “${code}” already ended on ${row.valid_to}`,
        );
      if (row.valid_from !== null && compareIsoDates(input.effectiveOn, row.valid_from) <= 0)
        throw fieldProblem(
          "before_valid_from",
          "effectiveOn",
          `ngày hiệu lực phải sau ngày ${code} bắt đầu (${row.valid_from})`,
          `the effective date must be after ${code} began (${row.valid_from})`,
        );
      predecessors.push(row);
    }
    let successor: { id: number; code: string };
    const audit = [];
    if (input.successor) {
      const row = await trx
        .selectFrom(table)
        .selectAll()
        .where("code", "=", input.successor)
        .executeTakeFirst();
      if (!row) throw unknownCode("successor", what, input.successor);
      if (row.valid_to !== null && compareIsoDates(row.valid_to, input.effectiveOn) < 0)
        throw fieldProblem(
          "already_closed",
          "successor",
          `${what.vi} kế thừa “${row.code}” đã hết hiệu lực từ ${row.valid_to}`,
          `the successor “${row.code}” ended on ${row.valid_to}`,
        );
      if (row.valid_from !== null && compareIsoDates(row.valid_from, input.effectiveOn) > 0)
        throw fieldProblem(
          "before_valid_from",
          "effectiveOn",
          `${what.vi} kế thừa “${row.code}” chỉ bắt đầu từ ${row.valid_from}`,
          `the successor “${row.code}” only begins on ${row.valid_from}`,
        );
      successor = row;
    } else {
      const fresh = input.newSuccessor as NewOrgUnit & NewAgency;
      await mustNotExist(trx, table, fresh.code, "newSuccessor.code");
      const first = predecessors[0] as Row;
      let row: Row;
      if (table === "org_unit") {
        row = {
          code: fresh.code,
          ...(await orgUnitColumns(trx, { ...fresh, validFrom: input.effectiveOn })),
        };
        // a renamed unit keeps its place unless told otherwise
        row.level ??= first.level;
        if (fresh.parent === undefined) row.parent_id = first.parent_id;
      } else {
        row = { code: fresh.code, ...(await agencyColumns(trx, { ...fresh, validFrom: input.effectiveOn })) };
        row.kind ??= first.kind;
        if (fresh.orgUnit === undefined) row.org_unit_id = first.org_unit_id;
      }
      const id = await insertRow(trx, table, row);
      if (table === "agency")
        await addOwnNameAlias(trx, id, (row.org_unit_id as number | null) ?? null, String(row.name_vi));
      audit.push({ action: "create", entity: table, entityId: fresh.code, newValue: row });
      successor = { id, code: fresh.code };
    }
    for (const p of predecessors) {
      await trx.updateTable(table).set({ valid_to: closedOn }).where("id", "=", p.id).execute();
      audit.push({
        action: input.kind,
        entity: table,
        entityId: p.code,
        oldValue: { valid_to: null },
        newValue: { valid_to: closedOn, successor: successor.code },
      });
      const link =
        table === "org_unit"
          ? {
              predecessor_id: p.id,
              successor_id: successor.id,
              effective_on: input.effectiveOn,
              source: input.note ?? null,
            }
          : {
              predecessor_id: p.id,
              successor_id: successor.id,
              effective_on: input.effectiveOn,
              note: input.note ?? null,
            };
      try {
        await trx
          .insertInto(table === "org_unit" ? "org_unit_succession" : "agency_succession")
          .values(link as never)
          .execute();
      } catch (error) {
        if ((error as { code?: string }).code === "23505" || /duplicate key/i.test(String(error)))
          throw fieldProblem(
            "duplicate",
            "successor",
            `“${p.code}” đã được ghi là tiền thân của “${successor.code}”`,
            `“${p.code}” is already recorded as a predecessor of “${successor.code}”`,
          );
        throw error;
      }
      audit.push({
        action: "create",
        entity: `${table}_succession`,
        entityId: `${p.code}>${successor.code}`,
        newValue: {
          predecessor: p.code,
          successor: successor.code,
          effective_on: input.effectiveOn,
          note: input.note ?? null,
        },
      });
    }
    await writeAudit(
      trx,
      audit.map((a) => ({ ...a, userId: actor.userId, requestId })),
    );
    return {
      kind: input.kind,
      effectiveOn: input.effectiveOn,
      predecessors: predecessors.map((p) => ({ code: p.code, validTo: closedOn })),
      successor: successor.code,
    };
  });
  return result;
}

/** Another spelling of an agency (the seeds write one department several ways). */
export async function addAgencyAlias(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  alias: string,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const agency = await trx
      .selectFrom("agency")
      .select(["id", "org_unit_id"])
      .where("code", "=", code)
      .executeTakeFirst();
    if (!agency) throw failures.notFound(`cơ quan ${code} / agency ${code}`);
    const key = matchKey(alias);
    if (key === "") throw fieldProblem("invalid_alias", "alias", "tên gọi trống", "empty alias");
    const taken = await trx
      .selectFrom("agency_alias as al")
      .innerJoin("agency as a", "a.id", "al.agency_id")
      .select(["a.code"])
      .where("al.alias_key", "=", key)
      .where((eb) =>
        agency.org_unit_id === null
          ? eb("al.org_unit_id", "is", null)
          : eb("al.org_unit_id", "=", agency.org_unit_id),
      )
      .executeTakeFirst();
    if (taken)
      throw fieldProblem(
        "duplicate",
        "alias",
        taken.code === code
          ? `“${alias}” đã là tên gọi của cơ quan này`
          : `“${alias}” đã là tên gọi của cơ quan “${taken.code}” cùng địa phương`,
        taken.code === code
          ? `“${alias}” already names this agency`
          : `“${alias}” already names agency “${taken.code}” of the same org unit`,
      );
    const row = {
      agency_id: agency.id,
      org_unit_id: agency.org_unit_id,
      alias: alias.trim(),
      alias_key: key,
    };
    await trx.insertInto("agency_alias").values(row).execute();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "create",
        entity: "agency_alias",
        entityId: `${code}|${key}`,
        newValue: row,
        requestId,
      },
    ]);
    return { code, alias: row.alias, aliasKey: key };
  });
}

export async function removeAgencyAlias(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  alias: string,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const agency = await trx.selectFrom("agency").select(["id"]).where("code", "=", code).executeTakeFirst();
    if (!agency) throw failures.notFound(`cơ quan ${code} / agency ${code}`);
    const key = matchKey(alias);
    const old = await trx
      .deleteFrom("agency_alias")
      .where("agency_id", "=", agency.id)
      .where("alias_key", "=", key)
      .returningAll()
      .executeTakeFirst();
    if (!old) throw failures.notFound(`tên gọi “${alias}” / alias “${alias}”`);
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "delete",
        entity: "agency_alias",
        entityId: `${code}|${key}`,
        oldValue: old,
        requestId,
      },
    ]);
  });
}

// --- documents ---

export interface DocumentPatch {
  kind?: Database["document"]["kind"] | undefined;
  number?: string | null | undefined;
  issuer?: string | null | undefined;
  orgUnit?: string | null | undefined;
  issuedOn?: string | null | undefined;
  titleVi?: string | undefined;
  titleEn?: string | null | undefined;
  periodFrom?: number | null | undefined;
  periodTo?: number | null | undefined;
  supersedes?: string | null | undefined;
  note?: string | null | undefined;
}

export interface DocumentInput extends DocumentPatch {
  code: string;
  kind: Database["document"]["kind"];
  titleVi: string;
}

async function documentColumns(trx: Trx, input: DocumentPatch) {
  return defined({
    kind: input.kind,
    number: input.number,
    issuer: input.issuer,
    org_unit_id: await idOf(trx, "org_unit", input.orgUnit, "orgUnit"),
    issued_on: input.issuedOn,
    title_vi: input.titleVi,
    title_en: input.titleEn,
    period_from: input.periodFrom,
    period_to: input.periodTo,
    supersedes_id: await idOf(trx, "document", input.supersedes, "supersedes"),
    note: input.note,
  });
}

function checkPeriod(from: number | null | undefined, to: number | null | undefined) {
  if (from != null && to != null && to < from)
    throw fieldProblem(
      "invalid_range",
      "periodTo",
      "năm cuối phải từ năm đầu trở đi",
      "the last year must not precede the first",
    );
}

export async function createDocument(
  db: Kysely<Database>,
  actor: Actor,
  input: DocumentInput,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    await mustNotExist(trx, "document", input.code);
    checkPeriod(input.periodFrom, input.periodTo);
    const row = { code: input.code, ...(await documentColumns(trx, input)) };
    await insertAudited(trx, "document", row, actor, requestId);
    return { code: input.code };
  });
}

export async function updateDocument(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  patch: DocumentPatch,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const old = await mustFind(trx, "document", code, "văn bản", "document");
    const wanted = await documentColumns(trx, patch);
    if (wanted.supersedes_id !== undefined && wanted.supersedes_id === old.id)
      throw fieldProblem(
        "invalid_reference",
        "supersedes",
        "văn bản không thể thay thế chính nó",
        "a document cannot supersede itself",
      );
    checkPeriod(
      patch.periodFrom === undefined ? old.period_from : patch.periodFrom,
      patch.periodTo === undefined ? old.period_to : patch.periodTo,
    );
    await updateAudited(trx, "document", old, wanted, actor, requestId);
    return { code };
  });
}

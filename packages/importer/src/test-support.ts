import { createHash } from "node:crypto";
import path from "node:path";
import { type Database, writeObservations } from "@chitieu/storage";
import { type Kysely, sql } from "kysely";
import { loadCatalog, readCatalog } from "../../catalog/src/index.ts";

// The catalog every import test runs against: the mini fixture catalog plus what the corpus
// needs (see test/fixtures/imports/build-fixtures.ts). Test-only; not exported from index.

export const CORPUS_DIR = path.resolve(import.meta.dirname, "../../../test/fixtures/imports");
export const MINI_CATALOG = path.resolve(import.meta.dirname, "../../catalog/src/fixtures/mini");
export const CORPUS_TODAY = "2024-10-15";

export interface CorpusIds {
  indicator: Record<string, number>;
  orgUnit: Record<string, number>;
  statisticianId: number;
  adminId: number;
}

export async function seedCorpusCatalog(db: Kysely<Database>): Promise<CorpusIds> {
  await loadCatalog(db, readCatalog(MINI_CATALOG));
  const p49 = await idOf(db, "org_unit", "p49");
  await db
    .insertInto("org_unit")
    .values([
      {
        code: "x-tam-thanh-tk",
        gso_code: null,
        name_vi: "Xã Tam Thanh",
        name_en: null,
        level: "commune",
        parent_id: p49,
        valid_from: null,
        valid_to: null,
        source: null,
      },
      {
        code: "x-tam-thanh-nt",
        gso_code: null,
        name_vi: "Xã Tam Thạnh",
        name_en: null,
        level: "commune",
        parent_id: p49,
        valid_from: null,
        valid_to: null,
        source: null,
      },
    ])
    .execute();
  const base = {
    name_en: "Price index",
    category: "economy" as const,
    unit: "%",
    measure_kind: "stock" as const,
    direction: "in_range" as const,
    parent_id: null,
    frequency: "monthly" as const,
    lead_agency_id: null,
    document_id: null,
    plausible_min: null,
    plausible_max: null,
    thresholds: null,
    seq: null,
    note: null,
  };
  await db
    .insertInto("indicator")
    .values([
      { ...base, code: "qnam-price-a", name_vi: "Chỉ số giá A" },
      { ...base, code: "qnam-price-b", name_vi: "Chỉ số giá B" },
    ])
    .execute();
  const users = await db
    .insertInto("app_user")
    .values([
      {
        email: "admin@example.invalid",
        display_name: "Admin",
        password_hash: null,
        role: "admin",
        agency_id: null,
        disabled_at: null,
      },
      {
        email: "tk@example.invalid",
        display_name: "Thống kê",
        password_hash: null,
        role: "statistician",
        agency_id: null,
        disabled_at: null,
      },
    ])
    .returning(["id", "role"])
    .execute();
  await db
    .insertInto("period_lock")
    .values({ org_unit_id: p49, period: "2023", locked_by: null, document_id: null })
    .execute();
  const ids = await corpusIds(db);
  const key = (indicator: string, period: string, start: string, end: string) => ({
    indicatorId: ids.indicator[indicator] as number,
    orgUnitId: p49,
    period,
    periodStart: start,
    periodEnd: end,
    basis: "period" as const,
  });
  await writeObservations(
    db,
    [
      {
        ...key("qnam-budget-revenue", "2024-05", "2024-05-01", "2024-05-31"),
        value: "1000",
        status: "official",
      },
      { ...key("qnam-grdp-growth", "2024-Q1", "2024-01-01", "2024-03-31"), value: "7", status: "estimate" },
    ],
    { batchId: null, userId: null },
  );
  return {
    ...ids,
    adminId: users.find((u) => u.role === "admin")?.id as number,
    statisticianId: users.find((u) => u.role === "statistician")?.id as number,
  };
}

export async function corpusIds(
  db: Kysely<Database>,
): Promise<Omit<CorpusIds, "adminId" | "statisticianId">> {
  const [indicators, units] = await Promise.all([
    db.selectFrom("indicator").select(["id", "code"]).execute(),
    db.selectFrom("org_unit").select(["id", "code"]).execute(),
  ]);
  return {
    indicator: Object.fromEntries(indicators.map((i) => [i.code, i.id])),
    orgUnit: Object.fromEntries(units.map((u) => [u.code, u.id])),
  };
}

async function idOf(db: Kysely<Database>, table: "org_unit" | "indicator", code: string): Promise<number> {
  const row = await db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow();
  return row.id;
}

/** The corpus uploader may write everything except domestic revenue of Đà Nẵng. */
export function corpusCanWrite(ids: { indicator: Record<string, number>; orgUnit: Record<string, number> }) {
  return (i: number, o: number) => !(i === ids.indicator["qnam-budget-domestic"] && o === ids.orgUnit.p48);
}

/** A fingerprint of everything an import may change: any write at all changes it. */
export async function databaseFingerprint(db: Kysely<Database>): Promise<string> {
  const parts = await Promise.all([
    sql`select id, indicator_id, org_unit_id, period, basis, value::text, status, note, batch_id, replaces_id,
        superseded_at is null as current from observation order by id`.execute(db),
    sql`select id, status, rows_total, rows_new, rows_revised, rows_unchanged from import_batch order by id`.execute(
      db,
    ),
    sql`select count(*)::int as n from audit_log`.execute(db),
  ]);
  return createHash("sha256")
    .update(JSON.stringify(parts.map((p) => p.rows)))
    .digest("hex");
}

/** What a reader sees: the current value of every key (history and batch ids left out). */
export async function currentState(db: Kysely<Database>): Promise<string> {
  const r =
    await sql`select indicator_id, org_unit_id, period, basis, value::text, status, note from observation
    where superseded_at is null order by indicator_id, org_unit_id, period, basis`.execute(db);
  return createHash("sha256").update(JSON.stringify(r.rows)).digest("hex");
}

/** `n` extra communes (x-gen-0001 …) so that generated files have many distinct keys per period. */
export async function seedGeneratedUnits(db: Kysely<Database>, n: number): Promise<string[]> {
  const codes = Array.from({ length: n }, (_, i) => `x-gen-${String(i + 1).padStart(4, "0")}`);
  for (let i = 0; i < codes.length; i += 500) {
    await db
      .insertInto("org_unit")
      .values(
        codes.slice(i, i + 500).map((code) => ({
          code,
          gso_code: null,
          name_vi: `Xã thử ${code}`,
          name_en: null,
          level: "commune" as const,
          parent_id: null,
          valid_from: null,
          valid_to: null,
          source: null,
        })),
      )
      .execute();
  }
  return codes;
}

/** A deterministic long CSV: `rows` data rows over a few indicators, units and months; `bad(i)` rows get a wrong value. */
export function generateLongCsv(
  rows: number,
  units: string[],
  options: { bad?: (i: number) => boolean; startYear?: number } = {},
): string {
  const out = ["Mã chỉ tiêu,Đơn vị,Kỳ,Giá trị,Trạng thái"];
  const indicators = ["qnam-budget-revenue", "qnam-budget-domestic"];
  const startYear = options.startYear ?? 1500;
  for (let i = 0; i < rows; i++) {
    const month = (i % 12) + 1;
    const slot = Math.floor(i / 12);
    const indicator = indicators[slot % indicators.length];
    const unit = units[Math.floor(slot / indicators.length) % units.length];
    const year = startYear + Math.floor(slot / (indicators.length * units.length));
    const value = options.bad?.(i) ? "n/a" : `${1000 + (i % 97)}.${i % 10}`;
    out.push(`${indicator},${unit},${year}-${String(month).padStart(2, "0")},${value},chính thức`);
  }
  return `${out.join("\n")}\n`;
}

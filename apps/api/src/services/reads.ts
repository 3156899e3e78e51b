import type { Database } from "@chitieu/storage";
import { currentTargets, TARGET_REVISION_COLUMNS } from "@chitieu/storage";
import { type Kysely, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { camelRows } from "./camel.ts";

// Read models behind the list endpoints. Lists paginate, filter and sort; sorting of
// Vietnamese names uses the database collation-free key and is finished in Vietnamese order
// by the caller where it matters (the web app).

export interface Page {
  limit: number;
  offset: number;
}

export function listOrgUnits(
  db: Kysely<Database>,
  f: Page & { level?: string | undefined; parent?: string | undefined },
) {
  let q = db
    .selectFrom("org_unit as u")
    .leftJoin("org_unit as p", "p.id", "u.parent_id")
    .select([
      "u.id",
      "u.code",
      "u.gso_code",
      "u.name_vi",
      "u.name_en",
      "u.level",
      "p.code as parent_code",
      "u.valid_from",
      "u.valid_to",
      // administrative change: who this unit became, from when
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom("org_unit_succession as s")
            .innerJoin("org_unit as n", "n.id", "s.successor_id")
            .select(["n.code", "n.name_vi as nameVi", "s.effective_on as effectiveOn"])
            .whereRef("s.predecessor_id", "=", "u.id")
            .orderBy("n.code"),
        ).as("successors"),
    ]);
  if (f.level) q = q.where("u.level", "=", f.level as never);
  if (f.parent) q = q.where("p.code", "=", f.parent);
  return q.orderBy("u.id").limit(f.limit).offset(f.offset).execute().then(camelRows);
}

export function listAgencies(
  db: Kysely<Database>,
  f: Page & { orgUnit?: string | undefined; q?: string | undefined },
) {
  let q = db
    .selectFrom("agency as a")
    .leftJoin("org_unit as u", "u.id", "a.org_unit_id")
    .select([
      "a.id",
      "a.code",
      "a.name_vi",
      "a.name_en",
      "a.short_name",
      "a.kind",
      "u.code as org_unit_code",
      "a.valid_from",
      "a.valid_to",
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom("agency_succession as s")
            .innerJoin("agency as n", "n.id", "s.successor_id")
            .select(["n.code", "n.name_vi as nameVi", "s.effective_on as effectiveOn"])
            .whereRef("s.predecessor_id", "=", "a.id")
            .orderBy("n.code"),
        ).as("successors"),
      (eb) =>
        eb
          .selectFrom("agency_alias as al")
          .select(sql<string[]>`coalesce(array_agg(al.alias order by al.alias), '{}')`.as("x"))
          .whereRef("al.agency_id", "=", "a.id")
          .as("aliases"),
    ]);
  if (f.orgUnit) q = q.where("u.code", "=", f.orgUnit);
  if (f.q) q = q.where("a.name_vi", "ilike", `%${f.q.replace(/[%_\\]/g, "\\$&")}%`);
  return q.orderBy("a.id").limit(f.limit).offset(f.offset).execute().then(camelRows);
}

export function listDocuments(db: Kysely<Database>, f: Page) {
  return db
    .selectFrom("document")
    .select([
      "id",
      "code",
      "kind",
      "number",
      "issuer",
      "issued_on",
      "title_vi",
      "title_en",
      "period_from",
      "period_to",
      "note",
      "org_unit_id",
      (eb) =>
        eb
          .selectFrom("org_unit as u")
          .select("u.code")
          .whereRef("u.id", "=", "document.org_unit_id")
          .as("org_unit_code"),
      (eb) =>
        eb
          .selectFrom("document as s")
          .select("s.code")
          .whereRef("s.id", "=", "document.supersedes_id")
          .as("supersedes_code"),
    ])
    .orderBy("issued_on", "desc")
    .orderBy("id")
    .limit(f.limit)
    .offset(f.offset)
    .execute()
    .then(camelRows);
}

/** Indicators with the codes of their parent, document and lead agency (list and detail alike). */
export function indicatorsWithReferences(db: Kysely<Database>) {
  return db
    .selectFrom("indicator as i")
    .leftJoin("document as d", "d.id", "i.document_id")
    .leftJoin("indicator as p", "p.id", "i.parent_id")
    .leftJoin("agency as a", "a.id", "i.lead_agency_id")
    .select([
      "i.id",
      "i.code",
      "i.name_vi",
      "i.name_en",
      "i.category",
      "i.unit",
      "i.measure_kind",
      "i.direction",
      "i.decimals",
      "i.frequency",
      "i.published",
      "i.seq",
      "i.note",
      "p.code as parent_code",
      "d.code as document_code",
      "a.code as lead_agency_code",
      "a.name_vi as lead_agency_name_vi",
    ]);
}

export function listIndicators(
  db: Kysely<Database>,
  f: Page & {
    category?: string | undefined;
    document?: string | undefined;
    published?: boolean | undefined;
    sort?: string | undefined;
  },
) {
  let q = indicatorsWithReferences(db);
  if (f.category) q = q.where("i.category", "=", f.category as never);
  if (f.document) q = q.where("d.code", "=", f.document);
  if (f.published !== undefined) q = q.where("i.published", "=", f.published);
  // every list ends on a unique key: paging with ties in the sort would repeat and drop rows
  q = f.sort === "code" ? q.orderBy("i.code").orderBy("i.id") : q.orderBy("d.code").orderBy("i.id");
  return q.limit(f.limit).offset(f.offset).execute().then(camelRows);
}

export function listTargets(
  db: Kysely<Database>,
  f: Page & { indicator?: string | undefined; orgUnit?: string | undefined; period?: string | undefined },
) {
  let q = currentTargets(db);
  if (f.indicator) q = q.where("i.code", "=", f.indicator);
  if (f.orgUnit) q = q.where("u.code", "=", f.orgUnit);
  if (f.period) q = q.where("t.period", "=", f.period);
  return q.orderBy("t.id").limit(f.limit).offset(f.offset).execute().then(camelRows);
}

export function targetRevisions(db: Kysely<Database>, targetId: number) {
  return db
    .selectFrom("target_revision as r")
    .leftJoin("document as d", "d.id", "r.document_id")
    .leftJoin("app_user as u", "u.id", "r.created_by")
    .select([
      ...TARGET_REVISION_COLUMNS,
      "r.effective_from",
      "r.reason",
      "r.created_at",
      "d.code as document_code",
      "d.number as document_number",
      "u.email as created_by_email",
    ])
    .where("r.target_id", "=", targetId)
    .orderBy("r.revision", "desc")
    .execute()
    .then(camelRows);
}

export function listObservations(
  db: Kysely<Database>,
  f: Page & {
    indicator?: string | undefined;
    orgUnit?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    published?: boolean;
  },
) {
  let q = db
    .selectFrom("observation as o")
    .innerJoin("indicator as i", "i.id", "o.indicator_id")
    .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
    .select([
      "o.id",
      "i.code as indicator_code",
      "u.code as org_unit_code",
      "o.period",
      "o.basis",
      "o.value",
      "o.status",
      "o.is_illustrative",
      "o.period_end",
      "o.recorded_at",
      "o.measured_at",
    ])
    .where("o.superseded_at", "is", null);
  if (f.published) q = q.where("i.published", "=", true);
  if (f.indicator) q = q.where("i.code", "=", f.indicator);
  if (f.orgUnit) q = q.where("u.code", "=", f.orgUnit);
  if (f.from) q = q.where("o.period_end", ">=", f.from);
  if (f.to) q = q.where("o.period_end", "<=", f.to);
  return q
    .orderBy("o.indicator_id")
    .orderBy("o.period_end")
    .orderBy("o.period_start", "desc")
    .orderBy("o.id")
    .limit(f.limit)
    .offset(f.offset)
    .execute()
    .then(camelRows);
}

export function observationHistoryById(db: Kysely<Database>, id: number) {
  return db
    .selectFrom("observation as o")
    .innerJoin("observation as k", (j) =>
      j
        .onRef("k.indicator_id", "=", "o.indicator_id")
        .onRef("k.org_unit_id", "=", "o.org_unit_id")
        .onRef("k.period", "=", "o.period")
        .onRef("k.basis", "=", "o.basis"),
    )
    .leftJoin("app_user as u", "u.id", "o.recorded_by")
    .leftJoin("import_batch as b", "b.id", "o.batch_id")
    .select([
      "o.id",
      "o.value",
      "o.status",
      "o.note",
      "o.is_illustrative",
      "o.recorded_at",
      "o.superseded_at",
      "o.batch_id",
      "b.file_name as batch_file_name",
      "u.email as recorded_by_email",
    ])
    .where("k.id", "=", id)
    .orderBy("o.id", "desc")
    .execute()
    .then(camelRows);
}

export function listAudit(
  db: Kysely<Database>,
  f: Page & { entity?: string | undefined; entityId?: string | undefined },
) {
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.old_value",
      "a.new_value",
      "a.batch_id",
      "a.request_id",
      "u.email as user_email",
    ]);
  if (f.entity) q = q.where("a.entity", "=", f.entity);
  if (f.entityId) q = q.where("a.entity_id", "=", f.entityId);
  return q.orderBy("a.id", "desc").limit(f.limit).offset(f.offset).execute().then(camelRows);
}

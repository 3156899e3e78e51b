import { createHash } from "node:crypto";
import { deadlineContextOf, matchKey, parseDeadline, type Target } from "@chitieu/domain";
import { type AuditEntry, type Database, refreshTaskState, writeAudit } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";
import { type Catalog, CatalogError } from "./read-catalog.ts";

// Writes the catalog into the database in one transaction, upserting by code: a second load of
// the same files changes nothing (no rows, no audit, no batch). A changed target or deadline
// becomes a new revision, never an overwrite.

export interface EntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface LoadReport {
  batchId: number | null;
  counts: Record<string, EntityCounts>;
  changed: boolean;
}

type Trx = Transaction<Database>;
type Row = Record<string, unknown>;

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null) || String(a ?? "") === String(b ?? "");

function diff(existing: Row, wanted: Row): boolean {
  return Object.keys(wanted).some((k) => !same(existing[k], wanted[k]));
}

class Loader {
  readonly counts: Record<string, EntityCounts> = {};
  readonly audit: AuditEntry[] = [];
  constructor(
    readonly trx: Trx,
    readonly batchId: number,
    readonly userId: number | null,
  ) {}

  count(entity: string, what: keyof EntityCounts) {
    this.counts[entity] ??= { inserted: 0, updated: 0, unchanged: 0 };
    this.counts[entity][what]++;
  }

  /** Upserts rows of a table whose natural key is `code`; returns code → id. */
  async syncByCode(table: keyof Database & string, rows: Row[]): Promise<Map<string, number>> {
    // biome-ignore lint/suspicious/noExplicitAny: the table name is dynamic; rows are checked by zod
    const db = this.trx as unknown as Kysely<any>;
    const existing = new Map<string, Row>();
    for (const r of await db.selectFrom(table).selectAll().execute()) existing.set(String(r.code), r);
    const ids = new Map<string, number>();
    for (const row of rows) {
      const code = String(row.code);
      const old = existing.get(code);
      if (!old) {
        const inserted = await db.insertInto(table).values(row).returning("id").executeTakeFirstOrThrow();
        ids.set(code, Number(inserted.id));
        this.count(table, "inserted");
        this.audit.push({
          action: "create",
          entity: table,
          entityId: code,
          newValue: row,
          batchId: this.batchId,
          userId: this.userId,
        });
      } else {
        ids.set(code, Number(old.id));
        if (diff(old, row)) {
          await db.updateTable(table).set(row).where("id", "=", old.id).execute();
          this.count(table, "updated");
          const before = Object.fromEntries(Object.keys(row).map((k) => [k, old[k]]));
          this.audit.push({
            action: "update",
            entity: table,
            entityId: code,
            oldValue: before,
            newValue: row,
            batchId: this.batchId,
            userId: this.userId,
          });
        } else this.count(table, "unchanged");
      }
    }
    return ids;
  }

  /** Makes a link table hold exactly `wanted` for the given owners. */
  async syncLinks(
    table:
      | "org_unit_succession"
      | "agency_succession"
      | "task_agency"
      | "agency_alias"
      | "reporting_duty_recipient",
    ownerColumn: string,
    owners: number[],
    wanted: Row[],
    keyOf: (r: Row) => string,
  ): Promise<void> {
    // biome-ignore lint/suspicious/noExplicitAny: see syncByCode
    const db = this.trx as unknown as Kysely<any>;
    const current =
      owners.length === 0
        ? []
        : await db.selectFrom(table).selectAll().where(ownerColumn, "in", owners).execute();
    const currentByKey = new Map(current.map((r: Row) => [keyOf(r), r]));
    const wantedByKey = new Map(wanted.map((r) => [keyOf(r), r]));
    for (const [key, row] of wantedByKey) {
      const old = currentByKey.get(key);
      if (!old) {
        await db.insertInto(table).values(row).execute();
        this.count(table, "inserted");
        this.audit.push({
          action: "create",
          entity: table,
          entityId: key,
          newValue: row,
          batchId: this.batchId,
          userId: this.userId,
        });
      } else if (diff(old, row)) {
        let q = db.updateTable(table).set(row);
        for (const k of Object.keys(old)) q = q.where(k, old[k] === null ? "is" : "=", old[k]);
        await q.execute();
        this.count(table, "updated");
        this.audit.push({
          action: "update",
          entity: table,
          entityId: key,
          oldValue: old,
          newValue: row,
          batchId: this.batchId,
          userId: this.userId,
        });
      } else this.count(table, "unchanged");
    }
    for (const [key, old] of currentByKey) {
      if (wantedByKey.has(key)) continue;
      let q = db.deleteFrom(table);
      for (const k of Object.keys(old)) q = q.where(k, old[k] === null ? "is" : "=", old[k]);
      await q.execute();
      this.audit.push({
        action: "delete",
        entity: table,
        entityId: key,
        oldValue: old,
        batchId: this.batchId,
        userId: this.userId,
      });
    }
  }
}

function need(map: Map<string, number>, code: string | null): number | null {
  if (code === null) return null;
  const id = map.get(code);
  if (id === undefined) throw new Error(`unknown code ${code}`);
  return id;
}

export function catalogHash(catalog: Catalog): string {
  return createHash("sha256").update(JSON.stringify(catalog)).digest("hex");
}

/**
 * Loads the catalog files when they differ from the last catalog load (or with `force`). A
 * restart or a re-seed then never undoes what an administrator changed in the app since (a
 * published flag, a merge, a name); new catalog files still win for the rows they carry.
 * Null when nothing was loaded.
 */
export async function loadCatalogIfChanged(
  db: Kysely<Database>,
  catalog: Catalog,
  options: { force?: boolean; userId?: number | null } = {},
): Promise<LoadReport | null> {
  if (!options.force) {
    const last = await db
      .selectFrom("import_batch")
      .select("file_hash")
      .where("kind", "=", "catalog")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (last?.file_hash === catalogHash(catalog)) return null;
  }
  return loadCatalog(db, catalog, { userId: options.userId ?? null });
}

export async function loadCatalog(
  db: Kysely<Database>,
  catalog: Catalog,
  options: { userId?: number | null } = {},
): Promise<LoadReport> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto("import_batch")
      .values({
        kind: "catalog",
        file_name: "data/catalog",
        file_hash: catalogHash(catalog),
        user_id: options.userId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const l = new Loader(trx, batch.id, options.userId ?? null);

    // org units: rows first, then parents and successions (they point at each other)
    const units = await l.syncByCode(
      "org_unit",
      catalog.orgUnits.map((u) => ({
        code: u.code,
        gso_code: u.gso_code,
        name_vi: u.name_vi,
        name_en: u.name_en,
        level: u.level,
        valid_from: u.valid_from,
        valid_to: u.valid_to,
        source: u.source,
      })),
    );
    await l.syncByCode(
      "org_unit",
      catalog.orgUnits.map((u) => ({ code: u.code, parent_id: need(units, u.parent_code) })),
    );
    await l.syncLinks(
      "org_unit_succession",
      "predecessor_id",
      [...units.values()],
      catalog.orgUnits.flatMap((u) =>
        u.successor_codes.map((s) => ({
          predecessor_id: need(units, u.code),
          successor_id: need(units, s),
          effective_on: u.valid_to === null ? null : nextDay(u.valid_to),
          source: u.source,
        })),
      ),
      (r) => `${r.predecessor_id}>${r.successor_id}`,
    );

    const agencies = await l.syncByCode(
      "agency",
      catalog.agencies.map((a) => ({
        code: a.code,
        name_vi: a.name_vi,
        name_en: a.name_en,
        short_name: a.short_name,
        kind: a.kind,
        org_unit_id: need(units, a.org_unit_code),
        valid_from: a.valid_from,
        valid_to: a.valid_to,
        note: a.note,
      })),
    );
    await l.syncLinks(
      "agency_succession",
      "predecessor_id",
      [...agencies.values()],
      catalog.agencies.flatMap((a) =>
        a.successor_codes.map((s) => ({
          predecessor_id: need(agencies, a.code),
          successor_id: need(agencies, s),
          effective_on: a.valid_to === null ? null : nextDay(a.valid_to),
          note: a.note,
        })),
      ),
      (r) => `${r.predecessor_id}>${r.successor_id}`,
    );
    // every agency is found by its own name too
    const unitOfAgency = new Map(catalog.agencies.map((a) => [a.code, need(units, a.org_unit_code)]));
    const aliases = new Map<string, Row>();
    const addAlias = (agencyCode: string, alias: string) => {
      const orgUnitId = unitOfAgency.get(agencyCode) ?? null;
      const key = matchKey(alias);
      const slot = `${orgUnitId}|${key}`;
      const agencyId = need(agencies, agencyCode);
      const taken = aliases.get(slot);
      if (taken && taken.agency_id !== agencyId)
        throw new CatalogError([
          `agency_aliases.csv: "${alias}" names two agencies of one org unit (${agencyCode} and another)`,
        ]);
      aliases.set(slot, { agency_id: agencyId, org_unit_id: orgUnitId, alias, alias_key: key });
    };
    for (const a of catalog.agencies) addAlias(a.code, a.name_vi);
    for (const a of catalog.agencyAliases) addAlias(a.agency_code, a.alias);
    await l.syncLinks(
      "agency_alias",
      "agency_id",
      [...agencies.values()],
      [...aliases.values()],
      (r) => `${r.agency_id}|${r.alias_key}`,
    );

    const documents = await l.syncByCode(
      "document",
      catalog.documents.map((d) => ({
        code: d.code,
        kind: d.kind,
        number: d.number,
        issuer: d.issuer,
        org_unit_id: need(units, d.org_unit_code),
        issued_on: d.issued_on,
        title_vi: d.title_vi,
        period_from: d.period_from,
        period_to: d.period_to,
        source_file: d.source_file,
        note: d.note,
      })),
    );
    await l.syncByCode(
      "document",
      catalog.documents.map((d) => ({ code: d.code, supersedes_id: need(documents, d.supersedes_code) })),
    );

    const indicators = await l.syncByCode(
      "indicator",
      catalog.indicators.map((i) => ({
        code: i.code,
        name_vi: i.name_vi,
        name_en: i.name_en,
        category: i.category,
        unit: i.unit,
        measure_kind: i.measure_kind,
        direction: i.direction,
        decimals: i.decimals,
        frequency: i.frequency,
        lead_agency_id: need(agencies, i.lead_agency_code),
        document_id: need(documents, i.document_code),
        published: i.published,
        plausible_min: i.plausible_min,
        plausible_max: i.plausible_max,
        seq: i.seq,
        note: i.note,
      })),
    );
    await l.syncByCode(
      "indicator",
      catalog.indicators.map((i) => ({ code: i.code, parent_id: need(indicators, i.parent_code) })),
    );

    await syncTargets(l, catalog, { indicators, units, documents });
    // a task a later document restates is the earlier task: never a row of its own
    const restatedAs = new Map(
      catalog.taskRestatements
        .filter((r) => r.scope === "whole")
        .map((r) => [r.later_task_code, r.task_code]),
    );
    const own = (code: string) => restatedAs.get(code) ?? code;
    await mergeRestatedTasks(l, catalog);
    const tasks = await l.syncByCode(
      "task",
      catalog.tasks
        .filter((t) => !restatedAs.has(t.code))
        .map((t) => ({
          code: t.code,
          document_id: need(documents, t.document_code),
          number: t.number,
          section: t.section,
          text_vi: t.text_vi,
          lead_text: t.lead_text,
          support_text: t.support_text,
          approval_level: t.approval_level,
          expected_output: t.expected_output,
          note: t.note,
          quote: t.quote,
        })),
    );
    for (const [later, earlier] of restatedAs) tasks.set(later, need(tasks, earlier) as number);
    // the later document's agencies join the task; where both name one agency in one role, the
    // later document's row (its part) is the one in force
    const byRestatement = (ta: { task_code: string }) => (restatedAs.has(ta.task_code) ? 1 : 0);
    await l.syncLinks(
      "task_agency",
      "task_id",
      [...new Set(tasks.values())],
      [...catalog.taskAgencies]
        .sort((a, b) => byRestatement(a) - byRestatement(b))
        .map((ta) => ({
          task_id: need(tasks, ta.task_code),
          agency_id: need(agencies, ta.agency_code),
          role: ta.role,
          part: ta.part,
        })),
      (r) => `${r.task_id}/${r.agency_id}/${r.role}`,
    );
    await syncDeadlines(l, catalog, tasks, documents);
    await syncTaskIndicators(
      l,
      {
        ...catalog,
        taskIndicators: uniqueBy(
          catalog.taskIndicators.map((ti) => ({ ...ti, task_code: own(ti.task_code) })),
          (ti) => `${ti.task_code}/${ti.indicator_code}`,
        ),
      },
      tasks,
      indicators,
    );
    await syncCompletions(l, catalog, tasks, documents);
    const duties = await l.syncByCode(
      "reporting_duty",
      catalog.reportingDuties.map((r) => ({
        code: r.code,
        document_id: need(documents, r.document_code),
        reporter_agency_id: need(agencies, r.reporter_agency_code),
        recipient_agency_id: need(agencies, r.recipient_agency_code),
        subject_vi: r.subject_vi,
        cadence: r.cadence,
        due_text: r.due_text,
        event_driven: r.event_driven,
        valid_to: r.valid_to,
        ended_by_document_id: need(documents, r.ended_by_document_code),
        replaced_by_id: null,
        quote: r.quote,
      })),
    );
    await l.syncLinks(
      "reporting_duty_recipient",
      "duty_id",
      [...duties.values()],
      catalog.reportingDuties.flatMap((r) =>
        [r.recipient_agency_code, ...r.other_recipient_codes]
          .filter((c): c is string => c !== null)
          .map((c, seq) => ({ duty_id: need(duties, r.code), agency_id: need(agencies, c), seq })),
      ),
      (r) => `${r.duty_id}/${r.agency_id}`,
    );
    await retireReplacedDuties(l, catalog, duties);

    const changed = l.audit.length > 0;
    if (changed) {
      const total = Object.values(l.counts).reduce((n, c) => n + c.inserted + c.updated + c.unchanged, 0);
      const news = Object.values(l.counts).reduce((n, c) => n + c.inserted, 0);
      const revised = Object.values(l.counts).reduce((n, c) => n + c.updated, 0);
      await trx
        .updateTable("import_batch")
        .set({
          rows_total: total,
          rows_new: news,
          rows_revised: revised,
          rows_unchanged: total - news - revised,
        })
        .where("id", "=", batch.id)
        .execute();
      await writeAudit(trx, l.audit);
    } else {
      await trx.deleteFrom("import_batch").where("id", "=", batch.id).execute();
    }
    return { batchId: changed ? batch.id : null, counts: l.counts, changed };
  });
}

/**
 * Tasks ↔ indicators: the catalog's links are added, changed (basis) or removed; a link an
 * administrator set is never touched (the pair stays the administrator's).
 */
async function syncTaskIndicators(
  l: Loader,
  catalog: Catalog,
  tasks: Map<string, number>,
  indicators: Map<string, number>,
): Promise<void> {
  const current = await l.trx.selectFrom("task_indicator").selectAll().execute();
  const byKey = new Map(current.map((r) => [`${r.task_id}/${r.indicator_id}`, r]));
  const wanted = new Set<string>();
  for (const link of catalog.taskIndicators) {
    const taskId = need(tasks, link.task_code) as number;
    const indicatorId = need(indicators, link.indicator_code) as number;
    const key = `${taskId}/${indicatorId}`;
    const entityId = `${link.task_code}/${link.indicator_code}`;
    wanted.add(key);
    const old = byKey.get(key);
    if (!old) {
      await l.trx
        .insertInto("task_indicator")
        .values({ task_id: taskId, indicator_id: indicatorId, source: "catalog", basis: link.basis })
        .execute();
      l.count("task_indicator", "inserted");
      l.audit.push({
        action: "create",
        entity: "task_indicator",
        entityId,
        newValue: { source: "catalog", basis: link.basis },
        batchId: l.batchId,
        userId: l.userId,
      });
    } else if (old.source === "catalog" && old.basis !== link.basis) {
      await l.trx
        .updateTable("task_indicator")
        .set({ basis: link.basis })
        .where("task_id", "=", taskId)
        .where("indicator_id", "=", indicatorId)
        .execute();
      l.count("task_indicator", "updated");
      l.audit.push({
        action: "update",
        entity: "task_indicator",
        entityId,
        oldValue: { basis: old.basis },
        newValue: { basis: link.basis },
        batchId: l.batchId,
        userId: l.userId,
      });
    } else l.count("task_indicator", "unchanged");
  }
  for (const [key, old] of byKey) {
    if (old.source !== "catalog" || wanted.has(key)) continue;
    await l.trx
      .deleteFrom("task_indicator")
      .where("task_id", "=", old.task_id)
      .where("indicator_id", "=", old.indicator_id)
      .execute();
    l.audit.push({
      action: "delete",
      entity: "task_indicator",
      entityId: key,
      oldValue: { source: old.source, basis: old.basis },
      batchId: l.batchId,
      userId: l.userId,
    });
  }
}

/**
 * A duty the catalog once kept per recipient and now keeps as one report with its recipients:
 * the old rows (in a database loaded before) point to the duty that replaced them and owe nothing
 * themselves; their recorded deliveries stay, and count for the new duty.
 */
async function retireReplacedDuties(l: Loader, catalog: Catalog, duties: Map<string, number>): Promise<void> {
  for (const r of catalog.reportingDuties) {
    const newId = need(duties, r.code) as number;
    for (const oldCode of r.replaces_codes) {
      if (oldCode === r.code) continue;
      const old = await l.trx
        .selectFrom("reporting_duty")
        .select(["id", "replaced_by_id"])
        .where("code", "=", oldCode)
        .executeTakeFirst();
      if (!old || old.replaced_by_id === newId) continue;
      await l.trx
        .updateTable("reporting_duty")
        .set({ replaced_by_id: newId })
        .where("id", "=", old.id)
        .execute();
      l.count("reporting_duty", "updated");
      l.audit.push({
        action: "update",
        entity: "reporting_duty",
        entityId: oldCode,
        oldValue: { replaced_by_id: old.replaced_by_id },
        newValue: { replaced_by_id: newId, replaced_by: r.code },
        batchId: l.batchId,
        userId: l.userId,
      });
    }
  }
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const targetFields = [
  "form",
  "low",
  "high",
  "low_inclusive",
  "high_inclusive",
  "tolerance",
  "change_unit",
  "baseline_period",
  "baseline_value",
  "plan_amount",
  "category_value",
  "due_date",
  "document_id",
  "quote",
  "note",
  "clauses",
  "provenance",
  "provenance_note",
] as const;

async function syncTargets(
  l: Loader,
  catalog: Catalog,
  ids: { indicators: Map<string, number>; units: Map<string, number>; documents: Map<string, number> },
): Promise<void> {
  const trx = l.trx;
  const current = await trx
    .selectFrom("target as t")
    .innerJoin("target_current as r", "r.target_id", "t.id")
    .selectAll("r")
    .select(["t.indicator_id", "t.org_unit_id", "t.period"])
    .execute();
  const byKey = new Map(current.map((r) => [`${r.indicator_id}/${r.org_unit_id}/${r.period}`, r]));
  // a compound target's further clauses travel with its main row, in the domain's shape
  const clausesOf = new Map<string, Target[]>();
  for (const t of catalog.targets) {
    if (t.clause === null) continue;
    const key = `${t.indicator_code}/${t.org_unit_code}/${t.period}`;
    const list = clausesOf.get(key) ?? [];
    list.push(clauseTarget(t));
    clausesOf.set(key, list);
  }
  for (const t of catalog.targets) {
    if (t.clause !== null) continue;
    const clauses = clausesOf.get(`${t.indicator_code}/${t.org_unit_code}/${t.period}`);
    const indicatorId = need(ids.indicators, t.indicator_code) as number;
    const orgUnitId = need(ids.units, t.org_unit_code) as number;
    const wanted: Row = {
      form: t.form,
      low: t.low,
      high: t.high,
      low_inclusive: t.low_inclusive,
      high_inclusive: t.high_inclusive,
      tolerance: t.tolerance,
      change_unit: t.change_unit,
      baseline_period: t.baseline_period,
      baseline_value: t.baseline_value,
      plan_amount: t.plan_amount,
      category_value: t.category_value,
      due_date: t.due_date,
      document_id: need(ids.documents, t.document_code),
      quote: t.quote,
      note: t.note,
      clauses: clauses ? JSON.stringify(clauses) : null,
      provenance: t.provenance ?? "stated",
      provenance_note: t.provenance_note,
    };
    const key = `${indicatorId}/${orgUnitId}/${t.period}`;
    const old = byKey.get(key);
    if (old && !diff(old as Row, wanted)) {
      l.count("target", "unchanged");
      continue;
    }
    let targetId = old?.target_id;
    if (targetId === undefined) {
      const inserted = await trx
        .insertInto("target")
        .values({ indicator_id: indicatorId, org_unit_id: orgUnitId, period: t.period })
        .returning("id")
        .executeTakeFirstOrThrow();
      targetId = inserted.id;
    }
    const revision = (old?.revision ?? 0) + 1;
    await trx
      .insertInto("target_revision")
      .values({
        target_id: targetId,
        revision,
        ...(wanted as Pick<Row, (typeof targetFields)[number]>),
        reason: old ? "Cập nhật danh mục / catalog update" : null,
        created_by: l.userId,
      } as never)
      .execute();
    l.count("target", old ? "updated" : "inserted");
    const entityId = `${t.indicator_code}/${t.org_unit_code}/${t.period}`;
    l.audit.push({
      action: old ? "revise" : "create",
      entity: "target",
      entityId,
      oldValue: old ? Object.fromEntries(targetFields.map((f) => [f, (old as Row)[f]])) : undefined,
      newValue: { revision, ...wanted },
      batchId: l.batchId,
      userId: l.userId,
    });
  }
}

function uniqueBy<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const r of rows) if (!seen.has(key(r))) seen.set(key(r), r);
  return [...seen.values()];
}

/**
 * A database loaded before task_restatements.csv has the later document's task as a row of its
 * own: its status reports (and a meeting direction, when the earlier task has none) move to the
 * earlier task, and the row goes (its agencies, deadlines and catalog links with it), audited.
 */
async function mergeRestatedTasks(l: Loader, catalog: Catalog): Promise<void> {
  for (const r of catalog.taskRestatements) {
    if (r.scope !== "whole") continue;
    const later = await l.trx
      .selectFrom("task")
      .select("id")
      .where("code", "=", r.later_task_code)
      .executeTakeFirst();
    if (!later) continue;
    const earlier = await l.trx
      .selectFrom("task")
      .select("id")
      .where("code", "=", r.task_code)
      .executeTakeFirst();
    if (!earlier) {
      // the earlier task was never loaded: the row takes the earlier code and is rewritten below
      await l.trx.updateTable("task").set({ code: r.task_code }).where("id", "=", later.id).execute();
      await l.trx.deleteFrom("task_deadline").where("task_id", "=", later.id).execute();
    } else {
      const moved = await l.trx
        .updateTable("task_status_report")
        .set({ task_id: earlier.id })
        .where("task_id", "=", later.id)
        .executeTakeFirst();
      const taken = await l.trx
        .selectFrom("direction")
        .select("id")
        .where("task_id", "=", earlier.id)
        .executeTakeFirst();
      if (!taken)
        await l.trx
          .updateTable("direction")
          .set({ task_id: earlier.id })
          .where("task_id", "=", later.id)
          .execute();
      await l.trx
        .insertInto("task_indicator")
        .columns(["task_id", "indicator_id", "source", "basis", "created_by", "created_at"])
        .expression((eb) =>
          eb
            .selectFrom("task_indicator")
            .select([
              eb.val(earlier.id).as("task_id"),
              "indicator_id",
              "source",
              "basis",
              "created_by",
              "created_at",
            ])
            .where("task_id", "=", later.id)
            .where("source", "=", "admin")
            .where("indicator_id", "not in", (sub) =>
              sub.selectFrom("task_indicator").select("indicator_id").where("task_id", "=", earlier.id),
            ),
        )
        .execute();
      await l.trx.deleteFrom("task").where("id", "=", later.id).execute();
      if (Number(moved.numUpdatedRows) > 0) {
        await refreshTaskState(l.trx, earlier.id);
      }
    }
    l.count("task", "updated");
    l.audit.push({
      action: "merge",
      entity: "task",
      entityId: r.later_task_code,
      oldValue: { code: r.later_task_code },
      newValue: { restates: r.task_code, quote: r.quote },
      batchId: l.batchId,
      userId: l.userId,
    });
  }
}

/**
 * The completions the documents state (task_completions.csv): a "done" report on the task whose
 * evidence cites the document that shows it done; loaded once (catalog_key), audited.
 */
async function syncCompletions(
  l: Loader,
  catalog: Catalog,
  tasks: Map<string, number>,
  documents: Map<string, number>,
): Promise<void> {
  const statedOn = new Map(catalog.documents.map((d) => [d.code, d.issued_on]));
  for (const c of catalog.taskCompletions) {
    const key = `${c.task_code}/${c.evidence_number}`;
    const taskId = need(tasks, c.task_code) as number;
    const wanted = {
      task_id: taskId,
      evidence_document: c.evidence_document,
      evidence_document_number: c.evidence_number,
      evidence_document_date: c.evidence_date,
      evidence_quote: c.quote,
      completed_on: c.completed_on,
      stated_in_document_id: need(documents, c.stated_in_document_code),
      progress_note: c.note,
    };
    const old = await l.trx
      .selectFrom("task_status_report")
      .select([
        "id",
        "task_id",
        "evidence_document",
        "evidence_document_number",
        "evidence_document_date",
        "evidence_quote",
        "completed_on",
        "stated_in_document_id",
        "progress_note",
      ])
      .where("catalog_key", "=", key)
      .executeTakeFirst();
    if (old && !diff(old as Row, wanted)) {
      l.count("task_completion", "unchanged");
      continue;
    }
    if (old) await l.trx.updateTable("task_status_report").set(wanted).where("id", "=", old.id).execute();
    else
      await l.trx
        .insertInto("task_status_report")
        .values({
          ...wanted,
          status: "done",
          reported_on: statedOn.get(c.stated_in_document_code) ?? c.completed_on,
          catalog_key: key,
          batch_id: null,
          user_id: l.userId,
        })
        .execute();
    await refreshTaskState(l.trx, taskId);
    if (old && old.task_id !== taskId) await refreshTaskState(l.trx, old.task_id);
    l.count("task_completion", old ? "updated" : "inserted");
    l.audit.push({
      action: old ? "update" : "create",
      entity: "task_status_report",
      entityId: key,
      oldValue: old ?? undefined,
      newValue: { task: c.task_code, status: "done", ...wanted },
      batchId: l.batchId,
      userId: l.userId,
    });
  }
}

/**
 * Each task's deadline as its document states it. A task later documents restate has one step
 * per document, oldest first: the restating document's deadline is a revision citing it, with
 * its words (quote), and the history keeps the original. A step already in the history (same
 * document, same text) is not written again, so a second load changes nothing.
 */
async function syncDeadlines(
  l: Loader,
  catalog: Catalog,
  tasks: Map<string, number>,
  documents: Map<string, number>,
): Promise<void> {
  const trx = l.trx;
  const docs = new Map(catalog.documents.map((d) => [d.code, d]));
  const context = new Map(
    catalog.documents.map((d) => [
      d.code,
      deadlineContextOf({ issuedOn: d.issued_on, periodFrom: d.period_from, periodTo: d.period_to }),
    ]),
  );
  const current = await trx.selectFrom("task_deadline_current as d").selectAll().execute();
  const byTask = new Map(current.map((d) => [d.task_id, d]));
  const history = new Map<number, Array<{ document_id: number | null; deadline_text: string | null }>>();
  for (const h of await trx
    .selectFrom("task_deadline")
    .select(["task_id", "document_id", "deadline_text"])
    .execute())
    history.set(h.task_id, [...(history.get(h.task_id) ?? []), h]);
  const taskByCode = new Map(catalog.tasks.map((t) => [t.code, t]));
  const restatements = new Map<string, Array<{ row: Catalog["tasks"][number]; quote: string }>>();
  for (const r of catalog.taskRestatements) {
    const row = taskByCode.get(r.later_task_code);
    if (row)
      restatements.set(r.task_code, [...(restatements.get(r.task_code) ?? []), { row, quote: r.quote }]);
  }
  const issued = (code: string) => docs.get(code)?.issued_on ?? "";
  const restated = new Set(
    catalog.taskRestatements.filter((r) => r.scope === "whole").map((r) => r.later_task_code),
  );
  for (const t of catalog.tasks) {
    if (restated.has(t.code)) continue;
    const taskId = need(tasks, t.code) as number;
    const later = [...(restatements.get(t.code) ?? [])].sort((a, b) =>
      issued(a.row.document_code).localeCompare(issued(b.row.document_code)),
    );
    const steps = [{ row: t, quote: null as string | null }, ...later];
    const wantedOf = (row: Catalog["tasks"][number]): Row => {
      const parsed = parseDeadline(row.deadline_text ?? "", context.get(row.document_code) ?? {});
      return {
        deadline_text: row.deadline_text,
        kind: parsed.kind,
        due_date: parsed.due ?? null,
        window_from: parsed.from ?? null,
        window_to: parsed.to ?? null,
        recurrence: parsed.recurrence ?? null,
        start_year: parsed.startYear ?? null,
        end_year: parsed.endYear ?? null,
        review_code: parsed.review?.code ?? null,
        review_reason: parsed.review ? `${parsed.review.reason_vi} / ${parsed.review.reason_en}` : null,
        provenance: parsed.inherited ? "inferred" : "stated",
        condition_text: parsed.condition ?? null,
        aspiration: parsed.aspiration === true,
        vision_year: parsed.visionYear ?? null,
      };
    };
    let old = byTask.get(taskId) as Row | undefined;
    const seen = history.get(taskId) ?? [];
    const inHistory = (row: Catalog["tasks"][number]) =>
      seen.some(
        (h) =>
          h.document_id === need(documents, row.document_code) && same(h.deadline_text, row.deadline_text),
      );
    // the steps to write: those of a restated task not yet in its history; otherwise (one step,
    // or all written) the last, when the deadline in force differs from it
    const missing = later.length > 0 && old ? steps.filter((s) => !inHistory(s.row)) : [];
    const last = steps[steps.length - 1] as (typeof steps)[number];
    const toWrite = !old ? steps : missing.length > 0 ? missing : diff(old, wantedOf(last.row)) ? [last] : [];
    if (toWrite.length === 0) {
      l.count("task_deadline", "unchanged");
      continue;
    }
    for (const step of toWrite) {
      const wanted = wantedOf(step.row);
      const revision = Number(old?.revision ?? 0) + 1;
      const doc = docs.get(step.row.document_code);
      const label = doc ? documentLabel(doc) : { vi: step.row.document_code, en: step.row.document_code };
      const reason = step.quote
        ? `Nhắc lại tại ${label.vi} / restated in ${label.en}`
        : old
          ? "Cập nhật danh mục / catalog update"
          : null;
      await trx
        .insertInto("task_deadline")
        .values({
          task_id: taskId,
          revision,
          ...(wanted as object),
          document_id: need(documents, step.row.document_code),
          changed_by: l.userId,
          reason,
          quote: step.quote,
        } as never)
        .execute();
      l.count("task_deadline", old ? "updated" : "inserted");
      l.audit.push({
        action: old ? "revise" : "create",
        entity: "task_deadline",
        entityId: t.code,
        oldValue: old ?? undefined,
        newValue: {
          revision,
          ...wanted,
          document: step.row.document_code,
          ...(step.quote ? { restated_by: step.row.code, quote: step.quote } : {}),
        },
        batchId: l.batchId,
        userId: l.userId,
      });
      old = { ...wanted, revision };
    }
  }
}

const kindNames: Record<string, [string, string]> = {
  KH: ["Kế hoạch", "plan"],
  CV: ["Công văn", "official letter"],
  QD: ["Quyết định", "decision"],
  NQ: ["Nghị quyết", "resolution"],
  CT: ["Chỉ thị", "directive"],
  TB: ["Thông báo", "notice"],
  KL: ["Kết luận", "conclusion"],
  CTR: ["Chương trình", "programme"],
};

/** "Kế hoạch ngày 29/8/2024" / "plan of 2024-08-29"; "Công văn số 1468/UBND-KTTH ngày 22/3/2024". */
function documentLabel(d: Catalog["documents"][number]): { vi: string; en: string } {
  const [kindVi, kindEn] = kindNames[d.kind] ?? ["Văn bản", "document"];
  const vnDate = d.issued_on
    ? `${Number(d.issued_on.slice(8, 10))}/${Number(d.issued_on.slice(5, 7))}/${d.issued_on.slice(0, 4)}`
    : null;
  const numbered = d.number !== null || vnDate !== null;
  return {
    vi: `${kindVi}${d.number ? ` số ${d.number}` : ""}${vnDate ? ` ngày ${vnDate}` : ""}${numbered ? "" : ` (${d.code})`}`,
    en: `${kindEn}${d.number ? ` ${d.number}` : ""}${d.issued_on ? ` of ${d.issued_on}` : ""}${numbered ? "" : ` (${d.code})`}`,
  };
}

/** One clause row of targets.csv as the domain's Target (what Target.clauses holds). */
function clauseTarget(t: Catalog["targets"][number]): Target {
  const v = (x: string | null) => x ?? undefined;
  const target: Target = {
    form: t.form,
    period: t.period,
    low: v(t.low),
    high: v(t.high),
    lowInclusive: t.low_inclusive,
    highInclusive: t.high_inclusive,
    tolerance: v(t.tolerance),
    changeUnit: t.change_unit ?? undefined,
    baselinePeriod: v(t.baseline_period),
    baselineValue: v(t.baseline_value),
    planAmount: v(t.plan_amount),
    categoryValue: v(t.category_value),
    dueDate: v(t.due_date),
    documentCode: v(t.document_code),
    quote: v(t.quote),
    provenance: t.provenance ?? undefined,
    provenanceNote: v(t.provenance_note),
  };
  return Object.fromEntries(Object.entries(target).filter(([, x]) => x !== undefined)) as Target;
}

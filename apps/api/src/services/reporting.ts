import {
  type AgencyScore,
  agencyScorecard,
  type Delivery,
  type DutyCadence,
  type DutyRow,
  dutyCompliance,
  dutyOccurrences,
  dutyRule,
  parsePeriod,
  periodCode,
  periodEnd,
  periodStart,
  type StatusReport,
  vietnamDate,
  type WorkItem,
  workItems,
} from "@chitieu/domain";
import { type Database, taskDeadline, tasksWithDeadline, writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { camelRow } from "./camel.ts";
import type { Actor } from "./context.ts";
import { failures } from "./errors.ts";
import { today } from "./tasks.ts";

// Reporting duties and agency scorecards.
//
// Who must report: the duty's reporter when it is one agency. A group reporter ("Các sở, ban,
// ngành …") stands for every agency (kind "agency") of the group's org unit and the units under
// it that exists during the period, except the bodies the document's reports go to (they compile
// the reports, they do not send them to themselves). Group membership is not modelled beyond this.
//
// A duty owes nothing due before its document was issued.
//
// What counts as delivered (see dutyCompliance in the domain): an explicit report_delivery row
// (an officer marks the report sent, with its document number); or activity of the agency in the
// occurrence's window: a status report (single or uploaded) on a task of the duty's document, or,
// for periodic duties only (monthly, quarterly, 6 and 9 months), a committed upload of figures by
// a user of the agency (the periodic socio-economic report is the figures). An annual or one-off
// report on a plan's execution needs a status report on that plan's tasks or an explicit record.
// Upload dates are taken in Vietnam time.

type Db = Kysely<Database>;

interface DutyInfo {
  id: number;
  code: string;
  subjectVi: string;
  cadence: DutyCadence;
  dueText: string | null;
  document: { id: number | null; code: string | null; issuedOn: string | null };
  reporter: { id: number | null; code: string | null; nameVi: string | null; kind: string | null };
  recipient: { id: number | null; code: string | null; nameVi: string | null };
  rule: ReturnType<typeof dutyRule>;
}

async function duties(db: Db, defaultDueDay?: number): Promise<DutyInfo[]> {
  const rows = await db
    .selectFrom("reporting_duty as r")
    .leftJoin("document as doc", "doc.id", "r.document_id")
    .leftJoin("agency as rep", "rep.id", "r.reporter_agency_id")
    .leftJoin("agency as rec", "rec.id", "r.recipient_agency_id")
    .select([
      "r.id",
      "r.code",
      "r.subject_vi",
      "r.cadence",
      "r.due_text",
      "doc.id as document_id",
      "doc.code as document_code",
      "doc.issued_on",
      "doc.period_from",
      "rep.id as reporter_id",
      "rep.code as reporter_code",
      "rep.name_vi as reporter_name",
      "rep.kind as reporter_kind",
      "rec.id as recipient_id",
      "rec.code as recipient_code",
      "rec.name_vi as recipient_name",
    ])
    .orderBy("r.code")
    .execute();
  return rows.map((r) => {
    const documentYear = r.issued_on ? Number(r.issued_on.slice(0, 4)) : (r.period_from ?? undefined);
    return {
      id: r.id,
      code: r.code,
      subjectVi: r.subject_vi,
      cadence: r.cadence,
      dueText: r.due_text,
      document: { id: r.document_id, code: r.document_code, issuedOn: r.issued_on },
      reporter: { id: r.reporter_id, code: r.reporter_code, nameVi: r.reporter_name, kind: r.reporter_kind },
      recipient: { id: r.recipient_id, code: r.recipient_code, nameVi: r.recipient_name },
      rule: dutyRule(
        r.cadence,
        r.due_text,
        documentYear === undefined ? {} : { documentYear },
        defaultDueDay === undefined ? {} : { defaultDueDay },
      ),
    };
  });
}

export async function listReportingDuties(db: Db, options: { defaultDueDay?: number } = {}) {
  return (await duties(db, options.defaultDueDay)).map(({ rule, ...d }) => ({
    ...d,
    dueRule: {
      dueDay: rule.dueDay,
      dueMonth: rule.dueMonth ?? null,
      dueAfterPeriod: rule.dueAfterPeriod,
      onceDue: rule.onceDue ?? null,
      source: rule.source,
    },
  }));
}

interface World {
  agencies: Array<{
    id: number;
    code: string;
    name_vi: string;
    kind: string;
    org_unit_id: number | null;
    valid_from: string | null;
    valid_to: string | null;
  }>;
  children: Map<number, number[]>;
  recipientsByDocument: Map<number | null, Set<number>>;
  deliveries: Delivery[];
  /** report_delivery rows per duty */
  explicitByDuty: Map<number, Delivery[]>;
  /** status reports per agency, with their task's document: implied deliveries of that document's duties */
  statusReports: Array<{ agencyId: number; documentId: number; on: string; id: number }>;
}

async function world(db: Db, all: DutyInfo[]): Promise<World> {
  const [agencies, units, explicit, uploads, scopes, reports] = await Promise.all([
    db
      .selectFrom("agency")
      .select(["id", "code", "name_vi", "kind", "org_unit_id", "valid_from", "valid_to"])
      .execute(),
    db.selectFrom("org_unit").select(["id", "parent_id"]).execute(),
    db.selectFrom("report_delivery").selectAll().execute(),
    db
      .selectFrom("import_batch as b")
      .innerJoin("app_user as u", "u.id", "b.user_id")
      .select(["b.id", "b.created_at", "b.user_id", "u.agency_id"])
      .where("b.status", "=", "committed")
      .where("b.kind", "=", "observations")
      .execute(),
    db.selectFrom("user_scope").select(["user_id", "ref_id"]).where("scope_kind", "=", "agency").execute(),
    db
      .selectFrom("task_status_report as r")
      .innerJoin("task as t", "t.id", "r.task_id")
      .select(["r.id", "r.agency_id", "r.reported_on", "t.document_id"])
      .where("r.agency_id", "is not", null)
      .execute(),
  ]);
  const children = new Map<number, number[]>();
  for (const u of units)
    if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const recipientsByDocument = new Map<number | null, Set<number>>();
  for (const d of all)
    if (d.recipient.id !== null)
      recipientsByDocument.set(
        d.document.id,
        (recipientsByDocument.get(d.document.id) ?? new Set()).add(d.recipient.id),
      );
  const deliveries: Delivery[] = [];
  const explicitByDuty = new Map<number, Delivery[]>();
  for (const e of explicit) {
    const item: Delivery = {
      agencyId: e.agency_id,
      deliveredOn: e.delivered_on,
      source: "explicit",
      period: e.period,
      evidence: e.document_number ?? e.evidence_url ?? `report_delivery ${e.id}`,
    };
    explicitByDuty.set(e.duty_id, [...(explicitByDuty.get(e.duty_id) ?? []), item]);
  }
  const agenciesOfUser = new Map<number, Set<number>>();
  for (const s of scopes)
    agenciesOfUser.set(s.user_id, (agenciesOfUser.get(s.user_id) ?? new Set()).add(s.ref_id));
  for (const b of uploads) {
    const mine = new Set(agenciesOfUser.get(b.user_id as number) ?? []);
    if (b.agency_id !== null) mine.add(b.agency_id);
    for (const agencyId of mine)
      deliveries.push({
        agencyId,
        deliveredOn: vietnamDate(b.created_at),
        source: "upload",
        evidence: `import_batch ${b.id}`,
      });
  }
  return {
    agencies,
    children,
    recipientsByDocument,
    deliveries,
    statusReports: reports.map((r) => ({
      agencyId: r.agency_id as number,
      documentId: r.document_id,
      on: r.reported_on,
      id: r.id,
    })),
    explicitByDuty,
  };
}

function reportersOf(d: DutyInfo, w: World, period: string): number[] {
  if (d.reporter.id === null) return [];
  if (d.reporter.kind !== "group") return [d.reporter.id];
  const group = w.agencies.find((a) => a.id === d.reporter.id);
  if (!group || group.org_unit_id === null) return [];
  const units = new Set<number>();
  const stack = [group.org_unit_id];
  while (stack.length > 0) {
    const u = stack.pop() as number;
    if (units.has(u)) continue;
    units.add(u);
    stack.push(...(w.children.get(u) ?? []));
  }
  const p = parsePeriod(period);
  const from = p ? periodStart(p) : `${period}-01-01`;
  const to = p ? periodEnd(p) : `${period}-12-31`;
  const excluded = w.recipientsByDocument.get(d.document.id) ?? new Set<number>();
  return w.agencies
    .filter(
      (a) =>
        a.kind === "agency" &&
        a.org_unit_id !== null &&
        units.has(a.org_unit_id) &&
        !excluded.has(a.id) &&
        (a.valid_from === null || a.valid_from <= to) &&
        (a.valid_to === null || a.valid_to >= from),
    )
    .map((a) => a.id);
}

async function complianceRows(db: Db, within: string, day: string, dutyCode?: string) {
  const all = await duties(db);
  const w = await world(db, all);
  const out: Array<{ duty: DutyInfo; rows: DutyRow[] }> = [];
  for (const d of all) {
    if (dutyCode && d.code !== dutyCode) continue;
    // a duty starts with its document: nothing is owed for periods due before it was issued
    const occurrences = dutyOccurrences(d.rule, within).filter(
      (o) => d.document.issuedOn === null || o.due >= d.document.issuedOn,
    );
    if (occurrences.length === 0) continue;
    const reporters = reportersOf(d, w, within);
    const periodic = d.cadence !== "annual" && d.cadence !== "once";
    const deliveries = [
      ...(w.explicitByDuty.get(d.id) ?? []),
      ...(periodic ? w.deliveries : []),
      ...w.statusReports
        .filter((r) => r.documentId === d.document.id)
        .map(
          (r): Delivery => ({
            agencyId: r.agencyId,
            deliveredOn: r.on,
            source: "status_report",
            evidence: `task_status_report ${r.id}`,
          }),
        ),
    ];
    out.push({
      duty: d,
      rows: dutyCompliance({ occurrences, reporters, deliveries, today: day }).map((r) => ({
        ...r,
        dutyId: d.id,
      })),
    });
  }
  return { duties: out, agencies: new Map(w.agencies.map((a) => [a.id, a])) };
}

/** For each duty with an occurrence in `period`, whether each reporting unit delivered. */
export async function reportingCompliance(
  db: Db,
  q: { period: string; today?: string | undefined; duty?: string | undefined },
) {
  const p = parsePeriod(q.period);
  if (!p)
    throw failures.invalid([
      { path: "period", message: "Kỳ không hợp lệ (ví dụ 2024-Q3) / invalid period (e.g. 2024-Q3)" },
    ]);
  const day = q.today ?? today();
  const { duties: found, agencies } = await complianceRows(db, periodCode(p), day, q.duty);
  return {
    period: periodCode(p),
    today: day,
    duties: found.map(({ duty, rows }) => {
      const count = (s: string) => rows.filter((r) => r.status === s).length;
      return {
        code: duty.code,
        subjectVi: duty.subjectVi,
        cadence: duty.cadence,
        dueText: duty.dueText,
        dueRuleSource: duty.rule.source,
        reporter: duty.reporter.code,
        recipient: duty.recipient.code,
        counts: {
          onTime: count("on_time"),
          late: count("late"),
          missing: count("missing"),
          notDue: count("not_due"),
        },
        rows: rows.map((r) => ({
          period: r.period,
          due: r.due,
          agency: agencies.get(r.agencyId)?.code ?? null,
          agencyNameVi: agencies.get(r.agencyId)?.name_vi ?? null,
          status: r.status,
          deliveredOn: r.deliveredOn,
          evidence: r.evidence ? { source: r.evidence.source, ref: r.evidence.evidence } : null,
        })),
      };
    }),
  };
}

export interface DeliveryBody {
  period: string;
  deliveredOn: string;
  documentNumber?: string | null | undefined;
  evidenceUrl?: string | null | undefined;
  note?: string | null | undefined;
  /** admin: the agency that sent it (an officer sends for their own) */
  agency?: string | null | undefined;
}

/** An officer marks a duty's report for one period as sent, with the document that carried it. */
export async function recordReportDelivery(
  db: Db,
  actor: Actor,
  dutyCode: string,
  body: DeliveryBody,
  requestId: string,
) {
  const p = parsePeriod(body.period);
  if (!p) throw failures.invalid([{ path: "period", message: "Kỳ không hợp lệ / invalid period" }]);
  const all = await duties(db);
  const duty = all.find((d) => d.code === dutyCode);
  if (!duty) throw failures.notFound(`nghĩa vụ báo cáo ${dutyCode} / reporting duty ${dutyCode}`);
  const w = await world(db, all);
  const reporters = reportersOf(duty, w, periodCode(p));
  let agencyId: number | null = null;
  if (actor.role === "admin" && body.agency) {
    agencyId = w.agencies.find((a) => a.code === body.agency)?.id ?? null;
    if (agencyId === null) throw failures.notFound(`cơ quan ${body.agency} / agency ${body.agency}`);
  } else agencyId = reporters.find((id) => actor.scopes.agency.includes(id)) ?? null;
  if (agencyId === null || !reporters.includes(agencyId))
    throw failures.forbidden("cơ quan không có nghĩa vụ báo cáo này / the agency does not owe this report");
  if (!dutyOccurrences(duty.rule, periodCode(p)).some((o) => o.period === periodCode(p)))
    throw failures.invalid([
      { path: "period", message: "Kỳ không thuộc chu kỳ báo cáo / not a period of this duty" },
    ]);
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom("report_delivery")
      .select("id")
      .where("duty_id", "=", duty.id)
      .where("agency_id", "=", agencyId)
      .where("period", "=", periodCode(p))
      .executeTakeFirst();
    if (exists)
      throw failures.conflict(
        "Báo cáo kỳ này đã được ghi nhận.",
        "This period's report is already recorded.",
      );
    const values = {
      duty_id: duty.id,
      agency_id: agencyId,
      period: periodCode(p),
      delivered_on: body.deliveredOn,
      document_number: body.documentNumber ?? null,
      evidence_url: body.evidenceUrl ?? null,
      note: body.note ?? null,
      user_id: actor.userId,
    };
    const row = await trx
      .insertInto("report_delivery")
      .values(values)
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "create",
        entity: "report_delivery",
        entityId: row.id,
        newValue: { duty: duty.code, ...values },
        requestId,
      },
    ]);
    return { id: row.id, duty: duty.code, ...camelRow(values) };
  });
}

export interface ScorecardEntry extends Omit<AgencyScore, "lists"> {
  agency: { code: string; nameVi: string; kind: string };
  lists: {
    tasksLed: ItemView[];
    doneOnTime: ItemView[];
    doneLate: ItemView[];
    overdue: ItemView[];
    open: ItemView[];
    closed: ItemView[];
    reportsDue: ReportView[];
    reportsOnTime: ReportView[];
    reportsLate: ReportView[];
    reportsMissing: ReportView[];
  };
}

interface ItemView extends WorkItem {
  taskCode: string;
  textVi: string;
}
interface ReportView {
  duty: string;
  period: string;
  due: string;
  status: string;
  deliveredOn: string | null;
}

/**
 * For each agency (or the one named) and the year: tasks led that fall due in the year, done on
 * time, done late, overdue, open, cancelled; reports owed in the year and how they came in.
 */
export async function agencyScorecards(
  db: Db,
  q: { year: number; agency?: string | undefined; today?: string | undefined },
) {
  const day = q.today ?? today();
  const tasks = await tasksWithDeadline(db).execute();
  const reportRows = await db
    .selectFrom("task_status_report")
    .select(["id", "task_id", "occurrence", "status", "completed_on", "reported_on"])
    .execute();
  const reports = new Map<number, StatusReport[]>();
  for (const r of reportRows)
    reports.set(r.task_id, [
      ...(reports.get(r.task_id) ?? []),
      {
        occurrence: r.occurrence,
        status: r.status,
        completedOn: r.completed_on,
        reportedOn: r.reported_on,
        seq: r.id,
      },
    ]);
  const items = tasks.flatMap((t) =>
    workItems(
      {
        taskId: t.id,
        deadline: taskDeadline(t),
        stored: t.status,
        completedOn: t.completed_on,
        reports: reports.get(t.id) ?? [],
      },
      q.year,
      day,
    ),
  );
  const lead = (
    await db.selectFrom("task_agency").select(["task_id", "agency_id"]).where("role", "=", "lead").execute()
  ).map((l) => ({ taskId: l.task_id, agencyId: l.agency_id }));
  const { duties: compliance, agencies } = await complianceRows(db, String(q.year), day);
  let agencyIds: number[] | undefined;
  if (q.agency) {
    const a = [...agencies.values()].find((x) => x.code === q.agency);
    if (!a) throw failures.notFound(`cơ quan ${q.agency} / agency ${q.agency}`);
    agencyIds = [a.id];
  }
  const scores = agencyScorecard({
    year: q.year,
    today: day,
    items,
    lead,
    duties: compliance.flatMap((c) => c.rows),
    ...(agencyIds ? { agencyIds } : {}),
  });
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const dutyById = new Map(compliance.map((c) => [c.duty.id, c.duty.code]));
  const item = (i: WorkItem): ItemView => ({
    ...i,
    taskCode: taskById.get(i.taskId)?.code ?? "",
    textVi: taskById.get(i.taskId)?.text_vi ?? "",
  });
  const rep = (r: DutyRow): ReportView => ({
    duty: dutyById.get(r.dutyId) ?? "",
    period: r.period,
    due: r.due,
    status: r.status,
    deliveredOn: r.deliveredOn,
  });
  return scores
    .map((s): ScorecardEntry => {
      const a = agencies.get(s.agencyId);
      return {
        ...s,
        agency: { code: a?.code ?? "", nameVi: a?.name_vi ?? "", kind: a?.kind ?? "agency" },
        lists: {
          tasksLed: s.lists.tasksLed.map(item),
          doneOnTime: s.lists.doneOnTime.map(item),
          doneLate: s.lists.doneLate.map(item),
          overdue: s.lists.overdue.map(item),
          open: s.lists.open.map(item),
          closed: s.lists.closed.map(item),
          reportsDue: s.lists.reportsDue.map(rep),
          reportsOnTime: s.lists.reportsOnTime.map(rep),
          reportsLate: s.lists.reportsLate.map(rep),
          reportsMissing: s.lists.reportsMissing.map(rep),
        },
      };
    })
    .sort((a, b) => a.agency.code.localeCompare(b.agency.code));
}

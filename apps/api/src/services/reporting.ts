import {
  type AgencyScore,
  agencyScorecard,
  agencyValidity,
  type Delivery,
  type DutyCadence,
  type DutyOccurrence,
  type DutyRow,
  dutyCompliance,
  dutyOccurrences,
  dutyRule,
  dutyWindow,
  eventOccurrence,
  occurrenceOwed,
  parsePeriod,
  periodCode,
  periodEnd,
  periodStart,
  type StatusReport,
  type Validity,
  vietnamDate,
  type WorkItem,
  workItems,
} from "@chitieu/domain";
import { type Database, taskDeadline, tasksWithDeadline, writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { camelRow } from "./camel.ts";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures } from "./errors.ts";
import { figureDuties } from "./figure-duties.ts";
import { today } from "./tasks.ts";

// Reporting duties and agency scorecards.
//
// Who must report: the duty's reporter when it is one agency. A group reporter ("Các sở, ban,
// ngành …") stands for every agency (kind "agency") of the group's org unit and the units under
// it that exists during the period, except the bodies the document's reports go to (they compile
// the reports, they do not send them to themselves). Group membership is not modelled beyond this.
//
// When a duty owes anything (issue 16): within its window (dutyWindow in the domain: from its
// document's issue to the end of the document's period, the duty's own end, the day before a
// later document ended it, while a recipient exists), and each reporter only for periods that
// began while it existed (its own validity cut by its org unit's: the agencies of a province that
// ceased on 1/7/2025 owe nothing after). One duty is one report with its list of recipients. An
// event-driven duty ("trường hợp phát sinh …") has no calendar slots: each recorded event
// (reporting_event) makes one slot for the agency it was recorded for.
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
  eventDriven: boolean;
  document: { id: number | null; code: string | null; issuedOn: string | null };
  reporter: { id: number | null; code: string | null; nameVi: string | null; kind: string | null };
  /** the first recipient the document names */
  recipient: { id: number | null; code: string | null; nameVi: string | null };
  recipients: Array<{ id: number; code: string; nameVi: string }>;
  /** the days the duty can owe reports */
  window: Validity;
  /** the duties it replaced (their recorded deliveries count for it) */
  replaces: number[];
  rule: ReturnType<typeof dutyRule>;
}

async function duties(db: Db, defaultDueDay?: number): Promise<DutyInfo[]> {
  const [rows, recipientRows, agencies, units, successions] = await Promise.all([
    db
      .selectFrom("reporting_duty as r")
      .leftJoin("document as doc", "doc.id", "r.document_id")
      .leftJoin("document as ender", "ender.id", "r.ended_by_document_id")
      .leftJoin("agency as rep", "rep.id", "r.reporter_agency_id")
      .leftJoin("agency as rec", "rec.id", "r.recipient_agency_id")
      .select([
        "r.id",
        "r.code",
        "r.subject_vi",
        "r.cadence",
        "r.due_text",
        "r.event_driven",
        "r.valid_from",
        "r.valid_to",
        "r.replaced_by_id",
        "ender.issued_on as ended_on",
        "doc.id as document_id",
        "doc.code as document_code",
        "doc.issued_on",
        "doc.period_from",
        "doc.period_to",
        "doc.org_unit_id as document_unit_id",
        "rep.id as reporter_id",
        "rep.code as reporter_code",
        "rep.name_vi as reporter_name",
        "rep.kind as reporter_kind",
        "rec.id as recipient_id",
        "rec.code as recipient_code",
        "rec.name_vi as recipient_name",
      ])
      .orderBy("r.code")
      .execute(),
    db
      .selectFrom("reporting_duty_recipient as x")
      .innerJoin("agency as a", "a.id", "x.agency_id")
      .select(["x.duty_id", "x.seq", "a.id", "a.code", "a.name_vi"])
      .orderBy("x.duty_id")
      .orderBy("x.seq")
      .execute(),
    db.selectFrom("agency").select(["id", "org_unit_id", "valid_from", "valid_to"]).execute(),
    db.selectFrom("org_unit").select(["id", "parent_id", "valid_from", "valid_to"]).execute(),
    db.selectFrom("agency_succession").select("predecessor_id").execute(),
  ]);
  const validity = validityOf(agencies, units);
  const handedOn = new Set(successions.map((x) => x.predecessor_id));
  const unitValidity = (id: number | null): Validity => {
    if (id === null) return { from: null, to: null };
    return agencyValidity({ from: null, to: null }, unitChain(units, id));
  };
  const replaces = new Map<number, number[]>();
  for (const r of rows)
    if (r.replaced_by_id !== null)
      replaces.set(r.replaced_by_id, [...(replaces.get(r.replaced_by_id) ?? []), r.id]);
  return rows
    .filter((r) => r.replaced_by_id === null)
    .map((r) => {
      const documentYear = r.issued_on ? Number(r.issued_on.slice(0, 4)) : (r.period_from ?? undefined);
      const recipients = recipientRows
        .filter((x) => x.duty_id === r.id)
        .map((x) => ({ id: x.id, code: x.code, nameVi: x.name_vi }));
      if (recipients.length === 0 && r.recipient_id !== null)
        recipients.push({ id: r.recipient_id, code: r.recipient_code ?? "", nameVi: r.recipient_name ?? "" });
      return {
        id: r.id,
        code: r.code,
        subjectVi: r.subject_vi,
        cadence: r.cadence,
        dueText: r.due_text,
        eventDriven: r.event_driven,
        document: { id: r.document_id, code: r.document_code, issuedOn: r.issued_on },
        reporter: {
          id: r.reporter_id,
          code: r.reporter_code,
          nameVi: r.reporter_name,
          kind: r.reporter_kind,
        },
        recipient: { id: r.recipient_id, code: r.recipient_code, nameVi: r.recipient_name },
        recipients,
        window: dutyWindow({
          issuedOn: r.issued_on,
          periodFrom: r.period_from,
          periodTo: r.period_to,
          own: { from: r.valid_from, to: r.valid_to },
          endedOn: r.ended_on,
          // a recipient whose duties passed to a successor does not end the duty
          recipients: recipients.map((x) => {
            const v = validity(x.id);
            return handedOn.has(x.id) ? { from: v.from, to: unitValidity(orgUnitOf(agencies, x.id)).to } : v;
          }),
          documentUnit: unitValidity(r.document_unit_id),
        }),
        replaces: replaces.get(r.id) ?? [],
        rule: dutyRule(
          r.cadence,
          r.due_text,
          documentYear === undefined ? {} : { documentYear },
          defaultDueDay === undefined ? {} : { defaultDueDay },
        ),
      };
    });
}

type UnitRow = { id: number; parent_id: number | null; valid_from: string | null; valid_to: string | null };
type AgencyRow = {
  id: number;
  org_unit_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
};

function unitChain(units: UnitRow[], id: number): Validity[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Validity[] = [];
  const seen = new Set<number>();
  let u = byId.get(id);
  while (u && !seen.has(u.id)) {
    seen.add(u.id);
    out.push({ from: u.valid_from, to: u.valid_to });
    u = u.parent_id === null ? undefined : byId.get(u.parent_id);
  }
  return out;
}

function orgUnitOf(agencies: AgencyRow[], id: number): number | null {
  return agencies.find((a) => a.id === id)?.org_unit_id ?? null;
}

/** Each agency's validity: its own, cut by its org unit's and the ancestors'. */
function validityOf(agencies: AgencyRow[], units: UnitRow[]): (agencyId: number) => Validity {
  const cache = new Map<number, Validity>();
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return (agencyId) => {
    const hit = cache.get(agencyId);
    if (hit) return hit;
    const a = byId.get(agencyId);
    const v = a
      ? agencyValidity(
          { from: a.valid_from, to: a.valid_to },
          a.org_unit_id === null ? [] : unitChain(units, a.org_unit_id),
        )
      : { from: null, to: null };
    cache.set(agencyId, v);
    return v;
  };
}

export async function listReportingDuties(db: Db, options: { defaultDueDay?: number } = {}) {
  return (await duties(db, options.defaultDueDay)).map(({ rule, replaces: _, ...d }) => ({
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
  /** each agency's validity, cut by its org unit's */
  validity: (agencyId: number) => Validity;
  recipientsByDocument: Map<number | null, Set<number>>;
  deliveries: Delivery[];
  /** report_delivery rows per duty (a replaced duty's under the duty that replaced it) */
  explicitByDuty: Map<number, Delivery[]>;
  /** status reports per agency, with their task's document: implied deliveries of that document's duties */
  statusReports: Array<{ agencyId: number; documentId: number; on: string; id: number }>;
  /** recorded events of event-driven duties (dueOn: the date entered when the document gives none) */
  events: Array<{ dutyId: number; agencyId: number; occurredOn: string; dueOn: string | null }>;
}

async function world(db: Db, all: DutyInfo[]): Promise<World> {
  const [agencies, units, explicit, uploads, scopes, reports, events] = await Promise.all([
    db
      .selectFrom("agency")
      .select(["id", "code", "name_vi", "kind", "org_unit_id", "valid_from", "valid_to"])
      .execute(),
    db.selectFrom("org_unit").select(["id", "parent_id", "valid_from", "valid_to"]).execute(),
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
    db.selectFrom("reporting_event").select(["duty_id", "agency_id", "occurred_on", "due_on"]).execute(),
  ]);
  const children = new Map<number, number[]>();
  for (const u of units)
    if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const recipientsByDocument = new Map<number | null, Set<number>>();
  for (const d of all)
    for (const r of d.recipients)
      recipientsByDocument.set(
        d.document.id,
        (recipientsByDocument.get(d.document.id) ?? new Set()).add(r.id),
      );
  const ownerOf = new Map<number, number>();
  for (const d of all) {
    ownerOf.set(d.id, d.id);
    for (const old of d.replaces) ownerOf.set(old, d.id);
  }
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
    const owner = ownerOf.get(e.duty_id) ?? e.duty_id;
    explicitByDuty.set(owner, [...(explicitByDuty.get(owner) ?? []), item]);
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
    validity: validityOf(agencies, units),
    recipientsByDocument,
    deliveries,
    statusReports: reports.map((r) => ({
      agencyId: r.agency_id as number,
      documentId: r.document_id,
      on: r.reported_on,
      id: r.id,
    })),
    explicitByDuty,
    events: events.map((e) => ({
      dutyId: e.duty_id,
      agencyId: e.agency_id,
      occurredOn: e.occurred_on,
      dueOn: e.due_on,
    })),
  };
}

/** The agencies that report under a duty (a group stands for its members), whatever the period. */
function reportersOf(d: DutyInfo, w: World): number[] {
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
  const excluded = w.recipientsByDocument.get(d.document.id) ?? new Set<number>();
  return w.agencies
    .filter(
      (a) => a.kind === "agency" && a.org_unit_id !== null && units.has(a.org_unit_id) && !excluded.has(a.id),
    )
    .map((a) => a.id);
}

/** The earlier of two ISO dates. */
function earliest(a: string, b: string): string {
  return [a, b].sort()[0] as string;
}

/** An event's report: due on the date entered with the event, else by the duty's rule. */
function eventSlot(d: DutyInfo, e: { occurredOn: string; dueOn: string | null }): DutyOccurrence {
  const o = eventOccurrence(d.rule, e.occurredOn);
  return e.dueOn === null ? o : { ...o, due: e.dueOn };
}

/** The slots of a duty within a period: its calendar's, or one per recorded event. */
function slotsOf(
  d: DutyInfo,
  w: World,
  within: string,
): Array<{ occurrence: DutyOccurrence; reporters: number[] }> {
  const outer = parsePeriod(within);
  if (!outer) return [];
  const reporters = reportersOf(d, w);
  if (d.eventDriven) {
    // one report per agency and month of the events (a second event of the month goes into the
    // same report), due at the earliest due date of those events
    const byAgency = new Map<string, { occurrence: DutyOccurrence; agencyId: number }>();
    for (const e of w.events) {
      if (e.dutyId !== d.id || !reporters.includes(e.agencyId)) continue;
      const o = eventSlot(d, e);
      const p = parsePeriod(o.period);
      if (!p || periodStart(p) < periodStart(outer) || periodEnd(p) > periodEnd(outer)) continue;
      if (!occurrenceOwed(o, { from: null, to: d.window.to }, w.validity(e.agencyId))) continue;
      const key = `${e.agencyId}|${o.period}`;
      const had = byAgency.get(key)?.occurrence;
      byAgency.set(key, {
        agencyId: e.agencyId,
        occurrence: had
          ? {
              period: o.period,
              due: earliest(o.due, had.due),
              opensAfter: earliest(o.opensAfter, had.opensAfter),
            }
          : o,
      });
    }
    const bySlot = new Map<string, { occurrence: DutyOccurrence; reporters: number[] }>();
    for (const { occurrence, agencyId } of byAgency.values()) {
      const key = `${occurrence.period}|${occurrence.due}|${occurrence.opensAfter}`;
      const slot = bySlot.get(key) ?? { occurrence, reporters: [] };
      slot.reporters.push(agencyId);
      bySlot.set(key, slot);
    }
    return [...bySlot.values()].sort((a, b) => a.occurrence.due.localeCompare(b.occurrence.due));
  }
  return dutyOccurrences(d.rule, within)
    .filter((o) => occurrenceOwed(o, d.window))
    .map((o) => ({
      occurrence: o,
      reporters: reporters.filter((id) => occurrenceOwed(o, d.window, w.validity(id))),
    }))
    .filter((s) => s.reporters.length > 0);
}

async function complianceRows(db: Db, within: string, day: string, dutyCode?: string) {
  const all = await duties(db);
  const w = await world(db, all);
  const out: Array<{ duty: DutyInfo; rows: DutyRow[] }> = [];
  for (const d of all) {
    if (dutyCode && d.code !== dutyCode) continue;
    const slots = slotsOf(d, w, within);
    if (slots.length === 0) continue;
    const periodic = d.cadence !== "annual" && d.cadence !== "once" && !d.eventDriven;
    const deliveries = [
      ...(w.explicitByDuty.get(d.id) ?? []),
      ...(periodic ? w.deliveries : []),
      ...w.statusReports
        .filter((r) => r.documentId === d.document.id && !d.eventDriven)
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
      rows: slots.flatMap((slot) =>
        dutyCompliance({
          occurrences: [slot.occurrence],
          reporters: slot.reporters,
          deliveries,
          today: day,
        }).map((r) => ({ ...r, dutyId: d.id })),
      ),
    });
  }
  return { duties: out, agencies: new Map(w.agencies.map((a) => [a.id, a])), world: w, all };
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
        recipients: duty.recipients.map((r) => ({ code: r.code, nameVi: r.nameVi })),
        eventDriven: duty.eventDriven,
        validFrom: duty.window.from,
        validTo: duty.window.to,
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
export async function recordReportDelivery(ctx: ServiceContext, dutyCode: string, body: DeliveryBody) {
  const { db, actor, requestId } = ctx;
  const p = parsePeriod(body.period);
  if (!p) throw failures.invalid([{ path: "period", message: "Kỳ không hợp lệ / invalid period" }]);
  const all = await duties(db);
  const duty = all.find((d) => d.code === dutyCode);
  if (!duty) throw failures.notFound(`nghĩa vụ báo cáo ${dutyCode} / reporting duty ${dutyCode}`);
  const w = await world(db, all);
  const slot = slotsOf(duty, w, periodCode(p)).find((x) => x.occurrence.period === periodCode(p));
  const reporters = reportersOf(duty, w);
  let agencyId: number | null = null;
  if (actor.role === "admin" && body.agency) {
    agencyId = w.agencies.find((a) => a.code === body.agency)?.id ?? null;
    if (agencyId === null) throw failures.notFound(`cơ quan ${body.agency} / agency ${body.agency}`);
  } else agencyId = reporters.find((id) => actor.scopes.agency.includes(id)) ?? null;
  if (agencyId === null || !reporters.includes(agencyId))
    throw failures.forbidden("cơ quan không có nghĩa vụ báo cáo này / the agency does not owe this report");
  if (!slot || !slot.reporters.includes(agencyId))
    throw failures.invalid([
      {
        path: "period",
        message: duty.eventDriven
          ? "Báo cáo khi có phát sinh: chưa ghi nhận sự việc nào trong kỳ này / event-driven report: no event recorded for this period"
          : "Kỳ không thuộc chu kỳ báo cáo hoặc ngoài thời hạn hiệu lực của nghĩa vụ / not a period this duty owes (cadence or validity)",
      },
    ]);
  return withTransaction(ctx, async (trx) => {
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
  /** who owes figures (issue 16, item 4), from figureDuties: slots of the year as the agency that supplies them (assigned, else lead) */
  figuresOwed: number;
  figuresOnTime: number;
  figuresLate: number;
  figuresMissing: number;
  figuresNotDue: number;
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
  status: DutyRow["status"];
  deliveredOn: string | null;
}

type FigureCount = "figuresOwed" | "figuresOnTime" | "figuresLate" | "figuresMissing" | "figuresNotDue";
const FIGURE_COUNT_OF = {
  received: "figuresOnTime",
  received_late: "figuresLate",
  late: "figuresMissing",
  not_due: "figuresNotDue",
} as const satisfies Record<string, FigureCount>;

/**
 * For each agency (or the one named) and the year: figures owed as lead agency of indicators
 * (figure-duties.ts: on time, late, missing past the due day, not yet due); tasks led that fall due in the year, done on
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
  const figures = new Map<string, Record<FigureCount, number>>();
  for (const f of await figureDuties(db, { year: q.year, today: day, agency: q.agency })) {
    const c = figures.get(f.agency.code) ?? {
      figuresOwed: 0,
      figuresOnTime: 0,
      figuresLate: 0,
      figuresMissing: 0,
      figuresNotDue: 0,
    };
    c.figuresOwed += 1;
    c[FIGURE_COUNT_OF[f.state]] += 1;
    figures.set(f.agency.code, c);
  }
  // an agency that owes only figures (no task led, no report due) still has a scorecard
  if (!agencyIds && figures.size > 0) {
    const idOf = new Map([...agencies.values()].map((a) => [a.code, a.id]));
    agencyIds = [
      ...new Set([
        ...lead.map((l) => l.agencyId),
        ...compliance.flatMap((c) => c.rows.map((r) => r.agencyId)),
        ...[...figures.keys()].flatMap((code) => idOf.get(code) ?? []),
      ]),
    ];
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
        figuresOwed: 0,
        figuresOnTime: 0,
        figuresLate: 0,
        figuresMissing: 0,
        figuresNotDue: 0,
        ...figures.get(a?.code ?? ""),
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

export interface EventBody {
  occurredOn: string;
  description: string;
  /** the date the report is due, only when the document gives none ("kịp thời báo cáo") */
  dueOn?: string | null | undefined;
  /** admin: the agency the event is of (an officer records their own agency's) */
  agency?: string | null | undefined;
}

/**
 * An officer records an event an event-driven duty must be reported for ("trường hợp phát sinh
 * khó khăn, vướng mắc"): from then on the agency owes that report at the next due day, and the
 * calendar and scorecard show the slot. Refused for a duty with a calendar of its own, for an
 * agency that does not report under the duty (an officer records only for their own agency), for a
 * day after today, and outside the duty's validity. The report is due on `dueOn` when the document
 * gives no due day, else by the duty's rule.
 */
export async function recordReportingEvent(ctx: ServiceContext, dutyCode: string, body: EventBody) {
  const all = await duties(ctx.db);
  const duty = all.find((d) => d.code === dutyCode);
  if (!duty) throw failures.notFound(`nghĩa vụ báo cáo ${dutyCode} / reporting duty ${dutyCode}`);
  if (!duty.eventDriven)
    throw failures.conflict(
      "Nghĩa vụ này báo cáo theo định kỳ, không theo sự việc phát sinh.",
      "This duty reports on a calendar, not when an event occurs.",
    );
  const w = await world(ctx.db, all);
  const reporters = reportersOf(duty, w);
  let agencyId: number | null;
  if (ctx.actor.role === "admin" && body.agency) {
    agencyId = w.agencies.find((a) => a.code === body.agency)?.id ?? null;
    if (agencyId === null) throw failures.notFound(`cơ quan ${body.agency} / agency ${body.agency}`);
  } else {
    agencyId = reporters.find((id) => ctx.actor.scopes.agency.includes(id)) ?? null;
    const named = body.agency ? w.agencies.find((a) => a.code === body.agency) : undefined;
    if (body.agency && (!named || named.id !== agencyId))
      throw failures.forbidden(
        "chỉ ghi nhận sự việc của cơ quan mình / an officer records events of their own agency only",
      );
  }
  if (agencyId === null || !reporters.includes(agencyId))
    throw failures.forbidden("cơ quan không có nghĩa vụ báo cáo này / the agency does not owe this report");
  const day = today();
  if (body.occurredOn > day)
    throw failures.invalid([
      {
        path: "occurredOn",
        message: "Ngày phát sinh không được sau hôm nay / the event cannot be after today",
      },
    ]);
  const dueOn = body.dueOn ?? null;
  if (dueOn !== null && duty.rule.source === "text")
    throw failures.invalid([
      {
        path: "dueOn",
        message: `Văn bản đã quy định thời hạn báo cáo („${duty.dueText ?? ""}“), không nhập hạn riêng / the document sets the due date, do not enter one`,
      },
    ]);
  if (dueOn !== null && dueOn < body.occurredOn)
    throw failures.invalid([
      {
        path: "dueOn",
        message: "Hạn báo cáo không được trước ngày phát sinh / the report cannot be due before the event",
      },
    ]);
  const o = eventSlot(duty, { occurredOn: body.occurredOn, dueOn });
  const inWindow =
    (duty.window.from === null || body.occurredOn >= duty.window.from) &&
    occurrenceOwed(o, { from: null, to: duty.window.to }, w.validity(agencyId));
  if (!inWindow)
    throw failures.invalid([
      {
        path: "occurredOn",
        message: `Ngoài thời hạn hiệu lực của nghĩa vụ (${duty.window.from ?? "…"} – ${duty.window.to ?? "…"}) / outside the duty's validity`,
      },
    ]);
  return withTransaction(ctx, async (trx) => {
    const values = {
      duty_id: duty.id,
      agency_id: agencyId,
      occurred_on: body.occurredOn,
      description: body.description.trim(),
      due_on: dueOn,
      user_id: ctx.actor.userId,
    };
    const row = await trx
      .insertInto("reporting_event")
      .values(values)
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "create",
        entity: "reporting_event",
        entityId: row.id,
        newValue: { duty: duty.code, ...values },
        requestId: ctx.requestId,
      },
    ]);
    return {
      id: row.id,
      duty: duty.code,
      agency: w.agencies.find((a) => a.id === agencyId)?.code ?? "",
      occurredOn: body.occurredOn,
      description: values.description,
      dueOn,
      period: o.period,
      due: o.due,
    };
  });
}

/**
 * The years with something due (a task's deadline or a duty's slot) or a figure, from 2021 to this
 * year, latest first (the officer's home and the reminders read every one of them), and the year
 * the calendar, the agency view and the agency pages open on (issue 16, item 6): the latest with
 * data up to today — a figure of a period that has ended, a task or a report that fell due on or
 * before today — never a year whose work is all still ahead, nor an empty future year.
 */
export async function calendarYears(db: Db, q: { today?: string | undefined } = {}) {
  const day = q.today ?? today();
  const thisYear = Number(day.slice(0, 4));
  const all = await duties(db);
  const w = await world(db, all);
  const tasks = await tasksWithDeadline(db).execute();
  const figureRows = await db
    .selectFrom("observation")
    .select(["period_start", "period_end"])
    .where("period_end", "<=", day)
    .where("period_start", ">=", "2021-01-01")
    .groupBy(["period_start", "period_end"])
    .execute();
  const figureYears = new Set(figureRows.map((r) => Number(String(r.period_start).slice(0, 4))));
  const years: number[] = [];
  const withData: number[] = [];
  for (let y = thisYear; y >= 2021; y--) {
    const slots = all.flatMap((d) => slotsOf(d, w, String(y)));
    const items = tasks.flatMap((t) =>
      workItems(
        {
          taskId: t.id,
          deadline: taskDeadline(t),
          stored: t.status,
          completedOn: t.completed_on,
          reports: [],
        },
        y,
        day,
      ),
    );
    if (slots.length > 0 || items.length > 0 || figureYears.has(y)) years.push(y);
    const fellDue =
      slots.some((s) => s.occurrence.due <= day) || items.some((i) => i.due !== null && i.due <= day);
    if (fellDue || figureYears.has(y)) withData.push(y);
  }
  return { today: day, defaultYear: withData[0] ?? years[0] ?? thisYear, years };
}

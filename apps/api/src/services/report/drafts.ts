import {
  addMonths,
  buildReportDraft,
  type DraftInput,
  diffDrafts,
  endOfMonth,
  type Lang,
  type ObservationStatus,
  parseIsoDate,
  parsePeriod,
  periodCode,
  periodEnd,
  periodStart,
  type ReportDraft,
  vietnamDate,
} from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { type ServiceContext, withTransaction } from "../context.ts";
import { createDataVersion } from "../data-version.ts";
import { failures } from "../errors.ts";
import { reportingCompliance } from "../reporting.ts";
import { buildScorecard } from "../scorecard.ts";
import { listTasks } from "../tasks.ts";
import { listDirections } from "./directions.ts";
import { listExplanations } from "./explanations.ts";

// The socio-economic report draft of an org unit and a period: this file gathers the data (the
// scorecard, the figures' status and uploads, the explanations, overdue tasks, reporting
// compliance, the last meeting's directions) into the domain's DraftInput; the domain words it.
// Each generated draft is kept with its data version and author.

type Db = Kysely<Database>;

/** The same calendar day one year earlier; a month's last day stays its month's last day. */
export function yearEarlier(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return day === parseIsoDate(endOfMonth(year, month)).day
    ? endOfMonth(year - 1, month)
    : addMonths(iso, -12);
}

export const REPORT_PERIOD_KINDS = ["month", "quarter", "half", "nine_months", "year"] as const;

function reportPeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p || !(REPORT_PERIOD_KINDS as readonly string[]).includes(p.kind))
    throw failures.rejected(
      "invalid_period",
      `Kỳ báo cáo "${period}" không hợp lệ: tháng (2024-09), quý (2024-Q3), 6 tháng (2024-H1), 9 tháng (2024-9M) hoặc năm (2024).`,
      `Report period "${period}" is not valid: a month (2024-09), quarter (2024-Q3), 6 months (2024-H1), 9 months (2024-9M) or year (2024).`,
      [{ path: "period" }],
    );
  return periodCode(p);
}

/** Everything the draft says, read from the database as of `today`. */
export async function gatherDraftInput(
  db: Db,
  q: { orgUnit: string; period: string; today?: string | undefined },
): Promise<DraftInput> {
  const period = reportPeriod(q.period);
  const today = q.today ?? vietnamDate();
  const card = await buildScorecard(db, { orgUnit: q.orgUnit, asOf: period, today });
  const unit = await db
    .selectFrom("org_unit")
    .select("id")
    .where("code", "=", q.orgUnit)
    .executeTakeFirstOrThrow();
  const reportP = parsePeriod(period) as NonNullable<ReturnType<typeof parsePeriod>>;
  const end = periodEnd(reportP);

  // the upload behind each figure: the observation of the period the verdict used, else the latest up to it
  const codes = card.rows.map((r) => r.indicator.code);
  const obs = codes.length
    ? await db
        .selectFrom("observation as o")
        .innerJoin("indicator as i", "i.id", "o.indicator_id")
        .leftJoin("import_batch as b", "b.id", "o.batch_id")
        .select([
          "i.code",
          "o.period",
          "o.batch_id",
          "b.file_name",
          "o.period_start",
          "o.period_end",
          "o.basis",
          "o.id",
        ])
        .where("o.org_unit_id", "=", unit.id)
        .where("i.code", "in", codes)
        .where("o.superseded_at", "is", null)
        .where("o.period_end", "<=", end)
        .orderBy("o.period_end", "desc")
        .orderBy("o.id", "desc")
        .execute()
    : [];

  // the same period last year: the current stored figure of the same indicator and org unit over
  // the same span (start and end) one year earlier; the span is that of the figure behind the
  // verdict, else the report period's. Nothing is computed from it here.
  const spans = new Map(
    card.rows.map((r) => {
      const f = r.evaluation.figures;
      const used =
        f.actual === null
          ? undefined
          : obs.find((o) => o.code === r.indicator.code && o.period === f.actualPeriod);
      const span = used
        ? { start: used.period_start, end: used.period_end, basis: used.basis as string | null }
        : { start: periodStart(reportP), end, basis: null };
      return [
        r.indicator.code,
        { start: yearEarlier(span.start), end: yearEarlier(span.end), basis: span.basis },
      ];
    }),
  );
  const lastYearRows = codes.length
    ? await db
        .selectFrom("observation as o")
        .innerJoin("indicator as i", "i.id", "o.indicator_id")
        .select([
          "i.code",
          "o.period",
          "o.period_start",
          "o.period_end",
          "o.basis",
          "o.value",
          "o.status",
          "o.id",
        ])
        .where("o.org_unit_id", "=", unit.id)
        .where("i.code", "in", codes)
        .where("o.superseded_at", "is", null)
        .where("o.period_end", "in", [...new Set([...spans.values()].map((s) => s.end))])
        .orderBy("o.id", "desc")
        .execute()
    : [];
  const lastYearOf = (code: string) => {
    const span = spans.get(code);
    if (!span) return null;
    const same = lastYearRows.filter(
      (o) => o.code === code && o.period_start === span.start && o.period_end === span.end,
    );
    const o = same.find((x) => x.basis === span.basis) ?? same[0];
    return o ? { value: o.value, status: o.status as ObservationStatus, period: o.period } : null;
  };

  const explanations = await listExplanations(db, { orgUnit: q.orgUnit, period });
  const explained = new Map(explanations.map((e) => [e.indicator, e]));

  const indicators: DraftInput["indicators"] = card.rows.map((r) => {
    const f = r.evaluation.figures;
    const mine = obs.filter((o) => o.code === r.indicator.code);
    const source = mine.find((o) => o.period === f.actualPeriod) ?? mine[0];
    const e = explained.get(r.indicator.code);
    return {
      code: r.indicator.code,
      nameVi: r.indicator.nameVi,
      nameEn: r.indicator.nameEn,
      category: r.indicator.category,
      unit: r.indicator.unit,
      leadAgency: r.indicator.leadAgency?.nameVi ?? null,
      evaluation: {
        status: r.evaluation.status,
        basedOnEstimate: r.evaluation.basedOnEstimate,
        label: r.evaluation.label,
        explanation: r.evaluation.explanation,
        figures: {
          actual: f.actual,
          actualPeriod: f.actualPeriod,
          progress: f.progress,
          changeVsLastYear: f.changeVsLastYear,
        },
      },
      figure:
        f.actual !== null && f.worstObservationStatus
          ? {
              status: f.worstObservationStatus,
              batchId: source?.batch_id ?? null,
              fileName: source?.file_name ?? null,
            }
          : null,
      illustrative: r.illustrative,
      lastYear: lastYearOf(r.indicator.code),
      explanation: e
        ? {
            causesVi: e.causesVi,
            measuresVi: e.measuresVi,
            agency: e.agency?.nameVi ?? null,
            writtenBy: e.writtenBy,
            writtenAt: vietnamDate(e.writtenAt),
          }
        : null,
    };
  });

  // overdue tasks of this unit's documents, by lead agency
  const docs = new Set(
    (await db.selectFrom("document").select("code").where("org_unit_id", "=", unit.id).execute()).map(
      (d) => d.code,
    ),
  );
  const overdue = await listTasks(db, { status: "overdue", limit: 100_000, offset: 0, today });
  const overdueTasks = overdue.items
    .filter((t) => docs.has(t.document.code))
    .map((t) => ({
      code: t.code,
      textVi: t.textVi,
      leadAgency: t.leads.map((l) => l.nameVi).join(", ") || t.leadText || "—",
      dueDate: t.due,
      status: t.status,
    }));

  // reporting compliance of the period, by reporting agency of this unit
  const ownAgencies = new Set(
    (await db.selectFrom("agency").select("code").where("org_unit_id", "=", unit.id).execute()).map(
      (a) => a.code,
    ),
  );
  const compliance = new Map<
    string,
    { agency: string; due: number; onTime: number; late: number; missing: number }
  >();
  try {
    const c = await reportingCompliance(db, { period, today });
    for (const d of c.duties)
      for (const row of d.rows) {
        if (row.status === "not_due" || !row.agency || !ownAgencies.has(row.agency)) continue;
        const name = row.agencyNameVi ?? row.agency ?? "—";
        const a = compliance.get(name) ?? { agency: name, due: 0, onTime: 0, late: 0, missing: 0 };
        a.due++;
        if (row.status === "on_time") a.onTime++;
        else if (row.status === "late") a.late++;
        else if (row.status === "missing") a.missing++;
        compliance.set(name, a);
      }
  } catch {
    // a period with no reporting duties has nothing to say here
  }

  // the directions of the last meeting held by today, with their tasks' status
  const directionsAll = await listDirections(db, { orgUnit: q.orgUnit, meetingTo: today });
  const last = directionsAll[0]?.meetingDate;
  const ofLast = directionsAll.filter((d) => d.meetingDate === last);
  const taskStatus = new Map<string, string>();
  for (const doc of new Set(ofLast.map((d) => d.conclusion.code))) {
    const tasks = await listTasks(db, { document: doc, limit: 10_000, offset: 0, today });
    for (const t of tasks.items) taskStatus.set(t.code, t.status);
  }
  const directions = ofLast.map((d) => ({
    textVi: d.textVi,
    leadAgency: d.leadAgency.nameVi,
    supportAgencies: d.supportAgencies.map((s) => s.nameVi),
    deadline: d.deadline,
    meetingDate: d.meetingDate,
    conclusion: d.conclusion.number
      ? `Thông báo kết luận số ${d.conclusion.number}${d.conclusion.issuedOn ? ` ngày ${d.conclusion.issuedOn.split("-").reverse().join("/")}` : ""}`
      : null,
    taskStatus: taskStatus.get(d.task.code) ?? "not_started",
    overdue: taskStatus.get(d.task.code) === "overdue",
  }));

  return {
    orgUnit: card.orgUnit,
    period,
    today,
    indicators,
    overdueTasks,
    compliance: [...compliance.values()].sort((a, b) => a.agency.localeCompare(b.agency, "vi")),
    directions,
  };
}

export interface DraftMeta {
  id: number;
  orgUnit: string;
  period: string;
  dataVersion: string;
  illustrative: boolean;
  createdBy: string;
  createdAt: string;
  summaryLine: string;
}

function requireDraftWriter(ctx: ServiceContext) {
  if (!["admin", "leader", "statistician"].includes(ctx.actor.role))
    throw failures.forbidden(
      "chỉ quản trị, lãnh đạo hoặc thống kê lập dự thảo / only an administrator, leader or statistician drafts",
    );
}

/** Builds the draft from today's data and keeps it. */
export async function generateDraft(
  ctx: ServiceContext,
  q: { orgUnit: string; period: string; today?: string | undefined },
): Promise<DraftMeta & { changes: ReturnType<typeof diffDrafts> | null }> {
  requireDraftWriter(ctx);
  const dataVersion = await createDataVersion(ctx.db, 0).get();
  const input = await gatherDraftInput(ctx.db, q);
  const vi = buildReportDraft(input, "vi");
  return withTransaction(ctx, async (trx) => {
    const unit = await trx
      .selectFrom("org_unit")
      .select("id")
      .where("code", "=", q.orgUnit)
      .executeTakeFirstOrThrow();
    const previous = await trx
      .selectFrom("report_draft")
      .select(["id", "content"])
      .where("org_unit_id", "=", unit.id)
      .where("period", "=", input.period)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const row = await trx
      .insertInto("report_draft")
      .values({
        org_unit_id: unit.id,
        period: input.period,
        data_version: dataVersion,
        content: JSON.stringify(input),
        illustrative: vi.illustrative,
        created_by: ctx.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "create",
        entity: "report_draft",
        entityId: row.id,
        newValue: { orgUnit: q.orgUnit, period: input.period, dataVersion, summaryLine: vi.summaryLine },
        requestId: ctx.requestId,
      },
    ]);
    const [meta] = await listDrafts(trx, { ids: [row.id] });
    const changes = previous ? diffDrafts(buildReportDraft(contentOf(previous.content), "vi"), vi) : null;
    return { ...(meta as DraftMeta), changes };
  });
}

function contentOf(content: unknown): DraftInput {
  return (typeof content === "string" ? JSON.parse(content) : content) as DraftInput;
}

export async function listDrafts(
  db: Db,
  q: { orgUnit?: string | undefined; period?: string | undefined; ids?: number[] },
): Promise<DraftMeta[]> {
  let query = db
    .selectFrom("report_draft as r")
    .innerJoin("org_unit as u", "u.id", "r.org_unit_id")
    .leftJoin("app_user as w", "w.id", "r.created_by")
    .select([
      "r.id",
      "u.code",
      "r.period",
      "r.data_version",
      "r.illustrative",
      "w.display_name",
      "r.created_at",
      "r.content",
    ]);
  if (q.ids) query = query.where("r.id", "in", q.ids.length ? q.ids : [-1]);
  if (q.orgUnit) query = query.where("u.code", "=", q.orgUnit);
  if (q.period) query = query.where("r.period", "=", reportPeriod(q.period));
  const rows = await query.orderBy("r.id", "desc").limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    orgUnit: r.code,
    period: r.period,
    dataVersion: r.data_version,
    illustrative: r.illustrative,
    createdBy: r.display_name ?? "",
    createdAt: new Date(r.created_at).toISOString(),
    summaryLine: buildReportDraft(contentOf(r.content), "vi").summaryLine,
  }));
}

/** A kept draft in one language, with what changed since the draft before it. */
export async function getDraft(
  db: Db,
  id: number,
  lang: Lang = "vi",
): Promise<{ meta: DraftMeta; draft: ReportDraft; changes: ReturnType<typeof diffDrafts> | null }> {
  const row = await db
    .selectFrom("report_draft")
    .select(["id", "org_unit_id", "period", "content"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw failures.notFound(`dự thảo ${id} / draft ${id}`);
  const [meta] = await listDrafts(db, { ids: [id] });
  const draft = buildReportDraft(contentOf(row.content), lang);
  const previous = await db
    .selectFrom("report_draft")
    .select("content")
    .where("org_unit_id", "=", row.org_unit_id)
    .where("period", "=", row.period)
    .where("id", "<", id)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const changes = previous ? diffDrafts(buildReportDraft(contentOf(previous.content), lang), draft) : null;
  return { meta: meta as DraftMeta, draft, changes };
}

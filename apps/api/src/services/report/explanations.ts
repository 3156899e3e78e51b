import { parsePeriod, periodCode } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { type ServiceContext, withTransaction } from "../context.ts";
import { failures } from "../errors.ts";

// Explanations (nguyên nhân, giải pháp) of one target × org unit × period, written by an officer
// of the indicator's lead agency (or an administrator); a leader or administrator publishes one.
// An explanation that is not public is audited as "explanation_internal", which the public data
// version ignores; publishing, unpublishing or editing a public one changes that version.

export interface ExplanationBody {
  indicator: string;
  orgUnit: string;
  period: string;
  causesVi: string;
  measuresVi: string;
}

export interface ExplanationView {
  id: number;
  indicator: string;
  orgUnit: string;
  period: string;
  causesVi: string;
  measuresVi: string;
  agency: { code: string; nameVi: string } | null;
  writtenBy: string;
  writtenAt: string;
  isPublic: boolean;
}

function checkPeriod(period: string): string {
  const p = parsePeriod(period);
  if (!p || p.kind === "plan")
    throw failures.rejected(
      "invalid_period",
      `Kỳ "${period}" không hợp lệ (ví dụ 2024-9M, 2024-Q3, 2024).`,
      `Period "${period}" is not valid (e.g. 2024-9M, 2024-Q3, 2024).`,
      [{ path: "period" }],
    );
  return periodCode(p);
}

function trimmed(text: string, path: string): string {
  const t = text.trim();
  if (t.length === 0 || t.length > 4000)
    throw failures.rejected(
      "invalid_text",
      `Trường ${path} phải có từ 1 đến 4.000 ký tự.`,
      `Field ${path} must have 1 to 4,000 characters.`,
      [{ path }],
    );
  return t;
}

export async function writeExplanation(ctx: ServiceContext, body: ExplanationBody): Promise<ExplanationView> {
  const period = checkPeriod(body.period);
  const causes = trimmed(body.causesVi, "causesVi");
  const measures = trimmed(body.measuresVi, "measuresVi");
  return withTransaction(ctx, async (trx) => {
    const ind = await trx
      .selectFrom("indicator")
      .select(["id", "lead_agency_id"])
      .where("code", "=", body.indicator)
      .executeTakeFirst();
    if (!ind) throw failures.notFound(`chỉ tiêu ${body.indicator} / indicator ${body.indicator}`);
    const unit = await trx
      .selectFrom("org_unit")
      .select("id")
      .where("code", "=", body.orgUnit)
      .executeTakeFirst();
    if (!unit) throw failures.notFound(`đơn vị ${body.orgUnit} / org unit ${body.orgUnit}`);
    const a = ctx.actor;
    if (a.role !== "admin") {
      if (a.role !== "agency_officer" || a.agencyId === null || a.agencyId !== ind.lead_agency_id)
        throw failures.forbidden(
          "chỉ cán bộ của cơ quan chủ trì chỉ tiêu viết giải trình / only an officer of the indicator's lead agency explains it",
        );
    }
    const old = await trx
      .selectFrom("explanation")
      .selectAll()
      .where("indicator_id", "=", ind.id)
      .where("org_unit_id", "=", unit.id)
      .where("period", "=", period)
      .forUpdate()
      .executeTakeFirst();
    const values = {
      causes_vi: causes,
      measures_vi: measures,
      agency_id: a.role === "agency_officer" ? a.agencyId : ind.lead_agency_id,
      written_by: a.userId,
      written_at: new Date(),
    };
    const row = old
      ? await trx
          .updateTable("explanation")
          .set(values)
          .where("id", "=", old.id)
          .returning("id")
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("explanation")
          .values({ ...values, indicator_id: ind.id, org_unit_id: unit.id, period })
          .returning("id")
          .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: a.userId,
        action: old ? "update" : "create",
        entity: old?.is_public ? "explanation" : "explanation_internal",
        entityId: row.id,
        oldValue: old ? { causesVi: old.causes_vi, measuresVi: old.measures_vi } : undefined,
        newValue: {
          indicator: body.indicator,
          orgUnit: body.orgUnit,
          period,
          causesVi: causes,
          measuresVi: measures,
        },
        requestId: ctx.requestId,
      },
    ]);
    const [view] = await listExplanations(trx, { ids: [row.id] });
    return view as ExplanationView;
  });
}

export async function setExplanationPublic(
  ctx: ServiceContext,
  id: number,
  isPublic: boolean,
): Promise<ExplanationView> {
  if (ctx.actor.role !== "admin" && ctx.actor.role !== "leader")
    throw failures.forbidden(
      "chỉ quản trị hoặc lãnh đạo công bố giải trình / only an administrator or leader publishes",
    );
  return withTransaction(ctx, async (trx) => {
    const old = await trx
      .selectFrom("explanation")
      .select(["id", "is_public"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!old) throw failures.notFound(`giải trình ${id} / explanation ${id}`);
    await trx
      .updateTable("explanation")
      .set(
        isPublic
          ? { is_public: true, published_by: ctx.actor.userId, published_at: new Date() }
          : { is_public: false, published_by: null, published_at: null },
      )
      .where("id", "=", id)
      .execute();
    // a change of what the portal shows: audited under the public entity, so the version moves
    if (old.is_public !== isPublic)
      await writeAudit(trx, [
        {
          userId: ctx.actor.userId,
          action: isPublic ? "publish" : "unpublish",
          entity: "explanation",
          entityId: id,
          oldValue: { isPublic: old.is_public },
          newValue: { isPublic },
          requestId: ctx.requestId,
        },
      ]);
    const [view] = await listExplanations(trx, { ids: [id] });
    return view as ExplanationView;
  });
}

export async function listExplanations(
  db: Kysely<Database>,
  q: { orgUnit?: string; period?: string; indicator?: string; publicOnly?: boolean; ids?: number[] },
): Promise<ExplanationView[]> {
  let query = db
    .selectFrom("explanation as e")
    .innerJoin("indicator as i", "i.id", "e.indicator_id")
    .innerJoin("org_unit as u", "u.id", "e.org_unit_id")
    .leftJoin("agency as a", "a.id", "e.agency_id")
    .leftJoin("app_user as w", "w.id", "e.written_by")
    .select([
      "e.id",
      "i.code as indicator",
      "u.code as org_unit",
      "e.period",
      "e.causes_vi",
      "e.measures_vi",
      "a.code as agency_code",
      "a.name_vi as agency_name",
      "w.display_name as writer",
      "e.written_at",
      "e.is_public",
    ]);
  if (q.ids) query = query.where("e.id", "in", q.ids.length ? q.ids : [-1]);
  if (q.orgUnit) query = query.where("u.code", "=", q.orgUnit);
  if (q.period) query = query.where("e.period", "=", checkPeriod(q.period));
  if (q.indicator) query = query.where("i.code", "=", q.indicator);
  if (q.publicOnly) query = query.where("e.is_public", "=", true).where("i.published", "=", true);
  const rows = await query.orderBy("e.period", "desc").orderBy("i.code").execute();
  return rows.map((r) => ({
    id: r.id,
    indicator: r.indicator,
    orgUnit: r.org_unit,
    period: r.period,
    causesVi: r.causes_vi,
    measuresVi: r.measures_vi,
    agency: r.agency_code ? { code: r.agency_code, nameVi: r.agency_name ?? "" } : null,
    writtenBy: r.writer ?? "",
    writtenAt: new Date(r.written_at).toISOString(),
    isPublic: r.is_public,
  }));
}

import {
  effectiveDue,
  isDueSoon,
  type Status,
  TASK_STATUS_LABELS,
  type TaskStatus,
  urgencyRank,
} from "@chitieu/domain";
import { type Database, taskDeadline, tasksWithDeadline, writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";
import { buildScorecard } from "./scorecard.ts";
import { derivedStatus, leadsOf, reportsByTask, today } from "./tasks.ts";

// Targets ↔ tasks (issue 16, item 7): the tasks that serve an indicator, with their status, and
// the indicators a task serves, with their status at the latest period that has figures. A link
// comes from the catalog (the document's structure) or from an administrator (audited).

type Db = Kysely<Database>;

export interface IndicatorTask {
  id: number;
  code: string;
  number: string | null;
  textVi: string;
  document: { code: string; number: string | null };
  leads: Array<{ code: string; nameVi: string }>;
  status: TaskStatus;
  statusLabel: { vi: string; en: string };
  due: string | null;
  dueSoon: boolean;
  source: "catalog" | "admin";
  basis: string | null;
}

/** The tasks that serve an indicator, overdue first; null when there is no such indicator. */
export async function indicatorTasks(
  db: Db,
  code: string,
  options: { day?: string; publishedOnly?: boolean } = {},
): Promise<IndicatorTask[] | null> {
  const day = options.day ?? today();
  let iq = db.selectFrom("indicator").select(["id"]).where("code", "=", code);
  if (options.publishedOnly) iq = iq.where("published", "=", true);
  const indicator = await iq.executeTakeFirst();
  if (!indicator) return null;
  const links = await db
    .selectFrom("task_indicator")
    .select(["task_id", "source", "basis"])
    .where("indicator_id", "=", indicator.id)
    .execute();
  if (links.length === 0) return [];
  const linkOf = new Map(links.map((l) => [l.task_id, l]));
  const rows = await tasksWithDeadline(db)
    .where(
      "t.id",
      "in",
      links.map((l) => l.task_id),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  const [reports, leads] = await Promise.all([reportsByTask(db, ids), leadsOf(db, ids)]);
  const items = rows.map((r): IndicatorTask => {
    const status = derivedStatus(r, reports.get(r.id) ?? [], day);
    const due = effectiveDue(taskDeadline(r), day);
    const link = linkOf.get(r.id);
    return {
      id: r.id,
      code: r.code,
      number: r.number,
      textVi: r.text_vi,
      document: { code: r.document_code, number: r.document_number },
      leads: (leads.get(r.id) ?? []).map((a) => ({ code: a.code, nameVi: a.nameVi })),
      status,
      statusLabel: TASK_STATUS_LABELS[status],
      due,
      dueSoon: isDueSoon(status, due, day),
      source: link?.source ?? "catalog",
      basis: link?.basis ?? null,
    };
  });
  items.sort(
    (a, b) =>
      urgencyRank(a.status, a.due, day) - urgencyRank(b.status, b.due, day) ||
      (a.due ?? "9999").localeCompare(b.due ?? "9999") ||
      a.code.localeCompare(b.code),
  );
  return items;
}

export interface TaskTarget {
  code: string;
  nameVi: string;
  nameEn: string | null;
  unit: string;
  source: "catalog" | "admin";
  basis: string | null;
  /** the verdict at the latest period with figures; null when no target or figure is held */
  evaluation: {
    orgUnit: string;
    asOf: string;
    status: Status;
    label: { vi: string; en: string };
  } | null;
}

/** The indicators a task serves, each with its status at the latest period that has figures. */
export async function taskTargets(
  db: Db,
  taskId: number,
): Promise<{ task: string; items: TaskTarget[] } | null> {
  const task = await db.selectFrom("task").select(["id", "code"]).where("id", "=", taskId).executeTakeFirst();
  if (!task) return null;
  const rows = await db
    .selectFrom("task_indicator as ti")
    .innerJoin("indicator as i", "i.id", "ti.indicator_id")
    .select(["i.id", "i.code", "i.name_vi", "i.name_en", "i.unit", "i.seq", "ti.source", "ti.basis"])
    .where("ti.task_id", "=", taskId)
    .orderBy("i.seq")
    .orderBy("i.code")
    .execute();
  // one scorecard per org unit and period, shared by the indicators judged there
  const cards = new Map<string, ReturnType<typeof buildScorecard>>();
  const out: TaskTarget[] = [];
  for (const r of rows) {
    const latest = await db
      .selectFrom("observation as o")
      .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
      .select(["u.code as unit", "o.period", "o.period_end"])
      .where("o.indicator_id", "=", r.id)
      .where("o.superseded_at", "is", null)
      .where("o.org_unit_id", "in", (eb) =>
        eb.selectFrom("target").select("org_unit_id").where("indicator_id", "=", r.id),
      )
      .orderBy("o.period_end", "desc")
      .orderBy("o.period", "asc")
      .executeTakeFirst();
    let evaluation: TaskTarget["evaluation"] = null;
    if (latest) {
      const asOf = /^\d{4}$/.test(latest.period) ? latest.period : String(latest.period_end).slice(0, 7);
      const key = `${latest.unit}|${asOf}`;
      let card = cards.get(key);
      if (!card) {
        card = buildScorecard(db, { orgUnit: latest.unit, asOf });
        cards.set(key, card);
      }
      const row = (await card.catch(() => null))?.rows.find((x) => x.indicator.code === r.code);
      if (row)
        evaluation = {
          orgUnit: latest.unit,
          asOf,
          status: row.evaluation.status,
          label: row.evaluation.label,
        };
    }
    out.push({
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      unit: r.unit,
      source: r.source,
      basis: r.basis,
      evaluation,
    });
  }
  return { task: task.code, items: out };
}

async function linkEnds(db: Db, taskId: number, indicatorCode: string) {
  const [task, indicator] = await Promise.all([
    db.selectFrom("task").select(["id", "code"]).where("id", "=", taskId).executeTakeFirst(),
    db.selectFrom("indicator").select(["id", "code"]).where("code", "=", indicatorCode).executeTakeFirst(),
  ]);
  if (!task) throw failures.notFound(`nhiệm vụ ${taskId} / task ${taskId}`);
  if (!indicator) throw failures.notFound(`chỉ tiêu ${indicatorCode} / indicator ${indicatorCode}`);
  return { task, indicator };
}

/** An administrator names an indicator a task serves (or changes the reason given); audited. */
export async function linkTaskIndicator(
  ctx: ServiceContext,
  taskId: number,
  indicatorCode: string,
  basis: string,
) {
  if (ctx.actor.role !== "admin") throw failures.forbidden("gắn chỉ tiêu / link an indicator");
  return withTransaction(ctx, async (trx) => {
    const { task, indicator } = await linkEnds(trx, taskId, indicatorCode);
    const old = await trx
      .selectFrom("task_indicator")
      .selectAll()
      .where("task_id", "=", task.id)
      .where("indicator_id", "=", indicator.id)
      .executeTakeFirst();
    const entityId = `${task.code}/${indicator.code}`;
    if (old) {
      await trx
        .updateTable("task_indicator")
        .set({ source: "admin", basis, created_by: ctx.actor.userId })
        .where("task_id", "=", task.id)
        .where("indicator_id", "=", indicator.id)
        .execute();
    } else {
      await trx
        .insertInto("task_indicator")
        .values({
          task_id: task.id,
          indicator_id: indicator.id,
          source: "admin",
          basis,
          created_by: ctx.actor.userId,
        })
        .execute();
    }
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: old ? "update" : "create",
        entity: "task_indicator",
        entityId,
        oldValue: old ? { source: old.source, basis: old.basis } : undefined,
        newValue: { source: "admin", basis },
        requestId: ctx.requestId,
      },
    ]);
    return { task: task.code, indicator: indicator.code, source: "admin" as const, basis };
  });
}

/** An administrator removes a link (one the catalog set too: the catalog sets it again on its next load). */
export async function unlinkTaskIndicator(ctx: ServiceContext, taskId: number, indicatorCode: string) {
  if (ctx.actor.role !== "admin") throw failures.forbidden("bỏ gắn chỉ tiêu / unlink an indicator");
  return withTransaction(ctx, async (trx) => {
    const { task, indicator } = await linkEnds(trx, taskId, indicatorCode);
    const old = await trx
      .deleteFrom("task_indicator")
      .where("task_id", "=", task.id)
      .where("indicator_id", "=", indicator.id)
      .returning(["source", "basis"])
      .executeTakeFirst();
    if (!old)
      throw new ServiceError(
        "not_found",
        "not_linked",
        `Nhiệm vụ ${task.code} không gắn với chỉ tiêu ${indicator.code}.`,
        `Task ${task.code} is not linked to indicator ${indicator.code}.`,
      );
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "delete",
        entity: "task_indicator",
        entityId: `${task.code}/${indicator.code}`,
        oldValue: old,
        requestId: ctx.requestId,
      },
    ]);
    return { task: task.code, indicator: indicator.code };
  });
}

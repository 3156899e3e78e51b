import { formatDateVi, isIsoDate } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";
import { type ServiceContext, withTransaction } from "../context.ts";
import { failures } from "../errors.ts";

// A leader's direction (ý kiến chỉ đạo) at a meeting becomes a task at once: under the meeting's
// conclusions document (Thông báo kết luận, kind TB; its number and date are entered by the office
// later), with the agency in charge, the supporting agencies and a dated deadline. From then on it
// is listed, reported on, reminded and counted overdue like every task.

export interface DirectionBody {
  orgUnit: string;
  meetingDate: string;
  subject: "indicator" | "agency" | "meeting";
  indicator?: string | undefined;
  agency?: string | undefined;
  textVi: string;
  leadAgency: string;
  supportAgencies: string[];
  deadline: string;
}

export interface DirectionView {
  id: number;
  orgUnit: string;
  meetingDate: string;
  subject: "indicator" | "agency" | "meeting";
  indicator: string | null;
  agency: string | null;
  textVi: string;
  leadAgency: { code: string; nameVi: string };
  supportAgencies: { code: string; nameVi: string }[];
  deadline: string;
  task: { id: number; code: string };
  conclusion: { code: string; number: string | null; issuedOn: string | null };
  recordedBy: string;
}

export function conclusionCode(orgUnit: string, meetingDate: string): string {
  return `tbkl-${orgUnit}-${meetingDate}`;
}

function requireDate(value: string, path: string): string {
  if (!isIsoDate(value))
    throw failures.rejected(
      "invalid_date",
      `Ngày ở trường ${path} không hợp lệ (yyyy-mm-dd): "${value}".`,
      `The date in ${path} is not valid (yyyy-mm-dd): "${value}".`,
      [{ path }],
    );
  return value;
}

async function agencyId(trx: Transaction<Database>, code: string, path: string) {
  const a = await trx.selectFrom("agency").select(["id", "code"]).where("code", "=", code).executeTakeFirst();
  if (!a)
    throw failures.rejected(
      "unknown_agency",
      `Không có cơ quan mã "${code}" (trường ${path}).`,
      `No agency with code "${code}" (field ${path}).`,
      [{ path }],
    );
  return a.id;
}

export async function recordDirection(ctx: ServiceContext, body: DirectionBody): Promise<DirectionView> {
  if (ctx.actor.role !== "leader" && ctx.actor.role !== "admin")
    throw failures.forbidden("chỉ lãnh đạo ghi ý kiến chỉ đạo / only a leader records a direction");
  const meetingDate = requireDate(body.meetingDate, "meetingDate");
  const deadline = requireDate(body.deadline, "deadline");
  if (deadline < meetingDate)
    throw failures.rejected(
      "deadline_before_meeting",
      `Hạn ${formatDateVi(deadline)} sớm hơn ngày họp ${formatDateVi(meetingDate)}.`,
      `The deadline ${deadline} is before the meeting ${meetingDate}.`,
      [{ path: "deadline" }],
    );
  const text = body.textVi.trim();
  if (text.length === 0 || text.length > 4000)
    throw failures.rejected(
      "invalid_text",
      "Nội dung chỉ đạo phải có từ 1 đến 4.000 ký tự.",
      "The direction must have 1 to 4,000 characters.",
      [{ path: "textVi" }],
    );
  if (body.subject === "indicator" && !body.indicator)
    throw failures.rejected(
      "missing_indicator",
      "Chỉ đạo về chỉ tiêu cần mã chỉ tiêu.",
      "A direction on an indicator needs its code.",
      [{ path: "indicator" }],
    );
  if (body.subject === "agency" && !body.agency)
    throw failures.rejected(
      "missing_agency",
      "Chỉ đạo đối với cơ quan cần mã cơ quan.",
      "A direction to an agency needs its code.",
      [{ path: "agency" }],
    );

  return withTransaction(ctx, async (trx) => {
    const unit = await trx
      .selectFrom("org_unit")
      .select(["id", "code", "name_vi"])
      .where("code", "=", body.orgUnit)
      .executeTakeFirst();
    if (!unit) throw failures.notFound(`đơn vị ${body.orgUnit} / org unit ${body.orgUnit}`);
    const indicator =
      body.subject === "indicator"
        ? await trx
            .selectFrom("indicator")
            .select("id")
            .where("code", "=", body.indicator as string)
            .executeTakeFirst()
        : null;
    if (body.subject === "indicator" && !indicator)
      throw failures.rejected(
        "unknown_indicator",
        `Không có chỉ tiêu mã "${body.indicator}".`,
        `No indicator "${body.indicator}".`,
        [{ path: "indicator" }],
      );
    const subjectAgency =
      body.subject === "agency" ? await agencyId(trx, body.agency as string, "agency") : null;
    const lead = await agencyId(trx, body.leadAgency, "leadAgency");
    const supports: number[] = [];
    for (const [k, code] of body.supportAgencies.entries()) {
      const id = await agencyId(trx, code, `supportAgencies.${k}`);
      if (id !== lead && !supports.includes(id)) supports.push(id);
    }

    // the meeting's conclusions document, made on the first direction of the meeting
    const docCode = conclusionCode(unit.code, meetingDate);
    await trx
      .insertInto("document")
      .values({
        code: docCode,
        kind: "TB",
        number: null,
        issuer: "UBND",
        org_unit_id: unit.id,
        issued_on: null,
        title_vi: `Thông báo kết luận phiên họp thường kỳ UBND ${unit.name_vi} ngày ${formatDateVi(meetingDate)}`,
        title_en: null,
        period_from: Number(meetingDate.slice(0, 4)),
        period_to: Number(meetingDate.slice(0, 4)),
        supersedes_id: null,
        source_file: null,
        note: null,
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const doc = await trx
      .selectFrom("document")
      .select("id")
      .where("code", "=", docCode)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const n = await trx
      .selectFrom("direction")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("document_id", "=", doc.id)
      .executeTakeFirstOrThrow();
    const seq = Number(n.n) + 1;
    const task = await trx
      .insertInto("task")
      .values({
        code: `${docCode}-${seq}`,
        document_id: doc.id,
        number: String(seq),
        section: null,
        text_vi: text,
        text_en: null,
        lead_text: body.leadAgency,
        support_text: body.supportAgencies.join(", ") || null,
        approval_level: "UBND tỉnh",
        expected_output: null,
        note: null,
        quote: null,
        completed_on: null,
        replaced_by_id: null,
      })
      .returning(["id", "code"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("task_agency")
      .values([
        { task_id: task.id, agency_id: lead, role: "lead" as const, part: null },
        ...supports.map((s) => ({ task_id: task.id, agency_id: s, role: "support" as const, part: null })),
      ])
      .execute();
    await trx
      .insertInto("task_deadline")
      .values({
        task_id: task.id,
        revision: 1,
        deadline_text: `trước ngày ${formatDateVi(deadline)}`,
        kind: "date",
        due_date: deadline,
        window_from: null,
        window_to: null,
        recurrence: null,
        start_year: null,
        end_year: null,
        review_code: null,
        review_reason: null,
        vision_year: null,
        condition_text: null,
        document_id: doc.id,
        changed_by: ctx.actor.userId,
        reason: null,
      })
      .execute();
    const dir = await trx
      .insertInto("direction")
      .values({
        org_unit_id: unit.id,
        meeting_date: meetingDate,
        subject: body.subject,
        indicator_id: indicator?.id ?? null,
        subject_agency_id: subjectAgency,
        text_vi: text,
        deadline,
        document_id: doc.id,
        task_id: task.id,
        recorded_by: ctx.actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "create",
        entity: "direction",
        entityId: dir.id,
        newValue: { ...body, textVi: text, task: task.code, document: docCode },
        requestId: ctx.requestId,
      },
      {
        userId: ctx.actor.userId,
        action: "create",
        entity: "task",
        entityId: task.code,
        newValue: {
          document: docCode,
          text,
          lead: body.leadAgency,
          support: body.supportAgencies,
          due: deadline,
        },
        requestId: ctx.requestId,
      },
    ]);
    const [view] = await listDirections(trx, { ids: [dir.id] });
    return view as DirectionView;
  });
}

/** The office enters the conclusions document's number and date once it is issued. */
export async function setConclusionDocument(
  ctx: ServiceContext,
  code: string,
  body: { number: string; issuedOn: string },
): Promise<{ code: string; number: string; issuedOn: string }> {
  if (ctx.actor.role !== "admin")
    throw failures.forbidden(
      "chỉ văn phòng (quản trị) nhập số văn bản / only the office (administrator) enters the number",
    );
  const issuedOn = requireDate(body.issuedOn, "issuedOn");
  const number = body.number.trim();
  if (!/^[0-9]+\/[A-ZĐ0-9-]+$/u.test(number))
    throw failures.rejected(
      "invalid_document_number",
      `Số văn bản "${body.number}" không đúng dạng số/ký hiệu (ví dụ 512/TB-UBND).`,
      `The document number "${body.number}" is not number/symbol (e.g. 512/TB-UBND).`,
      [{ path: "number" }],
    );
  return withTransaction(ctx, async (trx) => {
    const doc = await trx
      .selectFrom("document")
      .select(["id", "kind", "number", "issued_on"])
      .where("code", "=", code)
      .forUpdate()
      .executeTakeFirst();
    if (doc?.kind !== "TB") throw failures.notFound(`thông báo kết luận ${code} / conclusions ${code}`);
    await trx.updateTable("document").set({ number, issued_on: issuedOn }).where("id", "=", doc.id).execute();
    await writeAudit(trx, [
      {
        userId: ctx.actor.userId,
        action: "update",
        entity: "document",
        entityId: code,
        oldValue: { number: doc.number, issuedOn: doc.issued_on },
        newValue: { number, issuedOn },
        requestId: ctx.requestId,
      },
    ]);
    return { code, number, issuedOn };
  });
}

export async function listDirections(
  db: Kysely<Database>,
  q: { orgUnit?: string; meetingFrom?: string; meetingTo?: string; ids?: number[] },
): Promise<DirectionView[]> {
  let query = db
    .selectFrom("direction as d")
    .innerJoin("org_unit as u", "u.id", "d.org_unit_id")
    .innerJoin("task as t", "t.id", "d.task_id")
    .innerJoin("document as doc", "doc.id", "d.document_id")
    .leftJoin("indicator as i", "i.id", "d.indicator_id")
    .leftJoin("agency as sa", "sa.id", "d.subject_agency_id")
    .leftJoin("app_user as w", "w.id", "d.recorded_by")
    .select([
      "d.id",
      "u.code as org_unit",
      "d.meeting_date",
      "d.subject",
      "i.code as indicator",
      "sa.code as agency",
      "d.text_vi",
      "d.deadline",
      "t.id as task_id",
      "t.code as task_code",
      "doc.code as doc_code",
      "doc.number as doc_number",
      "doc.issued_on as doc_issued_on",
      "w.display_name as recorder",
    ]);
  if (q.ids) query = query.where("d.id", "in", q.ids.length ? q.ids : [-1]);
  if (q.orgUnit) query = query.where("u.code", "=", q.orgUnit);
  if (q.meetingFrom) query = query.where("d.meeting_date", ">=", q.meetingFrom);
  if (q.meetingTo) query = query.where("d.meeting_date", "<=", q.meetingTo);
  const rows = await query.orderBy("d.meeting_date", "desc").orderBy("d.id").execute();
  const taskIds = rows.map((r) => r.task_id);
  const agencies = taskIds.length
    ? await db
        .selectFrom("task_agency as ta")
        .innerJoin("agency as a", "a.id", "ta.agency_id")
        .select(["ta.task_id", "ta.role", "a.code", "a.name_vi"])
        .where("ta.task_id", "in", taskIds)
        .orderBy("a.code")
        .execute()
    : [];
  return rows.map((r) => {
    const of = agencies.filter((a) => a.task_id === r.task_id);
    const lead = of.find((a) => a.role === "lead");
    return {
      id: r.id,
      orgUnit: r.org_unit,
      meetingDate: String(r.meeting_date).slice(0, 10),
      subject: r.subject,
      indicator: r.indicator,
      agency: r.agency,
      textVi: r.text_vi,
      leadAgency: { code: lead?.code ?? "", nameVi: lead?.name_vi ?? "" },
      supportAgencies: of
        .filter((a) => a.role === "support")
        .map((a) => ({ code: a.code, nameVi: a.name_vi })),
      deadline: String(r.deadline).slice(0, 10),
      task: { id: r.task_id, code: r.task_code },
      conclusion: {
        code: r.doc_code,
        number: r.doc_number,
        issuedOn: r.doc_issued_on ? String(r.doc_issued_on).slice(0, 10) : null,
      },
      recordedBy: r.recorder ?? "",
    };
  });
}

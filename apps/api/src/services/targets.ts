import type { Database, TargetForm } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Insertable, Transaction } from "kysely";
import { violatedConstraint } from "./constraints.ts";
import { type ServiceContext, withTransaction } from "./context.ts";
import { failures, ServiceError } from "./errors.ts";

export interface TargetRevisionInput {
  form: TargetForm;
  low?: string | null | undefined;
  high?: string | null | undefined;
  lowInclusive?: boolean | undefined;
  highInclusive?: boolean | undefined;
  tolerance?: string | null | undefined;
  changeUnit?: "absolute" | "percent" | null | undefined;
  baselinePeriod?: string | null | undefined;
  baselineValue?: string | null | undefined;
  planAmount?: string | null | undefined;
  categoryValue?: string | null | undefined;
  dueDate?: string | null | undefined;
  documentCode?: string | null | undefined;
  effectiveFrom?: string | null | undefined;
  /** the revising document's own words; absent: the revision has none of its own */
  quote?: string | null | undefined;
  provenance?: "stated" | "inferred" | "assumption" | undefined;
  provenanceNote?: string | null | undefined;
  reason: string;
}

/** A revised target is a new revision; the earlier ones stay, with who changed what and why. */
export async function reviseTarget(ctx: ServiceContext, targetId: number, input: TargetRevisionInput) {
  const { actor, requestId } = ctx;
  return withTransaction(ctx, async (trx) => {
    // two revisions of one target at once run in turn (each gets its own revision number)
    await trx.selectFrom("target").select("id").where("id", "=", targetId).forUpdate().execute();
    // the latest revision, in force or not yet (a revision dated ahead is still the latest word)
    const current = await trx
      .selectFrom("target_revision")
      .selectAll()
      .where("target_id", "=", targetId)
      .orderBy("revision", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!current) throw failures.notFound(`chỉ tiêu kế hoạch ${targetId} / target ${targetId}`);
    let documentId: number | null = current.document_id;
    if (input.documentCode) {
      const doc = await trx
        .selectFrom("document")
        .select("id")
        .where("code", "=", input.documentCode)
        .executeTakeFirst();
      if (!doc)
        throw failures.invalid([
          { path: "documentCode", message: `Không có văn bản ${input.documentCode} / unknown document` },
        ]);
      documentId = doc.id;
    }
    const row = {
      target_id: targetId,
      revision: current.revision + 1,
      form: input.form,
      low: input.low ?? null,
      high: input.high ?? null,
      low_inclusive: input.lowInclusive ?? true,
      high_inclusive: input.highInclusive ?? true,
      tolerance: input.tolerance ?? null,
      change_unit: input.changeUnit ?? null,
      baseline_period: input.baselinePeriod ?? null,
      baseline_value: input.baselineValue ?? null,
      plan_amount: input.planAmount ?? null,
      category_value: input.categoryValue ?? null,
      due_date: input.dueDate ?? null,
      document_id: documentId,
      effective_from: input.effectiveFrom ?? null,
      quote: input.quote ?? null,
      note: null,
      provenance: input.provenance ?? "stated",
      provenance_note: input.provenanceNote ?? null,
      reason: input.reason,
      created_by: actor.userId,
    };
    await insertTargetRevision(trx, row);
    await writeAudit(trx, [
      {
        userId: actor.userId,
        action: "revise",
        entity: "target",
        entityId: targetId,
        oldValue: current,
        newValue: row,
        requestId,
      },
    ]);
    return { targetId, revision: row.revision };
  });
}

/** Writes one target revision; the database holds each form's rules (bounds present, low ≤ high, …),
 *  and a row that breaks them is refused as `invalid_target`, for creation and revision alike. */
export async function insertTargetRevision(
  trx: Transaction<Database>,
  row: Insertable<Database["target_revision"]>,
): Promise<void> {
  try {
    await trx.insertInto("target_revision").values(row).execute();
  } catch (error) {
    if (violatedConstraint(error)?.problem === "invalid_target")
      throw new ServiceError(
        "invalid",
        "invalid_target",
        "Chỉ tiêu không hợp lệ với dạng đã chọn (thiếu mức hoặc mức dưới lớn hơn mức trên).",
        "The target does not fit its form (a bound is missing or low > high).",
      );
    throw error;
  }
}

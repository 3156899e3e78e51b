import type { Database } from "@chitieu/storage";
import { type ServiceContext, withTransaction } from "../context.ts";
import {
  defined,
  fieldProblem,
  idOf,
  insertAudited,
  mustFind,
  mustNotExist,
  type Trx,
  updateAudited,
} from "./shared.ts";

// The administrator's changes to documents (plans, decisions, conclusions): the texts targets,
// tasks and deadlines quote.

export interface DocumentPatch {
  kind?: Database["document"]["kind"] | undefined;
  number?: string | null | undefined;
  issuer?: string | null | undefined;
  orgUnit?: string | null | undefined;
  issuedOn?: string | null | undefined;
  titleVi?: string | undefined;
  titleEn?: string | null | undefined;
  periodFrom?: number | null | undefined;
  periodTo?: number | null | undefined;
  supersedes?: string | null | undefined;
  note?: string | null | undefined;
}

export interface DocumentInput extends DocumentPatch {
  code: string;
  kind: Database["document"]["kind"];
  titleVi: string;
}

async function documentColumns(trx: Trx, input: DocumentPatch) {
  return defined({
    kind: input.kind,
    number: input.number,
    issuer: input.issuer,
    org_unit_id: await idOf(trx, "org_unit", input.orgUnit, "orgUnit"),
    issued_on: input.issuedOn,
    title_vi: input.titleVi,
    title_en: input.titleEn,
    period_from: input.periodFrom,
    period_to: input.periodTo,
    supersedes_id: await idOf(trx, "document", input.supersedes, "supersedes"),
    note: input.note,
  });
}

function checkPeriod(from: number | null | undefined, to: number | null | undefined) {
  if (from != null && to != null && to < from)
    throw fieldProblem(
      "invalid_range",
      "periodTo",
      "năm cuối phải từ năm đầu trở đi",
      "the last year must not precede the first",
    );
}

export async function createDocument(ctx: ServiceContext, input: DocumentInput) {
  return withTransaction(ctx, async (trx) => {
    await mustNotExist(trx, "document", input.code);
    checkPeriod(input.periodFrom, input.periodTo);
    const row = { code: input.code, ...(await documentColumns(trx, input)) };
    await insertAudited(trx, ctx, "document", row);
    return { code: input.code };
  });
}

export async function updateDocument(ctx: ServiceContext, code: string, patch: DocumentPatch) {
  return withTransaction(ctx, async (trx) => {
    const old = await mustFind(trx, "document", code, "văn bản", "document");
    const wanted = await documentColumns(trx, patch);
    if (wanted.supersedes_id !== undefined && wanted.supersedes_id === old.id)
      throw fieldProblem(
        "invalid_reference",
        "supersedes",
        "văn bản không thể thay thế chính nó",
        "a document cannot supersede itself",
      );
    checkPeriod(
      patch.periodFrom === undefined ? old.period_from : patch.periodFrom,
      patch.periodTo === undefined ? old.period_to : patch.periodTo,
    );
    await updateAudited(trx, ctx, "document", old, wanted);
    return { code };
  });
}

import { addDays, compareIsoDates } from "@chitieu/domain";
import { writeAudit } from "@chitieu/storage";
import { violatedConstraint } from "../constraints.ts";
import { type ServiceContext, withTransaction } from "../context.ts";
import { addOwnNameAlias, agencyColumns, type NewAgency } from "./agencies.ts";
import { type NewOrgUnit, orgUnitColumns } from "./org-units.ts";
import { fieldProblem, insertRow, mustNotExist, type Row, unknownCode, WHAT } from "./shared.ts";

// Administrative change is normal (DOMAIN.md): org units and agencies are renamed and merged,
// with dates, and the rows of the old ones stay.

export interface SuccessionInput<New> {
  /** rename: one predecessor becomes a new legal entity; merge: predecessors join one successor */
  kind: "rename" | "merge";
  /** the first day of the successor; predecessors end the day before */
  effectiveOn: string;
  predecessors: string[];
  /** an existing successor (merge into it) … */
  successor?: string | null | undefined;
  /** … or a new one, valid from effectiveOn */
  newSuccessor?: New | null | undefined;
  note?: string | null | undefined;
}

type SuccessionTable = "org_unit" | "agency";

/**
 * Administrative change with dates: each predecessor is closed the day before `effectiveOn` and
 * points at the successor from that day. The rows stay, so the figures of 2024 still belong to
 * the units of 2024 and today's unit can show its predecessors' history.
 */
export async function recordSuccession(
  ctx: ServiceContext,
  table: SuccessionTable,
  input: SuccessionInput<NewOrgUnit | NewAgency>,
) {
  const what = WHAT[table];
  if (input.kind === "rename" && (input.predecessors.length !== 1 || !input.newSuccessor))
    throw fieldProblem(
      "invalid_change",
      "predecessors",
      "đổi tên cần đúng một đơn vị cũ và một đơn vị mới",
      "a rename needs exactly one predecessor and a new successor",
    );
  if (Boolean(input.successor) === Boolean(input.newSuccessor))
    throw fieldProblem(
      "invalid_change",
      "successor",
      "chọn một đơn vị kế thừa đã có hoặc khai báo một đơn vị mới (không cả hai)",
      "give either an existing successor or a new one (not both)",
    );
  if (new Set(input.predecessors).size !== input.predecessors.length)
    throw fieldProblem(
      "invalid_change",
      "predecessors",
      "một đơn vị được nêu hai lần",
      "a predecessor is listed twice",
    );
  const successorCode = input.successor ?? input.newSuccessor?.code ?? "";
  const selfIndex = input.predecessors.indexOf(successorCode);
  if (selfIndex >= 0)
    throw fieldProblem(
      "invalid_change",
      `predecessors.${selfIndex}`,
      `${what.vi} “${successorCode}” không thể sáp nhập vào chính nó`,
      `${what.en} “${successorCode}” cannot be merged into itself`,
    );
  const closedOn = addDays(input.effectiveOn, -1);

  const result = await withTransaction(ctx, async (trx) => {
    const predecessors = [];
    for (const [i, code] of input.predecessors.entries()) {
      const row = await trx.selectFrom(table).selectAll().where("code", "=", code).executeTakeFirst();
      if (!row) throw unknownCode(`predecessors.${i}`, what, code);
      if (row.valid_to !== null)
        throw fieldProblem(
          "already_closed",
          `predecessors.${i}`,
          `${what.vi} “${code}” đã hết hiệu lực từ ${row.valid_to}`,
          `${what.en} “${code}” already ended on ${row.valid_to}`,
        );
      if (row.valid_from !== null && compareIsoDates(input.effectiveOn, row.valid_from) <= 0)
        throw fieldProblem(
          "before_valid_from",
          "effectiveOn",
          `ngày hiệu lực phải sau ngày ${code} bắt đầu (${row.valid_from})`,
          `the effective date must be after ${code} began (${row.valid_from})`,
        );
      predecessors.push(row);
    }
    let successor: { id: number; code: string };
    const audit = [];
    if (input.successor) {
      const row = await trx
        .selectFrom(table)
        .selectAll()
        .where("code", "=", input.successor)
        .executeTakeFirst();
      if (!row) throw unknownCode("successor", what, input.successor);
      if (row.valid_to !== null && compareIsoDates(row.valid_to, input.effectiveOn) < 0)
        throw fieldProblem(
          "already_closed",
          "successor",
          `${what.vi} kế thừa “${row.code}” đã hết hiệu lực từ ${row.valid_to}`,
          `the successor “${row.code}” ended on ${row.valid_to}`,
        );
      if (row.valid_from !== null && compareIsoDates(row.valid_from, input.effectiveOn) > 0)
        throw fieldProblem(
          "before_valid_from",
          "effectiveOn",
          `${what.vi} kế thừa “${row.code}” chỉ bắt đầu từ ${row.valid_from}`,
          `the successor “${row.code}” only begins on ${row.valid_from}`,
        );
      successor = row;
    } else {
      const fresh = input.newSuccessor as NewOrgUnit & NewAgency;
      await mustNotExist(trx, table, fresh.code, "newSuccessor.code");
      const first = predecessors[0] as Row;
      let row: Row;
      if (table === "org_unit") {
        row = {
          code: fresh.code,
          ...(await orgUnitColumns(trx, { ...fresh, validFrom: input.effectiveOn })),
        };
        // a renamed unit keeps its place unless told otherwise
        row.level ??= first.level;
        if (fresh.parent === undefined) row.parent_id = first.parent_id;
      } else {
        row = { code: fresh.code, ...(await agencyColumns(trx, { ...fresh, validFrom: input.effectiveOn })) };
        row.kind ??= first.kind;
        if (fresh.orgUnit === undefined) row.org_unit_id = first.org_unit_id;
      }
      const id = await insertRow(trx, table, row);
      if (table === "agency")
        await addOwnNameAlias(trx, id, (row.org_unit_id as number | null) ?? null, String(row.name_vi));
      audit.push({ action: "create", entity: table, entityId: fresh.code, newValue: row });
      successor = { id, code: fresh.code };
    }
    for (const p of predecessors) {
      await trx.updateTable(table).set({ valid_to: closedOn }).where("id", "=", p.id).execute();
      audit.push({
        action: input.kind,
        entity: table,
        entityId: p.code,
        oldValue: { valid_to: null },
        newValue: { valid_to: closedOn, successor: successor.code },
      });
      const link =
        table === "org_unit"
          ? {
              predecessor_id: p.id,
              successor_id: successor.id,
              effective_on: input.effectiveOn,
              source: input.note ?? null,
            }
          : {
              predecessor_id: p.id,
              successor_id: successor.id,
              effective_on: input.effectiveOn,
              note: input.note ?? null,
            };
      try {
        await trx
          .insertInto(table === "org_unit" ? "org_unit_succession" : "agency_succession")
          .values(link as never)
          .execute();
      } catch (error) {
        if (violatedConstraint(error)?.name === `${table}_succession_once`)
          throw fieldProblem(
            "duplicate",
            "successor",
            `“${p.code}” đã được ghi là tiền thân của “${successor.code}”`,
            `“${p.code}” is already recorded as a predecessor of “${successor.code}”`,
          );
        throw error;
      }
      audit.push({
        action: "create",
        entity: `${table}_succession`,
        entityId: `${p.code}>${successor.code}`,
        newValue: {
          predecessor: p.code,
          successor: successor.code,
          effective_on: input.effectiveOn,
          note: input.note ?? null,
        },
      });
    }
    await writeAudit(
      trx,
      audit.map((a) => ({ ...a, userId: ctx.actor.userId, requestId: ctx.requestId })),
    );
    return {
      kind: input.kind,
      effectiveOn: input.effectiveOn,
      predecessors: predecessors.map((p) => ({ code: p.code, validTo: closedOn })),
      successor: successor.code,
    };
  });
  return result;
}

import type { Transaction } from "kysely";
import type { Database } from "./database.ts";

export interface AuditEntry {
  userId?: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  oldValue?: unknown;
  newValue?: unknown;
  batchId?: number | null;
  requestId?: string | null;
}

// Called inside the transaction that makes the change: a change without its audit row cannot exist.
// Only a Transaction is accepted, so a plain connection (an audit row apart from its change) does
// not compile.
export async function writeAudit(trx: Transaction<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (let i = 0; i < entries.length; i += 500) {
    await trx
      .insertInto("audit_log")
      .values(
        entries.slice(i, i + 500).map((e) => ({
          user_id: e.userId ?? null,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId == null ? null : String(e.entityId),
          old_value: e.oldValue === undefined ? null : JSON.stringify(e.oldValue),
          new_value: e.newValue === undefined ? null : JSON.stringify(e.newValue),
          batch_id: e.batchId ?? null,
          request_id: e.requestId ?? null,
        })),
      )
      .execute();
  }
}

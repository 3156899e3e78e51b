import type { Kysely } from "kysely";
import { writeAudit } from "./audit.ts";
import type { Database } from "./database.ts";

// Checked by `pnpm typecheck`, never run: an audit row written on a plain connection, apart from
// the transaction of its change, must not compile.
export async function auditOutsideATransaction(db: Kysely<Database>) {
  // @ts-expect-error writeAudit takes only a Transaction
  await writeAudit(db, []);
}

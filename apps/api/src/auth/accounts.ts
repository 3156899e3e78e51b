import type { Database, Role } from "@chitieu/storage";
import { writeAudit } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./secrets.ts";

// Accounts that exist before anyone can sign in: the first administrator from the
// environment, and in demo mode one documented account per role (see README).

export const DEMO_PASSWORD = "chitieu-demo-2024";
export const DEMO_OFFICER_AGENCY = "qnam-so-tai-chinh";

export const DEMO_ACCOUNTS: { email: string; role: Role; name: string }[] = [
  { email: "admin@demo.chitieu.vn", role: "admin", name: "Quản trị (minh hoạ)" },
  { email: "lanhdao@demo.chitieu.vn", role: "leader", name: "Lãnh đạo UBND tỉnh (minh hoạ)" },
  { email: "thongke@demo.chitieu.vn", role: "statistician", name: "Cán bộ thống kê (minh hoạ)" },
  {
    email: "coquan@demo.chitieu.vn",
    role: "agency_officer",
    name: "Cán bộ Sở Tài chính tỉnh Quảng Nam (minh hoạ)",
  },
];

export async function ensureAdmin(
  db: Kysely<Database>,
  email: string | undefined,
  password: string | undefined,
): Promise<boolean> {
  const existing = await db
    .selectFrom("app_user")
    .select("id")
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (existing || !email || !password) return false;
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("app_user")
      .values({
        email: email.toLowerCase(),
        display_name: "Quản trị hệ thống",
        password_hash: await hashPassword(password),
        role: "admin",
        agency_id: null,
        disabled_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, [
      {
        action: "create",
        entity: "app_user",
        entityId: user.id,
        newValue: { email, role: "admin", via: "ADMIN_EMAIL" },
      },
    ]);
  });
  return true;
}

/** Demo accounts; the statistician writes the Quảng Nam figures, the officer speaks for one agency. */
export async function ensureDemoAccounts(db: Kysely<Database>): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (const account of DEMO_ACCOUNTS) {
      const exists = await trx
        .selectFrom("app_user")
        .select("id")
        .where("email", "=", account.email)
        .executeTakeFirst();
      if (exists) continue;
      // the demo officer speaks for Sở Tài chính of Quảng Nam, which leads tasks in the catalog
      const agency =
        account.role === "agency_officer"
          ? await trx
              .selectFrom("agency")
              .select("id")
              .where("code", "=", DEMO_OFFICER_AGENCY)
              .executeTakeFirst()
          : undefined;
      const user = await trx
        .insertInto("app_user")
        .values({
          email: account.email,
          display_name: account.name,
          password_hash: hash,
          role: account.role,
          agency_id: agency?.id ?? null,
          is_demo: true,
          disabled_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (account.role === "statistician") {
        const units = await trx.selectFrom("org_unit").select("id").where("level", "=", "province").execute();
        if (units.length > 0)
          await trx
            .insertInto("user_scope")
            .values(units.map((u) => ({ user_id: user.id, scope_kind: "org_unit" as const, ref_id: u.id })))
            .execute();
      }
      await writeAudit(trx, [
        {
          action: "create",
          entity: "app_user",
          entityId: user.id,
          newValue: { email: account.email, role: account.role, demo: true },
        },
      ]);
    }
  });
}

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@chitieu/storage";
import type { Actor } from "../services/context.ts";
import { ServiceError } from "../services/errors.ts";
import { generateDraft, getDraft } from "../services/report/drafts.ts";
import { renderDocx } from "../services/report/render-docx.ts";
import { renderPdf } from "../services/report/render-pdf.ts";
import { renderAppendixXlsx } from "../services/report/render-xlsx.ts";

// For scheduled runs: generate and keep the socio-economic report draft of an org unit and a
// period as a named user (admin, leader or statistician), and write it as DOCX, PDF and the
// appendix XLSX into a folder. Against DATABASE_URL, else the PGlite DATA_DIR.
//   pnpm report:draft --org-unit p49 --period 2024-9M --user lanhdao@… [--out dir] [--lang vi|en]
//     [--format docx,pdf,xlsx] [--today 2024-10-15]
// Exit code: 0 written, 1 refused (message in Vietnamese and English), 2 usage.

const USAGE =
  "Cách dùng / usage: report:draft --org-unit p49 --period 2024-9M --user email [--out thư-mục/dir] [--lang vi|en] [--format docx,pdf,xlsx] [--today yyyy-mm-dd]";

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "org-unit": { type: "string" },
      period: { type: "string" },
      user: { type: "string" },
      out: { type: "string", default: "." },
      lang: { type: "string", default: "vi" },
      format: { type: "string", default: "docx,pdf,xlsx" },
      today: { type: "string" },
    },
  });
  const formats = (values.format ?? "").split(",").filter(Boolean);
  if (
    !values["org-unit"] ||
    !values.period ||
    !values.user ||
    (values.lang !== "vi" && values.lang !== "en") ||
    formats.some((f) => !["docx", "pdf", "xlsx"].includes(f))
  ) {
    console.error(USAGE);
    return 2;
  }
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
  try {
    const user = await handle.db
      .selectFrom("app_user")
      .select(["id", "email", "role", "agency_id", "disabled_at"])
      .where("email", "=", values.user.toLowerCase())
      .executeTakeFirst();
    if (!user || user.disabled_at) {
      console.error(`Không có người dùng ${values.user} / no user ${values.user}`);
      return 2;
    }
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      role: user.role,
      agencyId: user.agency_id,
      scopes: { indicator: [], org_unit: [], agency: [] },
      via: "session",
      tokenScopes: [],
    };
    const made = await generateDraft(
      { db: handle.db, actor, requestId: `cli-${Date.now()}` },
      { orgUnit: values["org-unit"], period: values.period, today: values.today },
    );
    const { draft } = await getDraft(handle.db, made.id, values.lang);
    const base = path.join(values.out ?? ".", `bao-cao-kt-xh-${made.orgUnit}-${made.period}-${made.id}`);
    for (const f of formats) {
      const bytes =
        f === "docx"
          ? await renderDocx(draft)
          : f === "pdf"
            ? await renderPdf(draft)
            : await renderAppendixXlsx(draft);
      const file = `${base}${f === "xlsx" ? "-bieu-so-lieu" : ""}.${f}`;
      await writeFile(file, bytes);
      console.log(file);
    }
    console.log(draft.summaryLine);
    for (const c of made.changes?.changes ?? [])
      console.log(`${c.code} ${c.field}: ${c.before ?? "—"} → ${c.after ?? "—"}`);
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(`${error.vi}\n${error.en}`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

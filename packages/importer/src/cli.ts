import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@chitieu/storage";
import { parseDelimiter } from "./csv-reader.ts";
import type { Layout } from "./headers.ts";
import { commitImport, type ImportOptions, type ImportResult, previewImport } from "./import-service.ts";
import { ImportError } from "./problems.ts";
import type { ReportAnswers } from "./report-layout.ts";
import { parseEncoding } from "./source.ts";

// tsx packages/importer/src/cli.ts import <file> [--dry-run] [--layout long|wide] [--year 2024]
//   [--encoding utf-8|utf-16le|windows-1258…] [--delimiter ,|;|tab] [--number-convention comma|dot]
//   [--user email] [--max-mb 50]
//   report and district tables (issue #15) answer their questions with: [--org-unit p49]
//   [--status estimate|preliminary|official] [--unit "tỷ đồng"|catalog] [--indicator code]
//   [--sheet name] [--store-total] [--record-plan "number@YYYY-MM-DD"] [--name "text in the file=code"]… (code "-" skips the row)
// against DATABASE_URL, else the PGlite DATA_DIR. Exit code: 0 ok, 1 the file has errors, 2 usage.

const USAGE =
  "Cách dùng / usage: import <tệp/file> [--dry-run] [--layout long|wide] [--year 2024] [--encoding …] [--delimiter …] [--number-convention comma|dot] [--user email] [--max-mb 50] [--org-unit code] [--status estimate|preliminary|official] [--unit …|catalog] [--indicator code] [--sheet name] [--store-total] [--record-plan 'số@YYYY-MM-DD'] [--name 'tên=mã']…";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      layout: { type: "string" },
      year: { type: "string" },
      encoding: { type: "string" },
      delimiter: { type: "string" },
      "number-convention": { type: "string" },
      user: { type: "string" },
      "max-mb": { type: "string" },
      json: { type: "boolean", default: false },
      "org-unit": { type: "string" },
      status: { type: "string" },
      unit: { type: "string" },
      indicator: { type: "string" },
      sheet: { type: "string" },
      "store-total": { type: "boolean" },
      "record-plan": { type: "string" },
      name: { type: "string", multiple: true },
    },
  });
  const [command, file] = positionals;
  if (command !== "import" || !file) {
    console.error(USAGE);
    return 2;
  }
  const options = toOptions(values);
  if (typeof options === "string") {
    console.error(options);
    return 2;
  }
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
  try {
    if (values.user) {
      const user = await handle.db
        .selectFrom("app_user")
        .select("id")
        .where("email", "=", values.user.toLowerCase())
        .executeTakeFirst();
      if (!user) {
        console.error(`Không có người dùng ${values.user} / no user ${values.user}`);
        return 2;
      }
      options.userId = user.id;
    }
    options.onProgress = (p) =>
      process.stderr.write(`\r${p.phase} ${p.rowsDone}${p.rowsTotal ? `/${p.rowsTotal}` : ""}   `);
    const source = { name: path.basename(file), path: path.resolve(file) };
    const run = values["dry-run"] ? previewImport : commitImport;
    const result = await run(handle.db, source, options);
    process.stderr.write("\n");
    console.log(values.json ? JSON.stringify(result, null, 2) : describe(result));
    return result.errorCount > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`${error.vi}\n${error.en}`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

function toOptions(v: Record<string, string | boolean | string[] | undefined>): ImportOptions | string {
  const options: ImportOptions = {};
  const answers: ReportAnswers = {};
  if (typeof v["org-unit"] === "string") answers.orgUnit = v["org-unit"];
  if (typeof v.status === "string") {
    if (v.status !== "estimate" && v.status !== "preliminary" && v.status !== "official")
      return "--status: estimate | preliminary | official";
    answers.status = v.status;
  }
  if (typeof v.unit === "string") answers.unit = v.unit;
  if (typeof v.indicator === "string") answers.indicator = v.indicator;
  if (typeof v.sheet === "string") answers.sheet = v.sheet;
  if (v["store-total"] === true) answers.storeTotal = true;
  if (typeof v["record-plan"] === "string") {
    // --record-plan "123/QĐ-UBND@2024-07-15": the file's plan amounts become target revisions under it
    const m = /^(.+)@(\d{4}-\d{2}-\d{2})$/.exec(v["record-plan"]);
    if (!m) return `--record-plan: "số văn bản@YYYY-MM-DD" / "document number@YYYY-MM-DD"`;
    answers.recordPlan = { documentNumber: (m[1] as string).trim(), documentDate: m[2] as string };
  }
  if (Array.isArray(v.name)) {
    const names: Record<string, string> = {};
    for (const pair of v.name) {
      const at = pair.lastIndexOf("=");
      if (at <= 0) return `--name: "tên trong tệp=mã" / "name in the file=code"`;
      names[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    answers.names = names;
  }
  if (Object.keys(answers).length > 0) options.answers = answers;
  if (typeof v.layout === "string") {
    if (v.layout !== "long" && v.layout !== "wide") return `--layout: long | wide`;
    options.layout = v.layout as Layout;
  }
  if (typeof v.year === "string") {
    if (!/^\d{4}$/.test(v.year)) return `--year: YYYY`;
    options.year = Number(v.year);
  }
  if (typeof v.encoding === "string") {
    const e = parseEncoding(v.encoding);
    if (!e) return `--encoding: utf-8 | utf-8-bom | utf-16le | utf-16be | windows-1258`;
    options.encoding = e;
  }
  if (typeof v.delimiter === "string") {
    const d = parseDelimiter(v.delimiter);
    if (!d) return `--delimiter: , | ; | tab`;
    options.delimiter = d;
  }
  if (typeof v["number-convention"] === "string") {
    const c = parseConvention(v["number-convention"]);
    if (!c) return `--number-convention: comma | dot`;
    options.numberConvention = c;
  }
  if (typeof v["max-mb"] === "string") options.maxBytes = Number(v["max-mb"]) * 1024 * 1024;
  return options;
}

const QUESTION_FLAG: Record<string, string> = {
  orgUnit: "--org-unit",
  year: "--year",
  status: "--status",
  unit: "--unit",
  indicator: "--indicator",
  sheet: "--sheet",
  storeTotal: "--store-total",
  numberConvention: "--number-convention",
  name: "--name",
};

export function parseConvention(s: string): "comma_decimal" | "dot_decimal" | null {
  const k = s.trim().toLowerCase();
  if (k === "comma" || k === "comma_decimal" || k === "vi") return "comma_decimal";
  if (k === "dot" || k === "dot_decimal" || k === "en") return "dot_decimal";
  return null;
}

function describe(r: ImportResult): string {
  const d = r.detected;
  const lines = [
    `${r.fileName}: ${r.status}${r.batchId ? ` (batch ${r.batchId})` : ""}`,
    `  ${d.format} · ${d.encoding ?? "-"} · ${d.delimiter === "\t" ? "tab" : (d.delimiter ?? "-")} · ${d.numberConvention} · ${d.layout ?? "?"}${d.year ? ` · ${d.year}` : ""}`,
    `  rows: ${r.rows.total} (new ${r.rows.new}, revised ${r.rows.revised}, unchanged ${r.rows.unchanged}, invalid ${r.rows.invalid}, skipped ${r.rows.skipped}, kept official ${r.rows.kept})`,
  ];
  if (r.duplicateOf) lines.push(`  same file as batch ${r.duplicateOf}`);
  if (r.report) {
    for (const i of r.report.inferred) lines.push(`  ${i.field}: ${i.value} (${i.source} / ${i.sourceEn})`);
    for (const c of r.report.conversions)
      lines.push(`  ${c.row}: ${c.original} ${c.from} → ${c.value} ${c.to} (× ${c.factor})`);
    for (const m of r.report.matches.filter((x) => x.how !== "exact"))
      lines.push(`  ${m.row}: "${m.text}" → ${m.code} (${m.how}${m.score ? ` ${m.score}` : ""})`);
    for (const q of r.report.questions) {
      const flag = QUESTION_FLAG[q.field];
      const choices = q.choices.map((c) => c.value).join(" | ");
      const how = q.field === "name" ? `--name "${q.text}=<${choices}>"` : `${flag} <${choices}>`;
      lines.push(`  ? ${q.message} / ${q.messageEn}${q.suggested ? ` [${q.suggested}]` : ""}\n      ${how}`);
    }
  }
  for (const v of r.revisions)
    lines.push(
      `  ${v.row}: ${v.indicator} · ${v.orgUnit} · ${v.period}: ${v.oldValue} → ${v.newValue} (${v.enteredBy ?? "?"}, ${v.enteredAt})`,
    );
  const shown = [...r.errors, ...r.warnings].slice(0, 200);
  for (const p of shown) {
    const where = `${p.row ?? "-"}${p.column_letter ? `:${p.column_letter}` : ""}`;
    lines.push(
      `  ${p.severity === "error" ? "LỖI " : "CẢNH BÁO "}${where} [${p.code}] ${p.message} / ${p.message_en}`,
    );
  }
  if (r.truncated || shown.length < r.errors.length + r.warnings.length) {
    lines.push(
      `  … ${r.errorCount} lỗi / errors, ${r.warningCount} cảnh báo / warnings in all (--json for the full list)`,
    );
  }
  return lines.join("\n");
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

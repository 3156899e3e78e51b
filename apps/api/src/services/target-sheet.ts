import { detectNumberConvention, parseDecimal, targetFormSchema } from "@chitieu/domain";
import { type ImportSource, readTable, TableError } from "@chitieu/importer";
import type { TargetForm } from "@chitieu/storage";
import { ServiceError } from "./errors.ts";
import type { Provenance, TargetInput, TargetProblem } from "./target-create.ts";

// A plan's targets as a spreadsheet (CSV or xlsx, read by the importer's table reader): one row
// per target, the columns of data/catalog/targets.csv or their Vietnamese headers. Numbers are
// read in the file's own convention (7,5 or 7.5; 23.600 or 23,600), detected once for the file;
// a number that could be read two ways is a problem of its row, never a guess.

type Column =
  | "indicator"
  | "orgUnit"
  | "period"
  | "form"
  | "low"
  | "high"
  | "tolerance"
  | "changeUnit"
  | "baselinePeriod"
  | "baselineValue"
  | "planAmount"
  | "categoryValue"
  | "dueDate"
  | "documentCode"
  | "quote"
  | "note"
  | "effectiveFrom"
  | "provenance"
  | "provenanceNote";

export const TARGET_COLUMNS: Record<Column, string[]> = {
  indicator: ["indicator_code", "indicator", "Mã chỉ tiêu"],
  orgUnit: ["org_unit_code", "org unit", "Mã đơn vị", "Đơn vị"],
  period: ["period", "Kỳ", "Năm"],
  form: ["form", "Dạng"],
  low: ["low", "Mức dưới", "Mức"],
  high: ["high", "Mức trên"],
  tolerance: ["tolerance", "Dung sai"],
  changeUnit: ["change_unit", "Đơn vị thay đổi"],
  baselinePeriod: ["baseline_period", "Kỳ gốc"],
  baselineValue: ["baseline_value", "Giá trị gốc"],
  planAmount: ["plan_amount", "Số kế hoạch"],
  categoryValue: ["category_value", "Nhóm"],
  dueDate: ["due_date", "Hạn"],
  documentCode: ["document_code", "document", "Mã văn bản", "Văn bản"],
  quote: ["quote", "Trích dẫn", "Nguyên văn"],
  note: ["note", "Ghi chú"],
  effectiveFrom: ["effective_from", "Hiệu lực từ"],
  provenance: ["provenance", "Nguồn gốc"],
  provenanceNote: ["provenance_note", "Lý do"],
};

const REQUIRED: Column[] = ["indicator", "orgUnit", "period", "form", "documentCode", "quote"];
const NUMBERS = ["low", "high", "tolerance", "baselineValue", "planAmount"] as const;
/** a date as the province writes it (31/12/2024) or ISO */
const VI_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export async function readTargetSheet(
  source: ImportSource,
): Promise<{ rows: { row: number; input: TargetInput }[]; problems: TargetProblem[] }> {
  let table: Awaited<ReturnType<typeof readTable<Column>>>;
  try {
    table = await readTable(source, TARGET_COLUMNS, REQUIRED);
  } catch (error) {
    if (error instanceof TableError)
      throw new ServiceError(
        "invalid",
        error.code,
        error.vi,
        error.en,
        error.details ? [error.details] : undefined,
      );
    throw error;
  }
  const cell = (cells: string[], c: Column) => {
    const col = table.columns.find((x) => x.role === c);
    return col === undefined ? "" : (cells[col.col] ?? "").trim();
  };
  const samples = table.rows.flatMap((r) => NUMBERS.map((c) => cell(r.cells, c)).filter((v) => v !== ""));
  const convention = detectNumberConvention(samples);
  const problems: TargetProblem[] = [];
  const rows: { row: number; input: TargetInput }[] = [];
  for (const r of table.rows) {
    const at = (c: Column, vi: string, en: string) =>
      problems.push({ path: `dòng ${r.row} / row ${r.row} · ${c}`, message: `${vi} / ${en}` });
    const text = (c: Column) => cell(r.cells, c) || null;
    const form = cell(r.cells, "form");
    if (!targetFormSchema.safeParse(form).success) {
      at("form", `Dạng "${form}" không có`, `unknown form "${form}"`);
      continue;
    }
    const input: TargetInput = {
      indicator: cell(r.cells, "indicator"),
      orgUnit: cell(r.cells, "orgUnit"),
      period: cell(r.cells, "period"),
      form: form as TargetForm,
      documentCode: cell(r.cells, "documentCode"),
      quote: cell(r.cells, "quote"),
      note: text("note"),
      categoryValue: text("categoryValue"),
      baselinePeriod: text("baselinePeriod"),
    };
    for (const c of NUMBERS) {
      const raw = cell(r.cells, c);
      if (raw === "") continue;
      const parsed = parseDecimal(raw, convention);
      if (parsed.ok && !parsed.percent) input[c] = parsed.value;
      else if (parsed.ok) input[c] = parsed.value;
      else
        at(
          c,
          `"${raw}" không đọc được thành số (${parsed.code})`,
          `"${raw}" is not a readable number (${parsed.code})`,
        );
    }
    for (const c of ["dueDate", "effectiveFrom"] as const) {
      const raw = cell(r.cells, c);
      if (raw === "") continue;
      const vi = VI_DATE.exec(raw);
      input[c] = vi ? `${vi[3]}-${(vi[2] ?? "").padStart(2, "0")}-${(vi[1] ?? "").padStart(2, "0")}` : raw;
    }
    const changeUnit = cell(r.cells, "changeUnit");
    if (changeUnit === "absolute" || changeUnit === "percent") input.changeUnit = changeUnit;
    else if (changeUnit !== "")
      at("changeUnit", `"${changeUnit}": absolute hoặc percent`, `"${changeUnit}": absolute or percent`);
    const provenance = cell(r.cells, "provenance");
    if (provenance === "stated" || provenance === "inferred" || provenance === "assumption")
      input.provenance = provenance as Provenance;
    else if (provenance !== "")
      at(
        "provenance",
        `"${provenance}": stated, inferred hoặc assumption`,
        `"${provenance}": stated, inferred or assumption`,
      );
    input.provenanceNote = text("provenanceNote");
    input.effectiveFrom ??= null;
    rows.push({ row: r.row, input });
  }
  return { rows, problems };
}

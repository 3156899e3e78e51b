import { type Target, targetSchema } from "./types.ts";

/** A row of data/catalog/targets.csv (strings as read; empty cell = absent). */
export type CatalogTargetRow = Record<string, string | undefined>;

function cell(row: CatalogTargetRow, name: string): string | undefined {
  const v = row[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

function bool(row: CatalogTargetRow, name: string): boolean | undefined {
  const v = cell(row, name);
  if (v === undefined) return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new RangeError(`${name}: expected true or false, got "${v}"`);
}

/** Maps the catalog's snake_case columns onto Target and validates it. */
export function targetFromCatalogRow(row: CatalogTargetRow): Target {
  const changeUnit = cell(row, "change_unit");
  return targetSchema.parse({
    form: cell(row, "form"),
    period: cell(row, "period"),
    low: cell(row, "low"),
    high: cell(row, "high"),
    lowInclusive: bool(row, "low_inclusive"),
    highInclusive: bool(row, "high_inclusive"),
    tolerance: cell(row, "tolerance"),
    changeUnit,
    baselinePeriod: cell(row, "baseline_period"),
    baselineValue: cell(row, "baseline_value"),
    planAmount: cell(row, "plan_amount"),
    categoryValue: cell(row, "category_value"),
    dueDate: cell(row, "due_date"),
    documentCode: cell(row, "document_code"),
  });
}

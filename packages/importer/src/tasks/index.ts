export { type TaskImportCounts, tableError } from "./batch.ts";
export * from "./problems.ts";
export * from "./status-import.ts";
export * from "./table.ts";
export * from "./task-import.ts";

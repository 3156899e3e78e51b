export * from "./csv.ts";
export * from "./demo-data.ts";
export * from "./load-catalog.ts";
export * from "./read-catalog.ts";
export type * from "./schemas.ts";

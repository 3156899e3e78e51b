export * from "./date.ts";
export * from "./deadline.ts";
export * from "./decimal.ts";
export * from "./number.ts";
export * from "./period.ts";
export * from "./progress/index.ts";
export * from "./target-text.ts";
export * from "./text.ts";

export * from "./agency-text.ts";
export * from "./duties.ts";
export * from "./report.ts";
export * from "./scorecard.ts";
export * from "./status.ts";

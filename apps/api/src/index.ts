export { type ApiDeps, createApp } from "./app.ts";
export { hashPassword } from "./auth/secrets.ts";
export { LoginThrottle } from "./auth/throttle.ts";
export { type AppConfig, readConfig } from "./config.ts";
export { createDataVersion, type DataVersion } from "./services/data-version.ts";
export type { Scorecard, ScorecardQuery, ScorecardRow } from "./services/scorecard.ts";
export { type Services, servicesFromHandle, startServices } from "./services.ts";

import type { currentTargets } from "@chitieu/storage";
import type { Json } from "./http/json.ts";
import type { targetRevisions } from "./services/reads.ts";

export { type ApiDeps, createApp } from "./app.ts";
export { hashPassword } from "./auth/secrets.ts";
export { LoginThrottle } from "./auth/throttle.ts";
export { type AppConfig, readConfig } from "./config.ts";
export type { Json } from "./http/json.ts";
export { createDataVersion, type DataVersion } from "./services/data-version.ts";
export type { Scorecard, ScorecardQuery, ScorecardRow } from "./services/scorecard.ts";
export { type Services, servicesFromHandle, startServices } from "./services.ts";

type RowOf<Q extends (...args: never[]) => { execute(): Promise<unknown[]> }> = Awaited<
  ReturnType<ReturnType<Q>["execute"]>
>[number];
/** a target in force as the public API lists it (GET /api/v1/public/indicators) */
export type PublicTarget = Json<Omit<RowOf<typeof currentTargets>, "target_id">>;
/** one revision of a target (GET /api/v1/targets/{id}/revisions) */
export type TargetRevision = Json<Awaited<ReturnType<typeof targetRevisions>>[number]>;

import type { currentTargets } from "@chitieu/storage";
import type { Json } from "./http/json.ts";
import type { getIndicator } from "./services/catalog/indicators.ts";
import type { listAgencies, listDocuments, listOrgUnits, targetRevisions } from "./services/reads.ts";

export { type ApiDeps, createApp } from "./app.ts";
export { hashPassword } from "./auth/secrets.ts";
export { LoginThrottle } from "./auth/throttle.ts";
export { type AppConfig, readConfig } from "./config.ts";
export { clientAddress } from "./http/client-address.ts";
export type { Json } from "./http/json.ts";
export { cacheKey, type FastAnswer, PUBLIC_CACHE_CONTROL, type PublicLookup } from "./http/public-cache.ts";
export { captureConsole, type Fields, type Level, logger, logLine, setLogSink } from "./log.ts";
export type { AgencyInput, AgencyPatch, NewAgency } from "./services/catalog/agencies.ts";
export type { DocumentInput, DocumentPatch } from "./services/catalog/documents.ts";
export type { IndicatorInput, IndicatorPatch } from "./services/catalog/indicators.ts";
export type { NewOrgUnit, OrgUnitInput, OrgUnitPatch } from "./services/catalog/org-units.ts";
export type { SuccessionInput } from "./services/catalog/succession.ts";
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
/** one indicator with its thresholds and plausible bounds (GET /api/v1/indicators/{code}) */
export type IndicatorDetail = Json<Awaited<ReturnType<typeof getIndicator>>>;
/** rows of GET /api/v1/org-units, /agencies, /documents */
export type OrgUnitListRow = Json<Awaited<ReturnType<typeof listOrgUnits>>[number]>;
export type AgencyListRow = Json<Awaited<ReturnType<typeof listAgencies>>[number]>;
export type DocumentListRow = Json<Awaited<ReturnType<typeof listDocuments>>[number]>;

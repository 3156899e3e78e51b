import { portalData } from "$lib/portal/server/data.ts";
import { structureResponse } from "$lib/portal/server/downloads.ts";
import type { RequestHandler } from "./$types";

// The SDMX data structure definition of the SDMX-CSV downloads (SDMX-JSON 2.0.0 structure
// message): a stable address, linked from the data page and from each SDMX-CSV answer.
export const GET: RequestHandler = async ({ fetch }) => {
  const snap = await portalData(fetch);
  const details = snap.indicators.map((i) => snap.details.get(i.code)).filter((d) => d !== undefined);
  return structureResponse(snap, details);
};

import { error } from "@sveltejs/kit";
import { currentVerdicts, portalData } from "$lib/portal/server/data.ts";
import { downloadResponse } from "$lib/portal/server/downloads.ts";
import { parseDataFile } from "$lib/portal/urls.ts";
import type { RequestHandler } from "./$types";

// The whole published dataset: /du-lieu/chitieu.csv, .sdmx.csv, .json
export const GET: RequestHandler = async ({ params, fetch, request }) => {
  const file = parseDataFile(params.file);
  if (file?.name !== "chitieu") error(404);
  const snap = await portalData(fetch);
  const details = snap.indicators.map((i) => snap.details.get(i.code)).filter((d) => d !== undefined);
  return downloadResponse(
    snap,
    details,
    file.name,
    file.format,
    request.headers.get("accept"),
    file.format === "csv" ? await currentVerdicts(snap, fetch) : new Map(),
  );
};

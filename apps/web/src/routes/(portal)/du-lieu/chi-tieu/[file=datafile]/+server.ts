import { error } from "@sveltejs/kit";
import { currentVerdicts, findIndicator, portalData } from "$lib/portal/server/data.ts";
import { downloadResponse } from "$lib/portal/server/downloads.ts";
import { parseDataFile } from "$lib/portal/urls.ts";
import type { RequestHandler } from "./$types";

// One published indicator: /du-lieu/chi-tieu/{code}.csv, .sdmx.csv, .json
export const GET: RequestHandler = async ({ params, fetch, request }) => {
  const file = parseDataFile(params.file);
  if (!file) error(404);
  const snap = await portalData(fetch);
  const { detail } = findIndicator(snap, file.name);
  return downloadResponse(
    snap,
    [detail],
    file.name,
    file.format,
    request.headers.get("accept"),
    file.format === "csv" ? await currentVerdicts(snap, fetch) : new Map(),
  );
};

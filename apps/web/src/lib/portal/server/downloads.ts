import { type CsvVerdict, datasetCsv, datasetJson } from "../export.ts";
import { datasetSdmxCsv, SDMX_CSV_MEDIA_TYPE, STRUCTURE_PATH, sdmxStructure } from "../sdmx.ts";
import type { PublicIndicatorDetail } from "../types.ts";
import type { DataFormat } from "../urls.ts";
import type { PortalSnapshot } from "./data.ts";

const TYPES: Record<DataFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  // SDMX-CSV 2.0.0 names its own media type (field guide, "Localisation"); it is CSV in UTF-8
  "sdmx.csv": `${SDMX_CSV_MEDIA_TYPE}; charset=utf-8`,
  json: "application/json; charset=utf-8",
};

/**
 * Content negotiation on a download's .csv address: a client whose Accept names SDMX-CSV
 * (`application/vnd.sdmx.data+csv;version=2.0.0`, or without a version) gets SDMX-CSV 2.0.0, any
 * other the Excel-friendly CSV. Exported for the portal cache, which keys on the answer.
 */
export function wantsSdmxCsv(accept: string | null): boolean {
  if (!accept) return false;
  let sdmx = 0;
  let csv = 0;
  for (const part of accept.split(",")) {
    const [type, ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith("q="))?.slice(2) ?? 1);
    const version = params.find((p) => p.startsWith("version="))?.slice(8);
    if (type === "application/vnd.sdmx.data+csv" && (version === undefined || version.startsWith("2.")))
      sdmx = Math.max(sdmx, Number.isFinite(q) ? q : 0);
    if (type === "text/csv") csv = Math.max(csv, Number.isFinite(q) ? q : 0);
  }
  // SDMX-CSV when asked for, unless plain CSV is preferred over it
  return sdmx > 0 && sdmx >= csv;
}

/** The SDMX structure message (DSD, dataflow, concepts, code lists) of the published dataset. */
export function structureResponse(snap: PortalSnapshot, details: PublicIndicatorDetail[]): Response {
  const areas = new Map(snap.units.map((u) => [u.code, u.nameVi]));
  for (const d of details)
    for (const o of d.observations) if (!areas.has(o.orgUnit)) areas.set(o.orgUnit, o.orgUnit);
  const body = sdmxStructure({
    indicators: details,
    orgUnits: [...areas].map(([code, nameVi]) => ({ code, nameVi })),
    prepared: snap.lastUpdated ?? new Date(0).toISOString(),
  });
  return new Response(JSON.stringify(body, null, 1), {
    headers: {
      "content-type": "application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8",
      "content-disposition": `inline; filename="${STRUCTURE_PATH.split("/").pop()}"`,
      "access-control-allow-origin": "*",
    },
  });
}

/** One download; the portal's handle adds ETag and Cache-Control (it caches by data version). */
export function downloadResponse(
  snap: PortalSnapshot,
  details: PublicIndicatorDetail[],
  name: string,
  format: DataFormat,
  /** the request's Accept header: SDMX-CSV asked for on the .csv address is served there */
  accept: string | null = null,
  /** issue #17: the current verdicts, on the CSV rows of the figures they judged */
  verdicts: ReadonlyMap<string, CsvVerdict> = new Map(),
): Response {
  if (format === "csv" && wantsSdmxCsv(accept)) {
    const res = downloadResponse(snap, details, name, "sdmx.csv");
    res.headers.set("vary", "accept");
    return res;
  }
  const body =
    format === "csv"
      ? datasetCsv(details, verdicts)
      : format === "sdmx.csv"
        ? datasetSdmxCsv(details)
        : datasetJson(
            {
              title:
                "chitieu – published socio-economic targets and figures / chỉ tiêu phát triển kinh tế – xã hội đã công bố",
              licence: "CC BY 4.0",
              licenceUrl: "https://creativecommons.org/licenses/by/4.0/",
              source: "chitieu (public API /api/v1/public)",
              lastUpdated: snap.lastUpdated,
              illustrative: details.some((d) => d.observations.some((o) => o.illustrative)),
              api: "/api/v1/openapi.json",
            },
            details,
          );
  return new Response(body, {
    headers: {
      "content-type": TYPES[format],
      "content-disposition": `${format === "json" ? "inline" : "attachment"}; filename="${name}.${format}"`,
      "access-control-allow-origin": "*",
      ...(format === "csv" ? { vary: "accept" } : {}),
      ...(format === "sdmx.csv" ? { link: `<${STRUCTURE_PATH}>; rel="describedby"` } : {}),
      ...(snap.lastUpdated ? { "last-modified": new Date(snap.lastUpdated).toUTCString() } : {}),
    },
  });
}

import { datasetCsv, datasetJson, datasetSdmxCsv } from "../export.ts";
import type { PublicIndicatorDetail } from "../types.ts";
import type { DataFormat } from "../urls.ts";
import type { PortalSnapshot } from "./data.ts";

const TYPES: Record<DataFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  "sdmx.csv": "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
};

/** One download; the portal's handle adds ETag and Cache-Control (it caches by data version). */
export function downloadResponse(
  snap: PortalSnapshot,
  details: PublicIndicatorDetail[],
  name: string,
  format: DataFormat,
): Response {
  const body =
    format === "csv"
      ? datasetCsv(details)
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
      ...(snap.lastUpdated ? { "last-modified": new Date(snap.lastUpdated).toUTCString() } : {}),
    },
  });
}

import type { ParamMatcher } from "@sveltejs/kit";

// downloads: "chitieu.csv", "qnam24-forest-cover.sdmx.csv", "chitieu.json"
export const match = ((param: string) =>
  /^[a-z0-9][a-z0-9-]*\.(sdmx\.csv|csv|json)$/.test(param)) satisfies ParamMatcher;

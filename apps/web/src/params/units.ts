import type { ParamMatcher } from "@sveltejs/kit";

// the portal's "units" section in either language (the wrong one redirects to the right one)
export const match = ((param: string) => param === "don-vi" || param === "units") satisfies ParamMatcher;

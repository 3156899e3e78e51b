import type { ParamMatcher } from "@sveltejs/kit";

// the portal's "data" section in either language (the wrong one redirects to the right one)
export const match = ((param: string) => param === "du-lieu" || param === "data") satisfies ParamMatcher;

import type { ParamMatcher } from "@sveltejs/kit";

// the portal's "methods" section in either language (the wrong one redirects to the right one)
export const match = ((param: string) =>
  param === "phuong-phap" || param === "methods") satisfies ParamMatcher;

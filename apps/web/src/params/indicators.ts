import type { ParamMatcher } from "@sveltejs/kit";

// the portal's "indicators" section in either language (the wrong one redirects to the right one)
export const match = ((param: string) =>
  param === "chi-tieu" || param === "indicators") satisfies ParamMatcher;

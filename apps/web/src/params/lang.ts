import type { ParamMatcher } from "@sveltejs/kit";

export const match = ((param: string): param is "vi" | "en" =>
  param === "vi" || param === "en") satisfies ParamMatcher;

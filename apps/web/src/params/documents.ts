import type { ParamMatcher } from "@sveltejs/kit";

// the portal's "documents" section in either language (the wrong one redirects to the right one)
export const match = ((param: string) => param === "van-ban" || param === "documents") satisfies ParamMatcher;

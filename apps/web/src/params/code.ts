import type { ParamMatcher } from "@sveltejs/kit";

// catalog codes: indicators "qnam24-forest-cover", org units "p49"
export const match = ((param: string) => /^[a-z0-9][a-z0-9-]{0,99}$/.test(param)) satisfies ParamMatcher;

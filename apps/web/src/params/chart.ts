import type { ParamMatcher } from "@sveltejs/kit";

// chart images: "qnam24-forest-cover.svg", "qnam24-forest-cover.bullet.png"
export const match = ((param: string) =>
  /^[a-z0-9][a-z0-9-]*(\.bullet)?\.(svg|png)$/.test(param)) satisfies ParamMatcher;

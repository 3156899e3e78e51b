// The order the planning documents list their areas in.
export const CATEGORY_ORDER: readonly string[] = [
  "economy",
  "society",
  "environment",
  "defence_security",
  "governance",
  "infrastructure",
];

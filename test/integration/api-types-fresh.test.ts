import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, generateApiTypes } from "../../apps/web/scripts/gen-api-types.ts";

// Issue #14: the web app reads the API through types generated from the document. The committed
// file must be what the document generates today, or the web app compiles against a contract the
// API no longer keeps.

describe("the web app's generated API types", () => {
  it("are what `pnpm gen:api` generates from the document today", async () => {
    const fresh = await generateApiTypes();
    const committed = fs.readFileSync(API_TYPES_FILE, "utf8");
    expect(
      committed === fresh,
      "apps/web/src/lib/server/api-types.ts is stale: run `pnpm gen:api` and commit it",
    ).toBe(true);
    // and they are typed: the scorecard's rows and the public indicators are not open records
    expect(fresh).toContain("ScorecardRow: {");
    expect(fresh).toMatch(/PublicIndicatorItem: \{[^}]*nameVi: string;/);
    expect(fresh).not.toMatch(/name_vi|detail_en/);
  });
});

import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("configuration", () => {
  it("refuses demo mode in production: no demo accounts or illustrative figures on a real system", () => {
    expect(() => readConfig({ DEMO: "1", NODE_ENV: "production" })).toThrow(/NODE_ENV=production/);
    expect(readConfig({ DEMO: "1" }).demo).toBe(true);
    expect(readConfig({ NODE_ENV: "production" })).toMatchObject({ demo: false, production: true });
  });

  it("has no default administrator and refuses a short bootstrap password", () => {
    const c = readConfig({});
    expect(c.adminEmail).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
    expect(() => readConfig({ ADMIN_EMAIL: "a@b.vn", ADMIN_PASSWORD: "short" })).toThrow(/ADMIN_PASSWORD/);
  });

  it("says which setting is wrong", () => {
    expect(() => readConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => readConfig({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(readConfig({}).port).toBe(3000);
  });
});

import { defineConfig } from "vitest/config";

// One runner for the whole tree. Projects split by what a test needs:
// - unit: pure code, no database, no browser (`*.test.ts` beside the code)
// - integration: a real database (`*.int.test.ts`); runs on PGlite, or on PostgreSQL
//   when DATABASE_URL is set (CI runs it both ways)
// - e2e: a real browser against the built app (`test/e2e`)
export default defineConfig({
  test: {
    projects: [
      {
        // the web app's `$lib` for its pure modules (chart builders) tested here without SvelteKit
        resolve: { alias: { $lib: new URL("./apps/web/src/lib", import.meta.url).pathname } },
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/unit/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "packages/**/src/**/*.int.test.ts",
            "apps/*/src/**/*.int.test.ts",
            "test/integration/**/*.test.ts",
            "test/security/**/*.test.ts",
          ],
          exclude: ["**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import { type RunningServer, repoRoot } from "../support/server.ts";

// What a user does first: start the built app on a fresh database and open it.
const run = promisify(execFile);
let demo: DemoApp;
let server: RunningServer;
let dataDir: string | null = null;

beforeAll(async () => {
  demo = await startDemoApp("chitieu-app-");
  ({ server, dataDir } = demo);
});

afterAll(async () => {
  await demo?.stop();
});

describe(`the app on ${testEngine()}`, () => {
  it("answers /api/health with the engine and the loaded catalog", async () => {
    const r = await fetch(`${server.url}/api/health`);
    expect(r.status).toBe(200);
    const health = (await r.json()) as {
      status: string;
      db: string;
      catalog: Record<string, number>;
      demo: boolean;
    };
    expect(health.status).toBe("ok");
    expect(health.db).toBe(testEngine());
    expect(health.catalog.indicators).toBeGreaterThanOrEqual(17);
    expect(health.catalog.tasks).toBeGreaterThanOrEqual(97);
    expect(health.demo).toBe(true);
  });

  it("serves / in Vietnamese with the targets as the documents state them and demo figures marked", async () => {
    const r = await fetch(`${server.url}/`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('lang="vi"');
    expect(html).toContain("Thu ngân sách");
    expect(html).toContain("23.600 tỷ đồng");
    expect(html).toContain("58,92%");
    expect(html).toContain("Số liệu minh hoạ");
    expect(html).toMatch(/minh hoạ<\/span>/);
  });

  // PGlite only: PostgreSQL has no such limit
  it.runIf(testEngine() === "pglite")(
    "refuses a second process on the same PGlite directory, naming the holder",
    async () => {
      if (!dataDir) throw new Error("no data directory");
      const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
      const result = await run(tsx, ["packages/catalog/src/cli.ts"], {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      }).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`PID ${server.process.pid}`);
      // and the running app is unharmed
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    },
  );
});

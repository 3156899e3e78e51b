import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import { type RunningServer, startServer } from "../support/server.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";

// What operations notice: health tells the truth about the database, the app comes back by
// itself after PostgreSQL restarts, and a stop lets in-flight requests finish.

async function health(url: string): Promise<number> {
  try {
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(15_000) });
    return r.status;
  } catch {
    return 0;
  }
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe.runIf(testEngine() === "postgres")("the app when PostgreSQL goes away and comes back", () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const url = new URL(db.url as string);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    server = await startServer({ DATABASE_URL: url.toString(), DEMO: "0" });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await db?.drop();
  });

  it("reports the outage on /api/health and recovers without a restart", async () => {
    expect(await health(server.url)).toBe(200);
    await proxy.cut();
    expect(await until(async () => (await health(server.url)) === 503, 30_000)).toBe(true);
    const body = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; db: string };
    expect(body).toMatchObject({ status: "error", db: "postgres" });
    await proxy.restore();
    expect(await until(async () => (await health(server.url)) === 200, 30_000)).toBe(true);
    const scorecard = await fetch(`${server.url}/api/v1/public/scorecard?orgUnit=p49&asOf=2024`);
    expect(scorecard.status).toBe(200);
  });
});

describe("stopping the app", () => {
  let demo: DemoApp | null = null;

  afterAll(async () => {
    await demo?.stop();
  });

  it("finishes the requests in flight before it exits", async () => {
    demo = await startDemoApp("chitieu-stop-");
    const { server } = demo;
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`${server.url}/api/v1/public/scorecard?orgUnit=p49&asOf=2024-09`).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
    const exit = demo.stop();
    const statuses = await Promise.all(inFlight);
    expect(statuses.filter((s) => s === 200).length).toBe(statuses.filter((s) => s !== 0).length);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(await exit).toBe(0);
  });
});

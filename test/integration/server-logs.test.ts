import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import { freePort, repoRoot } from "../support/server.ts";

// Every line the servers print is one JSON object (issue #18): the built app (start-up,
// migrations, catalog load, adapter-node's own "Listening on", API request logs) and the API
// alone (apps/api/src/server.ts). And the API's body limit stops a chunked body with no
// Content-Length over a real socket, while it is being sent.

interface Line {
  at: string;
  level: string;
  msg: string;
  [k: string]: unknown;
}

/** Every line parsed; a line that is not one JSON object fails the test with the line itself. */
function jsonLines(output: string): Line[] {
  const lines = output.split("\n").filter((l) => l.trim() !== "");
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
    expect(parsed, line).toBeTypeOf("object");
    const entry = parsed as Line;
    expect(typeof entry.at, line).toBe("string");
    expect(["debug", "info", "warn", "error"], line).toContain(entry.level);
    expect(typeof entry.msg, line).toBe("string");
    return entry;
  });
}

/** POSTs a body with Transfer-Encoding: chunked and no end, until the server answers. */
function endlessChunkedPost(
  url: string,
): Promise<{ status: number; body: string; sent: number; requestId: string | null }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "chunked-test-1" },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body,
          sent,
          requestId: (res.headers["x-request-id"] as string | undefined) ?? null,
        });
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.from(`{"x":"${"a".repeat(65_530)}`);
    // 64 KiB every 5 ms: slow enough that the server reads what arrives (the kernel's socket
    // buffers on loopback could otherwise hold many MB unread), and a body that would never end
    const pump = () => {
      if (answered) return;
      if (sent >= 50_000_000) return reject(new Error(`no answer after ${sent} bytes`));
      sent += chunk.length;
      if (req.write(chunk)) setTimeout(pump, 5);
      else req.once("drain", () => setTimeout(pump, 5));
    };
    pump();
  });
}

describe(`the built app's output on ${testEngine()}`, () => {
  let demo: DemoApp;
  beforeAll(async () => {
    demo = await startDemoApp("chitieu-logs-");
  }, 300_000); // a fresh database with the catalog and demo data: slow on a loaded machine
  afterAll(async () => {
    await demo?.stop();
  });

  it("is JSON lines: start-up, migrations, catalog, adapter-node, requests with their id", async () => {
    const url = demo.server.url;
    expect((await fetch(`${url}/vi`)).status).toBe(200);
    expect((await fetch(`${url}/vi/chi-tieu/khong-co`)).status).toBe(404);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "login-test-1" },
      body: JSON.stringify({ email: "nobody@x.vn", password: "wrong password 123" }),
    });
    expect(login.status).toBe(401);
    const code = await demo.stop();
    expect(code).toBe(0);
    const lines = jsonLines(demo.server.output());
    const msgs = lines.map((l) => l.msg);
    expect(msgs.some((m) => m.startsWith("migrations applied: "))).toBe(true);
    expect(msgs.some((m) => /^catalog loaded \(batch \d+\)$/.test(m))).toBe(true);
    expect(msgs.some((m) => m.startsWith("illustrative demo data loaded: "))).toBe(true);
    expect(lines.find((l) => l.msg.startsWith("chitieu on port "))).toMatchObject({
      level: "info",
      demo: true,
    });
    // adapter-node's own line, written with console.log, comes out as JSON too
    expect(msgs.some((m) => m.startsWith("Listening on "))).toBe(true);
    expect(lines.find((l) => l.request_id === "login-test-1")).toMatchObject({
      level: "info",
      msg: "request",
      method: "POST",
      path: "/api/v1/auth/login",
      status: 401,
    });
  });
});

describe("the API server alone", () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints JSON lines only, and stops a chunked body over the limit while it is sent (413)", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-api-logs-"));
    const port = await freePort();
    let output = "";
    child = spawn(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "src/server.ts"], {
      cwd: path.join(repoRoot, "apps/api"),
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, DEMO: "0", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`API not healthy:\n${output}`);
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const r = await endlessChunkedPost(`${url}/api/v1/auth/login`);
    expect(r.status).toBe(413);
    expect(r.requestId).toBe("chunked-test-1");
    const problem = JSON.parse(r.body) as { detail: string; detailEn: string };
    expect(problem.detail).toBe("Tệp hoặc yêu cầu vượt quá giới hạn 1000000 byte.");
    expect(problem.detailEn).toBe("The request exceeds the limit of 1000000 bytes.");
    // stopped near the 1 MB limit, while the body was still coming, not at its end
    expect(r.sent).toBeGreaterThan(1_000_000);
    expect(r.sent).toBeLessThan(3_000_000);

    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    const lines = jsonLines(output);
    expect(lines.some((l) => l.msg.startsWith("migrations applied: "))).toBe(true);
    expect(lines.some((l) => l.msg.startsWith("catalog loaded"))).toBe(true);
    expect(lines.find((l) => l.msg.startsWith("chitieu API on "))).toMatchObject({ level: "info", port });
    expect(lines.find((l) => l.request_id === "chunked-test-1")).toMatchObject({
      msg: "request",
      method: "POST",
      path: "/api/v1/auth/login",
      status: 413,
    });
  }, 300_000);
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { captureConsole, logger, logLine, setLogSink } from "./log.ts";

// The server's one logger: one JSON object per line, whatever is logged.
const lines: Array<{ line: string; level: string }> = [];
const restore = setLogSink((line, level) => lines.push({ line, level }));
const saved = { ...console };
afterAll(() => {
  restore();
  Object.assign(console, saved);
});
const last = () => JSON.parse(lines.at(-1)?.line ?? "null") as Record<string, unknown>;

describe("logger", () => {
  it("writes at, level, msg and the fields, errors as data", () => {
    logger.error("data version: read failed", { request_id: "r1", error: new Error("boom") });
    const entry = last();
    expect(entry).toMatchObject({ level: "error", msg: "data version: read failed", request_id: "r1" });
    expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(entry.error).toMatchObject({ name: "Error", message: "boom" });
    expect(lines.at(-1)?.level).toBe("error");
  });

  it("keeps a request entry's own fields and names it a request", () => {
    logger.entry({ at: "2024-01-01T00:00:00.000Z", request_id: "r2", method: "POST", status: 401 });
    expect(last()).toEqual({
      at: "2024-01-01T00:00:00.000Z",
      level: "info",
      msg: "request",
      request_id: "r2",
      method: "POST",
      status: 401,
    });
  });

  it("prints a circular field without throwing", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(JSON.parse(logLine("info", "loop", { loop })).msg).toBe("loop");
  });

  it("turns console lines into JSON, and lets a JSON line through as it is", () => {
    // not the process handlers here: an exit on an uncaught error would end the test runner's worker
    captureConsole({ processEvents: false });
    console.log("Listening on http://0.0.0.0:%d", 3000);
    expect(last()).toMatchObject({ level: "info", msg: "Listening on http://0.0.0.0:3000" });
    console.error("failed:", new Error("disk full"));
    expect(last()).toMatchObject({
      level: "error",
      msg: "failed: disk full",
      error: { message: "disk full" },
    });
    console.warn('{"not json');
    expect(last()).toMatchObject({ level: "warn", msg: '{"not json' });
    console.log('{"level":"info","msg":"already","at":"x"}');
    expect(lines.at(-1)?.line).toBe('{"level":"info","msg":"already","at":"x"}');
    for (const { line } of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("prints a crash as one JSON line and exits 1 (a process of its own)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-log-"));
    const script = path.join(dir, "crash.ts");
    fs.writeFileSync(
      script,
      `import { captureConsole } from ${JSON.stringify(path.join(import.meta.dirname, "log.ts"))};
captureConsole();
process.emitWarning("old API", "DeprecationWarning");
setTimeout(() => Promise.reject(new Error("boom")), 10);`,
    );
    const tsx = path.join(import.meta.dirname, "../../../node_modules/tsx/dist/cli.mjs");
    const run = promisify(execFile);
    const result = await run(process.execPath, [tsx, script]).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    const out = `${result.stdout}${result.stderr}`.split("\n").filter(Boolean);
    const parsed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.msg)).toEqual(["old API", "unhandled rejection"]);
    expect(parsed[1]?.error).toMatchObject({ message: "boom" });
  }, 60_000);
});

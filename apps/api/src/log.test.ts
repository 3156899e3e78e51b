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
    captureConsole();
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
});

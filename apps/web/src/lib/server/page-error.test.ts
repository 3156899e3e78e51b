import { setLogSink } from "@chitieu/api";
import type { RequestEvent } from "@sveltejs/kit";
import { afterAll, describe, expect, it } from "vitest";
import { pageError } from "./page-error.ts";

const lines: string[] = [];
const restore = setLogSink((line) => lines.push(line));
afterAll(restore);

const event = (headers: Record<string, string> = {}) =>
  ({
    request: new Request("http://localhost/vi/chi-tieu/x", { headers }),
    url: new URL("http://localhost/vi/chi-tieu/x"),
  }) as unknown as RequestEvent;

describe("the portal's handleError", () => {
  it("logs one JSON line with the request id, path, status and the error, and gives the page the id", async () => {
    const result = await pageError({
      error: new TypeError("cannot read x"),
      event: event({ "x-request-id": "req-42" }),
      status: 500,
      message: "Internal Error",
    });
    expect(result).toEqual({ message: "Internal Error", id: "req-42" });
    const entry = JSON.parse(lines.at(-1) ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "error",
      msg: "page error",
      request_id: "req-42",
      method: "GET",
      path: "/vi/chi-tieu/x",
      status: 500,
      error: { name: "TypeError", message: "cannot read x" },
    });
  });

  it("makes its own id when the client's is not a sane one", async () => {
    const result = await pageError({
      error: new Error("x"),
      event: event({ "x-request-id": 'a"} {"level":"info' }),
      status: 500,
      message: "Internal Error",
    });
    expect(result?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
  });
});

import { format } from "node:util";

// The server's one logger: every line it prints is one JSON object (JSON lines), with `at` (ISO
// time), `level` and `msg`, and `request_id` where there is a request. The API's request log,
// start-up, migrations and the catalog load at start, the portal's errors (SvelteKit handleError)
// all go through it. CLIs (pnpm run import, db:migrate, db:seed) keep their human output.
//
// `captureConsole()` (called once at start by both servers) turns any other line written with
// console.* - a library's, or adapter-node's "Listening on …" - into such an object too, and
// prints Node's process warnings the same way, so the server's output is JSON throughout.

export type Level = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

type Sink = (line: string, level: Level) => void;
const write = (line: string, level: Level) => {
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
};
let sink: Sink = write;

/** Error objects as data: message, name, code and stack (JSON.stringify would write {}). */
function plain(value: unknown): unknown {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      stack: e.stack,
      ...(e.cause !== undefined ? { cause: plain(e.cause) } : {}),
    };
  }
  return value;
}

export function logLine(level: Level, msg: string, fields: Fields = {}): string {
  const entry: Fields = { at: new Date().toISOString(), level, msg };
  for (const [k, v] of Object.entries(fields)) if (!(k in entry)) entry[k] = plain(v);
  try {
    return JSON.stringify(entry);
  } catch {
    // a circular or BigInt field: the message is still printed, as JSON
    return JSON.stringify({ at: entry.at, level, msg, fields: format("%o", fields) });
  }
}

export const logger = {
  debug: (msg: string, fields?: Fields) => sink(logLine("debug", msg, fields), "debug"),
  info: (msg: string, fields?: Fields) => sink(logLine("info", msg, fields), "info"),
  warn: (msg: string, fields?: Fields) => sink(logLine("warn", msg, fields), "warn"),
  error: (msg: string, fields?: Fields) => sink(logLine("error", msg, fields), "error"),
  /** an entry that already has its fields (the API's request log): `at` and `level` added when absent */
  entry: (entry: Fields) => {
    const level = (typeof entry.level === "string" ? entry.level : "info") as Level;
    const { at, level: _l, msg, ...rest } = entry;
    const line = JSON.stringify({
      at: typeof at === "string" ? at : new Date().toISOString(),
      level,
      msg: typeof msg === "string" ? msg : "request",
      ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, plain(v)])),
    });
    sink(line, level);
  },
};

/** Tests: where lines go instead of stdout/stderr; returns the function that restores it. */
export function setLogSink(next: Sink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

const JSON_OBJECT = /^\{.*\}$/s;
let captured = false;

/**
 * console.* print JSON lines from now on, and (unless `processEvents` is false, as in a test
 * runner's worker) so do process warnings and a crash. Idempotent.
 */
export function captureConsole({ processEvents = true }: { processEvents?: boolean } = {}): void {
  if (captured) return;
  captured = true;
  const levels: Array<[keyof Console, Level]> = [
    ["log", "info"],
    ["info", "info"],
    ["debug", "debug"],
    ["warn", "warn"],
    ["error", "error"],
    ["trace", "debug"],
  ];
  for (const [method, level] of levels) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => {
      // a line that is already one JSON object (ours, or a library's structured log) passes as is
      if (args.length === 1 && typeof args[0] === "string" && JSON_OBJECT.test(args[0])) {
        try {
          JSON.parse(args[0]);
          if (!args[0].includes("\n")) return sink(args[0], level);
        } catch {
          // not JSON after all: wrapped below
        }
      }
      const error = args.find((a) => a instanceof Error);
      const text = format(...args.map((a) => (a instanceof Error ? a.message : a)));
      sink(logLine(level, text, error ? { error } : {}), level);
    };
  }
  if (!processEvents) return;
  // Node prints warnings (deprecations, experimental features) as plain text: as JSON instead
  process.removeAllListeners("warning");
  process.on("warning", (w) =>
    logger.warn(w.message, { warning: w.name, code: (w as { code?: string }).code }),
  );
  // and a crash's stack: one JSON line, then the exit code Node would have given (1)
  process.on("uncaughtException", (error, origin) => {
    logger.error(origin === "unhandledRejection" ? "unhandled rejection" : "uncaught exception", { error });
    process.exit(1);
  });
}

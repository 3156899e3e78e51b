import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { DEFAULT_READ_LIMITS, type ReadLimits, tooComplex } from "./limits.ts";
import type { ParseJob, ParseMessage } from "./parse-worker.ts";
import type { FileFormat, SheetRow, TextSettings } from "./rows.ts";
import type { ImportSource } from "./source.ts";
import type { XlsxReadOptions } from "./xlsx-reader.ts";

// Every upload is parsed off the request path: a worker thread decodes and parses the file and
// hands rows over in batches, a few batches ahead of the main thread (which validates and stages):
// the two threads work at the same time, and what is in flight stays small (`AHEAD` messages).
// The worker has a heap limit and each batch a time limit: a hostile file ends its worker with a
// clear refusal (file_too_complex), and the server goes on serving.

async function workerTarget(): Promise<{ target: string | URL; eval: boolean }> {
  const { PARSE_WORKER_URL } = await import("./parse-worker.ts");
  if (!PARSE_WORKER_URL.endsWith(".ts")) return { target: new URL(PARSE_WORKER_URL), eval: false };
  // running from TypeScript source (tests, the CLI): the worker loads the module through tsx
  const api = createRequire(PARSE_WORKER_URL)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(PARSE_WORKER_URL)}); })`;
  return { target: code, eval: true };
}

/**
 * Messages the worker may send before the main thread has taken them: the worker parses the next
 * rows while the main thread validates these (measured, 1M rows: with one message in flight each
 * thread spent about half the import waiting for the other).
 */
const AHEAD = 4;

export async function* readRowsInWorker(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  onSettings?: (s: TextSettings) => void,
  xlsx: XlsxReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  const { target, eval: isEval } = await workerTarget();
  const job: ParseJob = { kind: "chitieu-parse", source, format, settings, limits, xlsx };
  const worker = new Worker(target, {
    eval: isEval,
    workerData: job,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxHeapMb,
      maxYoungGenerationSizeMb: 16,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
  const inbox: ParseMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  worker.on("message", (m: ParseMessage) => {
    inbox.push(m);
    poke();
  });
  worker.on("error", (e) => {
    failure ??= e;
    poke();
  });
  worker.on("exit", () => {
    exited = true;
    poke();
  });
  const next = async (): Promise<ParseMessage> => {
    const deadline = Date.now() + limits.batchTimeoutMs;
    for (;;) {
      const m = inbox.shift();
      if (m) return m;
      if (failure) throw workerFailure(failure, limits);
      if (exited) throw workerFailure(new Error("the parser stopped"), limits);
      const left = deadline - Date.now();
      if (left <= 0)
        throw tooComplex(
          [
            `đọc quá ${limits.batchTimeoutMs / 1000} giây`,
            `reading took over ${limits.batchTimeoutMs / 1000} seconds`,
          ],
          limits.batchTimeoutMs / 1000,
          { unit: "seconds" },
        );
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((r) => {
        wake = r;
        timer = setTimeout(r, left);
      });
      clearTimeout(timer);
    }
  };
  try {
    const { deserialise } = await import("./parse-worker.ts");
    for (let i = 0; i < AHEAD; i++) worker.postMessage("more");
    for (;;) {
      let m = await next();
      while (m.type === "settings") {
        onSettings?.(m.settings);
        m = await next();
      }
      if (m.type === "rows") {
        // asked before this batch is validated, so that the worker reads on meanwhile
        worker.postMessage("more");
        yield m.rows;
      } else if (m.type === "end") return;
      else throw deserialise(m.error);
    }
  } finally {
    await worker.terminate();
  }
}

function workerFailure(e: Error, limits: ReadLimits): Error {
  const code = (e as { code?: string }).code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || /memory/i.test(e.message))
    return tooComplex(
      [
        `đọc tệp cần hơn ${limits.maxHeapMb} MB bộ nhớ`,
        `reading it needs more than ${limits.maxHeapMb} MB of memory`,
      ],
      limits.maxHeapMb,
      { unit: "MB" },
    );
  return tooComplex([`bộ đọc tệp dừng (${e.message})`, `the file reader stopped (${e.message})`], 0);
}

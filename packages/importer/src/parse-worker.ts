import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ReadLimits } from "./limits.ts";
import { ImportError, ReadProblem } from "./problems.ts";
import { type FileFormat, readRowsDirect, type TextSettings } from "./rows.ts";
import { EncodingError, type ImportSource } from "./source.ts";
import type { XlsxReadOptions } from "./xlsx-reader.ts";

// The body of the parsing worker (see worker-host.ts). Only ever imported dynamically, so that a
// bundler gives it a module of its own: the worker runs this very module (its own URL) and reads
// the file here, a batch of rows at a time, each when the main thread asks for the next.

export const PARSE_WORKER_URL = import.meta.url;

export interface ParseJob {
  kind: "chitieu-parse";
  source: ImportSource;
  format: FileFormat;
  settings: TextSettings | null;
  limits: ReadLimits;
  xlsx?: XlsxReadOptions;
}

export type ParseMessage =
  | { type: "rows"; rows: import("./rows.ts").SheetRow[] }
  | { type: "settings"; settings: TextSettings }
  | { type: "end" }
  | { type: "error"; error: SerialisedError };

export type SerialisedError =
  | { kind: "read"; code: ReadProblem["code"]; place: ReadProblem["place"]; detail: ReadProblem["detail"] }
  | { kind: "import"; code: ImportError["code"]; vi: string; en: string; details: unknown }
  | { kind: "encoding"; message: string }
  | { kind: "other"; message: string };

export function serialise(e: unknown): SerialisedError {
  if (e instanceof ReadProblem) return { kind: "read", code: e.code, place: e.place, detail: e.detail };
  if (e instanceof ImportError)
    return { kind: "import", code: e.code, vi: e.vi, en: e.en, details: e.details };
  if (e instanceof EncodingError) return { kind: "encoding", message: e.message };
  return { kind: "other", message: e instanceof Error ? e.message : String(e) };
}

export function deserialise(e: SerialisedError): Error {
  switch (e.kind) {
    case "read":
      return new ReadProblem(e.code, e.place, e.detail);
    case "import":
      return new ImportError(e.code, e.vi, e.en, e.details);
    case "encoding":
      return new EncodingError(e.message);
    default:
      return new ImportError(
        "unreadable_file",
        `Không đọc được tệp: ${e.message}.`,
        `The file cannot be read: ${e.message}.`,
      );
  }
}

/**
 * Rows per message. A decoded megabyte is some 20.000 rows: as one message, the main thread
 * spent one long turn receiving and validating it while public requests waited (issue #19, p99
 * over a second while a 200k-row import committed). Small messages keep each turn short.
 */
const ROWS_PER_MESSAGE = 1000;

async function run(job: ParseJob) {
  const port = parentPort;
  if (!port) return;
  let credits = 0;
  let wake: (() => void) | null = null;
  port.on("message", () => {
    credits++;
    wake?.();
    wake = null;
  });
  const asked = async () => {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
  };
  try {
    const rows = readRowsDirect(
      job.source,
      job.format,
      job.settings,
      job.limits,
      (settings) => port.postMessage({ type: "settings", settings } satisfies ParseMessage),
      job.xlsx,
    );
    for await (const batch of rows) {
      for (let i = 0; i < batch.length; i += ROWS_PER_MESSAGE) {
        await asked();
        port.postMessage({ type: "rows", rows: batch.slice(i, i + ROWS_PER_MESSAGE) } satisfies ParseMessage);
      }
    }
    await asked();
    port.postMessage({ type: "end" } satisfies ParseMessage);
  } catch (e) {
    port.postMessage({ type: "error", error: serialise(e) } satisfies ParseMessage);
  }
  port.close();
}

if (!isMainThread && (workerData as ParseJob | undefined)?.kind === "chitieu-parse")
  void run(workerData as ParseJob);

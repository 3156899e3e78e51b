import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";

// A load over loopback with wrk (Debian package, C). Not autocannon: it parses responses in
// JavaScript and, on two cores, competes with the server for CPU and runs out before it does.
// wrk is installed with apt-get when missing (as .ci/run does); without it the bench fails
// rather than measure the load generator.

export interface LoadResult {
  tool: "wrk";
  rps: number;
  p99Ms: number;
  errors: number;
}

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version
    return (error as { status?: number }).status === 1;
  }
}

let checked = false;
export function ensureWrk(): void {
  if (checked || hasWrk()) {
    checked = true;
    return;
  }
  try {
    execFileSync(
      "sh",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"],
      {
        stdio: "inherit",
      },
    );
  } catch {
    // reported below
  }
  if (!hasWrk())
    throw new Error(
      "wrk is not installed and `apt-get install -y wrk` failed: install the Debian package wrk",
    );
  checked = true;
}

function ms(value: string, unit: string): number {
  const n = Number(value);
  return unit === "s" ? n * 1000 : unit === "us" ? n / 1000 : n;
}

/** Runs wrk in a child process (the caller's event loop keeps running meanwhile). */
export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  ensureWrk();
  const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--latency"];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push("-H", `${k}: ${v}`);
  const { stdout: out } = await promisify(execFile)("wrk", [...args, url], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? "0");
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? "0");
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return {
    tool: "wrk",
    rps: Math.round(rps),
    p99Ms: p99 ? ms(p99[1] as string, p99[2] as string) : Number.NaN,
    errors: non2xx + socketErrors,
  };
}

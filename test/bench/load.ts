import { execFileSync } from "node:child_process";
import autocannon from "autocannon";

// A load over loopback. wrk (Debian package, C) when it is installed: autocannon parses
// responses in JavaScript and, on two cores, runs out of CPU before the server does when the
// answers are large. Both report the same three figures.

export interface LoadResult {
  tool: "wrk" | "autocannon";
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

function ms(value: string, unit: string): number {
  const n = Number(value);
  return unit === "s" ? n * 1000 : unit === "us" ? n / 1000 : n;
}

export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const headers = options.headers ?? {};
  if (hasWrk()) {
    const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--latency"];
    for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
    const out = execFileSync("wrk", [...args, url], { encoding: "utf8" });
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
  const r = await autocannon({ url, connections: options.connections, duration: options.seconds, headers });
  return {
    tool: "autocannon",
    rps: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateToLatest, openDatabase } from "@chitieu/storage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "./cli.ts";
import { CORPUS_DIR, seedCorpusCatalog } from "./test-support.ts";

// The questions of a report table answered with CLI flags (issue #15), on an embedded database.

const FILE = path.join(CORPUS_DIR, "real-shapes", "report-no-province-win1258.csv");
let dir: string;
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-cli-"));
  const handle = await openDatabase({ dataDir: dir });
  await migrateToLatest(handle.db);
  await seedCorpusCatalog(handle.db);
  await handle.close();
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
});

afterAll(() => {
  process.env.DATA_DIR = saved.DATA_DIR;
  if (saved.DATABASE_URL !== undefined) process.env.DATABASE_URL = saved.DATABASE_URL;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s: string) => void lines.push(s));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, out: lines.join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe("import CLI on a report table", () => {
  it("prints the questions with the flag that answers each, and exits 1", async () => {
    const { code, out } = await run(["import", FILE, "--dry-run"]);
    expect(code).toBe(1);
    expect(out).toContain("--org-unit <p48 | p49>");
    expect(out).toContain("--status <estimate | preliminary | official>");
  });

  it("commits with --org-unit and --status, the values as the file writes them", async () => {
    const { code, out } = await run([
      "import",
      FILE,
      "--org-unit",
      "p49",
      "--status",
      "preliminary",
      "--json",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      status: string;
      sample: { indicator: string; value: string; status: string }[];
    };
    expect(result.status).toBe("committed");
    expect(result.sample.map((s) => [s.indicator, Number(s.value), s.status])).toEqual([
      ["qnam-budget-revenue", 12036.5, "preliminary"],
      ["qnam-budget-domestic", 10150, "preliminary"],
    ]);
  });
});

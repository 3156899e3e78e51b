import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connect.ts";
import { DataDirLockedError } from "./data-dir-lock.ts";
import { migrateToLatest } from "./migrate.ts";

const run = promisify(execFile);
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// PGlite only: a second opener of one directory must fail at once, naming the holder.
describe("PGlite data directory lock", () => {
  it("refuses a second opener in the same process and names the holder", async () => {
    const dir = tmp();
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(new RegExp(`PID ${process.pid}`));
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it("refuses a second process, and data written by the first survives", async () => {
    const dir = tmp();
    const first = await openDatabase({ dataDir: dir });
    await migrateToLatest(first.db);
    await first.db
      .insertInto("app_setting")
      .values({ key: "probe", value: JSON.stringify("kept") })
      .execute();
    const script = `import { openDatabase } from "${path.resolve(import.meta.dirname, "connect.ts")}";
      try { await openDatabase({ dataDir: ${JSON.stringify(dir)} }); console.log("OPENED"); }
      catch (e) { console.log(e.name + ": " + e.message); process.exit(3); }`;
    const tsx = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");
    const scriptFile = path.join(tmp(), "second-opener.mts");
    fs.writeFileSync(scriptFile, script);
    const outcome = await run(tsx, [scriptFile], { cwd: dir }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(outcome.code).toBe(3);
    expect(outcome.out).toMatch(/DataDirLockedError/);
    expect(outcome.out).toContain(`PID ${process.pid}`);
    await first.close();
    const reopened = await openDatabase({ dataDir: dir });
    const row = await reopened.db
      .selectFrom("app_setting")
      .select("value")
      .where("key", "=", "probe")
      .executeTakeFirst();
    expect(row?.value).toBe("kept");
    await reopened.close();
  });

  it("takes over a lock left by a process that died", async () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, "chitieu.lock"),
      JSON.stringify({
        pid: 2 ** 22 + 17,
        host: os.hostname(),
        startedAt: "2020-01-01T00:00:00Z",
        procStart: "1",
      }),
    );
    const handle = await openDatabase({ dataDir: dir });
    await handle.close();
  });

  it("refuses a DATA_DIR inside the catalog folder data/", async () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    await expect(openDatabase({ dataDir: path.join(root, "data", "db") })).rejects.toThrow(/data\//);
  });
});

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// The lint step that keeps services free of HTTP and routes free of SQL: it must fail on each.
const script = path.resolve(import.meta.dirname, "../../scripts/check-layers.mjs");
let dir: string;

function tree(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const run = (root: string) => spawnSync(process.execPath, [script, root], { encoding: "utf8" });

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("check-layers", () => {
  it("passes a service that imports its own errors and a route that calls a service", () => {
    const r = run(
      tree({
        "services/x.ts": 'import { failures } from "./errors.ts";\n',
        "routes/x.ts": 'import { listX } from "../services/x.ts";\nreturn c.json(await listX(db), 200);\n',
      }),
    );
    expect(r.status).toBe(0);
  });

  it("fails on a service importing http/, naming file and line", () => {
    const r = run(tree({ "services/users.ts": '\nimport { problems } from "../http/problem.ts";\n' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("services/users.ts:2");
    expect(r.stderr).toContain("imports the HTTP layer");
  });

  it.each([
    ['import { sql } from "kysely";'],
    ["await sql`select 1`.execute(db);"],
    ['const rows = await db.selectFrom("task").selectAll();'],
    ['await db.insertInto("audit_log").values(x);'],
    ['await db.updateTable("task").set(x);'],
    ['await db.deleteFrom("session");'],
    ["const one = await query.executeTakeFirst();"],
  ])("fails on SQL in a route: %s", (line) => {
    const r = run(tree({ "routes/tasks.ts": `${line}\n` }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("routes/tasks.ts:1");
    expect(r.stderr).toContain("SQL in a route file");
  });
});

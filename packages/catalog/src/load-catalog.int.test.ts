import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { matchKey } from "@chitieu/domain";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, loadCatalogIfChanged } from "./load-catalog.ts";
import { CatalogError, readCatalog } from "./read-catalog.ts";

const mini = path.join(import.meta.dirname, "fixtures/mini");
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const count = async (
  table: "audit_log" | "import_batch" | "target_revision" | "task_deadline" | "indicator",
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

function copyMini(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-cat-"));
  for (const f of fs.readdirSync(mini)) fs.copyFileSync(path.join(mini, f), path.join(dir, f));
  edit(dir);
  return dir;
}

describe(`catalog loader on ${testEngine()}`, () => {
  it("loads everything once; a second load changes nothing at all", async () => {
    const first = await loadCatalog(t.db, readCatalog(mini));
    expect(first.changed).toBe(true);
    expect(first.counts.indicator?.inserted).toBe(4);
    const audit = await count("audit_log");
    const batches = await count("import_batch");
    expect(audit).toBeGreaterThan(0);
    const second = await loadCatalog(t.db, readCatalog(mini));
    expect(second.changed).toBe(false);
    expect(await count("audit_log")).toBe(audit);
    expect(await count("import_batch")).toBe(batches);
    expect(await count("indicator")).toBe(4);
  });

  it("resolves spelling variants of one agency to the same agency", async () => {
    const resolve = async (name: string) =>
      (
        await t.db
          .selectFrom("agency_alias as al")
          .innerJoin("agency as a", "a.id", "al.agency_id")
          .select("a.code")
          .where("al.alias_key", "=", matchKey(name))
          .executeTakeFirst()
      )?.code;
    expect(await resolve("Sở Lao động, Thương binh và Xã hội")).toBe("qnam-so-ldtbxh");
    expect(await resolve("Sở Lao động - Thương binh và Xã hội")).toBe("qnam-so-ldtbxh");
    expect(await resolve("sở lao động – thương binh và xã hội")).toBe("qnam-so-ldtbxh");
    expect(await resolve("Sở KH&ĐT")).toBe("qnam-so-khdt");
    expect(await resolve("Sở Lao động")).toBeUndefined();
  });

  it("keeps groups of agencies as groups and successions with dates", async () => {
    const group = await t.db
      .selectFrom("agency")
      .select("kind")
      .where("code", "=", "qnam-cac-so-nganh")
      .executeTakeFirstOrThrow();
    expect(group.kind).toBe("group");
    const s = await t.db
      .selectFrom("org_unit_succession as s")
      .innerJoin("org_unit as p", "p.id", "s.predecessor_id")
      .innerJoin("org_unit as n", "n.id", "s.successor_id")
      .select(["p.code as from", "n.code as to", "s.effective_on"])
      .execute();
    expect(s).toEqual([{ from: "p49", to: "p48", effective_on: "2025-07-01" }]);
  });

  it("parses deadlines and flags the implausible ones for review", async () => {
    const rows = await t.db
      .selectFrom("task_deadline as d")
      .innerJoin("task as t", "t.id", "d.task_id")
      .select(["t.code", "d.kind", "d.due_date", "d.review_code", "d.deadline_text"])
      .orderBy("t.code")
      .execute();
    expect(rows[0]).toMatchObject({
      code: "qnam24-a",
      kind: "date",
      due_date: "2024-09-30",
      review_code: null,
    });
    expect(rows[1]).toMatchObject({ code: "qnam24-b", deadline_text: "Năm 2002" });
    expect(rows[1]?.review_code).not.toBeNull();
  });

  it("turns a changed target into a new revision and keeps the original", async () => {
    const dir = copyMini((d) => {
      const f = path.join(d, "targets.csv");
      fs.writeFileSync(
        f,
        fs
          .readFileSync(f, "utf8")
          .replace(
            "qnam-budget-revenue,p49,2024,at_least,23600",
            "qnam-budget-revenue,p49,2024,at_least,24100",
          ),
      );
    });
    const report = await loadCatalog(t.db, readCatalog(dir));
    expect(report.counts.target).toMatchObject({ updated: 1, inserted: 0 });
    const revisions = await t.db
      .selectFrom("target_revision as r")
      .innerJoin("target as t", "t.id", "r.target_id")
      .innerJoin("indicator as i", "i.id", "t.indicator_id")
      .select(["r.revision", "r.low"])
      .where("i.code", "=", "qnam-budget-revenue")
      .orderBy("r.revision")
      .execute();
    expect(revisions).toEqual([
      { revision: 1, low: "23600" },
      { revision: 2, low: "24100" },
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "target")
      .where("action", "=", "revise")
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.old_value)).toContain("23600");
  });

  it("reports every problem of a bad catalog with file, row and column, and writes nothing", async () => {
    const dir = copyMini((d) => {
      const f = path.join(d, "indicators.csv");
      fs.writeFileSync(
        f,
        fs
          .readFileSync(f, "utf8")
          .replace("flow,higher_better,0,,monthly", "flux,higher_better,0,,weekly")
          .replace(",58.92,", ",58,92,"),
      );
      fs.appendFileSync(
        path.join(d, "targets.csv"),
        "no-such-indicator,p49,2024,at_least,1,,true,true,,,,,,,,,,\n",
      );
    });
    let error: unknown;
    try {
      readCatalog(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const problems = (error as CatalogError).problems.join("\n");
    expect(problems).toMatch(/indicators\.csv: dòng\/row 2, cột\/column measure_kind/);
    expect(problems).toMatch(/indicators\.csv: dòng\/row 2, cột\/column frequency/);
    expect(problems).toMatch(/unknown code no-such-indicator/);
  });

  it("leaves an administrator's edit alone when the files did not change, and overwrites it only when forced", async () => {
    const catalog = readCatalog(mini);
    await loadCatalogIfChanged(t.db, catalog);
    const code = catalog.indicators[0]?.code as string;
    const original = await t.db
      .selectFrom("indicator")
      .select("name_vi")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("indicator")
      .set({ name_vi: "Tên do quản trị sửa" })
      .where("code", "=", code)
      .execute();
    expect(await loadCatalogIfChanged(t.db, catalog)).toBeNull();
    const kept = await t.db
      .selectFrom("indicator")
      .select("name_vi")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(kept.name_vi).toBe("Tên do quản trị sửa");
    const forced = await loadCatalogIfChanged(t.db, catalog, { force: true });
    expect(forced?.changed).toBe(true);
    const back = await t.db
      .selectFrom("indicator")
      .select("name_vi")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(back.name_vi).toBe(original.name_vi);
  });
});

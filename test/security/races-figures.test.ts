import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, startTestApi, type TestApi } from "../support/api-client.ts";

// Issue #12 finding 7: "concurrent writes of the same figure on PostgreSQL (duplicate key on the
// 'one current figure' index), a rollback racing a manual write (foreign key); single-figure
// writes do not take the import lock". Every answer must be a success or a 409, never a 500, and
// afterwards the figure has exactly one current value.

let api: TestApi;
let admin: Caller;
let statistician: Caller;

const figure = (period: string, value: string) => ({
  indicator: "qnam24-budget-revenue",
  orgUnit: "p49",
  period,
  value,
  status: "estimate",
});

async function current(period: string) {
  return api.t.db
    .selectFrom("observation as o")
    .innerJoin("indicator as i", "i.id", "o.indicator_id")
    .innerJoin("org_unit as u", "u.id", "o.org_unit_id")
    .select(["o.value", "o.batch_id"])
    .where("i.code", "=", "qnam24-budget-revenue")
    .where("u.code", "=", "p49")
    .where("o.period", "=", period)
    .where("o.superseded_at", "is", null)
    .execute();
}

beforeAll(async () => {
  api = await startTestApi();
  await api.addUser("admin@x.vn", "admin");
  await api.addUser("stat@x.vn", "statistician", [["org_unit", "p49"]]);
  admin = await api.signIn("admin@x.vn");
  statistician = await api.signIn("stat@x.vn");
});
afterAll(async () => {
  await api?.close();
});

describe(`concurrent writes of one figure on ${testEngine()}`, () => {
  it("twelve writes of the same new figure at once: every one succeeds, one current value", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.call(i % 2 ? admin : statistician, "POST", "/api/v1/observations", figure("2025-03", "1234.5")),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const rows = await current("2025-03");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.value).toBe("1234.5");
  });

  it("twelve different values at once: each answered 201 or 409, the last committed is current", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.call(admin, "POST", "/api/v1/observations", figure("2025-04", `${100 + i}`)),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const rows = await current("2025-04");
    expect(rows).toHaveLength(1);
    // the current value is one of those written, by the batch written last
    const newest = await api.t.db
      .selectFrom("import_batch")
      .select("id")
      .where("file_name", "=", "nhập tay / manual entry")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(rows[0]?.batch_id).toBe(newest.id);
    expect(Array.from({ length: 12 }, (_, i) => `${100 + i}`)).toContain(rows[0]?.value);
  });
});

describe(`a rollback racing a manual write on ${testEngine()}`, () => {
  it("answers 200/201 or 409, never 500, and leaves one current figure", async () => {
    for (let round = 0; round < 6; round++) {
      const period = `2024-${String(round + 1).padStart(2, "0")}`;
      const first = await api.call(admin, "POST", "/api/v1/observations", figure(period, "10"));
      expect(first.status).toBe(201);
      const { batchId } = (await first.json()) as { batchId: number };
      const [rollback, write] = await Promise.all([
        api.call(admin, "POST", `/api/v1/imports/${batchId}/rollback`),
        api.call(statistician, "POST", "/api/v1/observations", figure(period, "20")),
      ]);
      expect(write.status).toBe(201);
      expect([200, 409]).toContain(rollback.status);
      const rows = await current(period);
      expect(rows).toHaveLength(1);
      // the write always stands; the rollback either ran first (then "20" is a new figure) or was
      // refused because a later write had revised its batch
      expect(rows[0]?.value).toBe("20");
      if (rollback.status === 409) {
        const problem = (await rollback.json()) as { detail: string; detailEn: string };
        expect(problem.detail.length).toBeGreaterThan(0);
        expect(problem.detailEn.length).toBeGreaterThan(0);
      }
    }
  });
});

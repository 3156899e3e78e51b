import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spanFields, spanStart } from "./staging.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

describe(`staged span columns on ${testEngine()}`, () => {
  it("computes in the importer exactly what the SQL span expressions compute on the server", async () => {
    // [period_start, period_end, basis] of months, quarters, halves, nine months, years, leap years
    const periods: [string, string, string][] = [
      ["2024-01-01", "2024-01-31", "period"],
      ["2024-03-01", "2024-03-31", "period"],
      ["2024-02-01", "2024-02-29", "period"],
      ["2025-02-01", "2025-02-28", "ytd"],
      ["2024-04-01", "2024-06-30", "period"],
      ["2024-01-01", "2024-06-30", "period"],
      ["2024-07-01", "2024-12-31", "period"],
      ["2024-01-01", "2024-09-30", "period"],
      ["2024-01-01", "2024-12-31", "period"],
      ["2024-01-01", "2024-06-30", "ytd"],
      ["2024-06-01", "2024-06-30", "ytd"],
      ["2024-10-01", "2024-12-31", "ytd"],
      ["1500-01-01", "1500-01-31", "period"],
    ];
    for (const [start, end, basis] of periods) {
      const r = await sql<Record<string, string | null>>`
        with s as (select ${start}::date as period_start, ${end}::date as period_end, ${basis}::text as basis)
        select ${spanStart("s")}::text as span_start,
          (${spanStart("s")} - interval '1 year')::date::text as ly_start,
          (date_trunc('month', s.period_end) - interval '11 months' - interval '1 day')::date::text as ly_end,
          case when s.basis = 'period' then (s.period_start - make_interval(months =>
            ((extract(year from s.period_end) * 12 + extract(month from s.period_end))
              - (extract(year from s.period_start) * 12 + extract(month from s.period_start)) + 1)::int))::date::text end
            as pv_start,
          case when s.basis = 'period' then (s.period_start - 1)::text end as pv_end
        from s`.execute(t.db);
      const f = spanFields(start, end, basis);
      expect([start, end, basis, f.spanStart, f.lyStart, f.lyEnd, f.pvStart, f.pvEnd]).toEqual([
        start,
        end,
        basis,
        ...Object.values(r.rows[0] as Record<string, string | null>),
      ]);
    }
  });

  it("names the same span a year before and the span just before a half year", () => {
    expect(spanFields("2024-07-01", "2024-12-31", "period")).toEqual({
      spanStart: "2024-07-01",
      lyStart: "2023-07-01",
      lyEnd: "2023-12-31",
      pvStart: "2024-01-01",
      pvEnd: "2024-06-30",
    });
  });
});

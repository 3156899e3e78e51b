// BENCH scorecard_real_path_ms: the service call behind GET /api/v1/scorecard, in process, on
// PostgreSQL holding 500 indicators × 150 org units × 24 months of figures (monthly, quarterly
// and annual indicators; estimates, and revisions superseding them), every row of the answer
// materialised. Its limit (200 ms) and its ratio to the bare engine loop are printed with it.

import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { benchScorecard } from "@chitieu/domain";
import { migrateToLatest, openDatabase } from "@chitieu/storage";
import { sql } from "kysely";
import { buildScorecard } from "../../apps/api/src/services/scorecard.ts";
import { type BenchFigure, scratchDatabase } from "./api.ts";

const LIMIT_MS = 200;

export async function seed(url: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await loadCatalog(db, readCatalog());
    await sql`
      insert into org_unit (code, name_vi, level)
      select 'bench-u-' || g, 'Đơn vị thử tải ' || g, 'district' from generate_series(1, 150) g`.execute(db);
    // a third monthly, a third quarterly, a third annual; flows, stocks and growth rates
    await sql`
      insert into indicator (code, name_vi, category, unit, measure_kind, direction, decimals, frequency, published)
      select 'bench-' || g, 'Chỉ tiêu thử tải ' || g, 'economy',
             case g % 3 when 0 then 'tỷ đồng' else '%' end,
             case g % 3 when 0 then 'flow' when 1 then 'stock' else 'growth_rate' end,
             'higher_better', 1,
             case g % 3 when 0 then 'monthly' when 1 then 'quarterly' else 'annual' end, true
      from generate_series(1, 500) g`.execute(db);
    await sql`
      insert into target (indicator_id, org_unit_id, period)
      select i.id, u.id, '2024' from indicator i cross join org_unit u
      where i.code like 'bench-%' and u.code like 'bench-u-%'`.execute(db);
    await sql`
      insert into target_revision (target_id, revision, form, low, high)
      select t.id, 1,
             case i.measure_kind when 'flow' then 'at_least' when 'stock' then 'above' else 'range_floor' end,
             case i.measure_kind when 'flow' then (1000 + (t.id % 97) * 10)::numeric
                                 when 'stock' then (40 + t.id % 20)::numeric else 7.5 end,
             case i.measure_kind when 'growth_rate' then 8 end
      from target t join indicator i on i.id = t.indicator_id where i.code like 'bench-%'`.execute(db);
    const months = sql`generate_series('2023-01-01'::timestamp, '2024-12-01', interval '1 month') m`;
    // monthly flows: 24 months; the last three are estimates
    await sql`
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
      select i.id, u.id, to_char(m, 'YYYY-MM'), m::date, (m + interval '1 month - 1 day')::date, 'period',
             round((80 + random() * 40)::numeric, 1),
             case when m >= '2024-07-01' then 'estimate' else 'official' end
      from indicator i cross join org_unit u cross join ${months}
      where i.code like 'bench-%' and i.frequency = 'monthly' and u.code like 'bench-u-%'`.execute(db);
    // quarterly stocks: 8 quarters
    await sql`
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
      select i.id, u.id, to_char(m, 'YYYY') || '-Q' || extract(quarter from m), m::date,
             (m + interval '3 months - 1 day')::date, 'period', round((40 + random() * 30)::numeric, 1), 'official'
      from indicator i cross join org_unit u cross join ${months}
      where i.code like 'bench-%' and i.frequency = 'quarterly' and u.code like 'bench-u-%'
        and extract(month from m) in (1, 4, 7, 10)`.execute(db);
    // annual growth rates: 2023 official, 2024 an estimate
    await sql`
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status)
      select i.id, u.id, y::text, make_date(y, 1, 1), make_date(y, 12, 31), 'ytd',
             round((5 + random() * 4)::numeric, 2), case y when 2024 then 'estimate' else 'official' end
      from indicator i cross join org_unit u cross join generate_series(2023, 2024) y
      where i.code like 'bench-%' and i.frequency = 'annual' and u.code like 'bench-u-%'`.execute(db);
    // revisions: an estimate for 2024-06 superseded by the official figure
    await sql`
      with old as (
        update observation set superseded_at = now()
        where period = '2024-06' and indicator_id in (select id from indicator where code like 'bench-%')
        returning indicator_id, org_unit_id, period, period_start, period_end, basis, value, id)
      insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status, replaces_id)
      select indicator_id, org_unit_id, period, period_start, period_end, basis, value + 1, 'official', id from old`.execute(
      db,
    );
    await sql`analyze`.execute(db);
  } finally {
    await handle.close();
  }
}

export async function realPathBenchmarks(): Promise<BenchFigure[]> {
  const server =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  const scratch = await scratchDatabase(server);
  try {
    await seed(scratch.url);
    const handle = await openDatabase({ databaseUrl: scratch.url });
    try {
      const q = { orgUnit: "bench-u-75", asOf: "2024-09" };
      // a long-running server answers warm: three runs to warm the JIT and the database cache
      for (let r = 0; r < 3; r++) {
        const first = await buildScorecard(handle.db, q);
        if (first.rows.length !== 500) throw new Error(`expected 500 rows, got ${first.rows.length}`);
      }
      const times: number[] = [];
      for (let r = 0; r < 15; r++) {
        const t0 = performance.now();
        const card = await buildScorecard(handle.db, q);
        // every row materialised: its evaluation, explanation and figures are built
        if (card.rows.some((row) => row.evaluation.explanation.vi === "")) throw new Error("empty row");
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const ms = times[Math.floor(times.length / 2)] as number;
      const bare = benchScorecard({ runs: 5 }).ms;
      return [
        { name: "scorecard_real_path_ms", value: ms, unit: "ms" },
        { name: "scorecard_real_path_limit_ms", value: LIMIT_MS, unit: "ms" },
        { name: "scorecard_real_path_vs_limit", value: ms / LIMIT_MS, unit: "ratio" },
        { name: "scorecard_bare_loop_ms", value: bare, unit: "ms" },
        { name: "scorecard_real_path_vs_bare_loop", value: ms / bare, unit: "ratio" },
      ];
    } finally {
      await handle.close();
    }
  } finally {
    await scratch.drop();
  }
}

import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

// Issue #13 item 6: one current figure per indicator × org unit × span, whatever basis it came
// with (the rule: figureSpanKey in packages/domain). Figures recorded before the rule may hold two
// current rows for one span ("2024-H1" once as period and once as ytd, "2024-9M" and "2024-09"
// ytd): the latest recorded stays current, the others are superseded, each with an audit row
// naming the figure kept. Where the kept row replaces nothing yet it now points at the latest
// one it merged, so rolling back its batch brings that one back.

const span = `
  indicator_id, org_unit_id, period_end,
  case when basis = 'ytd' then make_date(extract(year from period_end)::int, 1, 1) else period_start end`;

const up = [
  `create temporary table merge_span as
    select o.id, k.keep_id
    from observation o
    join (
      select ${span} as span_start, max(id) as keep_id
      from observation where superseded_at is null
      group by ${span}
      having count(*) > 1
    ) k on k.indicator_id = o.indicator_id and k.org_unit_id = o.org_unit_id and k.period_end = o.period_end
       and k.span_start = case when o.basis = 'ytd' then make_date(extract(year from o.period_end)::int, 1, 1)
                                else o.period_start end
    where o.superseded_at is null and o.id <> k.keep_id`,
  `insert into audit_log (action, entity, entity_id, old_value, new_value)
    select 'merge', 'observation', m.id::text,
      jsonb_build_object('id', o.id, 'period', o.period, 'basis', o.basis, 'value', o.value::text, 'status', o.status),
      jsonb_build_object('keptId', k.id, 'period', k.period, 'basis', k.basis, 'value', k.value::text, 'status', k.status,
        'reason', 'một số liệu cho mỗi khoảng thời gian / one current figure per span (migration 2026-12-03-511)')
    from merge_span m join observation o on o.id = m.id join observation k on k.id = m.keep_id`,
  `update observation set superseded_at = now() where id in (select id from merge_span)`,
  `update observation k set replaces_id = (select max(m.id) from merge_span m where m.keep_id = k.id)
    where k.replaces_id is null and k.id in (select keep_id from merge_span)`,
  "drop table merge_span",
];

// the merge is not undone: the superseded rows and their audit rows stay as history
const down: string[] = [];

export const oneFigurePerSpan = {
  up: (db: Kysely<unknown>) => runStatements(db, up),
  down: (db: Kysely<unknown>) => runStatements(db, down),
};

import { canCopy, copyField, type Database, openCopy } from "@chitieu/storage";
import { type Kysely, sql, type Transaction } from "kysely";
import { ImportError } from "./problems.ts";
import type { StagedRecord } from "./row-validator.ts";

// The set-based half of an import. Valid records are staged in a temporary table in chunks
// (never all in memory), then a handful of SQL statements find in-file duplicates, classify each
// record against the current observations (new / revised / unchanged), find warnings, and write
// the batch. Temporary tables live in the import's transaction only (on commit drop).

type Trx = Transaction<Database>;

export const STAGE_CHUNK = 10_000;

export async function createStage(trx: Trx): Promise<void> {
  await importSettings(trx);
  await sql`create temp table import_stage (
    row_no integer not null,
    col_no integer not null,
    indicator_id integer not null,
    org_unit_id integer not null,
    period text not null,
    period_start date not null,
    period_end date not null,
    basis text not null,
    value numeric not null,
    status text not null,
    note text,
    span_start date,
    ly_start date,
    ly_end date,
    pv_start date,
    pv_end date
  ) on commit drop`.execute(trx);
}

/** The import transaction's settings, staged or direct (`createStage`, `openDirectWriter`). */
export async function importSettings(trx: Trx): Promise<void> {
  // hash joins and grouping over a million staged rows fit in memory instead of spilling to disk
  await sql`set local work_mem = '64MB'`.execute(trx);
  // the import's statements run once each over many rows: compiling them (JIT, seconds for the
  // big joins) costs more than it saves
  await sql`set local jit = off`.execute(trx);
}

/**
 * The span of a record and the spans its large-jump check compares it with, as `spanStart` and
 * `largeJumps` define them, computed once per distinct period here (a million records name a few
 * hundred periods) instead of as date expressions for every row of every query:
 * - span_start: the first day of the months the figure covers (January for a year to date);
 * - ly_start, ly_end: the same span a year before;
 * - pv_start, pv_end: the span of the same length just before (period basis only).
 */
export interface SpanFields {
  spanStart: string;
  lyStart: string;
  lyEnd: string;
  pvStart: string | null;
  pvEnd: string | null;
}

const spanMemo = new Map<string, SpanFields>();

export function spanFields(periodStart: string, periodEnd: string, basis: string): SpanFields {
  const key = `${periodStart}|${periodEnd}|${basis}`;
  let f = spanMemo.get(key);
  if (f) return f;
  const [ys, ms, ds] = ymd(periodStart);
  const [ye, me] = ymd(periodEnd);
  const spanStart = basis === "ytd" ? isoDate(ye, 1, 1) : periodStart;
  const [yss, mss, dss] = ymd(spanStart);
  const months = ye * 12 + me - (ys * 12 + ms) + 1;
  const back = ys * 12 + (ms - 1) - months;
  const py = Math.floor(back / 12);
  const pm = (back % 12) + 1;
  const dayBefore = new Date(Date.UTC(ys, ms - 1, ds - 1));
  f = {
    spanStart,
    // date - interval '1 year' and '… months': the day clamped to the end of a shorter month
    lyStart: isoDate(yss - 1, mss, Math.min(dss, daysIn(yss - 1, mss))),
    lyEnd: isoDate(ye - 1, me, daysIn(ye - 1, me)),
    pvStart: basis === "period" ? isoDate(py, pm, Math.min(ds, daysIn(py, pm))) : null,
    pvEnd:
      basis === "period"
        ? isoDate(dayBefore.getUTCFullYear(), dayBefore.getUTCMonth() + 1, dayBefore.getUTCDate())
        : null,
  };
  if (spanMemo.size > 100_000) spanMemo.clear();
  spanMemo.set(key, f);
  return f;
}

function ymd(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const isoDate = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

export interface Stager {
  /** Stages validated records; may still be writing the previous chunk when it returns. */
  add(records: StagedRecord[]): Promise<void>;
  /** Waits until every record is in `import_stage`. */
  finish(): Promise<void>;
  /** Stops writing after a failure, leaving the transaction free to roll back. */
  abort(): Promise<void>;
}

/**
 * Staging on PostgreSQL is one COPY stream for the whole file (the file's records flow to the
 * server as they are validated); on PGlite, one INSERT of unnested arrays per chunk, the next
 * chunk validated while the database stores this one.
 */
export async function openStager(db: Kysely<Database>, trx: Trx): Promise<Stager> {
  const copy = await openCopy(
    db,
    trx,
    `copy import_stage (row_no, col_no, indicator_id, org_unit_id, period, period_start, period_end, basis,
      value, status, note, span_start, ly_start, ly_end, pv_start, pv_end) from stdin`,
  );
  if (copy) {
    return {
      add: (records) => (records.length === 0 ? Promise.resolve() : copy.write(copyLines(records))),
      finish: () => copy.end(),
      abort: () => copy.abort("import stopped"),
    };
  }
  let pending: Promise<void> = Promise.resolve();
  return {
    async add(records) {
      await pending;
      pending = insertStage(trx, records);
    },
    finish: () => pending,
    abort: () => pending.catch(() => {}),
  };
}

/** The span columns of a record as COPY text, once per distinct period. */
const spanTextMemo = new WeakMap<SpanFields, string>();

function spanText(r: StagedRecord): string {
  const f = spanFields(r.periodStart, r.periodEnd, r.basis);
  let t = spanTextMemo.get(f);
  if (t === undefined) {
    t = `${f.spanStart}\t${f.lyStart}\t${f.lyEnd}\t${copyField(f.pvStart)}\t${copyField(f.pvEnd)}`;
    spanTextMemo.set(f, t);
  }
  return t;
}

function copyLines(records: StagedRecord[]): string {
  let out = "";
  for (const r of records) {
    out += `${r.row}\t${r.col}\t${r.indicatorId}\t${r.orgUnitId}\t${copyField(r.period)}\t${r.periodStart}\t${r.periodEnd}\t${r.basis}\t${r.value}\t${r.status}\t${copyField(r.note)}\t${spanText(r)}\n`;
  }
  return out;
}

/** One statement per chunk: arrays unnested server-side, far faster than one row per statement. */
export async function insertStage(trx: Trx, records: StagedRecord[]): Promise<void> {
  if (records.length === 0) return;
  const col = <T>(f: (r: StagedRecord) => T) => records.map(f);
  const spans = records.map((r) => spanFields(r.periodStart, r.periodEnd, r.basis));
  const span = <T>(f: (s: SpanFields) => T) => spans.map(f);
  await sql`insert into import_stage
    select * from unnest(
      ${col((r) => r.row)}::int[], ${col((r) => r.col)}::int[], ${col((r) => r.indicatorId)}::int[],
      ${col((r) => r.orgUnitId)}::int[], ${col((r) => r.period)}::text[], ${col((r) => r.periodStart)}::date[],
      ${col((r) => r.periodEnd)}::date[], ${col((r) => r.basis)}::text[], ${col((r) => r.value)}::numeric[],
      ${col((r) => r.status)}::text[], ${col((r) => r.note)}::text[], ${span((f) => f.spanStart)}::date[],
      ${span((f) => f.lyStart)}::date[], ${span((f) => f.lyEnd)}::date[], ${span((f) => f.pvStart)}::date[],
      ${span((f) => f.pvEnd)}::date[]
    )`.execute(trx);
}

export interface DuplicateGroup {
  indicator_id: number;
  org_unit_id: number;
  /** the period codes of the group, "(ytd)" after a year-to-date one: one span written once or more ways */
  labels: string[];
  rows: number[];
  cols: number[];
}

export async function findDuplicates(
  trx: Trx,
  limit: number,
): Promise<{ groups: DuplicateGroup[]; records: number }> {
  // count(*) over () sees every group before the limit: one pass gives both the list and the total
  const r = await sql<DuplicateGroup & { total: number }>`
    select indicator_id, org_unit_id,
      array_agg(distinct period || case when basis = 'ytd' then ' (lũy kế/ytd)' else '' end) as labels,
      array_agg(row_no order by row_no, col_no) as rows, array_agg(col_no order by row_no, col_no) as cols,
      (sum(count(*)) over ())::int as total
    from import_stage s group by indicator_id, org_unit_id, period_end, span_start having count(*) > 1
    order by min(row_no) limit ${limit}`.execute(trx);
  return { groups: r.rows, records: Number(r.rows[0]?.total ?? 0) };
}

/**
 * The months a figure covers, as the first day of its span (issue #13 item 6, the domain's
 * `figureSpanKey`): a year-to-date figure covers January through its end, any other its period
 * alone. With `period_end`, this names the span: "2024-H1" (period), "2024-H1" (ytd) and
 * "2024-06" (ytd) are one span, one figure. The SQL twin of `figureSpanKey` (migration 511 too).
 */
export const spanStart = (t: string) =>
  sql.raw(
    `(case when ${t}.basis = 'ytd' then make_date(extract(year from ${t}.period_end)::int, 1, 1) else ${t}.period_start end)`,
  );

/**
 * The staged records whose span already has a current observation, in any layout or basis
 * (issue #15 item 6: one current figure per span), each against it (`import_match`):
 * - unchanged: the same value, status and note (whatever period code or basis it was written with);
 * - kept: the current figure is official and the file's is not (an estimate or a preliminary
 *   figure covering the same months never shadows an official one): nothing is written, a warning
 *   says so;
 * - revised: anything else, old → new.
 * Every other staged record is new: a first upload of a million figures copies nothing here.
 */
export async function classify(trx: Trx): Promise<void> {
  await sql`create temp table import_match on commit drop as
    select distinct on (s.row_no, s.col_no)
      s.row_no, s.col_no, s.value, o.id as current_id, o.value as current_value, o.status as current_status,
      o.period as current_period, o.basis as current_basis,
      case
        when o.status = 'official' and s.status <> 'official' then 'kept'
        when o.value = s.value and o.status = s.status and o.note is not distinct from s.note
          and o.measured_at is null then 'unchanged'
        else 'revised'
      end as outcome
    from import_stage s
    join observation o on o.indicator_id = s.indicator_id and o.org_unit_id = s.org_unit_id
      and o.period_end = s.period_end and o.superseded_at is null
      and ${spanStart("o")} = s.span_start
    order by s.row_no, s.col_no, (o.period = s.period and o.basis = s.basis) desc, o.id desc`.execute(trx);
  await sql`analyze import_match`.execute(trx);
}

export interface KeptOfficial {
  row_no: number;
  col_no: number;
  value: string;
  status: string;
  current_value: string;
  current_period: string;
  current_basis: string;
}

/** Staged estimates and preliminary figures whose span has a current official figure (kept, not written). */
export async function keptOfficial(
  trx: Trx,
  limit: number,
): Promise<{ rows: KeptOfficial[]; total: number }> {
  const r = await sql<KeptOfficial & { total: number }>`
    select m.row_no, m.col_no, m.value::text as value, s.status, m.current_value::text as current_value,
      m.current_period, m.current_basis, (count(*) over ())::int as total
    from import_match m join import_stage s on s.row_no = m.row_no and s.col_no = m.col_no
    where m.outcome = 'kept'
    order by m.row_no, m.col_no limit ${limit}`.execute(trx);
  return { rows: r.rows, total: Number(r.rows[0]?.total ?? 0) };
}

/** New, revised and unchanged records among the `staged` ones. */
export async function outcomeCounts(
  trx: Trx,
  staged: number,
): Promise<{ new: number; revised: number; unchanged: number; kept: number }> {
  const r = await sql<{ outcome: string; n: number }>`
    select outcome, count(*)::int as n from import_match group by outcome`.execute(trx);
  const counts = { new: 0, revised: 0, unchanged: 0, kept: 0 };
  for (const row of r.rows) counts[row.outcome as "revised" | "unchanged" | "kept"] = Number(row.n);
  counts.new = staged - counts.revised - counts.unchanged - counts.kept;
  return counts;
}

export interface RevisedOfficial {
  row_no: number;
  col_no: number;
  value: string;
  current_value: string;
}

export async function revisesOfficial(
  trx: Trx,
  limit: number,
): Promise<{ rows: RevisedOfficial[]; total: number }> {
  const r = await sql<RevisedOfficial & { total: number }>`
    select row_no, col_no, value::text as value, current_value::text as current_value, (count(*) over ())::int as total
    from import_match where outcome = 'revised' and current_status = 'official'
    order by row_no, col_no limit ${limit}`.execute(trx);
  return { rows: r.rows, total: Number(r.rows[0]?.total ?? 0) };
}

export interface LargeJump {
  row_no: number;
  col_no: number;
  indicator_id: number;
  value: string;
  previous: string;
  /** the comparator's period code and whether it is the same span a year before */
  previous_period: string;
  previous_basis: string;
  against: "same_period_last_year" | "previous_period";
}

/**
 * Jumps judged per measure kind (issue #15 item 7; the rule is the domain's `jumpRule`, one row
 * per indicator in `import_jump_rule`): each staged figure against the figure of the same span a
 * year before, else the span of the same length just before it (the period basis only: a year to
 * date has no "previous" of its length), from the file itself or the database, matched by span
 * as `figureSpanKey` does. Both figures are of one indicator and one basis of counting, so a
 * growth rate is never set against a monthly flow. A key twice in the file may list a row twice;
 * such a file is refused anyway.
 */
export async function largeJumps(
  trx: Trx,
  rules: { indicatorId: number; mode: "relative" | "points" | "none"; threshold: string }[],
  limit: number,
  staged: number,
  /**
   * after a direct write, its batch: the file's records are in `observation` already, so the
   * joins with `observation` leave them out (the joins with the stage find them); when no other
   * current figure of the file's indicators exists, those joins are left out altogether
   */
  directBatch: number | null = null,
): Promise<{ rows: LargeJump[]; total: number }> {
  const judged = rules.filter((r) => r.mode !== "none");
  if (judged.length === 0) return { rows: [], total: 0 };
  await sql`create temp table if not exists import_jump_rule (
    indicator_id integer primary key, mode text not null, threshold numeric not null) on commit drop`.execute(
    trx,
  );
  await sql`delete from import_jump_rule`.execute(trx);
  await sql`insert into import_jump_rule
    select * from unnest(${judged.map((r) => r.indicatorId)}::int[], ${judged.map((r) => r.mode)}::text[],
      ${judged.map((r) => r.threshold)}::numeric[])`.execute(trx);
  await sql`analyze import_jump_rule`.execute(trx);
  let others = true;
  if (directBatch !== null) {
    const r = await sql`select 1 from observation o
      where o.superseded_at is null and o.batch_id is distinct from ${directBatch}
        and o.indicator_id in (select indicator_id from import_jump_rule) limit 1`.execute(trx);
    others = r.rows.length > 0;
    // the batch's rows are in `observation` now: the joins with it are planned on its real size
    if (others) await sql`analyze observation`.execute(trx);
  }
  const notFile = (t: string) =>
    !others
      ? sql`false`
      : directBatch === null
        ? sql`true`
        : sql`${sql.ref(`${t}.batch_id`)} is distinct from ${directBatch}`;
  // Past ~50,000 staged records the planner's memoized index loop over the stage (a cache miss
  // per record) is far slower than hashing the stage once: hash joins for this query only.
  const big = staged >= BIG_STAGE;
  if (big) {
    await sql`set local enable_nestloop = off`.execute(trx);
    await sql`set local enable_mergejoin = off`.execute(trx);
  }
  const r = await sql<LargeJump & { total: number }>`
    with st as (
      select s.row_no, s.col_no, s.indicator_id, s.org_unit_id, s.value, s.basis, r.mode, r.threshold,
        s.ly_start, s.ly_end, s.pv_start, s.pv_end
      from import_stage s join import_jump_rule r on r.indicator_id = s.indicator_id
    ),
    cmp as (
      select st.row_no, st.col_no, st.indicator_id, st.value, st.mode, st.threshold,
        coalesce(fly.value, oly.value, fpv.value, opv.value) as previous,
        case when coalesce(fly.value, oly.value) is not null then coalesce(fly.period, oly.period)
          else coalesce(fpv.period, opv.period) end as previous_period,
        case when coalesce(fly.value, oly.value) is not null then coalesce(fly.basis, oly.basis)
          else coalesce(fpv.basis, opv.basis) end as previous_basis,
        case when coalesce(fly.value, oly.value) is not null then 'same_period_last_year'
          else 'previous_period' end as against
      from st
      left join import_stage fly on fly.indicator_id = st.indicator_id and fly.org_unit_id = st.org_unit_id
        and fly.period_end = st.ly_end and fly.span_start = st.ly_start
      left join observation oly on oly.indicator_id = st.indicator_id and oly.org_unit_id = st.org_unit_id
        and oly.period_end = st.ly_end and ${spanStart("oly")} = st.ly_start and oly.superseded_at is null
        and ${notFile("oly")}
      left join import_stage fpv on fpv.indicator_id = st.indicator_id and fpv.org_unit_id = st.org_unit_id
        and fpv.period_end = st.pv_end and fpv.span_start = st.pv_start
      left join observation opv on opv.indicator_id = st.indicator_id and opv.org_unit_id = st.org_unit_id
        and opv.period_end = st.pv_end and ${spanStart("opv")} = st.pv_start and opv.superseded_at is null
        and ${notFile("opv")}
    )
    select row_no, col_no, indicator_id, value::text as value, previous::text as previous, previous_period,
      previous_basis, against, (count(*) over ())::int as total
    from cmp
    where previous is not null and (
      (mode = 'relative' and previous <> 0 and abs(value - previous) > threshold * abs(previous))
      or (mode = 'points' and abs(value - previous) > threshold))
    order by row_no, col_no limit ${limit}`.execute(trx);
  if (big) {
    await sql`set local enable_nestloop to default`.execute(trx);
    await sql`set local enable_mergejoin to default`.execute(trx);
  }
  return { rows: r.rows, total: Number(r.rows[0]?.total ?? 0) };
}

export interface MissingTarget {
  row_no: number;
  col_no: number;
  indicator_id: number;
  org_unit_id: number;
  year: number;
}

/**
 * Each indicator × org unit × year of the file with no target for that year (a target of the year
 * itself or of a plan period such as 2021-2025 that holds it), at its first cell (issue #15 item 7).
 */
export async function missingTargets(
  trx: Trx,
  limit: number,
  /** the keys and their first cells, gathered as the records were read (`FirstCells`) */
  keys?: FirstCells,
): Promise<{ rows: MissingTarget[]; total: number }> {
  const k = keys
    ? sql`select indicator_id, org_unit_id, year, array[r, c] as first
        from unnest(${keys.indicators}::int[], ${keys.orgUnits}::int[], ${keys.years}::int[], ${keys.rows}::int[],
          ${keys.cols}::int[]) as u(indicator_id, org_unit_id, year, r, c)`
    : sql`select indicator_id, org_unit_id, extract(year from period_end)::int as year,
        min(array[row_no, col_no]) as first
      from import_stage group by 1, 2, 3`;
  const r = await sql<MissingTarget & { total: number }>`
    with k as (${k})
    select k.first[1] as row_no, k.first[2] as col_no, k.indicator_id, k.org_unit_id, k.year, (count(*) over ())::int as total
    from k where not exists (
      select 1 from target t where t.indicator_id = k.indicator_id and t.org_unit_id = k.org_unit_id
        and (t.period = k.year::text or (t.period ~ '^[0-9]{4}-[0-9]{4}$'
          and k.year between split_part(t.period, '-', 1)::int and split_part(t.period, '-', 2)::int)))
    order by k.first limit ${limit}`.execute(trx);
  return { rows: r.rows, total: Number(r.rows[0]?.total ?? 0) };
}

/**
 * Each indicator × org unit × year of a file with the first cell that names it (row, then column),
 * gathered in memory as records pass (a file names a few thousand such keys, not a million).
 */
export class FirstCells {
  private first = new Map<string, [number, number, number, number, number]>();

  add(r: StagedRecord): void {
    const year = Number(r.periodEnd.slice(0, 4));
    const key = `${r.indicatorId}|${r.orgUnitId}|${year}`;
    const f = this.first.get(key);
    if (!f) this.first.set(key, [r.indicatorId, r.orgUnitId, year, r.row, r.col]);
    else if (r.row < f[3] || (r.row === f[3] && r.col < f[4])) {
      f[3] = r.row;
      f[4] = r.col;
    }
  }

  private column(i: number): number[] {
    return [...this.first.values()].map((f) => f[i] as number);
  }

  get indicators() {
    return this.column(0);
  }
  get orgUnits() {
    return this.column(1);
  }
  get years() {
    return this.column(2);
  }
  get rows() {
    return this.column(3);
  }
  get cols() {
    return this.column(4);
  }
}

const BIG_STAGE = 50_000;

/**
 * Counts the staged records and says whether every key is unique, in one hashed pass over the
 * stage (cheaper than building a unique index over a million keys). The usual file has no
 * duplicate, so the listing query of `findDuplicates` runs only when this finds one.
 */
export async function checkStage(trx: Trx): Promise<{ unique: boolean; staged: number }> {
  await sql`analyze import_stage`.execute(trx);
  const r = await sql<{ staged: number; repeated: number }>`
    select coalesce(sum(n), 0)::int as staged, count(*) filter (where n > 1)::int as repeated
    from (select count(*) as n from import_stage s group by indicator_id, org_unit_id, period_end, span_start) k`.execute(
    trx,
  );
  const row = r.rows[0];
  return { unique: Number(row?.repeated ?? 0) === 0, staged: Number(row?.staged ?? 0) };
}

export interface SampleRow {
  row_no: number;
  col_no: number;
  indicator_id: number;
  org_unit_id: number;
  period: string;
  basis: string;
  value: string;
  status: string;
  note: string | null;
  outcome: "new" | "revised" | "unchanged";
  current_value: string | null;
}

export async function sampleRows(trx: Trx, limit: number): Promise<SampleRow[]> {
  const r = await sql<SampleRow>`
    select s.row_no, s.col_no, s.indicator_id, s.org_unit_id, s.period, s.basis, s.value::text as value, s.status,
      s.note, coalesce(m.outcome, 'new') as outcome, m.current_value::text as current_value
    from (select * from import_stage order by row_no, col_no limit ${limit}) s
    left join import_match m on m.row_no = s.row_no and m.col_no = s.col_no
    order by s.row_no, s.col_no`.execute(trx);
  return r.rows;
}

/**
 * Writes the staged records as batch `batchId`: supersedes the current rows of revised keys,
 * inserts the new rows pointing at what they replace, and audits every revision (old and new).
 */
export async function writeStaged(trx: Trx, batchId: number, userId: number | null): Promise<void> {
  await sql`update observation o set superseded_at = now()
    from import_match s where s.outcome = 'revised' and o.id = s.current_id`.execute(trx);
  const setChecks = await checkReferencesAsSet(trx, userId);
  await sql`insert into observation (indicator_id, org_unit_id, period, period_start, period_end, basis, value, status,
      note, batch_id, recorded_by, replaces_id, source_row, source_col)
    select s.indicator_id, s.org_unit_id, s.period, s.period_start, s.period_end, s.basis, s.value, s.status, s.note,
      ${batchId}, ${userId}, m.current_id, s.row_no, s.col_no
    from import_stage s left join import_match m on m.row_no = s.row_no and m.col_no = s.col_no
    where m.outcome is null or m.outcome = 'revised'`.execute(trx);
  if (setChecks) await sql`set local session_replication_role = origin`.execute(trx);
  await sql`insert into audit_log (user_id, action, entity, entity_id, old_value, new_value, batch_id)
    select ${userId}, 'revise', 'observation', n.id::text,
      jsonb_build_object('id', o.id, 'value', o.value::text, 'status', o.status, 'note', o.note, 'batch_id', o.batch_id),
      jsonb_build_object('id', n.id, 'value', n.value::text, 'status', n.status, 'note', n.note, 'batch_id', n.batch_id),
      ${batchId}
    from import_match s join observation o on o.id = s.current_id
      join observation n on n.replaces_id = o.id and n.batch_id = ${batchId}
    where s.outcome = 'revised'`.execute(trx);
}

/**
 * The foreign keys of `observation`, checked once for the whole batch instead of once per row.
 *
 * A foreign key is a trigger that looks up and key-share-locks the referenced row for every
 * inserted row: for a million rows, three such look-ups cost more than the insert itself. The
 * same guarantee, set-based: key-share-lock every distinct indicator and org unit the batch
 * names (so none can be deleted or re-keyed until this transaction ends), prove that each exists,
 * then insert with row triggers off (`session_replication_role = replica`, transaction-local;
 * unique keys, checks and NOT NULL still hold). The uploader's user row is locked the same way;
 * the batch row and the replaced observations were written or updated by this transaction, so
 * they are locked already. Setting the role needs superuser or `GRANT SET ON PARAMETER
 * session_replication_role`; without it the per-row triggers run as usual (slower, same result).
 * Returns whether the triggers are off; the caller turns them back on after the insert.
 */
export async function checkReferencesAsSet(trx: Trx, userId: number | null): Promise<boolean> {
  if (!(await rowTriggersOff(trx))) return false;
  await lockReferences(trx, userId, "import_stage");
  return true;
}

/**
 * Turns the row triggers (the foreign keys) off for the rest of the transaction, when the role may
 * (see `checkReferencesAsSet`); false when it may not, and they stay on.
 */
async function rowTriggersOff(trx: Trx): Promise<boolean> {
  await sql`savepoint import_set_checks`.execute(trx);
  try {
    await sql`set local session_replication_role = replica`.execute(trx);
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
    await sql`rollback to savepoint import_set_checks`.execute(trx);
    await sql`release savepoint import_set_checks`.execute(trx);
    return false;
  }
  await sql`release savepoint import_set_checks`.execute(trx);
  return true;
}

/**
 * Key-share-locks every indicator and org unit the rows of `table` name, and the uploader, and
 * proves each exists; refuses the import (nothing written) when one does not.
 */
async function lockReferences(
  trx: Trx,
  userId: number | null,
  ids: "import_stage" | { indicators: number[]; orgUnits: number[] },
) {
  const ind =
    ids === "import_stage"
      ? sql`select distinct indicator_id as id from import_stage`
      : sql`select unnest(${ids.indicators}::int[]) as id`;
  const ou =
    ids === "import_stage"
      ? sql`select distinct org_unit_id as id from import_stage`
      : sql`select unnest(${ids.orgUnits}::int[]) as id`;
  const missing = await sql<{ what: string; id: number }>`
    with ind as (${ind}),
      ou as (${ou}),
      locked_ind as (select i.id from indicator i join ind using (id) for key share of i),
      locked_ou as (select u.id from org_unit u join ou using (id) for key share of u),
      locked_user as (select a.id from app_user a where a.id = ${userId} for key share of a)
    select 'indicator' as what, id from ind where id not in (select id from locked_ind)
    union all select 'org_unit', id from ou where id not in (select id from locked_ou)
    union all select 'app_user', ${userId}::int where ${userId}::int is not null
      and not exists (select 1 from locked_user)`.execute(trx);
  const first = missing.rows[0];
  if (first) {
    // the catalog changed under the import (a row deleted since it was read): refuse, write nothing
    throw new ImportError(
      "conflict",
      `Danh mục đã thay đổi trong khi nhập: ${first.what} ${first.id} không còn tồn tại. Hãy tải lên lại.`,
      `The catalog changed during the import: ${first.what} ${first.id} no longer exists. Upload again.`,
    );
  }
}

/**
 * The direct write (issue #19 item 3): a commit on PostgreSQL streams its records straight into
 * `observation` as the file is read, as batch `batchId`, each with its cell (`source_row`,
 * `source_col`), instead of staging them first and copying them over at the end. It is the
 * optimistic path of a file that only adds figures (the usual first upload of a period):
 * - the foreign keys are proved for the whole set once the rows are in (`finish`), as
 *   `checkReferencesAsSet` does for the staged write;
 * - a record whose key is already current (a revision, a key twice in the file) breaks the
 *   unique key: the COPY fails with `unique_violation` and the caller reads the file again the
 *   staged way, which compares and revises;
 * - once written, `stageFromBatch` gives the compare step its `import_stage`, and
 *   `directConflicts` says whether any record shares its span with another current figure (in
 *   the file or not): then, too, the caller rolls back and takes the staged way.
 * Null on PGlite (no COPY stream).
 */
export interface DirectWriter extends Stager {
  /** how many records were written */
  written(): number;
}

export interface SpanFieldsOf extends SpanFields {
  periodStart: string;
  periodEnd: string;
  basis: string;
}

export async function openDirectWriter(
  db: Kysely<Database>,
  trx: Trx,
  batchId: number,
  userId: number | null,
): Promise<DirectWriter | null> {
  if (!canCopy(db)) return null;
  await importSettings(trx);
  const triggersOff = await rowTriggersOff(trx);
  const copy = await openCopy(
    db,
    trx,
    `copy observation (source_row, source_col, indicator_id, org_unit_id, period, period_start, period_end, basis,
      value, status, note, batch_id, recorded_by) from stdin`,
  );
  if (!copy) return null;
  let written = 0;
  // the rows' references, gathered as they pass, for the set-based foreign-key check
  const indicators = new Set<number>();
  const orgUnits = new Set<number>();
  const tail = `\t${batchId}\t${copyField(userId)}\n`;
  // a file names the same indicator and unit row after row: a set is asked only when they change
  let lastIndicator = -1;
  let lastOrgUnit = -1;
  return {
    add(records) {
      if (records.length === 0) return Promise.resolve();
      written += records.length;
      // each line encoded straight into one buffer: a string of 10.000 lines joined and then
      // encoded whole cost twice the time, and as much again in garbage collection
      let out = Buffer.allocUnsafe(records.length * 128);
      let used = 0;
      for (const r of records) {
        if (r.indicatorId !== lastIndicator) {
          lastIndicator = r.indicatorId;
          indicators.add(lastIndicator);
        }
        if (r.orgUnitId !== lastOrgUnit) {
          lastOrgUnit = r.orgUnitId;
          orgUnits.add(lastOrgUnit);
        }
        const line = `${r.row}\t${r.col}\t${r.indicatorId}\t${r.orgUnitId}\t${copyField(r.period)}\t${r.periodStart}\t${r.periodEnd}\t${r.basis}\t${r.value}\t${r.status}\t${copyField(r.note)}${tail}`;
        // at most 3 bytes of UTF-8 per UTF-16 unit
        if (out.length - used < line.length * 3) {
          const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, used + line.length * 3));
          out.copy(bigger, 0, 0, used);
          out = bigger;
        }
        used += out.write(line, used);
      }
      return copy.write(out.subarray(0, used));
    },
    async finish() {
      await copy.end();
      if (!triggersOff) return;
      await sql`set local session_replication_role = origin`.execute(trx);
      await lockReferences(trx, userId, { indicators: [...indicators], orgUnits: [...orgUnits] });
    },
    abort: () => copy.abort("import stopped"),
    written: () => written,
  };
}

/**
 * `import_stage` for the compare step of a direct write: the rows batch `batchId` wrote, with the
 * span columns of their periods (`spans`, from `InFileFigures`) and the id each got in
 * `observation` (`obs_id`).
 */
export async function stageFromBatch(trx: Trx, batchId: number, spans: SpanFieldsOf[]): Promise<void> {
  await sql`create temp table import_span (
    period_start date not null, period_end date not null, basis text not null,
    span_start date, ly_start date, ly_end date, pv_start date, pv_end date) on commit drop`.execute(trx);
  if (spans.length > 0)
    await sql`insert into import_span select * from unnest(
      ${spans.map((f) => f.periodStart)}::date[], ${spans.map((f) => f.periodEnd)}::date[],
      ${spans.map((f) => f.basis)}::text[], ${spans.map((f) => f.spanStart)}::date[],
      ${spans.map((f) => f.lyStart)}::date[], ${spans.map((f) => f.lyEnd)}::date[],
      ${spans.map((f) => f.pvStart)}::date[], ${spans.map((f) => f.pvEnd)}::date[])`.execute(trx);
  // a few hundred periods: hashed, and the batch's rows streamed past them once
  await sql`analyze import_span`.execute(trx);
  await sql`create temp table import_stage on commit drop as
    select o.source_row as row_no, o.source_col as col_no, o.indicator_id, o.org_unit_id, o.period,
      o.period_start, o.period_end, o.basis, o.value, o.status, o.note, p.span_start, p.ly_start, p.ly_end,
      p.pv_start, p.pv_end, o.id as obs_id
    from observation o join import_span p using (period_start, period_end, basis)
    where o.batch_id = ${batchId}`.execute(trx);
  await sql`analyze import_stage`.execute(trx);
}

/**
 * Whether a record of the direct write shares its span with another current figure: one already
 * recorded (a revision, an unchanged or a kept figure), or another record of the file (a key
 * written twice, maybe two ways). Either needs the staged way, which compares and reports.
 */
export async function directConflicts(trx: Trx): Promise<boolean> {
  // A second figure with the record's very period code and basis would have broken the unique
  // key during the COPY; what is left is a figure of the same span written another way ("2024-H1"
  // and "2024-06" year to date). A span can be written two ways only when it starts on 1 January
  // (a year to date, or a period from January): only such records are looked up.
  const r = await sql`
    select 1 from import_stage s
    join observation o on o.indicator_id = s.indicator_id and o.org_unit_id = s.org_unit_id
      and o.period_end = s.period_end and o.superseded_at is null and ${spanStart("o")} = s.span_start
    where extract(month from s.span_start) = 1 and extract(day from s.span_start) = 1 and o.id <> s.obs_id
    limit 1`.execute(trx);
  return r.rows.length > 0;
}

/**
 * Whether any current figure of `indicators` other than batch `batchId`'s own exists. When none
 * does, a direct write has nothing to revise, repeat or compare with in the database.
 */
export async function otherCurrentFigures(trx: Trx, batchId: number, indicators: number[]): Promise<boolean> {
  if (indicators.length === 0) return false;
  const r = await sql`select 1 from observation o
    where o.indicator_id = any(${indicators}::int[]) and o.superseded_at is null
      and o.batch_id is distinct from ${batchId}
    limit 1`.execute(trx);
  return r.rows.length > 0;
}

/** `import_match` of a direct write: no record matched a current figure (`directConflicts`). */
export async function emptyMatch(trx: Trx): Promise<void> {
  await sql`create temp table import_match (
    row_no integer, col_no integer, value numeric, current_id bigint, current_value numeric,
    current_status text, current_period text, current_basis text, outcome text) on commit drop`.execute(trx);
}

export interface RevisionDetail {
  row_no: number;
  col_no: number;
  indicator_id: number;
  org_unit_id: number;
  period: string;
  basis: string;
  old_value: string;
  new_value: string;
  old_status: string;
  new_status: string;
  entered_by: string | null;
  entered_at: string;
}

/** Every revision of the file as old → new, with who entered the old value and when (issue #15). */
export async function revisionDetails(trx: Trx, limit: number): Promise<RevisionDetail[]> {
  const r = await sql<RevisionDetail>`
    select s.row_no, s.col_no, s.indicator_id, s.org_unit_id, s.period, s.basis, o.value::text as old_value,
      s.value::text as new_value, o.status as old_status, s.status as new_status, u.display_name as entered_by,
      to_char(o.recorded_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') as entered_at
    from import_match m
    join import_stage s on s.row_no = m.row_no and s.col_no = m.col_no
    join observation o on o.id = m.current_id
    left join app_user u on u.id = o.recorded_by
    where m.outcome = 'revised'
    order by s.row_no, s.col_no limit ${limit}`.execute(trx);
  return r.rows;
}

import { type JumpRule, judgeJump, mayBeJump } from "@chitieu/domain";
import type { StagedRecord } from "./row-validator.ts";
import { type LargeJump, type SampleRow, type SpanFields, type SpanFieldsOf, spanFields } from "./staging.ts";

// The figures of a direct write (issue #19), kept in memory as they are read, by span: enough to
// say, without reading them back from the database, whether a span is written twice in the file
// and which figures jump against another figure of the same file. `largeJumps` answers the same
// question in SQL over `import_stage`; when the database holds no other current figure of the
// file's indicators (`otherCurrentFigures`), the file is all there is to compare, and this answers
// it instead. A million records take some 30 MB of typed arrays (no object, no string per
// record): the joins it replaces took seconds over a million-row stage.

/** What records of one period code and basis share: their span and the spans they are judged against. */
interface Kind {
  no: number;
  period: string;
  basis: string;
  periodStart: string;
  periodEnd: string;
  /** one id per `${spanStart}|${periodEnd}`: two records of one indicator and unit with the same span are one figure */
  span: number;
  /** its span columns, for `stageFromBatch` when the file is compared in SQL after all */
  fields: SpanFields;
  /** the same months a year before, and (period basis) the span of the same length just before */
  lyKey: string;
  pvKey: string | null;
}

const EMPTY = -1;

export class InFileFigures {
  private readonly spanIds = new Map<string, number>();
  private readonly kinds: Kind[] = [];
  /** period code → its kinds (one per basis; a code names one span, checked per record) */
  private readonly kindsOf = new Map<string, Kind[]>();
  /** indicator × org unit → pair number; the indicator of each pair */
  private readonly pairs = new Map<string, number>();
  private pairIndicator = new Int32Array(64);
  private lastIndicator = -1;
  private lastOrgUnit = -1;
  private lastPair = -1;
  // per record
  private n = 0;
  private pairOf = new Int32Array(1024);
  private kindOf = new Int32Array(1024);
  private spanOf = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private cols = new Int32Array(1024);
  /** the value as a double and its decimals: `toFixed` gives the exact text back (see `exactText`) */
  private numbers = new Float64Array(1024);
  private scales = new Int8Array(1024);
  /** the exact text of a value a double cannot give back (over 15 digits, "-0") */
  private readonly texts = new Map<number, string>();
  /** open addressing, pair × span → record + 1 (0: empty), at most half full */
  private slots = new Int32Array(2048);
  private readonly first: StagedRecord[] = [];

  constructor(private readonly sampleSize: number) {}

  /** Keeps a record; false when the file already holds a figure of its span (the caller falls back). */
  add(r: StagedRecord): boolean {
    const kind = this.kindFor(r);
    const pair = this.pairFor(r.indicatorId, r.orgUnitId);
    if (this.find(pair, kind.span) !== EMPTY) return false;
    // the sample: the first records, and the rest of the last row (a wide row's cells in any order)
    if (this.first.length < this.sampleSize || r.row === this.first.at(-1)?.row) this.first.push(r);
    const i = this.n++;
    if (i === this.rows.length) this.grow();
    this.pairOf[i] = pair;
    this.kindOf[i] = kind.no;
    this.spanOf[i] = kind.span;
    this.rows[i] = r.row;
    this.cols[i] = r.col;
    const scale = exactScale(r.value);
    this.numbers[i] = Number(r.value);
    this.scales[i] = scale;
    if (scale < 0) this.texts.set(i, r.value);
    this.insert(i, pair, kind.span);
    return true;
  }

  /** The distinct periods read, with their span columns (`stageFromBatch`). */
  spans(): SpanFieldsOf[] {
    return this.kinds.map((k) => ({
      ...k.fields,
      periodStart: k.periodStart,
      periodEnd: k.periodEnd,
      basis: k.basis,
    }));
  }

  /** The indicators of the records kept. */
  indicators(): number[] {
    return [...new Set(this.pairIndicator.subarray(0, this.pairs.size))];
  }

  /** The first `sampleSize` records by row and column, each new (nothing current matched them). */
  sample(): SampleRow[] {
    return [...this.first]
      .sort((a, b) => a.row - b.row || a.col - b.col)
      .slice(0, this.sampleSize)
      .map((r) => ({
        row_no: r.row,
        col_no: r.col,
        indicator_id: r.indicatorId,
        org_unit_id: r.orgUnitId,
        period: r.period,
        basis: r.basis,
        value: r.value,
        status: r.status,
        note: r.note,
        outcome: "new",
        current_value: null,
      }));
  }

  /**
   * Each record against the record of the same indicator and unit with the same months a year
   * before, else (period basis) the span of the same length just before, as `largeJumps` matches
   * them; judged by `judgeJump` (exact decimals) wherever a double says it may be a jump. The
   * first `limit` by row and column, and how many in all.
   */
  jumps(rules: Map<number, JumpRule>, limit: number): { rows: LargeJump[]; total: number } {
    const ly = this.kinds.map((k) => this.spanIds.get(k.lyKey) ?? EMPTY);
    const pv = this.kinds.map((k) => (k.pvKey === null ? EMPTY : (this.spanIds.get(k.pvKey) ?? EMPTY)));
    const found: { i: number; j: number; lastYear: boolean; indicatorId: number }[] = [];
    const judged = new Map<number, { rule: JumpRule; threshold: number } | null>();
    for (let i = 0; i < this.n; i++) {
      const pair = this.pairOf[i] as number;
      const indicatorId = this.pairIndicator[pair] as number;
      let r = judged.get(indicatorId);
      if (r === undefined) {
        const rule = rules.get(indicatorId);
        r = rule && rule.mode !== "none" ? { rule, threshold: Number(rule.threshold) } : null;
        judged.set(indicatorId, r);
      }
      if (r === null) continue;
      const k = this.kindOf[i] as number;
      let j = ly[k] === EMPTY ? EMPTY : this.find(pair, ly[k] as number);
      const lastYear = j !== EMPTY;
      if (j === EMPTY && pv[k] !== EMPTY) j = this.find(pair, pv[k] as number);
      if (j === EMPTY) continue;
      if (!mayBeJump(r.rule.mode, r.threshold, this.numbers[i] as number, this.numbers[j] as number))
        continue;
      const period = (this.kinds[this.kindOf[j] as number] as Kind).period;
      const basis = lastYear ? "same_period_last_year" : "previous_period";
      if (judgeJump(r.rule, this.exactText(i), this.exactText(j), { basis, period }))
        found.push({ i, j, lastYear, indicatorId });
    }
    const rows = this.rows;
    const cols = this.cols;
    found.sort(
      (a, b) =>
        (rows[a.i] as number) - (rows[b.i] as number) || (cols[a.i] as number) - (cols[b.i] as number),
    );
    return {
      total: found.length,
      rows: found.slice(0, limit).map(({ i, j, lastYear, indicatorId }) => {
        const kj = this.kinds[this.kindOf[j] as number] as Kind;
        return {
          row_no: rows[i] as number,
          col_no: cols[i] as number,
          indicator_id: indicatorId,
          value: this.exactText(i),
          previous: this.exactText(j),
          previous_period: kj.period,
          previous_basis: kj.basis,
          against: lastYear ? "same_period_last_year" : "previous_period",
        };
      }),
    };
  }

  /** The value of record `i` exactly as the file gave it (after reading its number convention). */
  private exactText(i: number): string {
    const scale = this.scales[i] as number;
    return scale < 0 ? (this.texts.get(i) as string) : (this.numbers[i] as number).toFixed(scale);
  }

  private kindFor(r: StagedRecord): Kind {
    let list = this.kindsOf.get(r.period);
    if (!list) {
      list = [];
      this.kindsOf.set(r.period, list);
    }
    for (const k of list)
      if (k.basis === r.basis && k.periodStart === r.periodStart && k.periodEnd === r.periodEnd) return k;
    const f = spanFields(r.periodStart, r.periodEnd, r.basis);
    const spanKey = `${f.spanStart}|${r.periodEnd}`;
    let span = this.spanIds.get(spanKey);
    if (span === undefined) {
      span = this.spanIds.size;
      this.spanIds.set(spanKey, span);
    }
    const k: Kind = {
      no: this.kinds.length,
      period: r.period,
      basis: r.basis,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      span,
      fields: f,
      lyKey: `${f.lyStart}|${f.lyEnd}`,
      pvKey: f.pvStart === null ? null : `${f.pvStart}|${f.pvEnd}`,
    };
    list.push(k);
    this.kinds.push(k);
    return k;
  }

  private pairFor(indicatorId: number, orgUnitId: number): number {
    if (indicatorId === this.lastIndicator && orgUnitId === this.lastOrgUnit) return this.lastPair;
    const key = `${indicatorId}|${orgUnitId}`;
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      pair = this.pairs.size;
      this.pairs.set(key, pair);
      if (pair === this.pairIndicator.length) this.pairIndicator = grown(this.pairIndicator);
      this.pairIndicator[pair] = indicatorId;
    }
    this.lastIndicator = indicatorId;
    this.lastOrgUnit = orgUnitId;
    this.lastPair = pair;
    return pair;
  }

  /** The record of `pair` with span `span`, or EMPTY. */
  private find(pair: number, span: number): number {
    const mask = this.slots.length - 1;
    for (let s = slotOf(pair, span) & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s] as number;
      if (at === 0) return EMPTY;
      const i = at - 1;
      if (this.pairOf[i] === pair && this.spanOf[i] === span) return i;
    }
  }

  /** Puts record `i` (the newest) in the table, doubling it first when it would be over half full. */
  private insert(i: number, pair: number, span: number) {
    if ((i + 1) * 2 > this.slots.length) this.rehash(i);
    const mask = this.slots.length - 1;
    let s = slotOf(pair, span) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = i + 1;
  }

  /** A table twice the size holding records 0 … count − 1. */
  private rehash(count: number) {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < count; i++) {
      let s = slotOf(this.pairOf[i] as number, this.spanOf[i] as number) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = i + 1;
    }
  }

  private grow() {
    this.pairOf = grown(this.pairOf);
    this.kindOf = grown(this.kindOf);
    this.spanOf = grown(this.spanOf);
    this.rows = grown(this.rows);
    this.cols = grown(this.cols);
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const scales = new Int8Array(this.scales.length * 2);
    scales.set(this.scales);
    this.scales = scales;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/** A hash of pair × span spread over the 32 bits (multiplicative, then mixed). */
function slotOf(pair: number, span: number): number {
  let h = Math.imul(pair, 0x9e3779b1) ^ Math.imul(span + 1, 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}

/**
 * The decimals of a plain decimal text ("-1234.50": 2) whose double gives it back exactly with
 * `toFixed`: at most 15 digits (a double holds any 15-digit decimal and rounds back to it), no
 * leading zero but a lone one, not a negative zero. Otherwise -1 and the text is kept as is.
 */
export function exactScale(text: string): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let digits = 0;
  let nonZero = false;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && dot < 0 && i > start && i < n - 1) dot = i;
    else if (c >= 48 && c <= 57) {
      digits++;
      if (c !== 48) nonZero = true;
    } else return -1;
  }
  if (digits === 0 || digits > 15) return -1;
  if (start === 1 && !nonZero) return -1;
  const intDigits = (dot < 0 ? n : dot) - start;
  if (intDigits > 1 && text.charCodeAt(start) === 48) return -1;
  return dot < 0 ? 0 : n - dot - 1;
}

import {
  classifyNumberText,
  DEFAULT_POINTS_JUMP,
  formatNumberEn,
  formatNumberVi,
  judgeJump,
  jumpRule,
  type NumberConvention,
  numberConventionEvidence,
  vietnamDate,
} from "@chitieu/domain";
import { canCopy, type Database, writeAudit } from "@chitieu/storage";
import { type Kysely, sql, type Transaction } from "kysely";
import { type CatalogLookup, loadCatalogLookup } from "./catalog-lookup.ts";
import type { Delimiter } from "./csv-reader.ts";
import type { Layout } from "./headers.ts";
import { InFileFigures } from "./in-file.ts";
import { detectLayout, type FileLayout, HEADER_SEARCH_ROWS, isBlank, looksLikeHeader } from "./layout.ts";
import { type ImportProblem, problem, ReadProblem } from "./problems.ts";
import {
  checkAgainstDatabase,
  loadReportCatalog,
  planRevisions,
  type ReportRows,
  readReportRows,
  recordPlanRevisions,
  saveAliases,
} from "./report-import.ts";
import {
  type Inference,
  type NameMatch,
  type Question,
  type ReportAnswers,
  type ReportReading,
  readReport,
  type SkippedRow,
  type UnitConversionNote,
} from "./report-layout.ts";
import { type CanWrite, RowValidator, type StagedRecord } from "./row-validator.ts";
import {
  type Cell,
  detectTextSettings,
  EncodingError,
  type FileFormat,
  readRows,
  type SheetRow,
  type TextSettings,
} from "./rows.ts";
import {
  checkSize,
  DEFAULT_MAX_BYTES,
  type Encoding,
  type ImportSource,
  isXlsx,
  readHead,
  sha256,
} from "./source.ts";
import {
  checkStage,
  classify,
  createStage,
  type DirectWriter,
  directConflicts,
  emptyMatch,
  FirstCells,
  findDuplicates,
  keptOfficial,
  largeJumps,
  missingTargets,
  openDirectWriter,
  openStager,
  otherCurrentFigures,
  outcomeCounts,
  revisesOfficial,
  revisionDetails,
  STAGE_CHUNK,
  type Stager,
  sampleRows,
  stageFromBatch,
  writeStaged,
} from "./staging.ts";

// An import in three steps, so memory stays bounded whatever the file size:
//   1. scan: stream the file once to find the header, the layout, the encoding (a full UTF-8
//      check) and the number convention of the whole value column, and to count rows;
//   2. validate: stream it again, check every row against in-memory lookups, stage the valid
//      records in a temporary table 10,000 at a time, keep the problems (up to `maxProblems`);
//   3. compare and write, set-based in SQL: duplicates, new/revised/unchanged, warnings, then
//      (commit only, and only without errors) the batch, the observations and the audit.
// Steps 2 and 3 run in one transaction: a commit writes all rows or none; a preview rolls back.

export type ImportPhase = "scan" | "validate" | "compare" | "write" | "done";

export interface ImportProgress {
  phase: ImportPhase;
  rowsDone: number;
  rowsTotal?: number;
}

export interface ImportOptions {
  /** who uploads (recorded on the batch and the observations) */
  userId?: number | null;
  /** what the uploader may write; default: everything */
  canWrite?: CanWrite;
  /** ISO date; periods starting after it are refused (default: today in Vietnam) */
  today?: string;
  layout?: Layout;
  year?: number;
  encoding?: Encoding;
  delimiter?: Delimiter;
  numberConvention?: Exclude<NumberConvention, "unknown">;
  /** status of values whose row and column say none (default official) */
  defaultStatus?: "estimate" | "preliminary" | "official";
  /** upload size limit in bytes (default 50 MB) */
  maxBytes?: number;
  /** how many parsed rows the preview returns (default 100) */
  sampleSize?: number;
  /** how many problems of each severity are kept (default 100,000; all are counted) */
  maxProblems?: number;
  /** relative change of a flow, count or level that raises large_jump (default 0.5); null turns jumps off */
  largeJumpThreshold?: number | null;
  /** change in points of a rate or share that raises large_jump (default 5) */
  pointsJumpThreshold?: number;
  /** indicator × org unit × year whose target another check already judged (a report's plan column) */
  targetCheckedElsewhere?: (indicatorId: number, orgUnitId: number, year: number) => boolean;
  onProgress?: (p: ImportProgress) => void;
  /** answers to the questions of a report or district table (issue #15) */
  answers?: ReportAnswers;
}

export interface DetectedSettings {
  format: FileFormat;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  numberConvention: NumberConvention;
  layout: Layout | null;
  year: number | null;
  yearSource: FileLayout["yearSource"];
  headerRow: number | null;
  columns: { header: string; letter: string; role: string }[];
  ignoredColumns: string[];
}

export interface PreviewRow {
  row: number;
  column: string;
  indicator: string;
  org_unit: string;
  period: string;
  basis: string;
  value: string;
  status: string;
  note: string | null;
  outcome: "new" | "revised" | "unchanged" | "kept";
  current_value: string | null;
}

export interface ImportResult {
  batchId: number | null;
  /** preview: dry run; committed: written; rejected: errors, nothing written */
  status: "preview" | "committed" | "rejected";
  fileName: string;
  fileHash: string;
  /** an earlier committed batch of the very same file, if any */
  duplicateOf: number | null;
  /** kept: estimates or preliminary figures not written because an official figure covers the same months */
  rows: {
    total: number;
    new: number;
    revised: number;
    unchanged: number;
    invalid: number;
    skipped: number;
    kept: number;
  };
  errors: ImportProblem[];
  warnings: ImportProblem[];
  errorCount: number;
  warningCount: number;
  /** more problems than `maxProblems`: the lists are cut, the counts are not */
  truncated: boolean;
  detected: DetectedSettings;
  sample: PreviewRow[];
  /** every revision as old → new, with who entered the old value and when */
  revisions: Revision[];
  /** a report or district table: what was inferred and from where, and what is asked */
  report: ReportSummary | null;
}

export interface Revision {
  row: number;
  column: string;
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  oldValue: string;
  newValue: string;
  oldStatus: string;
  newStatus: string;
  enteredBy: string | null;
  enteredAt: string;
}

export interface ReportSummary {
  shape: ReportReading["shape"];
  headerRows: number[];
  inferred: Inference[];
  questions: Question[];
  matches: NameMatch[];
  conversions: UnitConversionNote[];
  skippedRows: SkippedRow[];
  unknownHeaders: string[];
  /** confirmed names this commit saves (or saved) as aliases */
  aliases: { kind: string; text: string; code: string | null }[];
  /** plan amounts of the file recorded (or, in a preview, to be recorded) as target revisions */
  planRevisions: { row: number; indicator: string; orgUnit: string; oldValue: string; newValue: string }[];
}

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export function previewImport(
  db: Db,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(db, source, options, false);
}

/** Validates and, when there is no error, writes the whole file as one batch in one transaction. */
export function commitImport(
  db: Db,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return runImport(db, source, options, true);
}

export const IMPORT_LOCK = 7_426_001;

const READ_FAILURES = new Set<string>([
  "invalid_character",
  "invalid_encoding",
  "stray_quote",
  "unterminated_quote",
  "cell_too_long",
  "too_many_columns",
  "formula_without_value",
]);

class Rollback extends Error {
  constructor(readonly result: ImportResult) {
    super("rollback");
  }
}

async function runImport(
  db: Db,
  source: ImportSource,
  options: ImportOptions,
  commit: boolean,
): Promise<ImportResult> {
  checkSize(source, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const format: FileFormat = isXlsx(await readHead(source, 8), source.name) ? "xlsx" : "csv";
  let settings = format === "csv" ? await detectTextSettings(source, options) : null;
  const fileHash = await sha256(source);
  // the usual upload in one reading: the head finds the layout, then the file is validated and
  // staged as it is read (see `onePass`); anything unusual falls back to the two readings below
  const once = await onePass(db, source, format, settings, fileHash, options, commit);
  if (once) return once;
  const scanned = await scanWithFallback(source, format, settings, options);
  // a file the long/wide reading refuses may be a report or district table (issue #15): only
  // then is it read again as one, so a long or wide upload never pays for the second reading
  // (a file that could not be read at all, a stray quote or a formula without its value, is
  // refused as the first reading found it, with where and why)
  const unreadable = scanned.problems.some((p) => READ_FAILURES.has(p.code));
  if (options.layout === undefined && !unreadable && (!scanned.layout || scanned.problems.length > 0)) {
    let report: ReportRows | null;
    try {
      report = await readReportRows(source, format, scanned.settings ?? settings, options.answers?.sheet);
    } catch (error) {
      if (!(error instanceof ReadProblem)) throw error;
      // a formula without its cached value, a stray quote…: refused with where and why
      const failed: ScanResult = { ...scanned, layout: null, problems: [] };
      const result = emptyResult(source.name, fileHash, format, scanned.settings, failed);
      result.status = commit ? "rejected" : "preview";
      return finishProblems(result, [error.toProblem()], [], options);
    }
    if (report) return runReportImport(db, source, fileHash, format, report, options, commit);
  }
  settings = scanned.settings;
  const result = emptyResult(source.name, fileHash, format, settings, scanned);
  if (!scanned.layout || scanned.problems.length > 0) {
    result.status = commit ? "rejected" : "preview";
    return finishProblems(result, scanned.problems, [], options);
  }
  const lookup = await loadCatalogLookup(db);
  try {
    return await db.transaction().execute(async (trx) => {
      // one commit or rollback at a time: two batches must not race for the same keys
      if (commit) await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      const r = await validateAndCompare(db, trx, source, format, settings, scanned, lookup, result, options);
      if (!commit || r.errorCount > 0)
        throw new Rollback(r.errorCount > 0 ? { ...r, status: commit ? "rejected" : "preview" } : r);
      await write(trx, r, options);
      return r;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}

interface ScanResult {
  settings: TextSettings | null;
  layout: FileLayout | null;
  problems: ImportProblem[];
  convention: NumberConvention;
  rowsTotal: number;
}

/** Without a BOM a file is UTF-8 only if every byte of it says so; otherwise it is Windows-1258. */
async function scanWithFallback(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  options: ImportOptions,
): Promise<ScanResult> {
  try {
    return await scan(source, format, settings, options);
  } catch (error) {
    if (!(error instanceof EncodingError) || !settings) throw error;
    return scan(source, format, { ...settings, encoding: "windows-1258", certain: true }, options);
  }
}

/**
 * With `headOnly`, the scan stops at the first batch of rows after the header: its layout (and
 * its problems) are those of the whole scan; its tally and row count are of the head only.
 */
async function scan(
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  options: ImportOptions,
  headOnly = false,
): Promise<ScanResult> {
  const preamble: SheetRow[] = [];
  let header: SheetRow | null = null;
  let layout: FileLayout | null = null;
  let problems: ImportProblem[] = [];
  const tally = new ConventionTally();
  let rowsTotal = 0;
  let seen = 0;
  let effective = settings;
  const rows = readRows(source, format, settings, { onSettings: (s) => (effective = s) });
  try {
    await scanRows();
  } catch (error) {
    if (!(error instanceof ReadProblem)) throw error;
    // a stray quote, a NUL byte, an over-long cell…: the file is refused with where and why
    const col = error.place.col;
    const h = header as SheetRow | null;
    const head = h && col !== null ? (cellTextOf(h, col) ?? null) : null;
    return {
      settings: effective,
      layout,
      problems: [error.toProblem(head)],
      convention: "unknown",
      rowsTotal,
    };
  }
  const found = header as SheetRow | null;
  if (!found) ({ layout, problems } = detectLayout(preamble, null, options));
  else if (layout && rowsTotal === 0 && problems.length === 0)
    problems = [problem("no_data_rows", { row: found.row, col: null })];
  const convention = options.numberConvention ?? tally.result();
  return { settings: effective, layout, problems, convention, rowsTotal };

  async function scanRows() {
    for await (const batch of rows) {
      for (const r of batch) {
        if (!header) {
          if (isBlank(r)) continue;
          if (looksLikeHeader(r)) {
            header = r;
            ({ layout, problems } = detectLayout(preamble, header, options));
          } else if (++seen > HEADER_SEARCH_ROWS) break;
          else preamble.push(r);
          continue;
        }
        if (!layout) break;
        if (isBlank(r)) continue;
        rowsTotal++;
        tally.add(r, layout);
      }
      options.onProgress?.({ phase: "scan", rowsDone: rowsTotal });
      await turn();
      if (header && (!layout || headOnly)) break;
      if (!header && seen > HEADER_SEARCH_ROWS) break;
    }
  }
}

function cellTextOf(r: SheetRow, col: number): string | undefined {
  const c = r.cells[col];
  return c === undefined ? undefined : typeof c === "string" ? c.trim() : c.n;
}

/** Evidence of the number convention, tallied as the file streams: only text cells count (Excel numbers are exact). */
class ConventionTally {
  private comma = 0;
  private dot = 0;
  private pending: string[] = [];

  add(r: SheetRow, layout: FileLayout) {
    const cols =
      layout.layout === "long" ? [layout.cols.value as number] : layout.periodColumns.map((c) => c.col);
    for (const c of cols) {
      const cell = r.cells[c];
      if (typeof cell === "string" && cell.trim() !== "") this.pending.push(cell);
    }
    if (this.pending.length >= 4096) this.flush();
  }

  /**
   * Tallies a row at once (no batching) and says whether any of its value cells holds a "." or a
   * ",": the only cells whose reading depends on the convention (and the only ones that are
   * evidence of it). The one-pass validation reads such a row with `result()` as it stands.
   */
  addNow(r: SheetRow, layout: FileLayout): boolean {
    if (layout.layout === "long") return this.one(r.cells[layout.cols.value as number]);
    let sensitive = false;
    for (const c of layout.periodColumns) if (this.one(r.cells[c.col])) sensitive = true;
    return sensitive;
  }

  /** One value cell of `addNow` (a method, not a closure made for every row). */
  private one(cell: Cell | undefined): boolean {
    if (typeof cell !== "string" || (cell.indexOf(".") < 0 && cell.indexOf(",") < 0)) return false;
    const e = classifyNumberText(cell);
    if (e === "comma_decimal") this.comma++;
    else if (e === "dot_decimal") this.dot++;
    return true;
  }

  result(): NumberConvention {
    this.flush();
    if (this.comma > 0 && this.dot === 0) return "comma_decimal";
    if (this.dot > 0 && this.comma === 0) return "dot_decimal";
    return "unknown";
  }

  private flush() {
    if (this.pending.length === 0) return;
    const e = numberConventionEvidence(this.pending);
    this.comma += e.comma_decimal;
    this.dot += e.dot_decimal;
    this.pending = [];
  }
}

function emptyResult(
  name: string,
  fileHash: string,
  format: FileFormat,
  settings: TextSettings | null,
  s: ScanResult,
): ImportResult {
  const l = s.layout;
  return {
    batchId: null,
    status: "preview",
    fileName: name,
    fileHash,
    duplicateOf: null,
    rows: { total: 0, new: 0, revised: 0, unchanged: 0, invalid: 0, skipped: 0, kept: 0 },
    errors: [],
    warnings: [],
    errorCount: 0,
    warningCount: 0,
    truncated: false,
    detected: {
      format,
      encoding: settings?.encoding ?? null,
      delimiter: settings?.delimiter ?? null,
      numberConvention: s.convention,
      layout: l?.layout ?? null,
      year: l?.year ?? null,
      yearSource: l?.yearSource ?? null,
      headerRow: l?.headerRow ?? null,
      columns: l ? describeColumns(l) : [],
      ignoredColumns: l?.ignoredColumns ?? [],
    },
    sample: [],
    revisions: [],
    report: null,
  };
}

function describeColumns(l: FileLayout): DetectedSettings["columns"] {
  const roles = new Map<number, string>();
  for (const [role, col] of Object.entries(l.cols)) roles.set(col, role);
  for (const pc of l.periodColumns)
    roles.set(pc.col, `period:${pc.lastYear ? "last_year:" : ""}${pc.relative ? "relative" : "absolute"}`);
  return l.headers.flatMap((header, col) => {
    const role = roles.get(col);
    return role ? [{ header, letter: letterOf(col), role }] : [];
  });
}

function letterOf(col: number): string {
  return problem("unknown_layout", { row: null, col }).column_letter ?? "";
}

function finishProblems(
  result: ImportResult,
  errors: ImportProblem[],
  warnings: ImportProblem[],
  options: ImportOptions,
): ImportResult {
  const max = options.maxProblems ?? 100_000;
  result.errorCount += errors.length;
  result.warningCount += warnings.length;
  result.errors.push(...errors.slice(0, Math.max(0, max - result.errors.length)));
  result.warnings.push(...warnings.slice(0, Math.max(0, max - result.warnings.length)));
  result.truncated = result.errorCount > result.errors.length || result.warningCount > result.warnings.length;
  return result;
}

/**
 * Lets the server answer what arrived meanwhile (a macrotask, not a microtask): between two
 * batches of rows, requests waiting on sockets are served before the import goes on.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Why the one reading gave up: the usual two readings then do what they always did. */
class FallBack extends Error {
  constructor() {
    super("fall back to two readings");
  }
}

/**
 * An upload in one reading of the file (issue #19): the scan reads only the head (header and
 * layout), then every row is validated and staged as it is read, the number convention tallied
 * on the way. A value with a "." or "," is read in the convention the cells so far say; the
 * result stands only when each such value was read in the convention the whole file says (what
 * the two readings would have used), so it is exactly theirs. Otherwise (contradicting or late
 * evidence, a file that cannot be read, no data row, a layout problem), null: nothing written,
 * and the caller reads the file twice as before, with the same answers and the same problems.
 */
async function onePass(
  db: Db,
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  fileHash: string,
  options: ImportOptions,
  commit: boolean,
): Promise<ImportResult | null> {
  let head: ScanResult;
  try {
    head = await scan(source, format, settings, options, true);
  } catch (error) {
    if (error instanceof EncodingError) return null;
    throw error;
  }
  if (!head.layout || head.problems.length > 0) return null;
  const result = emptyResult(source.name, fileHash, format, head.settings, head);
  const lookup = await loadCatalogLookup(db);
  try {
    return await db.transaction().execute(async (trx) => {
      if (commit) await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      const r = await validateAndCompare(
        db,
        trx,
        source,
        format,
        head.settings,
        head,
        lookup,
        result,
        options,
        true,
        commit && canCopy(db),
      );
      if (!commit || r.errorCount > 0)
        throw new Rollback(
          r.errorCount > 0 ? { ...r, batchId: null, status: commit ? "rejected" : "preview" } : r,
        );
      await write(trx, r, options);
      return r;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    if (error instanceof FallBack) return null;
    throw error;
  }
}

async function validateAndCompare(
  db: Db,
  trx: Trx,
  source: ImportSource,
  format: FileFormat,
  settings: TextSettings | null,
  scanned: ScanResult,
  lookup: CatalogLookup,
  result: ImportResult,
  options: ImportOptions,
  /** the one reading (`onePass`): the convention tallied as the rows are read */
  single = false,
  /**
   * a commit of the one reading on PostgreSQL: the records go straight into `observation` as they
   * are read (`openDirectWriter`); anything but new figures falls back to the staged way
   */
  directWrite = false,
): Promise<ImportResult> {
  const layout = scanned.layout as FileLayout;
  const fixed = options.numberConvention ?? null;
  const validator = new RowValidator(layout, lookup, {
    convention: single ? (fixed ?? "unknown") : scanned.convention,
    today: options.today ?? vietnamDate(),
    canWrite: options.canWrite ?? (() => true),
    defaultStatus: options.defaultStatus ?? "official",
  });
  const tally = new ConventionTally();
  const firstCells = new FirstCells();
  /** the conventions values with a "." or "," were read in (one reading only) */
  const used = new Set<NumberConvention>();
  /** the convention values are read in now (told to the validator when it changes) */
  let readIn: NumberConvention | null = null;
  const direct = directWrite ? await openDirect(db, trx, result, options) : null;
  if (!direct) await createStage(trx);
  const stager: Stager = direct ?? (await openStager(db, trx));
  const rows = result.rows;
  let chunk: StagedRecord[] = [];
  let done = 0;
  // a direct write keeps its figures by span as they pass (`InFileFigures`): a span written twice
  // is found at once, and jumps within the file are judged without reading them back
  const inFile = direct ? new InFileFigures(options.sampleSize ?? 100) : null;
  const reading = readRows(source, format, settings);
  try {
    for await (const batch of single ? fallBackOnReadFailure(reading) : reading) {
      for (const r of batch) {
        if (r.row <= layout.headerRow || isBlank(r)) continue;
        if (single && tally.addNow(r, layout) && fixed === null) {
          const c = tally.result();
          if (c !== readIn) {
            validator.useConvention(c);
            used.add(c);
            readIn = c;
          }
        }
        const v = validator.validate(r);
        rows.total += v.read;
        rows.invalid += v.invalid;
        rows.skipped += v.skipped;
        if (v.problems.length > 0) finishProblems(result, v.problems, [], options);
        for (const rec of v.records) {
          chunk.push(rec);
          firstCells.add(rec);
          // one span twice in the file: the staged way lists both rows
          if (inFile && !inFile.add(rec)) throw new FallBack();
        }
        done++;
        if (chunk.length >= STAGE_CHUNK) {
          await stager.add(chunk);
          chunk = [];
        }
      }
      options.onProgress?.({
        phase: "validate",
        rowsDone: done,
        ...(single ? {} : { rowsTotal: scanned.rowsTotal }),
      });
      await turn();
    }
    await stager.add(chunk);
    await stager.finish();
  } catch (error) {
    // a COPY left open would hold the connection, and the rollback queued behind it, for ever
    await stager.abort();
    throw error;
  }
  if (single) {
    const convention = fixed ?? tally.result();
    if (done === 0 || [...used].some((c) => c !== convention)) throw new FallBack();
    result.detected.numberConvention = convention;
  }
  options.onProgress?.({ phase: "compare", rowsDone: done, rowsTotal: done });
  if (direct) {
    const figures = inFile as InFileFigures;
    if (!(await otherCurrentFigures(trx, result.batchId as number, figures.indicators()))) {
      // nothing current but the file itself: nothing to revise or repeat, and what it is compared
      // with is all in `inFile`
      await compare(trx, result, lookup, layout, options, {
        directRows: direct.written(),
        firstCells,
        inFile: figures,
      });
      return result;
    }
    await stageFromBatch(trx, result.batchId as number, figures.spans());
    // a record that revises, repeats or matches a current figure: the staged way compares it
    if (await directConflicts(trx)) throw new FallBack();
    await compare(trx, result, lookup, layout, options, { directRows: direct.written(), firstCells });
  } else await compare(trx, result, lookup, layout, options, { firstCells });
  return result;
}

/**
 * The batch row (its counts filled in by `write`) and the direct writer of its records; a key
 * already current breaks the COPY (`unique_violation`): the staged way then takes the file.
 */
async function openDirect(
  db: Db,
  trx: Trx,
  result: ImportResult,
  options: ImportOptions,
): Promise<DirectWriter | null> {
  const userId = options.userId ?? null;
  const batch = await trx
    .insertInto("import_batch")
    .values({
      kind: "observations",
      file_name: result.fileName,
      file_hash: result.fileHash,
      user_id: userId,
      rows_total: 0,
      rows_new: 0,
      rows_revised: 0,
      rows_unchanged: 0,
      rows_invalid: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const writer = await openDirectWriter(db, trx, batch.id, userId);
  if (!writer) throw new FallBack();
  result.batchId = batch.id;
  const fallBackOnKey = (error: unknown): never => {
    if ((error as { code?: string }).code === "23505") throw new FallBack();
    throw error;
  };
  return {
    add: (records) => writer.add(records).catch(fallBackOnKey),
    finish: () => writer.finish().catch(fallBackOnKey),
    abort: () => writer.abort(),
    written: () => writer.written(),
  };
}

/** A file the reader refuses mid-way: the two readings report it as they always did. */
async function* fallBackOnReadFailure(rows: AsyncGenerator<SheetRow[]>): AsyncGenerator<SheetRow[]> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof ReadProblem || error instanceof EncodingError) throw new FallBack();
    throw error;
  }
}

async function compare(
  trx: Trx,
  result: ImportResult,
  lookup: CatalogLookup,
  layout: FileLayout,
  options: ImportOptions,
  read: {
    /** the rows a direct write put in `observation` (`stageFromBatch`): all new, none twice */
    directRows?: number;
    /** each indicator × org unit × year of the file at its first cell, gathered as it was read */
    firstCells?: FirstCells;
    /**
     * a direct write with no other current figure of its indicators: no stage; every record is
     * new, and its jumps are judged within the file (`InFileFigures`)
     */
    inFile?: InFileFigures;
  } = {},
) {
  const inFile = read.inFile;
  const limit = options.maxProblems ?? 100_000;
  const directRows = read.directRows;
  const direct = directRows !== undefined;
  const stage = direct ? { unique: true, staged: directRows } : await checkStage(trx);
  const dup = stage.unique ? { groups: [], records: 0 } : await findDuplicates(trx, limit);
  const header = (col: number) => layout.headers[col] ?? null;
  const dupProblems = dup.groups.flatMap((g) => {
    // one span written once or more ways ("6 tháng" and "lũy kế đến tháng 6") is one figure, twice
    const what = `${lookup.indicatorById.get(g.indicator_id)?.code} · ${lookup.orgUnitById.get(g.org_unit_id)?.code} · ${g.labels.join(" = ")}`;
    return g.rows.map((row, i) => {
      const col = g.cols[i] as number;
      return problem("duplicate_key", { row, col, header: header(col), value: what }, g.rows.join(", "));
    });
  });
  finishProblems(result, dupProblems, [], options);
  result.errorCount += Math.max(0, dup.records - dupProblems.length);
  result.rows.invalid += dup.records;
  if (inFile) {
    // nothing current to match: `import_match` would be empty
  } else if (direct) await emptyMatch(trx);
  else await classify(trx);
  const counts = inFile
    ? { new: stage.staged, revised: 0, unchanged: 0, kept: 0 }
    : await outcomeCounts(trx, stage.staged);
  Object.assign(result.rows, counts);
  const official = inFile ? { rows: [], total: 0 } : await revisesOfficial(trx, limit);
  const officialWarnings = official.rows.map((r) =>
    problem("revises_official", { row: r.row_no, col: r.col_no, header: header(r.col_no), value: r.value }, [
      `hiện là ${r.current_value}`,
      `currently ${r.current_value}`,
    ]),
  );
  finishProblems(result, [], officialWarnings, options);
  result.warningCount += official.total - official.rows.length;
  const kept = inFile ? { rows: [], total: 0 } : await keptOfficial(trx, limit);
  const keptWarnings = kept.rows.map((r) =>
    problem(
      "official_kept",
      { row: r.row_no, col: r.col_no, header: header(r.col_no), value: formatNumberVi(r.value) },
      [
        `${r.current_period}${r.current_basis === "ytd" ? " lũy kế" : ""}: ${formatNumberVi(r.current_value)} chính thức; tệp ghi ${statusVi(r.status)}`,
        `${r.current_period}${r.current_basis === "ytd" ? " ytd" : ""}: ${formatNumberEn(r.current_value)} official; the file says ${r.status}`,
      ],
    ),
  );
  finishProblems(result, [], keptWarnings, options);
  result.warningCount += kept.total - kept.rows.length;
  const threshold = options.largeJumpThreshold === undefined ? 0.5 : options.largeJumpThreshold;
  if (threshold !== null) {
    // the rule of each indicator from its measure kind and unit (the domain's jumpRule)
    const fileIndicators = inFile?.indicators();
    const kinds =
      fileIndicators?.length === 0
        ? []
        : await trx
            .selectFrom("indicator")
            .select(["id", "measure_kind", "unit"])
            .where(
              "id",
              "in",
              fileIndicators ?? sql<number>`(select distinct indicator_id from import_stage)`,
            )
            .execute();
    const thresholds = {
      relative: String(threshold),
      points: String(options.pointsJumpThreshold ?? DEFAULT_POINTS_JUMP),
    };
    const rules = new Map(kinds.map((k) => [k.id, jumpRule(k.measure_kind, k.unit, thresholds)]));
    const jumps = inFile
      ? inFile.jumps(rules, limit)
      : await largeJumps(
          trx,
          [...rules].map(([indicatorId, r]) => ({ indicatorId, ...r })),
          limit,
          stage.staged,
          direct ? result.batchId : null,
        );
    const jumpWarnings = jumps.rows.flatMap((r) => {
      const rule = rules.get(r.indicator_id);
      const previousLabel = `${r.previous_period}${r.previous_basis === "ytd" ? " lũy kế/ytd" : ""}`;
      const found = rule && judgeJump(rule, r.value, r.previous, { basis: r.against, period: previousLabel });
      return found
        ? [
            problem(
              "large_jump",
              { row: r.row_no, col: r.col_no, header: header(r.col_no), value: r.value },
              [found.vi, found.en],
            ),
          ]
        : [];
    });
    finishProblems(result, [], jumpWarnings, options);
    result.warningCount += jumps.total - jumps.rows.length;
  }
  const noTarget = await missingTargets(trx, limit, read.firstCells);
  const skip = options.targetCheckedElsewhere;
  const noTargetRows = noTarget.rows.filter((r) => !skip?.(r.indicator_id, r.org_unit_id, r.year));
  finishProblems(
    result,
    [],
    noTargetRows.map((r) => {
      const what = `${lookup.indicatorById.get(r.indicator_id)?.code} · ${lookup.orgUnitById.get(r.org_unit_id)?.code} · ${r.year}`;
      return problem("no_target", { row: r.row_no, col: r.col_no, header: header(r.col_no), value: what }, [
        "số liệu vẫn được lưu; tiến độ không đánh giá được khi chưa có chỉ tiêu",
        "the figures are stored all the same; progress cannot be judged without a target",
      ]);
    }),
    options,
  );
  result.warningCount += noTarget.total - noTarget.rows.length;
  result.truncated = result.errorCount > result.errors.length || result.warningCount > result.warnings.length;
  sortProblems(result);
  const sample = inFile ? inFile.sample() : await sampleRows(trx, options.sampleSize ?? 100);
  result.sample = sample.map((s) => ({
    row: s.row_no,
    column: header(s.col_no) ?? "",
    indicator: lookup.indicatorById.get(s.indicator_id)?.code ?? String(s.indicator_id),
    org_unit: lookup.orgUnitById.get(s.org_unit_id)?.code ?? String(s.org_unit_id),
    period: s.period,
    basis: s.basis,
    value: s.value,
    status: s.status,
    note: s.note,
    outcome: s.outcome,
    current_value: s.current_value,
  }));
  const revisions = inFile ? [] : await revisionDetails(trx, options.sampleSize ?? 100);
  result.revisions = revisions.map((r) => ({
    row: r.row_no,
    column: header(r.col_no) ?? "",
    indicator: lookup.indicatorById.get(r.indicator_id)?.code ?? String(r.indicator_id),
    orgUnit: lookup.orgUnitById.get(r.org_unit_id)?.code ?? String(r.org_unit_id),
    period: r.period,
    basis: r.basis,
    oldValue: r.old_value,
    newValue: r.new_value,
    oldStatus: r.old_status,
    newStatus: r.new_status,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  }));
  const previous = await trx
    .selectFrom("import_batch")
    .select("id")
    .where("file_hash", "=", result.fileHash)
    .where("kind", "=", "observations")
    .where("status", "=", "committed")
    .where("id", "<>", result.batchId ?? 0)
    .orderBy("id", "desc")
    .executeTakeFirst();
  result.duplicateOf = previous?.id ?? null;
}

const statusVi = (s: string) =>
  s === "estimate" ? "ước tính" : s === "preliminary" ? "sơ bộ" : "chính thức";

function sortProblems(result: ImportResult) {
  const byPlace = (a: ImportProblem, b: ImportProblem) =>
    (a.row ?? 0) - (b.row ?? 0) ||
    (a.column_letter ?? "").length - (b.column_letter ?? "").length ||
    (a.column_letter ?? "").localeCompare(b.column_letter ?? "");
  result.errors.sort(byPlace);
  result.warnings.sort(byPlace);
}

/**
 * The batch, its observations and its audit in the caller's transaction. A file that changes
 * nothing still records a batch (all rows unchanged): the compliance calendar counts uploads.
 */
async function write(trx: Trx, result: ImportResult, options: ImportOptions, reading?: ReportReading) {
  options.onProgress?.({ phase: "write", rowsDone: 0, rowsTotal: result.rows.total });
  const rows = result.rows;
  const userId = options.userId ?? null;
  const counts = {
    rows_total: rows.total,
    rows_new: rows.new,
    rows_revised: rows.revised,
    rows_unchanged: rows.unchanged,
    rows_invalid: rows.invalid,
  };
  // a direct write (`openDirect`) wrote its batch row and its records already
  const batch =
    result.batchId !== null
      ? await trx
          .updateTable("import_batch")
          .set(counts)
          .where("id", "=", result.batchId)
          .returning("id")
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto("import_batch")
          .values({
            kind: "observations",
            file_name: result.fileName,
            file_hash: result.fileHash,
            user_id: userId,
            ...counts,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
  if (result.batchId === null) await writeStaged(trx, batch.id, userId);
  await writeAudit(trx, [
    {
      userId,
      action: "import",
      entity: "import_batch",
      entityId: batch.id,
      newValue: {
        file_name: result.fileName,
        file_hash: result.fileHash,
        rows,
        detected: result.detected,
        ...(result.report
          ? {
              report: {
                shape: result.report.shape,
                inferred: result.report.inferred,
                conversions: result.report.conversions,
                matches: result.report.matches,
                answers: options.answers ?? {},
              },
            }
          : {}),
      },
      batchId: batch.id,
    },
  ]);
  if (reading) await saveAliases(trx, reading, userId, batch.id);
  result.batchId = batch.id;
  result.status = "committed";
  options.onProgress?.({ phase: "done", rowsDone: rows.total, rowsTotal: rows.total });
}

/** A report or district table (issue #15): read whole, asked about, then staged like any upload. */
async function runReportImport(
  db: Db,
  source: ImportSource,
  fileHash: string,
  format: FileFormat,
  report: ReportRows,
  options: ImportOptions,
  commit: boolean,
): Promise<ImportResult> {
  const lookup = await loadCatalogLookup(db);
  const catalog = await loadReportCatalog(db, lookup);
  const reading = readReport(report.rows, report.meta, report.found, catalog, options.answers ?? {}, {
    today: options.today ?? vietnamDate(),
    canWrite: options.canWrite ?? (() => true),
    numberConvention: options.numberConvention,
    year: options.year,
  });
  const layout: FileLayout = {
    layout: "wide",
    headerRow: reading.headerRow,
    headers: reading.headers,
    cols: {},
    periodColumns: [],
    year: Number(reading.inferred.find((i) => i.field === "year")?.value ?? Number.NaN) || null,
    yearSource: "title",
    ignoredColumns: reading.unknownHeaders,
  };
  const scanned: ScanResult = {
    settings: report.settings,
    layout,
    problems: [],
    convention: options.numberConvention ?? "unknown",
    rowsTotal: reading.read,
  };
  const result = emptyResult(source.name, fileHash, format, report.settings, scanned);
  result.detected.layout = null;
  result.detected.columns = reading.headers.flatMap((h, col) =>
    h ? [{ header: h, letter: letterOf(col), role: "report" }] : [],
  );
  const codeOf = (kind: string, id: number) =>
    id === 0
      ? null
      : kind === "indicator"
        ? (lookup.indicatorById.get(id)?.code ?? null)
        : (lookup.orgUnitById.get(id)?.code ?? null);
  result.report = {
    shape: reading.shape,
    headerRows: reading.headerRows,
    inferred: reading.inferred,
    questions: reading.questions,
    matches: reading.matches,
    conversions: reading.conversions,
    skippedRows: reading.skippedRows,
    unknownHeaders: reading.unknownHeaders,
    aliases: reading.aliases.map((a) => ({ kind: a.kind, text: a.text, code: codeOf(a.kind, a.targetId) })),
    planRevisions: [],
  };
  result.rows.total = reading.read;
  result.rows.skipped = reading.skipped;
  result.rows.invalid = reading.invalid;
  finishProblems(result, reading.errors, reading.warnings, options);
  try {
    return await db.transaction().execute(async (trx) => {
      if (commit) await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      await createStage(trx);
      const stager = await openStager(db, trx);
      await stager.add(reading.records);
      await stager.finish();
      const planned = new Set(reading.planChecks.map((p) => `${p.indicatorId}|${p.orgUnitId}|${p.year}`));
      await compare(trx, result, lookup, layout, {
        ...options,
        targetCheckedElsewhere: (i, u, y) => planned.has(`${i}|${u}|${y}`),
      });
      finishProblems(result, [], await checkAgainstDatabase(trx, reading), options);
      // the officer chose to record the file's plan amounts as revisions of the targets (never as figures)
      const recordPlan = options.answers?.recordPlan;
      const plan = recordPlan ? await planRevisions(trx, reading, recordPlan) : { plans: [], errors: [] };
      finishProblems(result, plan.errors, [], options);
      if (result.report)
        result.report.planRevisions = plan.plans.map((p) => {
          const check = reading.planChecks.find((c) => c.row === p.row && c.col === p.col);
          return {
            row: p.row,
            indicator: codeOf("indicator", check?.indicatorId ?? 0) ?? "",
            orgUnit: codeOf("org_unit", check?.orgUnitId ?? 0) ?? "",
            oldValue: String(p.current[p.field]),
            newValue: p.value,
          };
        });
      sortProblems(result);
      if (!commit || result.errorCount > 0)
        throw new Rollback(
          result.errorCount > 0 ? { ...result, status: commit ? "rejected" : "preview" } : result,
        );
      await write(trx, result, options, reading);
      if (recordPlan)
        await recordPlanRevisions(trx, plan.plans, recordPlan, {
          userId: options.userId ?? null,
          batchId: result.batchId as number,
          fileName: result.fileName,
        });
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}

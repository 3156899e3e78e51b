import { createHash } from "node:crypto";
import type { Figures } from "@chitieu/domain";
import { compareVi, monthRange, parsePeriod } from "@chitieu/domain";
import { error } from "@sveltejs/kit";
import { CATEGORY_ORDER } from "../categories.ts";
import type { PublicIndicator, PublicIndicatorDetail, Scorecard, ScorecardRow } from "../types.ts";

// The portal reads only the public API (published data), in process through SvelteKit's fetch.
// One snapshot of it is kept in memory: the indicator list and every indicator's series, with a
// version (a hash of those responses). Each request first asks the API's data version (in
// process, from memory: see setDataVersionSource); when it differs from the snapshot's, the
// request waits for a fresh snapshot instead of being served the old one: an unpublished
// indicator is never shown after the change is committed. Rendered pages are cached by URL +
// snapshot version (see handle.ts): a new version empties it.

type Fetch = typeof fetch;

export interface AsOfOption {
  code: string;
  year: number;
}

export interface PortalUnit {
  code: string;
  nameVi: string;
  indicatorCount: number;
  /** evaluation periods offered, newest first; the first is the default */
  periods: AsOfOption[];
}

export interface PortalDocument {
  code: string;
  number: string | null;
  issuedOn: string | null;
  titleVi: string | null;
  orgUnitCode: string;
  orgUnitNameVi: string;
  targets: Array<{
    indicatorCode: string;
    nameVi: string;
    nameEn: string | null;
    period: string;
    quote: string | null;
  }>;
}

export interface PortalSnapshot {
  version: string;
  loadedAt: Date;
  indicators: PublicIndicator[];
  byCode: Map<string, PublicIndicator>;
  details: Map<string, PublicIndicatorDetail>;
  units: PortalUnit[];
  documents: PortalDocument[];
  /** newest recordedAt of any published figure (ISO) */
  lastUpdated: string | null;
  illustrative: boolean;
  scorecards: Map<string, Promise<Scorecard>>;
  /** issue #20: the explanations an administrator or leader published, by indicator code */
  explanations: Map<string, PublicExplanation[]>;
}

export interface PublicExplanation {
  id: number;
  indicator: string;
  orgUnit: string;
  period: string;
  causesVi: string;
  measuresVi: string;
  agency: { code: string; nameVi: string } | null;
  writtenAt: string;
}

let current: (PortalSnapshot & { dataVersion: string }) | null = null;
let inflight: Promise<PortalSnapshot & { dataVersion: string }> | null = null;
let inflightVersion: string | null = null;
let versionSource: (() => Promise<string>) | null = null;

/** hooks.server.ts: the API's data version, read in process (no HTTP round trip per page). */
export function setDataVersionSource(source: () => Promise<string>): void {
  versionSource = source;
}

async function getJson<T>(fetch: Fetch, path: string): Promise<{ body: T; text: string }> {
  // identity: the API gzips for clients that ask; an in-process response is never decoded for us
  const res = await fetch(path, { headers: { "accept-encoding": "identity" } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  return { body: JSON.parse(text) as T, text };
}

async function dataVersion(fetch: Fetch): Promise<string> {
  if (versionSource) return versionSource();
  return (await getJson<{ version: string }>(fetch, "/api/v1/public/version")).body.version;
}

/** The snapshot of the current data version: read again (and waited for) when the version moved. */
export async function portalData(fetch: Fetch): Promise<PortalSnapshot> {
  const version = await dataVersion(fetch);
  if (current && current.dataVersion === version) return current;
  if (!inflight || inflightVersion !== version) {
    inflightVersion = version;
    const mine: Promise<PortalSnapshot & { dataVersion: string }> = readSnapshot(fetch)
      .then((next) => {
        const snap = current && current.version === next.version ? current : next;
        // a page cache survives a change nobody can see (same content hash)
        const stamped = Object.assign(snap, { dataVersion: version });
        if (inflight === mine) current = stamped;
        return stamped;
      })
      .finally(() => {
        if (inflight === mine) inflight = null;
      });
    inflight = mine;
  }
  return inflight;
}

async function readSnapshot(fetch: Fetch): Promise<PortalSnapshot> {
  const list = await getJson<{ indicators: PublicIndicator[] }>(fetch, "/api/v1/public/indicators");
  const details = await Promise.all(
    list.body.indicators.map((i) =>
      getJson<PublicIndicatorDetail>(fetch, `/api/v1/public/indicators/${encodeURIComponent(i.code)}`),
    ),
  );
  const published = await getJson<{ items: PublicExplanation[] }>(fetch, "/api/v1/public/explanations");
  const hash = createHash("sha1").update(list.text);
  for (const d of details) hash.update(d.text);
  hash.update(published.text);
  const explanations = new Map<string, PublicExplanation[]>();
  for (const e of published.body.items)
    explanations.set(e.indicator, [...(explanations.get(e.indicator) ?? []), e]);
  const indicators = list.body.indicators;
  const detailMap = new Map(details.map((d) => [d.body.code, d.body]));
  let lastUpdated: string | null = null;
  for (const i of indicators)
    if (i.latest && (!lastUpdated || i.latest.recordedAt > lastUpdated)) lastUpdated = i.latest.recordedAt;
  return {
    version: hash.digest("hex").slice(0, 16),
    loadedAt: new Date(),
    indicators,
    byCode: new Map(indicators.map((i) => [i.code, i])),
    details: detailMap,
    units: unitsOf(indicators, detailMap),
    documents: documentsOf(indicators),
    lastUpdated,
    illustrative: details.some((d) => d.body.observations.some((o) => o.illustrative)),
    scorecards: new Map(),
    explanations,
  };
}

function yearsCovered(period: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(period);
  if (!m) return [];
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function unitsOf(indicators: PublicIndicator[], details: Map<string, PublicIndicatorDetail>): PortalUnit[] {
  const units = new Map<string, { nameVi: string; codes: Set<string>; years: Set<number> }>();
  for (const i of indicators)
    for (const t of i.targets) {
      const u = units.get(t.orgUnitCode) ?? {
        nameVi: t.orgUnitNameVi,
        codes: new Set(),
        years: new Set(),
      };
      u.codes.add(i.code);
      // a year can be judged when a target is set for it or for a plan period that covers it
      for (const y of yearsCovered(t.period)) if (t.form !== "level_by_year") u.years.add(y);
      units.set(t.orgUnitCode, u);
    }
  const out: PortalUnit[] = [];
  for (const [code, u] of units) {
    // the last month with a figure in each year
    const lastMonth = new Map<number, number>();
    for (const c of u.codes)
      for (const o of details.get(c)?.observations ?? []) {
        if (o.orgUnit !== code) continue;
        const p = parsePeriod(o.period);
        if (!p || p.kind === "plan") continue;
        const end = monthRange(p).to;
        lastMonth.set(p.year, Math.max(lastMonth.get(p.year) ?? 0, end));
      }
    const years = [...lastMonth.keys()].filter((y) => u.years.has(y)).sort((a, b) => b - a);
    const periods: AsOfOption[] = [];
    for (const y of years) {
      const last = lastMonth.get(y) ?? 0;
      if (last >= 12) periods.push({ code: String(y), year: y });
      if (last >= 9) periods.push({ code: `${y}-9M`, year: y });
      if (last >= 6) periods.push({ code: `${y}-H1`, year: y });
      if (last >= 3) periods.push({ code: `${y}-Q1`, year: y });
    }
    if (periods.length === 0) {
      const y = [...u.years].sort((a, b) => b - a)[0];
      if (y !== undefined) periods.push({ code: String(y), year: y });
    }
    out.push({ code, nameVi: u.nameVi, indicatorCount: u.codes.size, periods });
  }
  // the unit with the most published targets first (Quảng Nam's 2024 programme), then by name
  return out.sort((a, b) => b.indicatorCount - a.indicatorCount || compareVi(a.nameVi, b.nameVi));
}

function documentsOf(indicators: PublicIndicator[]): PortalDocument[] {
  const docs = new Map<string, PortalDocument>();
  for (const i of indicators)
    for (const t of i.targets) {
      if (!t.documentCode) continue;
      const d = docs.get(t.documentCode) ?? {
        code: t.documentCode,
        number: t.documentNumber,
        issuedOn: t.documentIssuedOn,
        titleVi: t.documentTitleVi,
        orgUnitCode: t.orgUnitCode,
        orgUnitNameVi: t.orgUnitNameVi,
        targets: [],
      };
      d.targets.push({
        indicatorCode: i.code,
        nameVi: i.nameVi,
        nameEn: i.nameEn,
        period: t.period,
        quote: t.quote,
      });
      docs.set(t.documentCode, d);
    }
  return [...docs.values()].sort(
    (a, b) => (b.issuedOn ?? "").localeCompare(a.issuedOn ?? "") || a.code.localeCompare(b.code),
  );
}

/** The scorecard of one unit as of one period, read once per snapshot. */
export function scorecardOf(
  snap: PortalSnapshot,
  fetch: Fetch,
  unit: string,
  asOf: string,
): Promise<Scorecard> {
  const key = `${unit}|${asOf}`;
  let card = snap.scorecards.get(key);
  if (!card) {
    const q = new URLSearchParams({ orgUnit: unit, asOf });
    card = getJson<PublicScorecard>(fetch, `/api/v1/public/scorecard?${q}`).then((r) =>
      normalizeScorecard(r.body),
    );
    card.catch(() => snap.scorecards.delete(key));
    snap.scorecards.set(key, card);
  }
  return card;
}

export function findUnit(snap: PortalSnapshot, code: string | null | undefined): PortalUnit {
  const unit = code ? snap.units.find((u) => u.code === code) : snap.units[0];
  if (!unit) error(404, code ? `unit ${code}` : "no published targets");
  return unit;
}

/** The requested period when it is one the unit offers, else its default (the newest). */
export function pickPeriod(unit: PortalUnit, requested: string | null): string {
  if (requested && unit.periods.some((p) => p.code === requested)) return requested;
  return unit.periods[0]?.code ?? String(new Date().getFullYear());
}

export function findIndicator(
  snap: PortalSnapshot,
  code: string,
): { indicator: PublicIndicator; detail: PublicIndicatorDetail } {
  const indicator = snap.byCode.get(code);
  const detail = snap.details.get(code);
  if (!indicator || !detail) error(404, `indicator ${code}`);
  return { indicator, detail };
}

export function categoryRank(category: string): number {
  const i = CATEGORY_ORDER.indexOf(category);
  return i === -1 ? CATEGORY_ORDER.length : i;
}

/**
 * The public scorecard answers compactly: a row's evaluation fields sit on the row itself and
 * empty fields are left out ("absent means none"). The portal and the chart builders read the
 * full shape (ScorecardRow, the same the internal scorecard has): absent fields become null.
 */
interface PublicScorecardRow {
  indicator: Omit<
    ScorecardRow["indicator"],
    "published" | "parentCode" | "documentCode" | "seq" | "nameEn" | "leadAgency"
  > &
    Partial<Pick<ScorecardRow["indicator"], "parentCode" | "documentCode" | "seq" | "nameEn" | "leadAgency">>;
  target?: ScorecardRow["target"];
  status: ScorecardRow["evaluation"]["status"];
  basedOnEstimate?: boolean;
  label: { vi: string; en: string };
  figures?: Partial<Figures>;
  explanation: { vi: string; en: string };
  notes?: string[];
  illustrative?: boolean;
}
type PublicScorecard = Omit<Scorecard, "rows"> & { rows: PublicScorecardRow[] };

const EMPTY_FIGURES: Figures = {
  band: null,
  judged: null,
  unrounded: null,
  staleSince: null,
  actual: null,
  actualPeriod: null,
  target: { low: null, high: null, amount: null },
  expected: null,
  expectedMethod: null,
  seasonalYears: [],
  forecast: null,
  progress: null,
  gap: null,
  sameTimeLastYear: null,
  sameTimeLastYearShare: null,
  changeVsLastYear: null,
  planAmount: null,
  planAmountOriginal: null,
  baseline: null,
  achievedSoFar: null,
  stillRequired: null,
  yearsWithData: null,
  pathValue: null,
  doneOn: null,
  dueDate: null,
  late: false,
  closed: false,
  worstObservationStatus: null,
};

export function normalizeScorecard(card: PublicScorecard): Scorecard {
  const rows: ScorecardRow[] = card.rows.map((r) => ({
    indicator: {
      ...r.indicator,
      nameEn: r.indicator.nameEn ?? null,
      seq: r.indicator.seq ?? null,
      parentCode: r.indicator.parentCode ?? null,
      documentCode: r.indicator.documentCode ?? null,
      leadAgency: r.indicator.leadAgency ?? null,
      published: true,
    },
    target: r.target
      ? {
          ...r.target,
          documentNumber: r.target.documentNumber ?? null,
          documentTitle: r.target.documentTitle ?? null,
        }
      : null,
    evaluation: {
      indicator: r.indicator.code,
      orgUnit: card.orgUnit.code,
      period: r.target?.period ?? "",
      asOf: card.asOf,
      status: r.status,
      basedOnEstimate: r.basedOnEstimate ?? false,
      label: r.label,
      figures: { ...EMPTY_FIGURES, ...r.figures, target: { ...EMPTY_FIGURES.target, ...r.figures?.target } },
      explanation: r.explanation,
      notes: r.notes ?? [],
    },
    illustrative: r.illustrative ?? false,
  }));
  return { ...card, rows };
}

/**
 * The verdicts the portal shows (each unit as of its default period), keyed by the figure each
 * judged (indicator, unit, period): the CSV download prints them on those rows.
 */
export async function currentVerdicts(
  snap: PortalSnapshot,
  fetch: Fetch,
): Promise<Map<string, { status: string; labelVi: string; asOf: string; explanationVi: string }>> {
  const out = new Map<string, { status: string; labelVi: string; asOf: string; explanationVi: string }>();
  for (const unit of snap.units) {
    const asOf = unit.periods[0]?.code;
    if (!asOf) continue;
    const card = await scorecardOf(snap, fetch, unit.code, asOf);
    for (const r of card.rows) {
      const period = r.evaluation.figures.actualPeriod;
      if (!period) continue;
      out.set(`${r.indicator.code}|${unit.code}|${period}`, {
        status: r.evaluation.status,
        labelVi: r.evaluation.label.vi,
        asOf,
        explanationVi: r.evaluation.explanation.vi,
      });
    }
  }
  return out;
}

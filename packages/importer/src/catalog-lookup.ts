import { type Decimal, dec, looseKey, matchKey, type Period, parsePeriod } from "@chitieu/domain";
import type { Database, Frequency } from "@chitieu/storage";
import type { Kysely, Transaction } from "kysely";

// Everything a row is checked against, loaded once per import into memory maps: a file of a
// million rows names a few dozen indicators and units, so each distinct text is resolved once.

export interface IndicatorInfo {
  id: number;
  code: string;
  frequency: Frequency;
  min: Decimal | null;
  max: Decimal | null;
  /** the bounds as doubles, to tell quickly a value far from them */
  minNumber: number;
  maxNumber: number;
}

export interface OrgUnitInfo {
  id: number;
  code: string;
}

export type Resolution =
  | { ok: true; id: number }
  | { ok: false; reason: "unknown" | "ambiguous"; candidates: string[] };

/** Matches by code, name or English name: exact (case-insensitive) first, then without diacritics if unique. */
export class NameIndex {
  private readonly exact = new Map<string, Set<number>>();
  private readonly loose = new Map<string, Set<number>>();
  private readonly memo = new Map<string, Resolution>();

  constructor(
    entries: { id: number; names: (string | null)[] }[],
    private readonly codeOf: (id: number) => string,
  ) {
    for (const e of entries) {
      for (const name of e.names) {
        if (!name) continue;
        add(this.exact, matchKey(name), e.id);
        add(this.loose, looseKey(name), e.id);
      }
    }
  }

  resolve(text: string): Resolution {
    const cached = this.memo.get(text);
    if (cached) return cached;
    const r = this.lookup(text);
    this.memo.set(text, r);
    return r;
  }

  private lookup(text: string): Resolution {
    const exact = this.exact.get(matchKey(text));
    if (exact?.size === 1) return { ok: true, id: [...exact][0] as number };
    if (exact && exact.size > 1) return this.ambiguous(exact);
    const loose = this.loose.get(looseKey(text));
    if (loose?.size === 1) return { ok: true, id: [...loose][0] as number };
    if (loose && loose.size > 1) return this.ambiguous(loose);
    return { ok: false, reason: "unknown", candidates: [] };
  }

  private ambiguous(ids: Set<number>): Resolution {
    return { ok: false, reason: "ambiguous", candidates: [...ids].map(this.codeOf).sort() };
  }
}

function add(map: Map<string, Set<number>>, key: string, id: number) {
  if (key === "") return;
  const set = map.get(key) ?? new Set<number>();
  set.add(id);
  map.set(key, set);
}

export interface CatalogLookup {
  indicators: NameIndex;
  orgUnits: NameIndex;
  indicatorById: Map<number, IndicatorInfo>;
  orgUnitById: Map<number, OrgUnitInfo>;
  /** locked periods per org unit */
  locks: Map<number, { code: string; period: Period }[]>;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function loadCatalogLookup(db: Db): Promise<CatalogLookup> {
  const [indicators, units, locks] = await Promise.all([
    db
      .selectFrom("indicator")
      .select(["id", "code", "name_vi", "name_en", "frequency", "plausible_min", "plausible_max"])
      .execute(),
    db.selectFrom("org_unit").select(["id", "code", "gso_code", "name_vi", "name_en"]).execute(),
    db.selectFrom("period_lock").select(["org_unit_id", "period"]).execute(),
  ]);
  const indicatorById = new Map<number, IndicatorInfo>(
    indicators.map((i) => [
      i.id,
      {
        id: i.id,
        code: i.code,
        frequency: i.frequency,
        min: i.plausible_min === null ? null : dec(i.plausible_min),
        max: i.plausible_max === null ? null : dec(i.plausible_max),
        minNumber: i.plausible_min === null ? Number.NaN : Number(i.plausible_min),
        maxNumber: i.plausible_max === null ? Number.NaN : Number(i.plausible_max),
      },
    ]),
  );
  const orgUnitById = new Map<number, OrgUnitInfo>(units.map((u) => [u.id, { id: u.id, code: u.code }]));
  const lockMap = new Map<number, { code: string; period: Period }[]>();
  for (const l of locks) {
    const period = parsePeriod(l.period);
    if (!period) continue;
    const list = lockMap.get(l.org_unit_id) ?? [];
    list.push({ code: l.period, period });
    lockMap.set(l.org_unit_id, list);
  }
  return {
    indicators: new NameIndex(
      indicators.map((i) => ({ id: i.id, names: [i.code, i.name_vi, i.name_en] })),
      (id) => indicatorById.get(id)?.code ?? String(id),
    ),
    orgUnits: new NameIndex(
      units.map((u) => ({ id: u.id, names: [u.code, u.gso_code, u.name_vi, u.name_en] })),
      (id) => orgUnitById.get(id)?.code ?? String(id),
    ),
    indicatorById,
    orgUnitById,
    locks: lockMap,
  };
}

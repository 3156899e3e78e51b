import { type Decimal, dec, decToString } from "./decimal.ts";
import { foldDiacritics } from "./text.ts";

// The one registry of units: what the catalog, the importer, the English pages and the open-data
// files call each unit, and how units of one dimension convert. Conversions are exact: every
// factor is a power of ten (or a ratio of two), so a value is never rounded on the way.

/** What a unit measures; only units of the same dimension convert into each other. */
export type UnitDimension =
  | "money_vnd"
  | "money_usd"
  | "people"
  | "households"
  | "area"
  | "share"
  | "percentage_points"
  | "rate_per_year"
  | "communes"
  | "townships"
  | "admin_units"
  | "category_group"
  | "completion"
  | "beds_per_10000"
  | "visits"
  | "enterprises"
  | "projects"
  | "mass"
  | "length"
  | "power";

export interface UnitDef {
  /** stable code, used in the catalog's exports and the SDMX `UNIT_MEASURE` column */
  code: string;
  dimension: UnitDimension;
  /** how many of the dimension's base unit one of this unit is, as an exact decimal string */
  factor: string;
  /** the unit as Vietnamese documents write it ("tỷ đồng") */
  vi: string;
  /** the unit in English ("billion VND"); counts are plural, as after a number */
  en: string;
  /** SDMX: the unit of the base quantity and the power of ten (`UNIT_MULT`) of this unit */
  sdmx: { unitMeasure: string; unitMult: number };
  /** other ways people write it (matched without diacritics, case or spacing) */
  aliases: string[];
}

const U = (
  code: string,
  dimension: UnitDimension,
  factor: string,
  vi: string,
  en: string,
  sdmx: [string, number],
  aliases: string[] = [],
): UnitDef => ({
  code,
  dimension,
  factor,
  vi,
  en,
  sdmx: { unitMeasure: sdmx[0], unitMult: sdmx[1] },
  aliases,
});

/**
 * Codes follow ISO 4217 for currencies and the SDMX global unit codelist where it has one (PT
 * percent, HA hectares, PS persons); the others are this project's own, listed in the methods page.
 */
export const UNITS: readonly UnitDef[] = [
  U("VND", "money_vnd", "1", "đồng", "VND", ["VND", 0], ["vnd", "vnđ", "đ", "dong", "đồng việt nam"]),
  U(
    "VND_K",
    "money_vnd",
    "1000",
    "nghìn đồng",
    "thousand VND",
    ["VND", 3],
    ["ngàn đồng", "1000 đồng", "1.000 đồng", "nghìn vnd", "ngàn vnd", "thousand vnd"],
  ),
  U(
    "VND_M",
    "money_vnd",
    "1000000",
    "triệu đồng",
    "million VND",
    ["VND", 6],
    ["tr đồng", "tr. đồng", "tr.đồng", "trđ", "tr.đ", "triệu vnd", "triệu vnđ", "million vnd"],
  ),
  U(
    "VND_BN",
    "money_vnd",
    "1000000000",
    "tỷ đồng",
    "billion VND",
    ["VND", 9],
    ["tỉ đồng", "tỷ vnd", "tỷ vnđ", "tỷ đ", "billion vnd", "bn vnd"],
  ),
  U(
    "VND_TN",
    "money_vnd",
    "1000000000000",
    "nghìn tỷ đồng",
    "trillion VND",
    ["VND", 12],
    ["ngàn tỷ đồng", "nghìn tỉ đồng", "trillion vnd"],
  ),
  U("USD", "money_usd", "1", "USD", "USD", ["USD", 0], ["đô la mỹ", "us$"]),
  U("USD_K", "money_usd", "1000", "nghìn USD", "thousand USD", ["USD", 3], ["ngàn usd", "thousand usd"]),
  U("USD_M", "money_usd", "1000000", "triệu USD", "million USD", ["USD", 6], ["tr usd", "million usd"]),
  U("USD_BN", "money_usd", "1000000000", "tỷ USD", "billion USD", ["USD", 9], ["tỉ usd", "billion usd"]),
  U("PS", "people", "1", "người", "people", ["PS", 0], ["lao động", "người lao động", "persons", "person"]),
  U(
    "PS_K",
    "people",
    "1000",
    "nghìn người",
    "thousand people",
    ["PS", 3],
    ["ngàn người", "nghìn lao động", "thousand persons"],
  ),
  U("HH", "households", "1", "hộ", "households", ["HH", 0], ["hộ gia đình", "household"]),
  U("HH_K", "households", "1000", "nghìn hộ", "thousand households", ["HH", 3], ["ngàn hộ"]),
  U("HA", "area", "1", "ha", "ha", ["HA", 0], ["hecta", "héc ta", "hectare", "hectares"]),
  U("HA_K", "area", "1000", "nghìn ha", "thousand ha", ["HA", 3], ["ngàn ha", "nghìn hecta"]),
  U("KM2", "area", "100", "km²", "km²", ["HA", 2], ["km2", "ki lô mét vuông"]),
  U("PT", "share", "1", "%", "%", ["PT", 0], ["phần trăm", "percent", "tỷ lệ %", "tỷ lệ (%)"]),
  U("PML", "share", "0.1", "‰", "‰", ["PT", -1], ["phần nghìn", "per mille", "o/oo"]),
  U(
    "PP",
    "percentage_points",
    "1",
    "điểm phần trăm",
    "percentage points",
    ["PP", 0],
    ["điểm %", "percentage points", "pp"],
  ),
  U("PT_YR", "rate_per_year", "1", "%/năm", "% a year", ["PT_YR", 0], ["% / năm", "%/year", "% per year"]),
  U("COMMUNE", "communes", "1", "xã", "communes", ["NUMBER", 0], ["commune", "communes"]),
  U("TOWNSHIP", "townships", "1", "thị trấn", "townships", ["NUMBER", 0], ["township", "townships"]),
  U("ADMIN_UNIT", "admin_units", "1", "đơn vị", "units", ["NUMBER", 0], ["units"]),
  U("GROUP", "category_group", "1", "nhóm", "group", ["GROUP", 0], ["group"]),
  U("DONE", "completion", "1", "hoàn thành", "done", ["DONE", 0], ["done", "completed"]),
  U(
    "BEDS_10K",
    "beds_per_10000",
    "1",
    "giường/vạn dân",
    "beds per 10,000 people",
    ["BEDS_10K", 0],
    ["giường bệnh/vạn dân", "giường/10.000 dân", "beds per 10000 people"],
  ),
  U("VISITS", "visits", "1", "lượt", "visits", ["NUMBER", 0], ["lượt người", "lượt khách"]),
  U(
    "VISITS_K",
    "visits",
    "1000",
    "nghìn lượt",
    "thousand visits",
    ["NUMBER", 3],
    ["ngàn lượt", "nghìn lượt khách"],
  ),
  U("ENTERPRISE", "enterprises", "1", "doanh nghiệp", "enterprises", ["NUMBER", 0], []),
  U("PROJECT", "projects", "1", "dự án", "projects", ["NUMBER", 0], []),
  U("TONNE", "mass", "1", "tấn", "tonnes", ["T", 0], ["tonnes", "tons"]),
  U("TONNE_K", "mass", "1000", "nghìn tấn", "thousand tonnes", ["T", 3], ["ngàn tấn"]),
  U("KM", "length", "1", "km", "km", ["KM", 0], ["ki lô mét", "kilomet"]),
  U("MW", "power", "1", "MW", "MW", ["MW", 0], ["megawatt"]),
];

/** Lower case, no diacritics, no spaces around "/" and ".", one space: the key aliases match on. */
export function unitKey(text: string): string {
  return foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[()]/g, " ")
    .replace(/\s*([/.])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const BY_KEY = new Map<string, UnitDef>();
const BY_CODE = new Map<string, UnitDef>();
for (const u of UNITS) {
  BY_CODE.set(u.code, u);
  for (const name of [u.vi, u.en, u.code, ...u.aliases]) {
    const key = unitKey(name);
    const seen = BY_KEY.get(key);
    // two units may not share a spelling: the registry would then guess
    if (seen && seen !== u) throw new Error(`unit spelling "${name}" names both ${seen.code} and ${u.code}`);
    BY_KEY.set(key, u);
  }
}

export function unitByCode(code: string): UnitDef | null {
  return BY_CODE.get(code) ?? null;
}

/** The unit a text names ("Triệu đồng", "tr.đ", "billion VND"), or null when it names none we know. */
export function findUnit(text: string): UnitDef | null {
  return BY_KEY.get(unitKey(text)) ?? null;
}

/**
 * The unit stated in a title or note line: "Đơn vị tính: Triệu đồng", "ĐVT: tỷ đồng",
 * "(Đơn vị: %)". Null when the line states none, or one we do not know (`text` says which).
 */
export function unitInTitle(line: string): { unit: UnitDef | null; text: string } | null {
  const folded = foldDiacritics(line.normalize("NFC")).toLowerCase();
  const m = /(?:don vi tinh|don vi|dvt|unit)\s*:\s*([^;)\]]+)/.exec(folded);
  if (!m?.[1]) return null;
  const start = (m.index ?? 0) + m[0].length - m[1].length;
  // the original spelling, cut from the line by position (folding keeps one code unit per letter)
  const original = line
    .normalize("NFC")
    .slice(start, start + m[1].length)
    .trim();
  return { unit: findUnit(m[1]), text: original };
}

export type UnitConversion =
  | { ok: true; value: string; factor: string; from: UnitDef; to: UnitDef }
  | { ok: false; reason: "different_dimension"; from: UnitDef; to: UnitDef };

/** The exact factor that turns a value in `from` into one in `to` (triệu → tỷ: 0.001). */
export function conversionFactor(from: UnitDef, to: UnitDef): Decimal | null {
  if (from.dimension !== to.dimension) return null;
  return dec(from.factor).div(dec(to.factor));
}

/** A value in `from` written in `to`, exactly ("42150" triệu đồng → "42.15" tỷ đồng). */
export function convertUnit(value: string, from: UnitDef, to: UnitDef): UnitConversion {
  const factor = conversionFactor(from, to);
  if (!factor) return { ok: false, reason: "different_dimension", from, to };
  return { ok: true, value: decToString(dec(value).times(factor)), factor: decToString(factor), from, to };
}

/** The unit's name in a language; a text that names no registered unit is returned as written. */
export function unitName(text: string, lang: "vi" | "en"): string {
  const u = findUnit(text);
  if (!u) return text;
  return lang === "en" ? u.en : u.vi;
}

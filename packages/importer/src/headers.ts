import { foldDiacritics, type Period, parsePeriod, parseYtd } from "@chitieu/domain";
import type { ObservationBasis, ObservationStatus } from "@chitieu/storage";

// What each column of an upload means, from its header in Vietnamese or English, with or
// without diacritics, in any case and spacing.

export type Role =
  | "indicator"
  | "indicator_name"
  | "org_unit"
  | "org_unit_name"
  | "period"
  | "value"
  | "status"
  | "note"
  | "basis"
  | "year"
  | "ignored";

export type Layout = "long" | "wide";

/** Lower case, no diacritics, words separated by one space: "Mã  chỉ_tiêu:" → "ma chi tieu". */
export function headerKey(text: string): string {
  return foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[_.:*()[\]]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const SYNONYMS: Record<Exclude<Role, "ignored">, string[]> = {
  indicator: ["ma chi tieu", "chi tieu", "indicator", "indicator code", "indicator id", "ma ct", "kpi"],
  indicator_name: ["ten chi tieu", "indicator name", "noi dung chi tieu", "noi dung"],
  org_unit: [
    "don vi",
    "dia ban",
    "ma don vi",
    "ma dia ban",
    "don vi hanh chinh",
    "org unit",
    "orgunit",
    "org unit code",
    "organisation unit",
    "organization unit",
    "area",
    "tinh",
  ],
  org_unit_name: ["ten don vi", "ten dia ban", "org unit name"],
  period: ["ky", "ky bao cao", "thoi gian", "thoi ky", "period", "reporting period"],
  value: ["gia tri", "so lieu", "value", "gia tri so lieu", "thuc hien"],
  status: ["trang thai", "trang thai so lieu", "tinh trang", "status"],
  note: ["ghi chu", "note", "notes", "comment"],
  basis: ["luy ke", "co so", "basis", "cong don", "cach tinh"],
  year: ["nam", "year", "nam bao cao"],
};

const IGNORED = ["stt", "tt", "so tt", "don vi tinh", "dvt", "unit", "unit of measure", "no", "#"];

const ROLE_BY_KEY = new Map<string, Role>();
for (const [role, keys] of Object.entries(SYNONYMS)) for (const k of keys) ROLE_BY_KEY.set(k, role as Role);
for (const k of IGNORED) ROLE_BY_KEY.set(k, "ignored");

export function roleOf(header: string): Role | null {
  return ROLE_BY_KEY.get(headerKey(header)) ?? null;
}

/** A period column of a wide layout: the period (with a placeholder year when the header has none). */
export interface PeriodColumn {
  col: number;
  header: string;
  period: Period;
  /** the header names no year: the row's or the file's year applies */
  relative: boolean;
  /** "Cùng kỳ": the same period one year earlier */
  lastYear: boolean;
  status: ObservationStatus | null;
  basis: ObservationBasis | null;
}

const PROBE_YEAR = 2000;
const STATUS_PREFIX: [RegExp, ObservationStatus | null][] = [
  [/^(?:uoc thuc hien|uoc th|uoc tinh|uoc|uth|estimated?)\b ?/, "estimate"],
  [/^(?:so bo|preliminary)\b ?/, "preliminary"],
  [/^(?:chinh thuc|official)\b ?/, "official"],
  [/^(?:thuc hien|th|actual)\b ?/, null],
];

/**
 * Reads a wide-layout header: "Tháng 1", "T1", "Quý I", "6 tháng", "9 tháng", "Cả năm",
 * "Ước TH 9 tháng", "Tháng 3/2024", "Lũy kế 5 tháng", "Cùng kỳ", "Cùng kỳ 9 tháng".
 * Null when the header is not a period ("Kế hoạch năm 2024", "So sánh (%)").
 */
export function parsePeriodHeader(
  header: string,
): Omit<PeriodColumn, "col" | "header"> | "same_period_bare" | null {
  let s = headerKey(header).replace(/ ?\/ ?/g, "/");
  let status: ObservationStatus | null = null;
  for (const [re, st] of STATUS_PREFIX) {
    if (re.test(s)) {
      s = s.replace(re, "");
      status = st;
      break;
    }
  }
  let basis: ObservationBasis | null = null;
  if (/^(?:luy ke|cong don)\b ?/.test(s)) {
    s = s.replace(/^(?:luy ke|cong don)\b ?/, "");
    basis = "ytd";
  }
  let lastYear = false;
  if (/^cung ky\b/.test(s)) {
    s = s.replace(/^cung ky(?: nam truoc)?\b ?/, "");
    lastYear = true;
    if (s === "") return "same_period_bare";
  }
  if (s === "" || s === "nam") return null;
  const found = readPeriodText(s);
  if (!found) return null;
  return { period: found.period, relative: found.relative, lastYear, status, basis: basis ?? found.basis };
}

function readPeriodText(
  s: string,
): { period: Period; relative: boolean; basis: ObservationBasis | null } | null {
  const absolute = periodWithBasis(s);
  if (absolute) return { ...absolute, relative: false };
  for (const candidate of [`${s}/${PROBE_YEAR}`, `${s} nam ${PROBE_YEAR}`, `${s} ${PROBE_YEAR}`]) {
    const p = periodWithBasis(candidate);
    if (p && p.period.year === PROBE_YEAR) return { ...p, relative: true };
  }
  return null;
}

/** A period text; "5 tháng đầu năm 2024", which no Period names, is May on a year-to-date basis. */
export function periodWithBasis(text: string): { period: Period; basis: ObservationBasis | null } | null {
  const p = parsePeriod(text);
  if (p) return { period: p, basis: null };
  const ytd = parseYtd(text);
  if (ytd) return { period: { kind: "month", year: ytd.year, index: ytd.throughMonth }, basis: "ytd" };
  return null;
}

const STATUS_WORDS: Record<string, ObservationStatus> = {
  "uoc tinh": "estimate",
  uoc: "estimate",
  "uoc thuc hien": "estimate",
  "uoc th": "estimate",
  estimate: "estimate",
  estimated: "estimate",
  e: "estimate",
  "so bo": "preliminary",
  preliminary: "preliminary",
  p: "preliminary",
  "chinh thuc": "official",
  official: "official",
  final: "official",
  o: "official",
};

export function parseStatus(text: string): ObservationStatus | null {
  return STATUS_WORDS[headerKey(text)] ?? null;
}

const BASIS_WORDS: Record<string, ObservationBasis> = {
  ytd: "ytd",
  "luy ke": "ytd",
  "cong don": "ytd",
  cumulative: "ytd",
  "luy ke tu dau nam": "ytd",
  x: "ytd",
  co: "ytd",
  yes: "ytd",
  true: "ytd",
  "1": "ytd",
  period: "period",
  ky: "period",
  "trong ky": "period",
  "rieng ky": "period",
  khong: "period",
  no: "period",
  false: "period",
  "0": "period",
};

export function parseBasis(text: string): ObservationBasis | null {
  return BASIS_WORDS[headerKey(text)] ?? null;
}

/** A year named in a title row ("BÁO CÁO ƯỚC THỰC HIỆN 9 THÁNG NĂM 2024"). */
export function yearInTitle(text: string): number | null {
  const s = headerKey(text);
  const m = /\bnam (\d{4})\b/.exec(s) ?? /\b(?:\/|-)(\d{4})\b/.exec(s) ?? /\b((?:19|20)\d{2})\b/.exec(s);
  const y = m ? Number(m[1]) : null;
  return y !== null && y >= 1990 && y <= 2100 ? y : null;
}

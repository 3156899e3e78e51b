import { foldDiacritics, matchKey } from "./text.ts";

// Names as people write them in report tables: "1. Tổng sản phẩm trên địa bàn (GRDP) - tốc độ
// tăng", "Trong đó: Thu nội địa", "- Huyện Núi Thành", "TP. Tam Kỳ". The key drops what only
// numbers or frames a name (list markers, "Trong đó:", parenthesised qualifiers, administrative
// words) and spells out the usual abbreviations, so that the same thing written two ways meets.

/** "1.", "1.2.", "I.", "IV -", "a)", "a.", "-", "+", "*", "•", "Trong đó:", "Gồm:" at the start. */
const LIST_MARKER =
  /^(?:\s*(?:(?:[0-9]+[.)]?)+(?:\s*[-–.:)])?|[IVXLC]+\s*[.)\-–:]|[a-zđ]\s*[).]|[-–+*•·]+|trong\s+đó\s*:?|trong\s+do\s*:?|bao\s+gồm\s*:?|gồm\s*:?)\s+)+/iu;

/** Leading list markers and "Trong đó:" removed; the rest as written. */
export function stripListMarker(text: string): string {
  const t = text.normalize("NFC").trim();
  // a bare number ("2024") or a roman numeral alone is a name, not a marker
  const stripped = t.replace(LIST_MARKER, "");
  return stripped === "" ? t : stripped.trim();
}

/** Does the line open with "Trong đó" (a sub-indicator of the row above)? */
export function isOfWhich(text: string): boolean {
  return /^\s*(?:[-–+*•]\s*)?trong\s+(?:đó|do)(?!\p{L})/iu.test(text.normalize("NFC"));
}

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bgrdp\b/g, "tong san pham tren dia ban"],
  [/\bgdp\b/g, "tong san pham trong nuoc"],
  [/\bntm\b/g, "nong thon moi"],
  [/\bkt ?- ?xh\b/g, "kinh te - xa hoi"],
  [/\bnsnn\b/g, "ngan sach nha nuoc"],
  [/\bbhyt\b/g, "bao hiem y te"],
  [/\bbhxh\b/g, "bao hiem xa hoi"],
  [/\bcn ?- ?xd\b/g, "cong nghiep - xay dung"],
  [/\bnl ?- ?ts\b/g, "nong lam nghiep - thuy san"],
  [/\bdtc\b/g, "dau tu cong"],
  [/\bubnd\b/g, "uy ban nhan dan"],
  [/\bhdnd\b/g, "hoi dong nhan dan"],
  [/\bkcn\b/g, "khu cong nghiep"],
  [/\bkkt\b/g, "khu kinh te"],
  [/\bfdi\b/g, "dau tu truc tiep nuoc ngoai"],
];

/**
 * Key of an indicator name for matching: no list marker, no parenthesised qualifier, no
 * diacritics, abbreviations spelled out, punctuation as spaces.
 */
export function indicatorNameKey(text: string): string {
  let s = foldDiacritics(matchKey(stripListMarker(text)));
  s = s.replace(/\([^)]*\)/g, " ");
  for (const [re, full] of ABBREVIATIONS) s = s.replace(re, full);
  return tidy(s);
}

/** Administrative words in front of a unit's name: "Tỉnh", "TP.", "Huyện", "H.", "Thị xã", "TX." … */
const ADMIN_PREFIX =
  /^(?:tinh|thanh pho|tp|huyen|h|thi xa|tx|quan|q|xa|phuong|p|thi tran|tt|dac khu)(?:\s*\.\s*|\s+)/;

/** Key of an org unit's name: "TP. Tam Kỳ", "Thành phố Tam Kỳ" and "Tam Kỳ" all give "tam ky". */
export function orgUnitNameKey(text: string): string {
  let s = foldDiacritics(matchKey(stripListMarker(text)));
  s = s.replace(/\([^)]*\)/g, " ").trim();
  let before: string;
  do {
    before = s;
    s = s.replace(ADMIN_PREFIX, "");
  } while (s !== before && s !== "");
  return tidy(s === "" ? before : s);
}

function tidy(s: string): string {
  return s
    .replace(/[^\p{L}\p{N}%]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Similarity of two keys in [0, 1]: Sørensen–Dice over character bigrams of the words. */
export function similarity(a: string, b: string): number {
  if (a === b) return a === "" ? 0 : 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  let total = 0;
  for (const [g, n] of x) {
    shared += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return (2 * shared) / total;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of s.split(" ")) {
    const w = ` ${word} `;
    for (let i = 0; i < w.length - 1; i++) {
      const g = w.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
  }
  return out;
}

export interface NameCandidate<T> {
  item: T;
  /** the name of the item that came closest */
  name: string;
  score: number;
}

export interface CloseMatch<T> {
  /** a unique close match, or null when there is none or it is not clear which */
  match: NameCandidate<T> | null;
  /** the closest candidates, best first (at most `limit`) */
  candidates: NameCandidate<T>[];
}

/**
 * The items whose names come closest to `text` under `key`. A match is accepted only when it is
 * close (≥ `accept`) and clearly ahead of the next different item (by `margin`): otherwise the
 * caller asks the person, showing the candidates.
 */
export function closestNames<T>(
  text: string,
  items: readonly T[],
  namesOf: (item: T) => readonly (string | null | undefined)[],
  key: (s: string) => string,
  options: { limit?: number; accept?: number; margin?: number } = {},
): CloseMatch<T> {
  const limit = options.limit ?? 3;
  const accept = options.accept ?? 0.85;
  const margin = options.margin ?? 0.1;
  const k = key(text);
  const best: NameCandidate<T>[] = [];
  for (const item of items) {
    let top: NameCandidate<T> | null = null;
    for (const name of namesOf(item)) {
      if (!name) continue;
      const score = similarity(k, key(name));
      if (!top || score > top.score) top = { item, name, score };
    }
    if (top && top.score > 0) best.push(top);
  }
  best.sort((a, b) => b.score - a.score);
  const candidates = best.slice(0, limit);
  const [first, second] = candidates;
  const clear =
    first !== undefined && first.score >= accept && (!second || first.score - second.score >= margin);
  return { match: clear ? (first ?? null) : null, candidates };
}

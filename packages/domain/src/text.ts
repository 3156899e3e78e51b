// Vietnamese text: normalisation, matching keys, alphabetical order, slugs.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const SPACES = /[\s\u00a0\u2007\u202f]+/g;
// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
const DASHES = /[-\u2010-\u2015\u2212]/g;

// Tone marks (as combining characters); the vowel-quality marks ˘ ˆ ˀ are not tones.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/;

export function nfc(s: string): string {
  return s.normalize("NFC");
}

/** Strips every diacritic, including đ → d and Đ → D: "Đắk Lắk" → "Dak Lak". */
export function foldDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

/**
 * Puts the tone of a final "oa", "oe", "uy" on the first vowel ("hoá" → "hóa", "thuỷ" → "thủy"):
 * both placements are in official use, so they must compare equal.
 */
export function normalizeToneMarks(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{L}[\p{L}\p{M}]*/gu, moveTone)
    .normalize("NFC");
}

function moveTone(word: string): string {
  const tone = TONES.exec(word)?.[0];
  if (!tone) return word;
  const bare = word.replace(TONES, "");
  const m = /^(.*?)([oOuU])([aAeEyY])$/.exec(bare);
  if (!m) return word;
  const [, head = "", first = "", second = ""] = m;
  const isQu = /[qQ]$/.test(head) && /[uU]/.test(first);
  const isPair = /[oO]/.test(first) ? /[aAeE]/.test(second) : /[yY]/.test(second);
  if (isQu || !isPair) return word;
  return `${head}${first}${tone}${second}`;
}

/**
 * Key for matching names written slightly differently: NFC, lower case, one space, one tone
 * placement, and commas and dashes between words unified, so "Sở Lao động, Thương binh và Xã hội"
 * and "Sở Lao động - Thương binh và Xã hội" share a key. A comma between digits ("7,5") stays.
 */
export function matchKey(s: string): string {
  return normalizeToneMarks(s.replace(INVISIBLE, ""))
    .toLowerCase()
    .replace(SPACES, " ")
    .replace(DASHES, " - ")
    .replace(/(?<!\d),|,(?!\d)/g, " - ")
    .replace(/ *- *(?:- *)*/g, " - ")
    .replace(/^[\s\-.;:]+|[\s\-.;:]+$/g, "")
    .replace(/ +/g, " ");
}

/** matchKey without diacritics: for search and for text that lost its marks. */
export function looseKey(s: string): string {
  return foldDiacritics(matchKey(s));
}

const collator = new Intl.Collator("vi", { usage: "sort", sensitivity: "variant" });

/**
 * Vietnamese alphabetical order (a ă â b c d đ e ê …; tones as a secondary difference), via ICU,
 * which orders Vietnamese correctly in Node 20 and in browsers. Ties are broken by code point so
 * the order is total and a sort is reproducible.
 */
export function compareVi(a: string, b: string): number {
  const x = nfc(a);
  const y = nfc(b);
  const c = collator.compare(x, y);
  if (c !== 0) return c < 0 ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** "Sở Lao động - Thương binh và Xã hội" → "so-lao-dong-thuong-binh-va-xa-hoi". */
export function slugify(s: string): string {
  return foldDiacritics(nfc(s))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// A lead or support cell ("Sở Tài chính; Sở Kế hoạch và Đầu tư", "Các Sở: Thông tin và Truyền
// thông, Nội vụ", "(1) Sở Tài nguyên và Môi trường đối với Luật Đất đai; (2) …") cut into the
// names it holds. Which names exist is the caller's knowledge (the alias table): this only
// proposes spellings and keeps the longest one the caller knows, so a name with a comma or a
// "và" inside ("Sở Văn hóa, Thể thao và Du lịch") is never cut. Nothing is guessed: a piece no
// spelling of which is known comes back unmatched.

import { nfc } from "../text.ts";

export interface AgencyTextPiece {
  /** the piece as written */
  text: string;
  /** the spelling that was known (may add the list's head: "Nội vụ" under "Các Sở:" → "Sở Nội vụ") */
  match: string | null;
  /** what this agency leads when the cell splits the work ("… đối với Luật Đất đai") */
  part: string | null;
}

const SEPARATOR = /(,\s*|\s+và\s+|\s+and\s+|\s*&\s+)/i;
const QUALIFIER = /\s+theo (?:chức năng|chức năng, nhiệm vụ|nhiệm vụ được giao).*$/i;
// heads of lists: "Các Sở: A, B", "Các Sở, ngành: A, B", "UBND các huyện: A, B"
const LIST_HEAD =
  /(?:^|,\s*|\s+và\s+)((?:các\s+)?sở(?:,\s*ban)?(?:,\s*ngành)?|ubnd\s+các\s+huyện(?:,\s*thị xã)?|các\s+huyện)\s*$/i;

function headPrefixes(head: string): string[] {
  return /sở/i.test(head) ? ["Sở "] : ["UBND huyện ", "UBND "];
}

function tidy(s: string): string {
  return s
    .replace(/^[\s\-–—•+.;,]+/, "")
    .replace(/[\s.;,…]+$/, "")
    .replace(/\s*,?\s*(?:\.\.\.|…)\s*$/, "")
    .trim();
}

/** Items of a cell with their part: numbered "(1) … (2) …", else split on ";" and bullets. */
function items(text: string): Array<{ text: string; part: string | null }> {
  const numbered = /\(\d+\)/.test(text);
  const raw = numbered ? text.split(/\(\d+\)/) : text.split(/\s*;\s*|\n+|\.\s+[-–]\s+|^\s*[-–]\s+/);
  const out: Array<{ text: string; part: string | null }> = [];
  for (const r of raw) {
    const t = tidy(r);
    if (t === "") continue;
    const m = /^(.*?)\s+đối với\s+(.+)$/is.exec(t);
    if (m) out.push({ text: tidy(m[1] ?? ""), part: tidy(m[2] ?? "") || null });
    else out.push({ text: t, part: null });
  }
  return out;
}

interface Token {
  text: string;
  /** separator written before this token ("" for the first) */
  sep: string;
}

function tokens(text: string): Token[] {
  const parts = text.split(SEPARATOR);
  const out: Token[] = [];
  let sep = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? "";
    if (i % 2 === 1) {
      sep = p;
      continue;
    }
    const t = p.trim();
    if (t === "" || /^(?:\.\.\.|…|\.)+$/.test(t)) {
      continue;
    }
    out.push({ text: t, sep: out.length === 0 ? "" : sep });
  }
  return out;
}

function join(ts: Token[]): string {
  return ts.map((t, i) => (i === 0 ? t.text : `${t.sep}${t.text}`)).join("");
}

/** Greedy longest match from the left over the tokens; unknown neighbours stay together. */
function segment(text: string, prefixes: string[], isKnown: (s: string) => boolean): AgencyTextPiece[] {
  const ts = tokens(text);
  const out: AgencyTextPiece[] = [];
  let unknown: Token[] = [];
  const flush = () => {
    if (unknown.length > 0) out.push({ text: tidy(join(unknown)), match: null, part: null });
    unknown = [];
  };
  for (let i = 0; i < ts.length; ) {
    let found: { end: number; match: string } | null = null;
    for (let j = ts.length; j > i && !found; j--) {
      const candidate = tidy(join(ts.slice(i, j)));
      for (const c of [candidate, ...prefixes.map((p) => `${p}${candidate}`)])
        if (isKnown(c)) {
          found = { end: j, match: c };
          break;
        }
    }
    if (found) {
      flush();
      out.push({ text: tidy(join(ts.slice(i, found.end))), match: found.match, part: null });
      i = found.end;
    } else {
      const t = ts[i] as Token;
      unknown.push(t);
      i++;
    }
  }
  flush();
  return out;
}

function resolveItem(text: string, isKnown: (s: string) => boolean): AgencyTextPiece[] {
  const t = tidy(text.replace(QUALIFIER, ""));
  if (t === "") return [];
  const whole = isKnown(t) ? [{ text: t, match: t, part: null }] : null;
  const colon = t.indexOf(":");
  const head = colon > 0 ? LIST_HEAD.exec(t.slice(0, colon)) : null;
  if (head) {
    // "Các Sở, ngành: A, B, …" names the agencies one by one even when the whole phrase is also
    // a known group: the listed agencies are the ones that report; the group only when a name
    // of the list is unknown
    const rest = t.slice(0, head.index);
    const listed = [
      ...(tidy(rest) === "" ? [] : segment(rest, [], isKnown)),
      ...segment(t.slice(colon + 1), headPrefixes(head[1] ?? ""), isKnown),
    ];
    return listed.every((p) => p.match !== null) ? listed : (whole ?? listed);
  }
  return whole ?? segment(t.replace(/:/g, ","), [], isKnown);
}

/**
 * The agencies a cell names, each with the spelling that was recognised (or null) and the part
 * it leads. `isKnown` answers whether a spelling is a known alias (the caller matches with
 * matchKey, so commas, dashes, case and spacing do not matter).
 */
export function splitAgencyText(
  text: string | null | undefined,
  isKnown: (spelling: string) => boolean,
): AgencyTextPiece[] {
  const s = nfc(text ?? "").trim();
  if (s === "") return [];
  if (!s.includes(":") && isKnown(tidy(s))) return [{ text: tidy(s), match: tidy(s), part: null }];
  return items(s).flatMap((item) => resolveItem(item.text, isKnown).map((p) => ({ ...p, part: item.part })));
}

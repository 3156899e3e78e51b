// Issue #17 item 4: the number-format walk. Every number a person reads follows the page
// language's convention (vi: 7,5 and 23.600; en: 7.5 and 23,600) and no binary float artefact
// ("107.99999999999999") reaches a page or the public API. Pure functions, so the rules
// themselves are tested without a server (test/unit/number-walk.test.ts).

export type Lang = "vi" | "en";

export interface Finding {
  url: string;
  rule: string;
  match: string;
  context: string;
}

/** A float artefact: a run of zeros or nines after a decimal point. */
export const FLOAT_ARTEFACT = /\d+[.,]\d*(?:0000000\d|9999999)/;

const RULES: Record<Lang, Array<{ rule: string; re: RegExp }>> = {
  vi: [
    // 7.5 / 60.12 is an English decimal; 23.600 (three digits) is a Vietnamese thousand
    { rule: "vi: decimal point", re: /(?<![\d.,])\d+\.\d{1,2}(?![\d.,])/g },
    // 3,100 is an English thousand; a Vietnamese decimal has 1–2 digits here (7,5; 60,12)
    // (before "%" three decimals are a decimal: "6,749%/năm")
    { rule: "vi: thousands comma", re: /(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\s?%)/g },
  ],
  en: [
    { rule: "en: decimal comma", re: /(?<![\d.,])\d+,\d{1,2}(?![\d.,])/g },
    { rule: "en: thousands point", re: /(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.]|\s?%)/g },
  ],
};

/**
 * Things that look like numbers but are not: version numbers and IP-like dotted codes (three or
 * more groups, e.g. "1.2.3", a date "14.11.2024" is not written on these pages), and time of day.
 * Kept short on purpose: each entry is something that is not a number a person reads as a quantity.
 */
const NOT_NUMBERS: RegExp[] = [
  /\b(?:v|version |phiên bản )\d+(?:\.\d+)+\b/gi, // software versions
  /\b\d+\.\d+\.\d+(?:\.\d+)*\b/g, // three or more dotted groups: versions, section numbers
  /\bSDMX[- ]?(?:CSV|ML|JSON)?\s*\d\.\d\b/gi, // "SDMX-CSV 2.0", a format version
  /\b(?:ECharts|OpenAPI|HTTP|SVG|JSON)\s*\/?\s*\d+(?:\.\d+)*\b/gi,
  /\bCC BY(?:-SA)? \d\.\d\b/g, // the licence's version
  /\bCreative Commons(?: [\p{L}]+){0,3} \d\.\d\b/gu, // "Creative Commons Ghi công 4.0 Quốc tế"
  // a document's number ("Tờ trình số 2.167/T-Tr-SNNPTNT"): a code, read as written
  /\b\d[\d.,]*\/[A-ZĐ][\wĐđ-]*/gu,
  // a task's number in its document's outline ("nhiệm vụ 3.1, 3.2", "STT in văn bản: 3.3.")
  /(?<![\p{L}])(?:nhiệm vụ|mục|đề mục|gộp với|văn bản:|task|item)\s+\d+(?:\.\d+)+\.?(?:,\s*\d+(?:\.\d+)+)*/giu,
];

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
/** Machine text, not prose: code samples, the embed snippet, scripts. */
const SKIP = new Set(["script", "style", "textarea", "code", "pre", "head", "template"]);

/**
 * The texts people read on an HTML page, each with the language it is written in: the page's
 * language, or the lang="" of the element around it (a Vietnamese quote on an English page is
 * Vietnamese). Attributes people also read (title, alt, aria-label, placeholder) count too.
 */
export function readableSegments(html: string, pageLang: Lang): Array<{ lang: Lang; text: string }> {
  const out: Array<{ lang: Lang; text: string }> = [];
  const stack: Array<{ tag: string; lang: Lang; skip: boolean }> = [
    { tag: "#root", lang: pageLang, skip: false },
  ];
  const top = () => stack[stack.length - 1] as { tag: string; lang: Lang; skip: boolean };
  const tokens = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)|</g;
  for (const m of html.matchAll(tokens)) {
    const [, close, rawTag, attrs = "", selfClose, text] = m;
    if (text !== undefined) {
      if (!top().skip) out.push({ lang: top().lang, text: decodeEntities(text) });
      continue;
    }
    if (!rawTag) continue;
    const tag = rawTag.toLowerCase();
    if (close) {
      const i = stack.map((x) => x.tag).lastIndexOf(tag);
      if (i > 0) stack.length = i;
      continue;
    }
    const langAttr = /\slang="(vi|en)[^"]*"/.exec(attrs)?.[1] as Lang | undefined;
    const lang = langAttr ?? top().lang;
    const skip = top().skip || SKIP.has(tag);
    if (!skip)
      for (const a of attrs.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/g))
        out.push({ lang, text: decodeEntities(a[1] ?? "") });
    if (!selfClose && !VOID.has(tag)) stack.push({ tag, lang, skip });
  }
  return out;
}

/** All readable text of a page in one language (see readableSegments). */
export function readableText(html: string, pageLang: Lang = "vi"): string {
  return readableSegments(html, pageLang)
    .map((s) => s.text)
    .join(" ")
    .replace(/\s+/g, " ");
}

/** Every finding of a page: its texts by language, and its number cells. */
export function checkPage(html: string, pageLang: Lang, url = ""): Finding[] {
  const byLang: Record<Lang, string[]> = { vi: [], en: [] };
  for (const s of readableSegments(html, pageLang)) byLang[s.lang].push(s.text);
  // a Vietnamese quotation inside English text ('Assumption: "khoảng 10.000-20.000 ha"') is
  // Vietnamese: it is read by the Vietnamese rules
  const en = byLang.en.join(" ");
  const quoted = /"([^"]*)"|“([^”]*)”/g;
  const VI_LETTER = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
  byLang.en = [
    en.replace(quoted, (m, a, b) => {
      const inner = (a ?? b ?? "") as string;
      if (!VI_LETTER.test(inner)) return m;
      byLang.vi.push(inner);
      return " ";
    }),
  ];
  return [
    ...checkNumbers(byLang.vi.join(" ").replace(/\s+/g, " "), "vi", url),
    ...checkNumbers(byLang.en.join(" ").replace(/\s+/g, " "), "en", url),
    ...checkNumberCells(html, url),
  ];
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;|&#160;/g, " ")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The numbers in `text` written in the other language's convention, and any float artefact. */
export function checkNumbers(text: string, lang: Lang, url = ""): Finding[] {
  let clean = text;
  for (const re of NOT_NUMBERS) clean = clean.replace(re, " ");
  const out: Finding[] = [];
  const at = (i: number, len: number) => clean.slice(Math.max(0, i - 50), i + len + 30);
  const artefacts = new RegExp(FLOAT_ARTEFACT.source, "g");
  for (const m of text.matchAll(artefacts))
    out.push({
      url,
      rule: "float artefact",
      match: m[0],
      context: text.slice(Math.max(0, m.index - 50), m.index + 60),
    });
  for (const { rule, re } of RULES[lang])
    for (const m of clean.matchAll(re))
      out.push({ url, rule, match: m[0], context: at(m.index, m[0].length) });
  return out;
}

/**
 * Cells that hold a quantity (class "num"): an integer of five digits or more must carry the
 * thousands separator ("1356" is left alone: it may be a year, but "13560" never is).
 */
export function checkNumberCells(html: string, url = ""): Finding[] {
  const out: Finding[] = [];
  for (const m of html.matchAll(/<td[^>]*class="[^"]*\bnum\b[^"]*"[^>]*>([\s\S]*?)<\/td>/g)) {
    const text = readableText(m[1] ?? "");
    const bare = /(?<![\d.,])\d{5,}(?![\d.,])/.exec(text);
    if (bare) out.push({ url, rule: "number without thousands separator", match: bare[0], context: text });
  }
  return out;
}

/** The same-origin page links of a page (no downloads, images or API). */
export function pageLinks(html: string, base: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a\s[^>]*href="([^"#]*)(?:#[^"]*)?"[^>]*>/g)) {
    const tag = m[0];
    const href = decodeEntities(m[1] ?? "");
    if (!href || /\sdownload\b/.test(tag)) continue;
    let u: URL;
    try {
      u = new URL(href, base);
    } catch {
      continue;
    }
    if (u.origin !== new URL(base).origin) continue;
    if (/^\/(api|du-lieu|embed)\b/.test(u.pathname)) continue;
    if (/\.(svg|png|csv|json|xlsx|docx|pdf|xml|txt)$/.test(u.pathname)) continue;
    if (/^\/app\/dang-xuat/.test(u.pathname)) continue;
    out.add(u.pathname + u.search);
  }
  return [...out];
}

/** Walks every page reachable from `starts` whose path passes `keep`, breadth first. */
export async function walk(
  origin: string,
  starts: string[],
  opts: { keep: (path: string) => boolean; headers?: Record<string, string>; limit?: number },
  visit: (path: string, html: string) => void,
): Promise<string[]> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < (opts.limit ?? 2000)) {
    const path = queue.shift() as string;
    const res = await fetch(origin + path, { headers: opts.headers ?? {}, redirect: "follow" });
    if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const html = await res.text();
    visited.push(path);
    visit(path, html);
    for (const next of pageLinks(html, origin + path))
      if (!seen.has(next) && opts.keep(next)) {
        seen.add(next);
        queue.push(next);
      }
  }
  return visited;
}

// Issue #17 item 7, "small things users noticed": a unit glued to the period after it
// ("tỷ đồng(Năm 2024)") and a doubled word ("nhóm nhóm"). Text is read as the browser lays it
// out: the texts of inline elements join with no space added, a block (a cell, a paragraph, a
// list item, an SVG text, a form control, an attribute people read) stands alone.

const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "br",
  "button",
  "caption",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "html",
  "img",
  "input",
  "label",
  "legend",
  "li",
  "main",
  "nav",
  "ol",
  "option",
  "p",
  "section",
  "select",
  "summary",
  "svg",
  "table",
  "tbody",
  "td",
  "text",
  "tfoot",
  "th",
  "thead",
  "title",
  "desc",
  "tr",
  "tspan",
  "ul",
]);

/** The blocks of readable text of a page, each as it reads on screen (see above). */
export function textBlocks(html: string): string[] {
  const out: string[] = [];
  let buf = "";
  const flush = () => {
    const t = buf.replace(/\s+/g, " ").trim();
    if (t) out.push(t);
    buf = "";
  };
  const skipStack: string[] = [];
  const tokens = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)|</g;
  for (const m of html.matchAll(tokens)) {
    const [, close, rawTag, attrs = "", selfClose, text] = m;
    if (text !== undefined) {
      if (skipStack.length === 0) buf += decodeEntities(text);
      continue;
    }
    if (!rawTag) continue;
    const tag = rawTag.toLowerCase();
    if (SKIP.has(tag)) {
      if (close) {
        const i = skipStack.lastIndexOf(tag);
        if (i >= 0) skipStack.length = i;
      } else if (!selfClose) skipStack.push(tag);
      continue;
    }
    if (skipStack.length > 0) continue;
    if (BLOCKS.has(tag)) flush();
    if (!close)
      for (const a of attrs.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/g)) {
        const t = decodeEntities(a[1] ?? "").trim();
        if (t) out.push(t);
      }
  }
  flush();
  return out;
}

/**
 * Words Vietnamese doubles on purpose (reduplication: "dần dần", "người người"), and English
 * ones that may stand twice; anything else twice in a row is a slip.
 */
const DOUBLES_ALLOWED = new Set(["dần", "người", "nhà", "đời", "ngày", "từ", "xa", "that", "had"]);

/**
 * A letter right before "(", and a word written twice in a row, in each block of a page.
 * `verbatim`: text quoted from the documents (the catalog's CSVs, whitespace collapsed): a slip
 * the document itself makes ("chịu trọng việc đổi đổi thoại", 003) is quoted as written, and a
 * Vietnamese compound meeting the next one ("hành vi vi phạm", "đầu tư tư nhân") is no slip.
 */
export function checkSpacing(html: string, url = "", verbatim = ""): Finding[] {
  const out: Finding[] = [];
  const quoted = (block: string, at: number, len: number) => {
    if (!verbatim) return false;
    const snippet = block.slice(Math.max(0, at - 12), at + len + 12);
    return verbatim.includes(snippet);
  };
  for (const block of textBlocks(html)) {
    for (const m of block.matchAll(/(\S*)\p{L}\(/gu)) {
      // an identifier ("CHITIEU:DF_TARGETS(1.0.0)", SDMX) is a code, not prose
      if (/[_:]/.test(m[1] ?? "")) continue;
      const at = m.index + m[0].length - 2;
      if (quoted(block, at, 2)) continue;
      out.push({
        url,
        rule: "no space before (",
        match: block.slice(at, at + 2),
        context: block.slice(Math.max(0, at - 40), at + 40),
      });
    }
    for (const m of block.matchAll(/(?<!\p{L})(\p{L}+)\s+\1(?!\p{L})/giu)) {
      const word = (m[1] ?? "").toLowerCase();
      if (DOUBLES_ALLOWED.has(word) || quoted(block, m.index, m[0].length)) continue;
      out.push({
        url,
        rule: "doubled word",
        match: m[0],
        context: block.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40),
      });
    }
  }
  return out;
}

/** The documents' own words, as the catalog quotes them (for checkSpacing's `verbatim`). */
export function verbatimCorpus(texts: string[]): string {
  return texts.join("\n").replace(/""/g, '"').replace(/\s+/g, " ");
}

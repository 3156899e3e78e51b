import JSZip from "jszip";
import { SaxesParser } from "saxes";

// A schema-level check of a DOCX package without LibreOffice or Word. It is not a full validation
// against the ECMA-376 XSDs; it checks exactly this, and returns one message per failure:
//
// - the file is a zip archive (JSZip reads it);
// - every XML part (*.xml, *.rels) is well-formed XML with well-formed namespaces (saxes, a strict
//   conforming parser, with xmlns processing on);
// - OPC content types: `[Content_Types].xml` exists and every other part has a content type, by a
//   Default for its extension (case-insensitive) or an Override for its part name;
// - `_rels/.rels` has an officeDocument relationship whose target is `word/document.xml`, and that
//   part's content type is WordprocessingML's main document type;
// - in every relationship part (`_rels/.rels`, `word/_rels/document.xml.rels`, the header and
//   footer parts' rels, …) every internal target exists in the package (TargetMode="External" is
//   skipped), resolved against the source part's folder;
// - `word/document.xml`: the root is w:document with a w:body child; in it and in every header and
//   footer part, every w:p and w:tbl has a parent where block-level content is allowed (w:body,
//   w:tc, w:hdr, w:ftr, w:txbxContent, w:sdtContent, w:customXml, w:footnote, w:endnote,
//   w:comment, w:docPartBody), every w:tr is in a w:tbl (or w:sdtContent/w:customXml), every w:tc
//   in a w:tr (or w:sdtContent/w:customXml), every w:tc ends with a w:p (Word refuses a cell that
//   does not); the w:sectPr of the body, if there is one, is the body's last child.
// Not covered: element order and attribute values elsewhere, styles/numbering references, the
// XSD types of run and paragraph properties.

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

export interface XmlNode {
  uri: string;
  local: string;
  attributes: Record<string, string>;
  /** the character data directly inside the element */
  text: string;
  children: XmlNode[];
  parent: XmlNode | null;
}

/** Parses one XML text into a tree, or returns the parser's first error. */
export function parseXml(text: string): { root: XmlNode | null; error: string | null } {
  const parser = new SaxesParser({ xmlns: true });
  let error: string | null = null;
  let root: XmlNode | null = null;
  const stack: XmlNode[] = [];
  parser.on("error", (e) => {
    error ??= e.message;
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes))
      attributes[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    const parent = stack.at(-1) ?? null;
    const node: XmlNode = { uri: tag.uri, local: tag.local, attributes, text: "", children: [], parent };
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on("text", (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return { root: error ? null : root, error };
}

function* walk(n: XmlNode): Generator<XmlNode> {
  yield n;
  for (const c of n.children) yield* walk(c);
}

const isW = (n: XmlNode | null, ...locals: string[]) => n !== null && n.uri === W && locals.includes(n.local);

const BLOCK_PARENTS = [
  "body",
  "tc",
  "hdr",
  "ftr",
  "txbxContent",
  "sdtContent",
  "customXml",
  "footnote",
  "endnote",
  "comment",
  "docPartBody",
];

/** Resolves a relationship target against the folder of its source part ("" for the package). */
function resolveTarget(sourceDir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `${sourceDir}${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return decodeURIComponent(out.join("/"));
}

function checkWordprocessing(part: string, root: XmlNode, errors: string[]) {
  for (const n of walk(root)) {
    if (n.uri !== W) continue;
    const where = `${part}: w:${n.local}`;
    if ((n.local === "p" || n.local === "tbl") && !isW(n.parent, ...BLOCK_PARENTS))
      errors.push(
        `${where} is a child of ${n.parent ? `w:${n.parent.local}` : "nothing"}, not of a body or cell`,
      );
    if (n.local === "tr" && !isW(n.parent, "tbl", "sdtContent", "customXml"))
      errors.push(`${where} is not in a w:tbl`);
    if (n.local === "tc") {
      if (!isW(n.parent, "tr", "sdtContent", "customXml")) errors.push(`${where} is not in a w:tr`);
      const blocks = n.children.filter((c) => isW(c, "p", "tbl", "sdt", "customXml"));
      if (!isW(blocks.at(-1) ?? null, "p")) errors.push(`${where} does not end with a w:p`);
    }
  }
}

/** Every failure of the package, [] when it passes. */
export async function checkDocx(data: Uint8Array): Promise<string[]> {
  const errors: string[] = [];
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (e) {
    return [`not a zip archive: ${(e as Error).message}`];
  }
  const names = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => f.name);
  const has = new Set(names);

  const xml = new Map<string, XmlNode>();
  for (const name of names.filter((n) => /\.(xml|rels)$/i.test(n))) {
    const { root, error } = parseXml((await zip.file(name)?.async("string")) ?? "");
    if (error || !root) errors.push(`${name} is not well-formed XML: ${error ?? "no root element"}`);
    else xml.set(name, root);
  }

  // content types
  const types = xml.get("[Content_Types].xml");
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  if (!types) errors.push("[Content_Types].xml is missing");
  else
    for (const t of types.children) {
      if (t.local === "Default")
        defaults.set((t.attributes.Extension ?? "").toLowerCase(), t.attributes.ContentType ?? "");
      if (t.local === "Override") overrides.set(t.attributes.PartName ?? "", t.attributes.ContentType ?? "");
    }
  const typeOf = (part: string) =>
    overrides.get(`/${part}`) ?? defaults.get((part.split(".").at(-1) ?? "").toLowerCase()) ?? null;
  if (types)
    for (const part of names)
      if (part !== "[Content_Types].xml" && !typeOf(part)) errors.push(`no content type for part ${part}`);

  // the package relationship to the main document
  const rels = xml.get("_rels/.rels");
  if (!rels) errors.push("_rels/.rels is missing");
  else {
    const main = rels.children.find((r) => r.attributes.Type === OFFICE_DOCUMENT);
    if (!main) errors.push("_rels/.rels has no officeDocument relationship");
    else if (resolveTarget("", main.attributes.Target ?? "") !== "word/document.xml")
      errors.push(`_rels/.rels: officeDocument points to ${main.attributes.Target}, not word/document.xml`);
  }
  if (has.has("word/document.xml") && types && typeOf("word/document.xml") !== MAIN_TYPE)
    errors.push(`word/document.xml has content type ${typeOf("word/document.xml")}, not ${MAIN_TYPE}`);

  // every internal relationship target exists
  for (const [name, root] of xml) {
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name);
    if (!m) continue;
    const sourceDir = m[1] ?? "";
    for (const r of root.children) {
      if (r.local !== "Relationship" || r.attributes.TargetMode === "External") continue;
      const target = resolveTarget(sourceDir, r.attributes.Target ?? "");
      if (!has.has(target))
        errors.push(
          `${name}: relationship ${r.attributes.Id} points to ${target}, which is not in the package`,
        );
    }
  }

  // the main document's structure
  const doc = xml.get("word/document.xml");
  if (!has.has("word/document.xml")) errors.push("word/document.xml is missing");
  else if (doc) {
    if (!isW(doc, "document")) errors.push("word/document.xml: the root is not w:document");
    const body = doc.children.find((c) => isW(c, "body"));
    if (!body) errors.push("word/document.xml: w:document has no w:body");
    else {
      const i = body.children.findIndex((c) => isW(c, "sectPr"));
      if (i >= 0 && i !== body.children.length - 1)
        errors.push("word/document.xml: w:sectPr is not the last child of w:body");
    }
  }
  for (const [name, root] of xml)
    if (/^word\/(document|header\d*|footer\d*)\.xml$/.test(name)) checkWordprocessing(name, root, errors);
  return errors;
}

import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { checkDocx } from "../support/docx-check.ts";

// The DOCX checker sees each failure it claims to cover, on a small package built by hand in the
// shape Word writes (content types, package rels, a document with a table and a section).

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const parts = (): Record<string, string> => ({
  "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
  "word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${R}/hyperlink" Target="https://quangnam.gov.vn" TargetMode="External"/></Relationships>`,
  "word/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}/>`,
  "word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${W}><w:body><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Mã</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr/></w:body></w:document>`,
});

async function pack(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array" });
}

describe("checkDocx", () => {
  it("passes a well-formed package", async () => {
    expect(await checkDocx(await pack(parts()))).toEqual([]);
  });

  it("refuses what is not a zip", async () => {
    const errors = await checkDocx(new TextEncoder().encode("<w:document/>"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^not a zip archive/);
  });

  it("sees a part without a content type", async () => {
    const files = { ...parts(), "word/media/image1.png": "png" };
    expect(await checkDocx(await pack(files))).toEqual(["no content type for part word/media/image1.png"]);
  });

  it("sees a dangling relationship, and not an external one", async () => {
    const files = parts();
    files["word/_rels/document.xml.rels"] = (files["word/_rels/document.xml.rels"] as string).replace(
      "</Relationships>",
      `<Relationship Id="rId9" Type="${R}/footer" Target="footer1.xml"/></Relationships>`,
    );
    expect(await checkDocx(await pack(files))).toEqual([
      "word/_rels/document.xml.rels: relationship rId9 points to word/footer1.xml, which is not in the package",
    ]);
  });

  it("sees w:sectPr that is not the body's last child", async () => {
    const files = parts();
    files["word/document.xml"] = (files["word/document.xml"] as string).replace(
      "<w:sectPr/></w:body>",
      "<w:sectPr/><w:p/></w:body>",
    );
    expect(await checkDocx(await pack(files))).toEqual([
      "word/document.xml: w:sectPr is not the last child of w:body",
    ]);
  });

  it("sees a paragraph inside a run, a cell without a paragraph, and a package relationship elsewhere", async () => {
    const files = parts();
    files["word/document.xml"] = (files["word/document.xml"] as string)
      .replace("<w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r>", "<w:r><w:p/></w:r>")
      .replace("<w:tc><w:p><w:r><w:t>Mã</w:t></w:r></w:p></w:tc>", "<w:tc></w:tc>");
    files["_rels/.rels"] = (files["_rels/.rels"] as string).replace(
      'Target="word/document.xml"',
      'Target="word/styles.xml"',
    );
    expect(await checkDocx(await pack(files))).toEqual([
      "_rels/.rels: officeDocument points to word/styles.xml, not word/document.xml",
      "word/document.xml: w:p is a child of w:r, not of a body or cell",
      "word/document.xml: w:tc does not end with a w:p",
    ]);
  });

  it("sees XML that is not well-formed, and a missing content types part", async () => {
    const files = parts();
    files["word/styles.xml"] = `<w:styles ${W}><w:style></w:styles>`;
    delete files["[Content_Types].xml"];
    const errors = await checkDocx(await pack(files));
    expect(errors[0]).toMatch(/^word\/styles\.xml is not well-formed XML: /);
    expect(errors.slice(1)).toEqual(["[Content_Types].xml is missing"]);
  });
});

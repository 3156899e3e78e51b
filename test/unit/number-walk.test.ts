import { describe, expect, it } from "vitest";
import { checkNumbers, checkPage, checkSpacing, pageLinks, textBlocks } from "../support/number-walk.ts";

// The walk's rules themselves (test/e2e/number-format.test.ts applies them to every page).

const rules = (text: string, lang: "vi" | "en") =>
  checkNumbers(text, lang).map((f) => `${f.rule}: ${f.match}`);

describe("the number-format rules", () => {
  it("accepts Vietnamese numbers on a Vietnamese page and refuses English ones", () => {
    expect(rules("Tăng 7,5%; thu 23.600 tỷ đồng; 1.234.567 người; năm 2024", "vi")).toEqual([]);
    expect(rules("Tăng 7.5%", "vi")).toEqual(["vi: decimal point: 7.5"]);
    expect(rules("3,100 hộ", "vi")).toEqual(["vi: thousands comma: 3,100"]);
  });

  it("accepts English numbers on an English page and refuses Vietnamese ones", () => {
    expect(rules("Up 7.5%; revenue 23,600 billion VND; 1,234,567 people", "en")).toEqual([]);
    expect(rules("Up 7,5%", "en")).toEqual(["en: decimal comma: 7,5"]);
    expect(rules("23.600 billion VND", "en")).toEqual(["en: thousands point: 23.600"]);
  });

  it("finds a binary float artefact in either language", () => {
    expect(rules("progress 107.99999999999999", "en")).toContain("float artefact: 107.99999999999999");
    expect(rules("tăng -1,8000000000000007", "vi").some((r) => r.startsWith("float artefact"))).toBe(true);
  });

  it("leaves alone what is not a number: a licence version, a document's number, an outline number", () => {
    expect(rules("Dữ liệu được cấp phép CC BY 4.0", "vi")).toEqual([]);
    expect(rules("Tờ trình số 2.167/T-Tr-SNNPTNT-TS ngày 29/6/2024", "en")).toEqual([]);
    expect(rules("STT in văn bản: 3.3. Đề mục 3 và các nhiệm vụ 3.1, 3.2", "vi")).toEqual([]);
  });

  it("reads a quote marked lang=vi on an English page by the Vietnamese rules", () => {
    const html = `<html lang="en"><body><p>Target 23,600 billion VND</p><blockquote lang="vi">đạt 23.600 tỷ đồng, tăng 7,5%</blockquote></body></html>`;
    expect(checkPage(html, "en")).toEqual([]);
    const wrong = `<html lang="en"><body><p>Target 23.600 billion VND</p></body></html>`;
    expect(checkPage(wrong, "en").map((f) => f.match)).toEqual(["23.600"]);
  });

  it("reads a Vietnamese quotation inside English text by the Vietnamese rules, not an English one", () => {
    expect(checkPage(`<p>Assumption: "mở rộng khoảng 10.000-20.000 ha": không rõ</p>`, "en")).toEqual([]);
    expect(checkPage(`<p>Assumption: "about 10.000 ha"</p>`, "en").map((f) => f.match)).toEqual(["10.000"]);
    expect(checkPage(`<p>Dữ liệu được cấp phép Creative Commons Ghi công 4.0 Quốc tế</p>`, "vi")).toEqual([]);
  });

  it("reads titles and labels, skips code samples, and wants a thousands separator in number cells", () => {
    expect(checkPage(`<p title="7.5%">x</p>`, "vi").map((f) => f.match)).toEqual(["7.5"]);
    expect(checkPage(`<p>CSV: <code>23600, 7.5</code></p>`, "vi")).toEqual([]);
    expect(checkPage(`<table><tr><td class="num">12407</td></tr></table>`, "vi").map((f) => f.rule)).toEqual([
      "number without thousands separator",
    ]);
  });

  it("follows page links of the same site, not downloads, images or the API", () => {
    const html = `<a href="/vi/chi-tieu/x">a</a><a href="/du-lieu/chitieu.csv">b</a><a href="/vi/chi-tieu/x.svg">c</a><a href="https://example.org/">d</a><a href="/api/v1/docs">e</a><a href="/vi/du-lieu" download>f</a>`;
    expect(pageLinks(html, "http://h/vi")).toEqual(["/vi/chi-tieu/x"]);
  });
});

describe("the spacing rules (issue #17 item 7)", () => {
  const spacing = (html: string) => checkSpacing(html).map((f) => `${f.rule}: ${f.match}`);

  it("reads inline elements joined as the browser shows them, and blocks apart", () => {
    expect(textBlocks('<p>1.000 <span class="u">tỷ đồng</span><span>(Năm 2024)</span></p>')).toEqual([
      "1.000 tỷ đồng(Năm 2024)",
    ]);
    expect(textBlocks("<table><tr><th>Đơn vị tính</th><td>(Năm 2024)</td></tr></table>")).toEqual([
      "Đơn vị tính",
      "(Năm 2024)",
    ]);
    expect(textBlocks('<svg><text>tỷ đồng</text><text>(2024)</text></svg><p title="Nhóm">x</p>')).toEqual([
      "tỷ đồng",
      "(2024)",
      "Nhóm",
      "x",
    ]);
  });

  it("refuses a letter right before a parenthesis, and a doubled word", () => {
    expect(spacing("<p>300 tỷ đồng<span>(Năm 2024)</span></p>")).toEqual(["no space before (: g("]);
    expect(spacing("<h2>Nhóm nhóm chỉ tiêu kinh tế</h2>")).toEqual(["doubled word: Nhóm nhóm"]);
    expect(spacing('<p aria-label="các các chỉ tiêu">x</p>')).toEqual(["doubled word: các các"]);
  });

  it("accepts a spaced parenthesis, a number before one, reduplication, and the same word in two cells", () => {
    expect(spacing("<p>300 tỷ đồng (Năm 2024); 7,5%(ước)</p>")).toEqual([]);
    expect(spacing("<p>tăng dần dần qua các năm</p>")).toEqual([]);
    expect(spacing("<tr><td>Năm</td><td>Năm 2024</td></tr>")).toEqual([]);
    expect(spacing("<p>x</p><code>f(x)</code>")).toEqual([]);
  });
});

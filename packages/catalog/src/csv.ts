import Papa from "papaparse";

// The catalog's CSV reader, also the tests' (one configuration of PapaParse, the stack's parser).
// The catalog's files are read whole, so PapaParse's whole-text mode is used: on the csv-spectrum
// cases it gives every value (csv.test.ts), and a stray or unterminated quote is reported as a
// problem with its row, never absorbed silently. Uploaded spreadsheets are read by the importer's
// own streaming parser instead (packages/importer/src/csv-reader.ts; README "CSV parsers" says why).

export interface CsvText {
  /** the header row */
  fields: string[];
  /** one object per record, keyed by the header */
  rows: Record<string, string>[];
  /** "dòng/row N: Vietnamese / English" for every problem, N the row a spreadsheet shows (header 1) */
  problems: string[];
}

const VI: Record<string, string> = {
  InvalidQuotes: "có ký tự sau dấu ngoặc kép đóng ô (dấu ngoặc kép lạc)",
  MissingQuotes: "ô mở dấu ngoặc kép mà không đóng",
  UndetectableDelimiter: "không nhận ra dấu phân cách",
  TooFewFields: "ít cột hơn dòng tiêu đề",
  TooManyFields: "nhiều cột hơn dòng tiêu đề",
};

/** RFC 4180 text with a header row (a leading byte-order mark is dropped); blank lines are skipped. */
export function parseCsvText(text: string): CsvText {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
  });
  // PapaParse counts a quote error's row among all rows, a field-count error's among the records
  // after the header: both as the row number a spreadsheet shows
  const problems = parsed.errors.map(
    (e) =>
      `dòng/row ${(e.row ?? 0) + (e.type === "Quotes" ? 1 : 2)}: ${VI[e.code] ?? "lỗi CSV"} / ${e.message}`,
  );
  return { fields: parsed.meta.fields ?? [], rows: parsed.data, problems };
}

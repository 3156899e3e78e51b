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
  /** "row N: message" for every problem, N the row number a spreadsheet shows (the header is 1) */
  problems: string[];
}

/** RFC 4180 text with a header row (a leading byte-order mark is dropped); blank lines are skipped. */
export function parseCsvText(text: string): CsvText {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
  });
  // PapaParse counts a quote error's row among all rows, a field-count error's among the records
  // after the header: both as the row number a spreadsheet shows
  const problems = parsed.errors.map(
    (e) => `row ${(e.row ?? 0) + (e.type === "Quotes" ? 1 : 2)}: ${e.message}`,
  );
  return { fields: parsed.meta.fields ?? [], rows: parsed.data, problems };
}

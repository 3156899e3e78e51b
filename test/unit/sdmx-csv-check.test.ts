import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSdmxCsv } from "../support/sdmx-csv-check.ts";

// The checker first proves itself on the specification's own examples (SDMX-CSV 2.0.0), then on
// files that break it; our downloads are checked with it in test/integration/portal-sdmx.test.ts.
const dir = path.join(import.meta.dirname, "../fixtures/sdmx-csv");
const examples = fs.readdirSync(dir).filter((f) => f.endsWith(".csv"));
const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

describe("the SDMX-CSV 2.0.0 checker on the specification's examples", () => {
  it("has all 21 examples of the field guide", () => {
    expect(examples).toHaveLength(21);
  });

  it.each(examples)("%s passes", (file) => {
    const check = checkSdmxCsv(read(file));
    expect(check.errors).toEqual([]);
    expect(check.rows.length).toBeGreaterThan(0);
    if (file === "example-14.csv")
      expect(check.warnings).toEqual([
        'header: multi-valued column "COLLECTION.METHOD[en;fr]" but STRUCTURE declares no sub-field separator',
        'header: multi-valued column "CONTACT[]" but STRUCTURE declares no sub-field separator',
        'header: multi-valued column "CONTACT[].NAME[]" but STRUCTURE declares no sub-field separator',
      ]);
    else if (file === "example-18.csv")
      expect(check.warnings).toEqual([
        "row 2: 6 fields (the extra ones empty), the header has 5",
        "row 3: 6 fields (the extra ones empty), the header has 5",
      ]);
    else expect(check.warnings).toEqual([]);
  });

  it("reads the separator after STRUCTURE[|] (example 4: ';', values with a decimal comma)", () => {
    const check = checkSdmxCsv(read("example-04.csv"));
    expect(check.separator).toBe(";");
    expect(check.rows[0]?.[8]).toBe("12,4");
  });

  it("keeps a quoted line break inside a value (example 15)", () => {
    const check = checkSdmxCsv(read("example-15.csv"));
    expect(check.rows[0]?.[7]).toBe('<p>This is some "xhtml" with a line\nbreak</p>');
  });
});

describe("the checker refuses what the specification does not allow", () => {
  const ok = read("example-01.csv");
  it("a byte-order mark", () => {
    expect(checkSdmxCsv(`\uFEFF${ok}`).errors[0]).toMatch(/byte-order mark/);
  });
  it("the SDMX-CSV 1.0 layout (DATAFLOW first, no STRUCTURE_ID, no ACTION)", () => {
    const v1 = "DATAFLOW,DIM_1,TIME_PERIOD,OBS_VALUE\nESTAT:NA_MAIN(1.6.0),A,2014-01,12.4\n";
    expect(checkSdmxCsv(v1).errors).toEqual(['header: first column is "DATAFLOW", not STRUCTURE']);
  });
  it("an unknown action, structure type or structure id, and a short row", () => {
    const bad = ok
      .replace(",I,A,B,2014-01", ",X,A,B,2014-01")
      .replace("dataflow,ESTAT:NA_MAIN(1.6.0),I,A,B,2014-02", "flow,ESTAT-NA_MAIN,I,A,B,2014-02");
    expect(checkSdmxCsv(bad).errors).toEqual([
      'row 2: ACTION "X" is not I, A, R or D',
      'row 3: STRUCTURE "flow" is not dataflow, datastructure or dataprovision',
      'row 3: STRUCTURE_ID "ESTAT-NA_MAIN" is not AGENCY:ID(VERSION)',
    ]);
    expect(checkSdmxCsv(`${ok}dataflow,ESTAT:NA_MAIN(1.6.0),I,A\n`).errors).toEqual([
      "row 4: 4 fields, the header has 11",
    ]);
  });
  it("a multi-lingual value without its language prefix", () => {
    const bad = read("example-08.csv").replace("en:Any Value", "Any Value");
    expect(checkSdmxCsv(bad).errors).toEqual([
      'row 2: ATTR_1 value "Any Value" has no language prefix of en, fr',
    ]);
  });
});

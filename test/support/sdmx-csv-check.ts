import Papa from "papaparse";

// A checker for SDMX-CSV 2.0.0 data messages, written from the specification
// (github.com/sdmx-twg/sdmx-csv, tag v2.0.0, data-message/docs/sdmx-csv-field-guide.md; a copy of
// its examples is in test/fixtures/sdmx-csv). It checks what the field guide states:
//
// - the header row: STRUCTURE (optionally STRUCTURE[x], x the sub-field separator; the character
//   after that term is the field separator), STRUCTURE_ID, STRUCTURE_NAME with labels=name, then
//   ACTION (optional: "Information" is assumed), then SERIES_KEY and/or OBS_KEY in that order;
//   component columns unique; a multi-valued column (ID[] or ID[en;fr]) needs STRUCTURE[x];
// - every row: as many fields as the header (RFC 4180); STRUCTURE one of dataflow, datastructure,
//   dataprovision; STRUCTURE_ID AGENCY:ID(VERSION) or AGENCY:ID (non-versioned), with ": name"
//   under labels=both; ACTION one of I, A, R, D; multi-lingual values prefixed with a listed
//   language code;
// - and, given the structure (SDMX-JSON 2.0 structure message) of the dataflow: the row names that
//   dataflow, every dimension is present (in the DSD's order, then measures, then attributes, as a
//   web service should return them), coded values come from their code list, Decimal values are
//   decimals, Boolean values true/false, TIME_PERIOD is an SDMX time period agreeing with FREQ,
//   mandatory attributes are filled, no two rows share a key, no column outside the DSD.
//
// Errors break the specification; warnings are what the specification's own examples do not
// always follow (example 14 has multi-valued columns without STRUCTURE[x], example 18 a trailing
// comma on its rows).

export interface SdmxCheck {
  errors: string[];
  warnings: string[];
  separator: string;
  header: string[];
  rows: string[][];
}

const STRUCTURE_TYPES = new Set(["dataflow", "datastructure", "dataprovision"]);
const ACTIONS = new Set(["I", "A", "R", "D"]);
const ID = "[A-Za-z0-9_@$-]+";
const AGENCY = `${ID}(?:\\.${ID})*`;
const STRUCTURE_REF = new RegExp(`^(${AGENCY}):(${ID})(?:\\(([0-9A-Za-z.+-]+)\\))?(?:: .+)?$`);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** TIME_PERIOD patterns of SDMX (ObservationalTimePeriod), and which FREQ each agrees with. */
const TIME_FORMATS: Array<{ re: RegExp; freq: string[] }> = [
  { re: /^\d{4}$/, freq: ["A"] },
  { re: /^\d{4}-A1$/, freq: ["A"] },
  { re: /^\d{4}-S[12]$/, freq: ["S"] },
  { re: /^\d{4}-T[1-3]$/, freq: ["T"] },
  { re: /^\d{4}-Q[1-4]$/, freq: ["Q"] },
  { re: /^\d{4}-M(0[1-9]|1[0-2])$/, freq: ["M"] },
  { re: /^\d{4}-(0[1-9]|1[0-2])$/, freq: ["M"] },
  { re: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, freq: ["W"] },
  { re: /^\d{4}-D(00[1-9]|0[1-9]\d|[12]\d\d|3[0-5]\d|36[0-6])$/, freq: ["D"] },
  { re: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, freq: ["D", "B"] },
  // a time range: start date (or date-time) and an ISO 8601 duration; no single frequency
  {
    re: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?\/P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
    freq: ["*range"],
  },
];

/** The parts of an SDMX-JSON 2.0 structure message the checker reads. */
export interface StructureMessage {
  data: {
    dataStructures: Array<{
      id: string;
      agencyID: string;
      version: string;
      dataStructureComponents: {
        dimensionList: {
          dimensions: Array<Component & { position?: number }>;
          timeDimension?: Component;
        };
        measureList?: { measures: Array<Component & { usage?: string }> };
        attributeList?: { attributes: Array<Component & { usage?: string }> };
      };
    }>;
    dataflows: Array<{ id: string; agencyID: string; version: string; structure: string }>;
    codelists?: Array<{ id: string; agencyID: string; version: string; codes: Array<{ id: string }> }>;
  };
}
interface Component {
  id: string;
  localRepresentation?: { enumeration?: string; format?: { dataType?: string } };
}

/** The RFC 4180 records of a text, with the separator the STRUCTURE header term announces. */
function records(text: string, errors: string[]): { separator: string; rows: string[][] } {
  const m = /^STRUCTURE(\[[^\]]*\])?(.)/.exec(text);
  const separator = m?.[2] ?? ",";
  const parsed = Papa.parse<string[]>(text, { delimiter: separator, skipEmptyLines: true });
  for (const e of parsed.errors) errors.push(`CSV: row ${(e.row ?? 0) + 1}: ${e.message}`);
  return { separator, rows: parsed.data };
}

export function checkSdmxCsv(text: string, structure?: StructureMessage): SdmxCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (text.charCodeAt(0) === 0xfeff)
    errors.push("starts with a byte-order mark: the first header must be STRUCTURE");
  const { separator, rows: all } = records(text, errors);
  const [header = [], ...rows] = all;
  const result = { errors, warnings, separator, header, rows };

  // --- header
  const first = /^STRUCTURE(?:\[(.?)\])?$/.exec(header[0] ?? "");
  if (!first) {
    errors.push(`header: first column is "${header[0] ?? ""}", not STRUCTURE`);
    return result;
  }
  const subSeparator = first[1] || null;
  if (header[1] !== "STRUCTURE_ID") errors.push(`header: second column is "${header[1]}", not STRUCTURE_ID`);
  let col = 2;
  const labelsName = header[col] === "STRUCTURE_NAME";
  if (labelsName) col++;
  const actionCol = header[col] === "ACTION" ? col++ : -1;
  if (header[col] === "SERIES_KEY") col++;
  if (header[col] === "OBS_KEY") col++;
  for (const special of ["STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "SERIES_KEY", "OBS_KEY"])
    if (header.slice(col).some((h) => h === special))
      errors.push(
        `header: ${special} is out of its place (STRUCTURE, STRUCTURE_ID, ACTION, SERIES_KEY, OBS_KEY)`,
      );
  const components = header.slice(col).map((h, k) => {
    const id = /^([^\s[:]+)/.exec(h)?.[1] ?? h;
    const bracket = /\[([^\]]*)\]$/.exec(h.split(": ")[0] ?? h);
    return { index: col + k, raw: h, id, bracket: bracket ? bracket[1] : null };
  });
  const seen = new Set<string>();
  for (const c of components) {
    if (seen.has(c.raw)) errors.push(`header: column "${c.raw}" appears twice`);
    seen.add(c.raw);
    if (c.bracket !== null && !subSeparator)
      warnings.push(`header: multi-valued column "${c.raw}" but STRUCTURE declares no sub-field separator`);
  }

  // --- rows
  rows.forEach((r, i) => {
    const where = `row ${i + 2}`;
    if (r.length > header.length && r.slice(header.length).every((x) => x === "")) {
      // RFC 4180: each line "should" have the header's number of fields; example 18 has a trailing comma
      warnings.push(`${where}: ${r.length} fields (the extra ones empty), the header has ${header.length}`);
      r.length = header.length;
    }
    if (r.length !== header.length) {
      errors.push(`${where}: ${r.length} fields, the header has ${header.length}`);
      return;
    }
    if (!STRUCTURE_TYPES.has(r[0] ?? ""))
      errors.push(`${where}: STRUCTURE "${r[0]}" is not dataflow, datastructure or dataprovision`);
    if (!STRUCTURE_REF.test(r[1] ?? ""))
      errors.push(`${where}: STRUCTURE_ID "${r[1]}" is not AGENCY:ID(VERSION)`);
    if (actionCol >= 0 && !ACTIONS.has(r[actionCol] ?? ""))
      errors.push(`${where}: ACTION "${r[actionCol]}" is not I, A, R or D`);
    for (const c of components) {
      const v = r[c.index] ?? "";
      if (!c.bracket || !v || !subSeparator) continue;
      const langs = c.bracket.split(subSeparator).filter(Boolean);
      if (langs.length)
        for (const part of v.split(subSeparator))
          if (!langs.some((l) => part.startsWith(`${l}:`)))
            errors.push(`${where}: ${c.id} value "${part}" has no language prefix of ${langs.join(", ")}`);
    }
  });

  if (structure) checkAgainstStructure(result, components, structure);
  return result;
}

function checkAgainstStructure(
  result: SdmxCheck,
  components: Array<{ index: number; raw: string; id: string }>,
  structure: StructureMessage,
): void {
  const { errors, rows } = result;
  const flow = structure.data.dataflows[0];
  const dsd = structure.data.dataStructures[0];
  if (!flow || !dsd) {
    errors.push("structure: no dataflow or data structure");
    return;
  }
  const flowRef = `${flow.agencyID}:${flow.id}(${flow.version})`;
  const dsdUrn = `=${dsd.agencyID}:${dsd.id}(${dsd.version})`;
  if (!flow.structure.endsWith(dsdUrn))
    errors.push(`structure: dataflow ${flowRef} does not use ${dsdUrn.slice(1)}`);
  const c = dsd.dataStructureComponents;
  const dims = [...c.dimensionList.dimensions].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const time = c.dimensionList.timeDimension;
  const dimensions = time ? [...dims, time] : dims;
  const measures = c.measureList?.measures ?? [];
  const attributes = c.attributeList?.attributes ?? [];
  const all = [...dimensions, ...measures, ...attributes];
  const codes = new Map<string, Set<string>>();
  for (const cl of structure.data.codelists ?? [])
    codes.set(`${cl.agencyID}:${cl.id}(${cl.version})`, new Set(cl.codes.map((x) => x.id)));
  const codesOf = (comp: Component) => {
    const urn = comp.localRepresentation?.enumeration;
    if (!urn) return null;
    const ref = urn.slice(urn.indexOf("=") + 1);
    const set = codes.get(ref);
    if (!set) errors.push(`structure: ${comp.id} names code list ${ref}, which the message does not hold`);
    return set ?? new Set<string>();
  };

  const columnOf = new Map(components.map((k) => [k.id, k.index]));
  for (const k of components)
    if (!all.some((x) => x.id === k.id))
      errors.push(`header: column ${k.raw} is not a component of ${flowRef}`);
  for (const d of dimensions) if (!columnOf.has(d.id)) errors.push(`header: dimension ${d.id} is missing`);
  const order = all.filter((x) => columnOf.has(x.id)).map((x) => x.id);
  const actual = components.map((k) => k.id).filter((id) => all.some((x) => x.id === id));
  if (order.join(",") !== actual.join(","))
    errors.push(`header: components are in the order ${actual.join(",")}, the DSD's is ${order.join(",")}`);

  const keys = new Set<string>();
  rows.forEach((r, i) => {
    const where = `row ${i + 2}`;
    if (r[1] !== flowRef) errors.push(`${where}: STRUCTURE_ID "${r[1]}" is not the dataflow ${flowRef}`);
    if (r[0] !== "dataflow") errors.push(`${where}: STRUCTURE "${r[0]}" but ${flowRef} is a dataflow`);
    const value = (id: string) => {
      const k = columnOf.get(id);
      return k === undefined ? undefined : (r[k] ?? "");
    };
    for (const comp of all) {
      const v = value(comp.id);
      if (v === undefined) continue;
      const isDim = dimensions.includes(comp);
      if (v === "") {
        if (isDim) errors.push(`${where}: dimension ${comp.id} is empty`);
        else if ((comp as { usage?: string }).usage === "mandatory")
          errors.push(`${where}: mandatory attribute ${comp.id} is empty`);
        continue;
      }
      const set = codesOf(comp);
      if (set && !set.has(v)) errors.push(`${where}: ${comp.id} "${v}" is not a code of its code list`);
      const type = comp.localRepresentation?.format?.dataType;
      if (type === "Decimal" && !DECIMAL.test(v)) errors.push(`${where}: ${comp.id} "${v}" is not a decimal`);
      if (type === "Boolean" && v !== "true" && v !== "false")
        errors.push(`${where}: ${comp.id} "${v}" is not true or false`);
    }
    if (time) {
      const tp = value(time.id) ?? "";
      const freq = value("FREQ");
      const format = TIME_FORMATS.find((f) => f.re.test(tp));
      if (!format) errors.push(`${where}: TIME_PERIOD "${tp}" is not an SDMX time period`);
      else if (freq !== undefined && !format.freq.includes(freq) && !format.freq.includes("*range"))
        errors.push(`${where}: TIME_PERIOD "${tp}" does not agree with FREQ "${freq}"`);
    }
    if (measures.length && measures.every((m) => !value(m.id)))
      errors.push(`${where}: no measure has a value`);
    const key = dimensions.map((d) => value(d.id)).join(".");
    if (keys.has(key)) errors.push(`${where}: key ${key} appears twice`);
    keys.add(key);
  });
}

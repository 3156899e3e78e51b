import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import { checkSdmxCsv, type StructureMessage } from "../support/sdmx-csv-check.ts";
import { sdmxJsonStructureErrors } from "../support/sdmx-json-schema.ts";

// The SDMX-CSV 2.0.0 downloads of the built app against the checker written from the
// specification (itself tested on the specification's examples, test/unit/sdmx-csv-check.test.ts)
// and against the structure definition the portal serves.
let demo: DemoApp;
let url: string;
let structure: StructureMessage;
const SDMX = "application/vnd.sdmx.data+csv;version=2.0.0";

beforeAll(async () => {
  demo = await startDemoApp("chitieu-sdmx-");
  url = demo.server.url;
  structure = (await (await fetch(`${url}/du-lieu/chitieu.dsd.json`)).json()) as StructureMessage;
}, 300_000); // a fresh database with the catalog and demo data: slow on a loaded machine

afterAll(async () => {
  await demo?.stop();
});

const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

describe(`SDMX-CSV 2.0.0 on ${testEngine()}`, () => {
  it("serves the structure definition at a stable address, linked from the data page", async () => {
    const r = await fetch(`${url}/du-lieu/chitieu.dsd.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/vnd.sdmx.structure+json; version=2.0.0");
    expect(sdmxJsonStructureErrors(structure)).toEqual([]);
    expect(structure.data.dataflows[0]).toMatchObject({
      agencyID: "CHITIEU",
      id: "DF_TARGETS",
      version: "1.0.0",
    });
    const units = structure.data.codelists?.find((c) => c.id === "CL_UNIT")?.codes.map((c) => c.id);
    expect(units).toEqual(expect.arrayContaining(["VND", "PT", "HA", "PS", "HH"]));
    for (const page of ["/vi/du-lieu", "/en/data"])
      expect(await (await fetch(`${url}${page}`)).text(), page).toContain('href="/du-lieu/chitieu.dsd.json"');
  });

  it("the dataset file passes the checker and the structure definition: no BOM, FREQ, codes, exact values", async () => {
    const r = await fetch(`${url}/du-lieu/chitieu.sdmx.csv`);
    expect(r.headers.get("content-type")).toBe("application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8");
    expect(r.headers.get("link")).toBe('</du-lieu/chitieu.dsd.json>; rel="describedby"');
    const body = await bytes(r);
    expect([...body.slice(0, 9)]).toEqual([..."STRUCTURE"].map((c) => c.charCodeAt(0)));
    const text = new TextDecoder().decode(body);
    const check = checkSdmxCsv(text, structure);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.rows.length).toBeGreaterThan(100);
    const col = (name: string) => check.header.indexOf(name);
    // budget revenue is in tỷ đồng: VND with UNIT_MULT 9, the value as the API stores it
    const api = (await (await fetch(`${url}/api/v1/public/indicators/qnam24-budget-revenue`)).json()) as {
      observations: Array<{ orgUnit: string; period: string; basis: string; value: string }>;
    };
    const revenue = check.rows.filter((row) => row[col("INDICATOR")] === "qnam24-budget-revenue");
    expect(revenue).toHaveLength(api.observations.length);
    for (const row of revenue) {
      expect(row[col("UNIT_MEASURE")]).toBe("VND");
      expect(row[col("UNIT_MULT")]).toBe("9");
    }
    for (const o of api.observations)
      expect(
        revenue.some(
          (row) =>
            row[col("REF_AREA")] === o.orgUnit &&
            row[col("BASIS")] === (o.basis === "ytd" ? "YTD" : "PERIOD") &&
            row[col("OBS_VALUE")] === o.value,
        ),
        `${o.orgUnit} ${o.period} ${o.value}`,
      ).toBe(true);
    const periods = new Set(check.rows.map((row) => `${row[col("FREQ")]} ${row[col("TIME_PERIOD")]}`));
    expect([...periods].some((p) => /^M \d{4}-M\d\d$/.test(p))).toBe(true);
    expect([...periods].some((p) => /^A \d{4}$/.test(p))).toBe(true);
    expect(text).not.toContain("tỷ đồng");
  });

  it("each indicator's file passes too", async () => {
    const list = (await (await fetch(`${url}/api/v1/public/indicators`)).json()) as {
      indicators: Array<{ code: string }>;
    };
    for (const { code } of list.indicators) {
      const text = await (await fetch(`${url}/du-lieu/chi-tieu/${code}.sdmx.csv`)).text();
      const check = checkSdmxCsv(text, structure);
      expect(check.errors, code).toEqual([]);
    }
  });

  it("a consumer asking with the SDMX Accept header gets SDMX-CSV at the .csv address; others the Excel CSV", async () => {
    const sdmx = await fetch(`${url}/du-lieu/chitieu.csv`, { headers: { accept: SDMX } });
    expect(sdmx.status).toBe(200);
    expect(sdmx.headers.get("content-type")).toContain("application/vnd.sdmx.data+csv");
    expect(sdmx.headers.get("vary")).toContain("accept");
    const text = await sdmx.text();
    expect(text.startsWith("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,")).toBe(true);
    expect(checkSdmxCsv(text, structure).errors).toEqual([]);
    expect(text).toBe(await (await fetch(`${url}/du-lieu/chitieu.sdmx.csv`)).text());

    // the same address without it (or with text/csv): the Excel-friendly file, BOM and all
    for (const accept of [undefined, "text/csv", "*/*"]) {
      const r = await fetch(`${url}/du-lieu/chitieu.csv`, accept ? { headers: { accept } } : {});
      const b = await bytes(r);
      expect([...b.slice(0, 3)], String(accept)).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(b.slice(3)).startsWith("indicator_code,indicator_name_vi,")).toBe(true);
    }
    // and one indicator's .csv negotiates as well, after the cache holds the Excel one
    const excel = await fetch(`${url}/du-lieu/chi-tieu/qnam24-forest-cover.csv`);
    expect((await excel.text()).startsWith("indicator_code,")).toBe(true);
    const one = await fetch(`${url}/du-lieu/chi-tieu/qnam24-forest-cover.csv`, {
      headers: { accept: "text/csv;q=0.5, application/vnd.sdmx.data+csv; version=2.0.0" },
    });
    expect((await one.text()).startsWith("STRUCTURE,")).toBe(true);
    const preferCsv = await fetch(`${url}/du-lieu/chi-tieu/qnam24-forest-cover.csv`, {
      headers: { accept: "text/csv, application/vnd.sdmx.data+csv; version=2.0.0; q=0.5" },
    });
    expect((await preferCsv.text()).startsWith("indicator_code,")).toBe(true);
  });
});

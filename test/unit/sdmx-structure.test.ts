import { UNITS } from "@chitieu/domain";
import { describe, expect, it } from "vitest";
import { sdmxStructure } from "../../apps/web/src/lib/portal/sdmx.ts";
import { sdmxJsonStructureErrors } from "../support/sdmx-json-schema.ts";

// The project's data structure definition against the SDMX-JSON 2.0.0 structure message schema.
const structure = sdmxStructure({
  indicators: [
    { code: "qnam24-budget-revenue", nameVi: "Thu ngân sách trên địa bàn", nameEn: "Budget revenue" },
    { code: "qnam24-forest-cover", nameVi: "Tỷ lệ che phủ rừng", nameEn: null },
  ],
  orgUnits: [
    { code: "p49", nameVi: "Tỉnh Quảng Nam" },
    { code: "p51", nameVi: "Tỉnh Quảng Ngãi" },
  ],
  prepared: "2024-12-31T00:00:00.000Z",
});

describe("the SDMX structure definition", () => {
  it("is a valid SDMX-JSON 2.0.0 structure message", () => {
    expect(sdmxJsonStructureErrors(structure)).toEqual([]);
  });

  it("the schema check can fail: a code list without codes' ids, an id with a space", () => {
    const broken = structuredClone(structure);
    (broken.data.codelists[0]?.codes[0] as { id?: string }).id = "A B";
    broken.meta.id = "DSD 1";
    expect(sdmxJsonStructureErrors(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/meta\/id: must match pattern/),
        expect.stringMatching(/^\/data\/codelists\/0\/codes\/0\/id: must match pattern/),
      ]),
    );
  });

  it("lists every UNIT_MEASURE and UNIT_MULT the unit registry can give, once", () => {
    const codes = (id: string) =>
      structure.data.codelists.find((c) => c.id === id)?.codes.map((c) => c.id) ?? [];
    expect(new Set(codes("CL_UNIT"))).toEqual(new Set(UNITS.map((u) => u.sdmx.unitMeasure)));
    expect(codes("CL_UNIT").length).toBe(new Set(codes("CL_UNIT")).size);
    expect(new Set(codes("CL_UNIT_MULT"))).toEqual(new Set(UNITS.map((u) => String(u.sdmx.unitMult))));
    expect(codes("CL_FREQ")).toEqual(["A", "S", "Q", "M", "_O"]);
    expect(codes("CL_OBS_STATUS")).toEqual(["A", "P", "E"]);
  });
});

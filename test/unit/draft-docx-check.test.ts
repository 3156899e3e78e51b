import { buildReportDraft, type DraftInput } from "@chitieu/domain";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { renderDocx } from "../../apps/api/src/services/report/render-docx.ts";
import { checkDocx } from "../support/docx-check.ts";

// The draft's DOCX writer, without a database: the package it writes passes the schema-level
// check, and the check still fails once the writer's package is broken after the fact.

const input: DraftInput = {
  orgUnit: { code: "p49", nameVi: "Tỉnh Quảng Nam" },
  period: "2024",
  today: "2025-01-20",
  indicators: [
    {
      code: "qnam24-forest-cover",
      nameVi: "Tỷ lệ che phủ rừng",
      nameEn: "Forest cover",
      category: "environment",
      unit: "%",
      leadAgency: "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Nam",
      evaluation: {
        status: "exceeded",
        basedOnEstimate: false,
        label: { vi: "Vượt", en: "Exceeded" },
        explanation: { vi: "Năm 2024 đạt 59,1%; chỉ tiêu 58,92%", en: "2024: 59.1%; target 58.92%" },
        figures: { actual: "59.1", actualPeriod: "2024", progress: null, changeVsLastYear: null },
      },
      figure: { status: "official", batchId: 3, fileName: "qnam-kt-xh-2024.xlsx" },
      illustrative: true,
      lastYear: { value: "58.5", status: "preliminary", period: "2023" },
      explanation: null,
    },
  ],
  overdueTasks: [],
  compliance: [],
  directions: [],
};

describe("the draft DOCX", () => {
  it("passes the schema-level check, and fails it with a part taken out", async () => {
    const buf = await renderDocx(buildReportDraft(input, "vi"));
    expect(await checkDocx(buf)).toEqual([]);
    // the same package with its styles part taken out: the relationship to it now dangles
    const zip = await JSZip.loadAsync(buf);
    zip.remove("word/styles.xml");
    expect(await checkDocx(await zip.generateAsync({ type: "uint8array" }))).toEqual([
      expect.stringMatching(
        /^word\/_rels\/document\.xml\.rels: relationship \w+ points to word\/styles\.xml, which is not in the package$/,
      ),
    ]);
  });
});

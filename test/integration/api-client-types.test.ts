import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createApp, servicesFromHandle } from "@chitieu/api";
import { createTestDatabase } from "@chitieu/storage/testing";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";

// Issue #14: "a TypeScript client generated from [the document] type-checks against a script that
// reads fields of the scorecard, indicators and tasks without casts". The types are generated
// here with openapi-typescript from the served document, and tsc checks a reader that would not
// compile if any of these fields were `unknown` (an open record) or missing.

const READER = `import type { paths } from "./api.ts";

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer B } } };
}
  ? B
  : never;

export function readScorecard(card: Ok<"/scorecard", "get">): string {
  const share: number = card.summary.achievedOrExceeded / Math.max(card.summary.judged, 1);
  const estimate: boolean = card.summary.basedOnEstimate;
  return \`\${card.orgUnit.code} \${card.orgUnit.nameVi} \${card.asOf} \${share} \${estimate} \${card.rows.length}\`;
}

export function readIndicators(list: Ok<"/indicators", "get">): string[] {
  return list.items.map((i) => {
    const published: boolean = i.published;
    const decimals: number = i.decimals;
    return \`\${i.code} \${i.nameVi} \${i.unit} \${i.direction} \${published} \${decimals} \${i.parentCode ?? ""}\`;
  });
}

export function readTasks(list: Ok<"/tasks", "get">): string[] {
  const total: number = list.total;
  return list.items.map((t) => {
    const due: string | null = t.deadline.due;
    const soon: boolean = t.dueSoon;
    const lead = t.leads.map((l) => l.nameVi).join(", ");
    return \`\${total} \${t.code} \${t.textVi} \${t.status} \${t.document.code} \${due} \${soon} \${lead}\`;
  });
}
`;

describe("a client generated from the document", () => {
  it("reads the scorecard, indicators and tasks with no cast, and tsc accepts it", async () => {
    const t = await createTestDatabase();
    let doc: unknown;
    try {
      const app = createApp({ services: servicesFromHandle(t), log: () => {} });
      doc = await (await app.request("/api/v1/openapi.json")).json();
    } finally {
      await t.drop();
    }
    const dir = fs.mkdtempSync(path.join(import.meta.dirname, ".client-"));
    try {
      fs.writeFileSync(path.join(dir, "api.ts"), astToString(await openapiTS(doc as never)));
      fs.writeFileSync(path.join(dir, "reader.ts"), READER);
      expect(READER).not.toMatch(/\bas\b|any|unknown/);
      const tsc = path.resolve(import.meta.dirname, "../../node_modules/typescript/bin/tsc");
      const r = spawnSync(
        process.execPath,
        [
          tsc,
          "--noEmit",
          "--strict",
          "--target",
          "es2022",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--allowImportingTsExtensions",
          "--skipLibCheck",
          path.join(dir, "reader.ts"),
        ],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(`${r.stdout}${r.stderr}`).toBe("");
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { loadDemoData } from "@chitieu/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api-client.ts";
import { FLOAT_ARTEFACT } from "../support/number-walk.ts";

// Issue #17 item 4, "machine formats carry exact decimal strings, never a binary float": every
// GET of the public API (read from the OpenAPI document, so a new endpoint is walked too) over
// the demo data, every published indicator, every org unit with a target and as-of periods
// through 2023–2024. Any JSON number that is not an integer fails, any decimal-looking text with
// a float's tail ("107.99999999999999", "0.30000000000000004") fails, and every derived figure
// is a string with at most its documented decimals (percents 2, amounts the indicator's + 2).

let api: TestApi;
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are walked field by field
type Json = any;

const PERCENT = ["progress", "expected", "sameTimeLastYearShare"] as const;
const AMOUNT = [
  "forecast",
  "sameTimeLastYear",
  "changeVsLastYear",
  "pathValue",
  "achievedSoFar",
  "stillRequired",
];
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface Finding {
  url: string;
  where: string;
  what: string;
}
const findings: Finding[] = [];
const seen = new Map<string, number>();
const walked: string[] = [];

const decimalsOf = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);

/** Every number and every decimal-looking string in a JSON answer. */
function walk(url: string, value: Json, where: string): void {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) findings.push({ url, where, what: `a non-integer JSON number ${value}` });
    return;
  }
  if (typeof value === "string") {
    if (FLOAT_ARTEFACT.test(value))
      findings.push({ url, where, what: `a float artefact in "${value.slice(0, 80)}"` });
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(url, v, `${where}[${i}]`);
    return;
  }
  if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) walk(url, v, `${where}.${k}`);
}

/** The derived figures of a scorecard row: strings, exact, at their documented decimals. */
function checkFigures(url: string, row: Json): void {
  const f = row.figures ?? row.evaluation?.figures ?? {};
  const decimals: number = row.indicator.decimals;
  const code: string = row.indicator.code;
  for (const k of [...PERCENT, ...AMOUNT]) {
    const v = f[k];
    if (v === undefined || v === null) continue;
    seen.set(k, (seen.get(k) ?? 0) + 1);
    if (typeof v !== "string" || !DECIMAL.test(v)) {
      findings.push({ url, where: `${code}.${k}`, what: `not a decimal string: ${JSON.stringify(v)}` });
      continue;
    }
    const max = (PERCENT as readonly string[]).includes(k)
      ? 2
      : Math.max(decimals + 2, decimalsOf(f.actual ?? ""));
    if (decimalsOf(v) > max)
      findings.push({ url, where: `${code}.${k}`, what: `${v}: more than ${max} decimals` });
    if (/\.\d*0$/.test(v) || v === "-0")
      findings.push({ url, where: `${code}.${k}`, what: `${v}: not trimmed` });
  }
}

async function get(path: string, statuses = [200]): Promise<Json> {
  const r = await api.call(null, "GET", path);
  expect(statuses, path).toContain(r.status);
  if (r.status !== 200) return null;
  const body = await r.json();
  walked.push(path);
  walk(path, body, "$");
  return body;
}

beforeAll(async () => {
  api = await startTestApi();
  await loadDemoData(api.t.db);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("the public API carries exact decimal strings, never a binary float", () => {
  it("walks every public GET over the demo data", async () => {
    const doc = (await (await api.call(null, "GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const publicGets = Object.entries(doc.paths)
      .filter(([p, ops]) => p.startsWith("/public/") && ops.get)
      .map(([p]) => p)
      .sort();
    // the endpoints this walk knows how to fill in; a new one must be added here
    expect(publicGets).toEqual([
      "/public/explanations",
      "/public/indicators",
      "/public/indicators/{code}",
      "/public/indicators/{code}/tasks",
      "/public/lineage/{code}/{orgUnit}/{asOf}",
      "/public/scorecard",
      "/public/version",
    ]);

    await get("/api/v1/public/version");
    const list = await get("/api/v1/public/indicators");
    expect(list.indicators.length).toBeGreaterThan(20);
    const asOf = new Set<string>();

    for (const i of list.indicators as Json[]) {
      await get(`/api/v1/public/indicators/${encodeURIComponent(i.code)}`);
      await get(`/api/v1/public/indicators/${encodeURIComponent(i.code)}/tasks`);
      for (const target of i.targets as Json[])
        for (const y of ["2023", "2024"])
          for (const p of ["-03", "-Q1", "-H1", "-09", "-9M", ""]) asOf.add(`${target.orgUnitCode}|${y}${p}`);
    }
    await get("/api/v1/public/explanations");
    let lineages = 0;
    for (const k of asOf) {
      const [unit, period] = k.split("|");
      const card = await get(`/api/v1/public/scorecard?orgUnit=${unit}&asOf=${period}`);
      for (const row of card.rows as Json[]) {
        checkFigures(`scorecard ${unit} ${period}`, row);
        // the lineage of the verdicts of the year's last quarter: the figures behind them
        if (period === "2024-09") {
          const path = `/api/v1/public/lineage/${encodeURIComponent(row.indicator.code)}/${unit}/${period}`;
          if ((await get(path, [200, 404])) !== null) lineages++;
        }
      }
    }

    expect(findings).toEqual([]);
    // the walk reached the derived figures it is about: it cannot pass on empty answers
    expect(walked.length).toBeGreaterThan(100);
    expect(lineages).toBeGreaterThan(10);
    expect(seen.get("progress") ?? 0).toBeGreaterThan(50);
    expect(seen.get("expected") ?? 0).toBeGreaterThan(20);
    expect(seen.get("changeVsLastYear") ?? 0).toBeGreaterThan(5);
    expect(seen.get("sameTimeLastYear") ?? 0).toBeGreaterThan(5);
  }, 600_000);

  it("the app's own scorecard API carries the same strings", async () => {
    // every scorecard row seen above: progress strings only, some with decimals, none longer
    // than two; the internal scorecard (the app's API) carries the same strings
    await api.addUser("lanhdao@x.vn", "leader");
    const leader = await api.signIn("lanhdao@x.vn");
    const r = await api.call(leader, "GET", "/api/v1/scorecard?orgUnit=p49&asOf=2024-09");
    expect(r.status).toBe(200);
    const card = (await r.json()) as Json;
    walk("/api/v1/scorecard", card, "$");
    const progress = (card.rows as Json[])
      .map((row) => row.evaluation.figures.progress)
      .filter((p) => p !== null);
    expect(progress.length).toBeGreaterThan(2);
    for (const p of progress) expect(p).toMatch(/^-?\d+(\.\d{1,2})?$/);
    for (const row of card.rows as Json[]) checkFigures("/api/v1/scorecard", row);
    expect(findings).toEqual([]);
  });
});

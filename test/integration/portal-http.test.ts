import { readCatalog } from "@chitieu/catalog";
import { testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoApp, startDemoApp } from "../support/demo-app.ts";
import type { RunningServer } from "../support/server.ts";

// The public portal over HTTP, as a browser without JavaScript, a crawler or a script sees it.
let demo: DemoApp;
let server: RunningServer;

interface PublicIndicator {
  code: string;
  targets: Array<{ orgUnitCode: string }>;
  latest: { value: string } | null;
}
let published: PublicIndicator[] = [];
const unpublished = readCatalog()
  .indicators.filter((i) => !i.published)
  .map((i) => i.code);

beforeAll(async () => {
  demo = await startDemoApp("chitieu-portal-");
  server = demo.server;
  const list = (await (await fetch(`${server.url}/api/v1/public/indicators`)).json()) as {
    indicators: PublicIndicator[];
  };
  published = list.indicators;
});

afterAll(async () => {
  await demo?.stop();
});

const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, { redirect: "manual", ...init });

describe(`the public portal on ${testEngine()}`, () => {
  it("sends / to the Vietnamese home, and serves both languages with the right <html lang>", async () => {
    const root = await get("/");
    expect([301, 302, 307, 308]).toContain(root.status);
    expect(root.headers.get("location")).toBe("/vi");
    const vi = await (await get("/vi")).text();
    expect(vi).toContain('<html lang="vi"');
    const en = await (await get("/en")).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("Progress on the socio-economic development targets");
  });

  it("ships no JavaScript and has canonical, hreflang and Open Graph tags", async () => {
    for (const p of [
      "/vi",
      "/en/methods",
      "/vi/chi-tieu/qnam24-budget-revenue",
      "/vi/du-lieu",
      "/vi/van-ban",
    ]) {
      const html = await (await get(p)).text();
      expect(html, p).not.toMatch(/<script/i);
      expect(html, p).toMatch(/<link rel="canonical" href="http[^"]+"/);
      expect(html, p).toContain('hreflang="vi"');
      expect(html, p).toContain('hreflang="en"');
      expect(html, p).toMatch(/<meta property="og:title" content="[^"]+"/);
      expect(html, p).toMatch(/<main id="main"/);
      expect(html, p).toContain('href="#main"');
    }
    const page = await (await get("/vi/chi-tieu/qnam24-forest-cover")).text();
    const image = /<meta property="og:image" content="([^"]+)"/.exec(page)?.[1];
    // a PNG: social sites do not show an SVG in a link preview
    expect(image).toMatch(/\/vi\/chi-tieu\/qnam24-forest-cover\.png$/);
    const img = await fetch(image?.replace(/^https?:\/\/[^/]+/, server.url) ?? "");
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
  });

  it("answers with ETag and Cache-Control, and 304 on revalidation (pages and downloads)", async () => {
    for (const p of [
      "/vi",
      "/en/indicators/qnam24-new-jobs",
      "/du-lieu/chitieu.csv",
      "/vi/chi-tieu/qnam24-new-jobs.svg",
    ]) {
      const first = await get(p);
      expect(first.status, p).toBe(200);
      const etag = first.headers.get("etag");
      expect(etag, p).toBeTruthy();
      expect(first.headers.get("cache-control"), p).toMatch(/public, max-age=\d+/);
      const again = await get(p, { headers: { "if-none-match": etag ?? "" } });
      expect(again.status, p).toBe(304);
      expect(await again.text()).toBe("");
    }
  });

  it("shows every published indicator on its org unit's home, with figure, status and an SVG chart", async () => {
    const units = [...new Set(published.flatMap((i) => i.targets.map((t) => t.orgUnitCode)))];
    expect(units).toEqual(expect.arrayContaining(["p49", "p51"]));
    for (const unit of units) {
      const html = await (await get(`/vi?unit=${unit}`)).text();
      for (const i of published.filter((x) => x.targets.some((t) => t.orgUnitCode === unit))) {
        const start = html.indexOf(`data-indicator="${i.code}"`);
        expect(start, `${unit} ${i.code}`).toBeGreaterThan(0);
        const card = html.slice(start, html.indexOf("</article>", start));
        expect(card, i.code).toMatch(/class="status[^"]*"[^>]*>[^<]+</);
        expect(card, i.code).toMatch(/<svg[^>]+role="img"[^>]+aria-label="[^"]+"/);
      }
    }
  });

  it("serves every published indicator's page and chart images", async () => {
    for (const i of published) {
      for (const p of [
        `/vi/chi-tieu/${i.code}`,
        `/en/indicators/${i.code}`,
        `/embed/vi/${i.code}`,
        `/vi/chi-tieu/${i.code}.bullet.svg`,
      ]) {
        const r = await get(p);
        expect(r.status, p).toBe(200);
      }
      const svg = await (await get(`/en/indicators/${i.code}.bullet.svg`)).text();
      expect(svg).toMatch(/^<\?xml [^>]+>\n<svg /);
      expect(svg).toContain("Source: chitieu");
      expect(svg).toContain("ILLUSTRATIVE FIGURES");
    }
    // the same chart as a PNG for link previews: a real image with the PNG signature
    const png = await get("/vi/chi-tieu/qnam24-forest-cover.png");
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it("words a change target with the document's verb on the home and the indicator page", async () => {
    // 002: "giảm 2.900 hộ nghèo" — never "tăng" nor "thay đổi"
    for (const path of ["/vi?unit=p49", "/en?unit=p49"]) {
      const html = await (await get(path)).text();
      const start = html.indexOf('data-indicator="qnam24-poor-households"');
      expect(start, path).toBeGreaterThan(0);
      const card = html.slice(start, html.indexOf("</article>", start));
      if (path.startsWith("/vi")) {
        expect(card).toContain("giảm ít nhất 2.900 hộ");
        expect(card).not.toMatch(/tăng ít nhất|thay đổi/);
      } else {
        expect(card).toContain("down by at least 2,900");
        expect(card).not.toMatch(/up by at least/);
      }
    }
  });

  it("redirects a slug of the other language to the right one", async () => {
    const r = await get("/en/chi-tieu/qnam24-forest-cover?period=2024");
    expect(r.status).toBe(308);
    expect(r.headers.get("location")).toBe("/en/indicators/qnam24-forest-cover?period=2024");
  });

  it("reaches no unpublished indicator by any URL, download or image", async () => {
    expect(unpublished).toContain("qnam24-disbursement");
    const csv = await (await get("/du-lieu/chitieu.csv")).text();
    const sdmx = await (await get("/du-lieu/chitieu.sdmx.csv")).text();
    const json = await (await get("/du-lieu/chitieu.json")).text();
    const sitemap = await (await get("/sitemap.xml")).text();
    const home = await (await get("/vi")).text();
    const docs = await (await get("/vi/van-ban")).text();
    for (const code of unpublished) {
      for (const p of [
        `/vi/chi-tieu/${code}`,
        `/en/indicators/${code}`,
        `/vi/chi-tieu/${code}.svg`,
        `/vi/chi-tieu/${code}.bullet.svg`,
        `/vi/chi-tieu/${code}.png`,
        `/en/indicators/${code}.bullet.png`,
        `/embed/vi/${code}`,
        `/embed/en/${code}`,
        `/du-lieu/chi-tieu/${code}.csv`,
        `/du-lieu/chi-tieu/${code}.json`,
        `/du-lieu/chi-tieu/${code}.sdmx.csv`,
      ]) {
        expect((await get(p)).status, p).toBe(404);
      }
      for (const [name, body] of Object.entries({ csv, sdmx, json, sitemap, home, docs }))
        expect(body, `${name} ${code}`).not.toContain(code);
    }
  });

  it("offers the dataset as CSV with BOM, exact numbers and an illustrative column", async () => {
    const r = await get("/du-lieu/chitieu.csv");
    expect(r.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [head, ...rows] = text.trimEnd().split("\r\n");
    const cols = head?.split(",") ?? [];
    expect(cols).toEqual(
      expect.arrayContaining(["indicator_code", "period", "value", "observation_status", "illustrative"]),
    );
    const detail = (await (await get("/api/v1/public/indicators/qnam24-budget-revenue")).json()) as {
      observations: Array<{ period: string; value: string }>;
    };
    const mine = rows.filter((l) => l.startsWith("qnam24-budget-revenue,"));
    expect(mine).toHaveLength(detail.observations.length);
    expect(mine[0]).toContain("Thu ngân sách trên địa bàn");
    for (const o of detail.observations)
      expect(mine.some((l) => l.includes(`,${o.period},`) && l.includes(`,${o.value},`))).toBe(true);
    expect(mine.every((l) => l.includes(",true,"))).toBe(true);
  });

  it("offers SDMX-CSV and JSON of the dataset and of one indicator", async () => {
    const sdmx = (await (await get("/du-lieu/chitieu.sdmx.csv")).text()).split("\r\n");
    expect(sdmx[0]).toBe(
      "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,BASIS,TIME_PERIOD,OBS_VALUE,OBS_TEXT,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,ILLUSTRATIVE",
    );
    expect(
      sdmx.some((l) =>
        /^dataflow,CHITIEU:DF_TARGETS\(1\.0\.0\),I,A,p49,qnam24-forest-cover,PERIOD,2024,[\d.]+,,PT,0,[APE],true$/.test(
          l,
        ),
      ),
    ).toBe(true);
    const json = (await (await get("/du-lieu/chitieu.json")).json()) as {
      meta: { licence: string; illustrative: boolean; lastUpdated: string };
      indicators: Array<{ code: string }>;
    };
    expect(json.meta.licence).toBe("CC BY 4.0");
    expect(json.meta.illustrative).toBe(true);
    expect(json.indicators.map((i) => i.code).sort()).toEqual(published.map((i) => i.code).sort());
    const one = await (await get("/du-lieu/chi-tieu/qnam24-forest-cover.csv")).text();
    expect(one.split("\r\n").filter(Boolean).length).toBeGreaterThan(1);
  });

  it("lists every page in the sitemap with its language alternates", async () => {
    const xml = await (await get("/sitemap.xml")).text();
    for (const i of published) {
      expect(xml).toContain(`/vi/chi-tieu/${i.code}</loc>`);
      expect(xml).toContain(`/en/indicators/${i.code}</loc>`);
    }
    expect(xml).toContain('hreflang="en"');
  });

  it("prints the methods with the domain's default thresholds and links the data, dictionary, API and licence", async () => {
    const methods = await (await get("/vi/phuong-phap")).text();
    expect(methods).toContain("onTrackPoints");
    const data = await (await get("/vi/du-lieu")).text();
    for (const s of [
      "/du-lieu/chitieu.csv",
      "/du-lieu/chitieu.sdmx.csv",
      "/du-lieu/chitieu.json",
      "/api/v1/docs",
      "/api/v1/openapi.json",
      "CC BY 4.0",
      "observation_status",
    ])
      expect(data).toContain(s);
  });
});

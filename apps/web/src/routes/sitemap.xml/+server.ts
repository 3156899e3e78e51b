import { portalData } from "$lib/portal/server/data.ts";
import { originOf } from "$lib/portal/server/origin.ts";
import { urls } from "$lib/portal/urls.ts";
import type { RequestHandler } from "./$types";

// Every public page in both languages, each with its hreflang alternates.
export const GET: RequestHandler = async ({ url, fetch }) => {
  const snap = await portalData(fetch);
  const origin = originOf(url);
  const pages: Array<(lang: "vi" | "en") => string> = [
    (l) => urls.home(l),
    (l) => urls.methods(l),
    (l) => urls.documents(l),
    (l) => urls.data(l),
    ...snap.units.map((u) => (l: "vi" | "en") => urls.unit(l, u.code)),
    ...snap.indicators.map((i) => (l: "vi" | "en") => urls.indicator(l, i.code)),
  ];
  const lastmod = snap.lastUpdated ? `<lastmod>${snap.lastUpdated.slice(0, 10)}</lastmod>` : "";
  const entries = pages.flatMap((page) =>
    (["vi", "en"] as const).map(
      (lang) =>
        `<url><loc>${origin}${page(lang)}</loc>${lastmod}<xhtml:link rel="alternate" hreflang="vi" href="${origin}${page("vi")}"/><xhtml:link rel="alternate" hreflang="en" href="${origin}${page("en")}"/></url>`,
    ),
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join("\n")}\n</urlset>\n`;
  return new Response(xml, { headers: { "content-type": "application/xml; charset=utf-8" } });
};

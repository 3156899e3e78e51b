import type { Lang } from "$lib/i18n/index.ts";

// Every portal URL in one place. Vietnamese first: the Vietnamese slugs are the canonical ones,
// the English pages have their own; a slug of the other language redirects.

export const SLUGS = {
  indicators: { vi: "chi-tieu", en: "indicators" },
  units: { vi: "don-vi", en: "units" },
  methods: { vi: "phuong-phap", en: "methods" },
  documents: { vi: "van-ban", en: "documents" },
  data: { vi: "du-lieu", en: "data" },
} as const;
export type Section = keyof typeof SLUGS;

function query(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const urls = {
  home: (lang: Lang, q: { unit?: string | null; period?: string | null } = {}) => `/${lang}${query(q)}`,
  indicator: (lang: Lang, code: string, period?: string | null) =>
    `/${lang}/${SLUGS.indicators[lang]}/${encodeURIComponent(code)}${query({ period })}`,
  unit: (lang: Lang, code: string, period?: string | null) =>
    `/${lang}/${SLUGS.units[lang]}/${encodeURIComponent(code)}${query({ period })}`,
  /** issue #17: the table of every target, filtered and sorted by query parameters */
  list: (
    lang: Lang,
    q: {
      unit?: string | null;
      period?: string | null;
      status?: string | null;
      area?: string | null;
      sort?: string | null;
    } = {},
  ) => `/${lang}/${SLUGS.indicators[lang]}${query(q)}`,
  methods: (lang: Lang) => `/${lang}/${SLUGS.methods[lang]}`,
  documents: (lang: Lang) => `/${lang}/${SLUGS.documents[lang]}`,
  data: (lang: Lang) => `/${lang}/${SLUGS.data[lang]}`,
  /** the indicator's trend chart, or its bullet chart as of a period */
  chart: (lang: Lang, code: string, kind: "trend" | "bullet", ext: "svg" | "png", period?: string | null) =>
    `/${lang}/${SLUGS.indicators[lang]}/${encodeURIComponent(code)}${kind === "bullet" ? ".bullet" : ""}.${ext}${query({ period })}`,
  embed: (lang: Lang, code: string) => `/embed/${lang}/${encodeURIComponent(code)}`,
  /** downloads: one URL per file for both languages (the files carry both) */
  dataset: (format: DataFormat) => `/du-lieu/chitieu.${format}`,
  indicatorData: (code: string, format: DataFormat) =>
    `/du-lieu/chi-tieu/${encodeURIComponent(code)}.${format}`,
  apiDocs: "/api/v1/docs",
  openapi: "/api/v1/openapi.json",
};

export type DataFormat = "csv" | "json" | "sdmx.csv";
export const DATA_FORMATS: readonly DataFormat[] = ["csv", "json", "sdmx.csv"];

/** "chitieu.sdmx.csv" → { name: "chitieu", format: "sdmx.csv" } */
export function parseDataFile(file: string): { name: string; format: DataFormat } | null {
  const m = /^([a-z0-9][a-z0-9-]*)\.(sdmx\.csv|csv|json)$/.exec(file);
  return m ? { name: m[1] as string, format: m[2] as DataFormat } : null;
}

/** "qnam24-forest-cover.bullet.svg" → { code, kind: "bullet", ext: "svg" } */
export function parseChartFile(
  file: string,
): { code: string; kind: "trend" | "bullet"; ext: "svg" | "png" } | null {
  const m = /^([a-z0-9][a-z0-9-]*?)(\.bullet)?\.(svg|png)$/.exec(file);
  return m ? { code: m[1] as string, kind: m[2] ? "bullet" : "trend", ext: m[3] as "svg" | "png" } : null;
}

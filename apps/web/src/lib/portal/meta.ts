import type { Lang } from "$lib/i18n/index.ts";

/** What every portal page says about itself in <head>: canonical URL, language alternates, Open Graph. */
export interface PageMeta {
  lang: Lang;
  title: string;
  description: string;
  origin: string;
  canonical: string;
  alternates: Record<Lang, string>;
  image?: string;
  imageAlt?: string;
}

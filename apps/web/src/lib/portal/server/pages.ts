import { redirect } from "@sveltejs/kit";
import type { Lang } from "$lib/i18n/index.ts";
import { type Section, SLUGS } from "../urls.ts";

/** /en/chi-tieu/x → /en/indicators/x: each language has its own slugs, the other one redirects. */
export function ensureSlug(lang: Lang, section: Section, given: string, url: URL): void {
  const want = SLUGS[section][lang];
  if (given === want) return;
  const parts = url.pathname.split("/");
  parts[2] = want;
  redirect(308, parts.join("/") + url.search);
}

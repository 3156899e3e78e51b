import { appEn } from "./app.en.ts";
import { appVi } from "./app.vi.ts";
import { portalEn } from "./portal.en.ts";
import { portalVi } from "./portal.vi.ts";

// One catalog per language: Vietnamese first, English second. The internal app and the public
// portal keep their strings in separate files (different owners), merged here.

export type Lang = "vi" | "en";

const catalogs = {
  vi: { ...appVi, ...portalVi },
  en: { ...appEn, ...portalEn },
} as const;

export type MessageKey = keyof typeof catalogs.vi;

/** t("key", {n: 3}) → the string with {n} replaced; a missing English string falls back to Vietnamese. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const table = catalogs[lang] as Record<string, string>;
  const text = table[key] ?? (catalogs.vi as Record<string, string>)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function isLang(value: string | undefined | null): value is Lang {
  return value === "vi" || value === "en";
}

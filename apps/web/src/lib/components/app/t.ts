import { type Lang, type MessageKey, translate } from "$lib/i18n";

/** A translator bound to one language, for components: `const t = $derived(translator(data.lang))`. */
export function translator(lang: Lang) {
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}

/** For keys built from data (a role, a status): the catalog test keeps them complete. */
export function dynamicKey(prefix: string, name: string): MessageKey {
  return `${prefix}.${name}` as MessageKey;
}

/** The refusal of one of a page's forms (`submit` in $lib/server/admin-form answers `{ action, error }`). */
export function formError(form: unknown, action: string): string | null {
  return form && typeof form === "object" && "action" in form && form.action === action && "error" in form
    ? (form.error as string)
    : null;
}

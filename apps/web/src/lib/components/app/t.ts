import { type Lang, type MessageKey, translate } from "$lib/i18n";

/** A translator bound to one language, for components: `const t = $derived(translator(data.lang))`. */
export function translator(lang: Lang) {
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}

/** The name of a sub-period of the period pickers ("Y", "9M", "H1", "Q3", "7"): "Cả năm", "Quý III", "Tháng 7"… */
export function subPeriodLabel(lang: Lang, sub: string): string {
  const t = translator(lang);
  if (sub === "Y") return t("app.period.year");
  if (sub === "9M") return t("app.period.nine");
  if (sub === "H1") return t("app.period.half");
  if (sub.startsWith("Q"))
    return t("app.period.quarter", { n: ["I", "II", "III", "IV"][Number(sub[1]) - 1] ?? sub });
  return t("app.period.month", { n: Number(sub) });
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

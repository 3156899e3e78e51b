import { shortUnitName } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import { type Api, ApiError } from "./api.ts";
import type { components } from "./api-types.ts";
import * as fmt from "./format.ts";

// Issue #13 item 8 on the indicator pages (app and portal): the figures of the units that became
// part of today's unit, the roll-up from child units beside the unit's own figure, and a ratio
// from its numerator and denominator. The API decides every number and verdict; this file only
// words them, Vietnamese first.

type Lineage = components["schemas"]["Lineage"];

export interface LineageView {
  heading: string;
  history: {
    heading: string;
    groups: {
      merger: string;
      label: string;
      figures: string[];
      verdicts: { label: string; status: string; text: string }[];
    }[];
  } | null;
  rollUp: { heading: string; rows: { label: string; text: string; shown: string | null }[] } | null;
  ratio: { heading: string; rows: string[] } | null;
}

const W = {
  vi: {
    heading: "Số liệu liên quan",
    history: (u: string) => `Lịch sử của ${u}`,
    rollUp: "Tổng hợp từ đơn vị cấp dưới",
    ratio: "Tỷ lệ tính từ tử số và mẫu số",
    target: (p: string) => `Chỉ tiêu ${p}`,
    own: "số của chính đơn vị",
    ownUsed: "số của chính đơn vị được dùng",
    rollUpUsed: "đơn vị chưa có số của mình: dùng số tổng hợp",
    difference: "chênh lệch",
    missing: "thiếu số liệu của",
    notAggregable: "không tổng hợp được",
    status: { official: "chính thức", preliminary: "sơ bộ", estimate: "ước tính" },
  },
  en: {
    heading: "Related figures",
    history: (u: string) => `History of ${u}`,
    rollUp: "Rolled up from child units",
    ratio: "Ratio from its numerator and denominator",
    target: (p: string) => `Target ${p}`,
    own: "the unit's own figure",
    ownUsed: "the unit's own figure is used",
    rollUpUsed: "the unit has no figure of its own: the roll-up is used",
    difference: "difference",
    missing: "no figure from",
    notAggregable: "cannot be rolled up",
    status: { official: "official", preliminary: "preliminary", estimate: "estimate" },
  },
} as const;

export function lineageView(l: Lineage | null, lang: Lang): LineageView | null {
  if (!l || (!l.history && !l.rollUp && !l.ratio)) return null;
  const w = W[lang];
  const value = (v: string | null) => fmt.withUnit(fmt.num(lang, v), l.unit);
  const history = l.history
    ? {
        heading: w.history(shortUnitName(l.history.unit.nameVi)),
        groups: l.history.predecessors.map((p) => ({
          merger: p.merger[lang],
          label: p.label[lang],
          figures: p.figures.map(
            (f) => `${fmt.period(lang, f.period)}: ${value(f.value)} (${w.status[f.status]})`,
          ),
          verdicts: p.verdicts.map((v) => ({
            label: `${w.target(fmt.period(lang, v.targetPeriod))}: ${v.label[lang]}`,
            status: v.status,
            text: `${v.explanation[lang]} (${v.against[lang]})`,
          })),
        })),
      }
    : null;
  const rollUp = l.rollUp
    ? {
        heading: w.rollUp,
        rows: l.rollUp.rows.map((r) => {
          const parts: string[] = [];
          if (r.value === null) parts.push(`${w.notAggregable}: ${r.reason?.[lang] ?? ""}`);
          else parts.push(value(r.value));
          if (r.own !== null) {
            parts.push(`${w.own}: ${value(r.own)}`);
            if (r.difference !== null) parts.push(`${w.difference} ${fmt.num(lang, r.difference)}`);
          }
          if (r.missing.length > 0) parts.push(`${w.missing} ${r.missing.join(", ")}`);
          return {
            label: `${fmt.period(lang, r.period)} — ${r.label[lang]}`,
            text: parts.join("; "),
            shown: r.shown === "own" ? w.ownUsed : r.shown === "roll_up" ? w.rollUpUsed : null,
          };
        }),
      }
    : null;
  const ratio = l.ratio
    ? { heading: w.ratio, rows: l.ratio.rows.map((r) => `${fmt.period(lang, r.period)}: ${r.text[lang]}`) }
    : null;
  return { heading: w.heading, history, rollUp, ratio };
}

/** For the app: through the signed-in user's API client; nothing to show when the API refuses. */
export async function appLineage(client: Api, lang: Lang, code: string, unit: string, asOf: string) {
  try {
    return lineageView(await client.lineage(code, unit, asOf), lang);
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}

/** For the portal: the public API, published indicators only. */
export async function publicLineage(
  fetch: typeof globalThis.fetch,
  lang: Lang,
  code: string,
  unit: string,
  asOf: string,
) {
  const path = [code, unit, asOf].map(encodeURIComponent).join("/");
  const res = await fetch(`/api/v1/public/lineage/${path}`);
  if (!res.ok) return null;
  return lineageView((await res.json()) as Lineage, lang);
}

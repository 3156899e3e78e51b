import { formatDateVi } from "../date.ts";
import { parsePeriod, periodEnd } from "../period.ts";

// Administrative change (DOMAIN.md "Administrative change is normal"): since 1 July 2025 Quảng
// Nam is part of Đà Nẵng. Figures of 2024 belong to the units of 2024: Quảng Nam's 2024 figures
// are shown under Đà Nẵng's history, saying whose they are, and judged against Quảng Nam's own
// targets, never Đà Nẵng's. Nothing here adds a predecessor's figure to its successor's series.

/** One succession record: `predecessor` became part of `successor` on `effectiveOn`. */
export interface SuccessionLink {
  predecessor: string;
  successor: string;
  /** the first day the successor stands for the predecessor; null when the record gives none */
  effectiveOn: string | null;
}

/** A unit's name without its administrative prefix: "Tỉnh Quảng Nam" → "Quảng Nam". */
export function shortUnitName(nameVi: string): string {
  const short = nameVi
    .normalize("NFC")
    .trim()
    .replace(/^(Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)\s+/u, "");
  return short.length > 0 ? short : nameVi;
}

/** "số liệu của Quảng Nam (trước sáp nhập)" / "figures of Quảng Nam before the merger". */
export function predecessorLabel(nameVi: string): { vi: string; en: string } {
  const name = shortUnitName(nameVi);
  return { vi: `số liệu của ${name} (trước sáp nhập)`, en: `figures of ${name} before the merger` };
}

/** "Quảng Nam nhập vào Đà Nẵng từ ngày 01/07/2025" / "Quảng Nam became part of Đà Nẵng on 2025-07-01". */
export function mergerSentence(
  predecessorVi: string,
  successorVi: string,
  effectiveOn: string | null,
): { vi: string; en: string } {
  const p = shortUnitName(predecessorVi);
  const s = shortUnitName(successorVi);
  return effectiveOn
    ? {
        vi: `${p} nhập vào ${s} từ ngày ${formatDateVi(effectiveOn)}`,
        en: `${p} became part of ${s} on ${effectiveOn}`,
      }
    : { vi: `${p} nhập vào ${s}`, en: `${p} became part of ${s}` };
}

/**
 * The unit whose history a view of `unit` shows: the unit it became part of, or itself.
 * Follows the chain (a unit merged twice ends at today's unit); a cycle stops where it repeats.
 */
export function currentUnitOf(unit: string, links: readonly SuccessionLink[]): string {
  const seen = new Set([unit]);
  let at = unit;
  for (;;) {
    const next = links.find((l) => l.predecessor === at && !seen.has(l.successor));
    if (!next) return at;
    seen.add(next.successor);
    at = next.successor;
  }
}

/** The units that became part of `successor`, directly or through another predecessor. */
export function predecessorsOf(successor: string, links: readonly SuccessionLink[]): SuccessionLink[] {
  const out: SuccessionLink[] = [];
  const seen = new Set([successor]);
  const queue = [successor];
  while (queue.length > 0) {
    const s = queue.shift() as string;
    for (const l of links) {
      if (l.successor !== s || seen.has(l.predecessor)) continue;
      seen.add(l.predecessor);
      // a predecessor of a predecessor stood for it until that one's own merger at the latest
      out.push(l);
      queue.push(l.predecessor);
    }
  }
  return out;
}

/** A period of the predecessor's own, i.e. one that ended before the merger took effect. */
export function endedBeforeMerger(period: string, effectiveOn: string | null): boolean {
  const p = parsePeriod(period);
  if (!p) return false;
  return effectiveOn === null || periodEnd(p) < effectiveOn;
}

/**
 * The period to judge a predecessor's target at: its own year when that year ended before the
 * merger; for a plan period ("2021-2025") the last whole year before the merger; null when the
 * target's span starts after the merger (the predecessor never had that year).
 */
export function judgeYearBeforeMerger(targetPeriod: string, effectiveOn: string | null): string | null {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(targetPeriod);
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (effectiveOn === null) return String(to);
  const lastWhole = Number(effectiveOn.slice(0, 4)) - (effectiveOn.slice(5) === "01-01" ? 0 : 1);
  const year = Math.min(to, lastWhole);
  return year >= from ? String(year) : null;
}

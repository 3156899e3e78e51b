import { parsePeriod, periodEnd, periodStart } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import type { Api } from "./api.ts";
import * as fmt from "./format.ts";

// Who owes figures (issue 16, item 4) as the officer's home shows it: the figures of the
// agency's indicators that are late, and those due this month, from GET /figure-duties of this
// year and the last (December's figure falls due in January).

type Slot = Awaited<ReturnType<Api["figureDuties"]>>["items"][number];

/**
 * Org units by their Vietnamese names; the code is added only where two units of the list share a
 * name (a province before and after a merger may).
 */
export function unitLabels(units: Array<{ code: string; nameVi: string }>): Map<string, string> {
  const codesOf = new Map<string, Set<string>>();
  for (const u of units) {
    const set = codesOf.get(u.nameVi) ?? new Set<string>();
    set.add(u.code);
    codesOf.set(u.nameVi, set);
  }
  const out = new Map<string, string>();
  for (const u of units)
    out.set(u.code, (codesOf.get(u.nameVi)?.size ?? 0) > 1 ? `${u.nameVi} (${u.code})` : u.nameVi);
  return out;
}

const slotUnits = (items: Slot[]) =>
  unitLabels(items.map((s) => ({ code: s.orgUnit, nameVi: s.orgUnitNameVi })));

export interface FigureOwedView {
  key: string;
  indicator: string;
  href: string;
  orgUnit: string;
  period: string;
  due: string;
  dueIso: string;
}

export async function loadFiguresOwed(client: Api, lang: Lang, agency: string, day = fmt.today()) {
  const year = Number(day.slice(0, 4));
  const lists = await Promise.all(
    [year - 1, year].map((y) => client.figureDuties({ year: y, agency, today: day }).then((r) => r.items)),
  );
  const units = slotUnits(lists.flat());
  const view = (s: Slot): FigureOwedView => ({
    key: `${s.indicator.code}|${s.orgUnit}|${s.period}`,
    indicator: s.indicator.nameVi,
    href: `/app/chi-tieu/${encodeURIComponent(s.indicator.code)}?unit=${encodeURIComponent(s.orgUnit)}`,
    orgUnit: units.get(s.orgUnit) ?? s.orgUnitNameVi,
    period: fmt.period(lang, s.period),
    due: fmt.date(lang, s.due),
    dueIso: s.due,
  });
  const all = lists.flat();
  const month = day.slice(0, 7);
  return {
    late: all.filter((s) => s.state === "late").map(view),
    dueThisMonth: all.filter((s) => s.state === "not_due" && s.due.startsWith(month)).map(view),
  };
}

// The reporting calendar (issue 16, item 4): next to the document reports of the period shown,
// the figures lead agencies owe for it ("Số liệu chỉ tiêu" / "Indicator figures"), late first as
// GET /figure-duties orders them: a slot belongs to the period when its period ends within it.

export const FIGURE_STATE_LABELS: Record<string, { vi: string; en: string }> = {
  late: { vi: "Quá hạn, chưa có", en: "Overdue, not received" },
  received_late: { vi: "Nhận trễ hạn", en: "Received late" },
  received: { vi: "Nhận đúng hạn", en: "Received on time" },
  not_due: { vi: "Chưa đến hạn", en: "Not yet due" },
};

export interface FigureLine extends FigureOwedView {
  agency: string;
  state: string;
  stateLabel: string;
  receivedOn: string;
  /** the statistics office assigned the agency (else it is the lead agency) */
  assigned: boolean;
}

/** Indicators whose figures no agency owes: no lead agency and no assignment by the statistics office. */
export interface UnassignedView {
  code: string;
  indicator: string;
  href: string;
  units: string;
  periods: number;
}

export function unassignedView(
  list: Awaited<ReturnType<Api["figureDuties"]>>["unassigned"],
): UnassignedView[] {
  const units = unitLabels(list.flatMap((u) => u.orgUnits));
  return list.map((u) => ({
    code: u.indicator.code,
    indicator: u.indicator.nameVi,
    href: `/app/chi-tieu/${encodeURIComponent(u.indicator.code)}`,
    units: u.orgUnits.map((o) => units.get(o.code) ?? o.nameVi).join("; "),
    periods: u.periods,
  }));
}

export async function calendarFigures(
  client: Api,
  lang: Lang,
  period: string,
  agency: string | null,
): Promise<{ available: boolean; lines: FigureLine[]; unassigned: UnassignedView[] }> {
  const p = parsePeriod(period);
  if (!p || p.kind === "plan") return { available: true, lines: [], unassigned: [] };
  const from = periodStart(p);
  const to = periodEnd(p);
  let items: Slot[];
  let unassigned: UnassignedView[];
  try {
    const r = await client.figureDuties({ year: p.year, ...(agency ? { agency } : {}), today: fmt.today() });
    items = r.items;
    unassigned = unassignedView(r.unassigned);
  } catch {
    return { available: false, lines: [], unassigned: [] };
  }
  const units = slotUnits(items);
  const lines = items
    .filter((s) => s.periodEnd >= from && s.periodEnd <= to)
    .map(
      (s): FigureLine => ({
        key: `${s.indicator.code}|${s.orgUnit}|${s.period}`,
        indicator: s.indicator.nameVi,
        href: `/app/chi-tieu/${encodeURIComponent(s.indicator.code)}?unit=${encodeURIComponent(s.orgUnit)}`,
        orgUnit: units.get(s.orgUnit) ?? s.orgUnitNameVi,
        period: fmt.period(lang, s.period),
        due: fmt.date(lang, s.due),
        dueIso: s.due,
        agency: s.agency.nameVi,
        state: s.state,
        stateLabel: FIGURE_STATE_LABELS[s.state]?.[lang] ?? s.state,
        receivedOn: fmt.date(lang, s.receivedOn),
        assigned: s.source === "assigned",
      }),
    );
  return { available: true, lines, unassigned };
}

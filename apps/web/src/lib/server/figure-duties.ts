import { parsePeriod, periodEnd, periodStart } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import type { Api } from "./api.ts";
import * as fmt from "./format.ts";

// Who owes figures (issue 16, item 4) as the officer's home shows it: the figures of the
// agency's indicators that are late, and those due this month, from GET /figure-duties of this
// year and the last (December's figure falls due in January).

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
  const view = (s: (typeof lists)[number][number]): FigureOwedView => ({
    key: `${s.indicator.code}|${s.orgUnit}|${s.period}`,
    indicator: s.indicator.nameVi,
    href: `/app/chi-tieu/${encodeURIComponent(s.indicator.code)}?unit=${encodeURIComponent(s.orgUnit)}`,
    orgUnit: s.orgUnit,
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
}

export async function calendarFigures(
  client: Api,
  lang: Lang,
  period: string,
  agency: string | null,
): Promise<{ available: boolean; lines: FigureLine[] }> {
  const p = parsePeriod(period);
  if (!p || p.kind === "plan") return { available: true, lines: [] };
  const from = periodStart(p);
  const to = periodEnd(p);
  let items: Awaited<ReturnType<Api["figureDuties"]>>["items"];
  try {
    items = (await client.figureDuties({ year: p.year, ...(agency ? { agency } : {}), today: fmt.today() }))
      .items;
  } catch {
    return { available: false, lines: [] };
  }
  const lines = items
    .filter((s) => s.periodEnd >= from && s.periodEnd <= to)
    .map(
      (s): FigureLine => ({
        key: `${s.indicator.code}|${s.orgUnit}|${s.period}`,
        indicator: s.indicator.nameVi,
        href: `/app/chi-tieu/${encodeURIComponent(s.indicator.code)}?unit=${encodeURIComponent(s.orgUnit)}`,
        orgUnit: s.orgUnit,
        period: fmt.period(lang, s.period),
        due: fmt.date(lang, s.due),
        dueIso: s.due,
        agency: s.agency.nameVi,
        state: s.state,
        stateLabel: FIGURE_STATE_LABELS[s.state]?.[lang] ?? s.state,
        receivedOn: fmt.date(lang, s.receivedOn),
      }),
    );
  return { available: true, lines };
}

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

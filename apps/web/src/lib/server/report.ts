import { EXPLANATION_REQUIRED } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import type { Api } from "./api.ts";
import * as fmt from "./format.ts";

// The report page's view model: the targets that owe an explanation for the period, with the
// one written (or its absence), the directions of the unit, and the kept drafts.

export type { DirectionRow, DraftRow, ExplanationRow } from "./api.ts";

export async function loadReportPage(
  client: Api,
  lang: Lang,
  unit: string,
  period: string,
  agencyId: number | null,
) {
  const [card, explanations, directions, drafts, agencies] = await Promise.all([
    client.scorecard({ orgUnit: unit, asOf: period }),
    client.explanations({ orgUnit: unit, period }),
    client.directions({ orgUnit: unit }),
    client.reportDrafts({ orgUnit: unit, period }),
    client.agencies({ orgUnit: unit }),
  ]);
  const explained = new Map(explanations.map((e) => [e.indicator, e]));
  const myAgency = agencyId === null ? null : (agencies.find((a) => a.id === agencyId)?.code ?? null);
  const owed = card.rows
    .filter((r) => (EXPLANATION_REQUIRED as readonly string[]).includes(r.evaluation.status))
    .map((r) => {
      const e = explained.get(r.indicator.code) ?? null;
      return {
        code: r.indicator.code,
        name: lang === "en" && r.indicator.nameEn ? r.indicator.nameEn : r.indicator.nameVi,
        status: r.evaluation.status,
        label: r.evaluation.label[lang],
        sentence: r.evaluation.explanation[lang],
        leadAgency: r.indicator.leadAgency,
        mine: myAgency !== null && r.indicator.leadAgency?.code === myAgency,
        explanation: e ? { ...e, writtenAtText: fmt.dateTime(lang, e.writtenAt) } : null,
      };
    });
  return {
    unit,
    unitName: card.orgUnit.nameVi,
    period,
    periodText: fmt.period(lang, period),
    summaryLine: card.summary.line[lang],
    owed,
    indicators: card.rows.map((r) => ({ code: r.indicator.code, name: r.indicator.nameVi })),
    agencies: agencies.map((a) => ({ code: a.code, name: a.nameVi })),
    directions: directions.map((d) => ({
      ...d,
      meetingDateText: fmt.date(lang, d.meetingDate),
      deadlineText: fmt.date(lang, d.deadline),
    })),
    drafts: drafts.map((d) => ({ ...d, createdAtText: fmt.dateTime(lang, d.createdAt) })),
  };
}

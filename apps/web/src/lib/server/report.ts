import { EXPLANATION_REQUIRED } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import type { Api } from "./api.ts";
import * as fmt from "./format.ts";

// The report page's view model: the targets that owe an explanation for the period, with the
// one written (or its absence), the directions of the unit, and the kept drafts.

export interface ExplanationRow {
  id: number;
  indicator: string;
  orgUnit: string;
  period: string;
  causesVi: string;
  measuresVi: string;
  agency: { code: string; nameVi: string } | null;
  writtenBy: string;
  writtenAt: string;
  isPublic: boolean;
}
export interface DirectionRow {
  id: number;
  meetingDate: string;
  subject: string;
  indicator: string | null;
  agency: string | null;
  textVi: string;
  leadAgency: { code: string; nameVi: string };
  supportAgencies: { code: string; nameVi: string }[];
  deadline: string;
  task: { id: number; code: string };
  conclusion: { code: string; number: string | null; issuedOn: string | null };
}
export interface DraftRow {
  id: number;
  period: string;
  dataVersion: string;
  createdBy: string;
  createdAt: string;
  summaryLine: string;
}

export async function loadReportPage(
  client: Api,
  lang: Lang,
  unit: string,
  period: string,
  agencyId: number | null,
) {
  const [card, explanations, directions, drafts, agencies] = await Promise.all([
    client.scorecard({ orgUnit: unit, asOf: period }),
    client.get<{ items: ExplanationRow[] }>(
      `/explanations?orgUnit=${encodeURIComponent(unit)}&period=${encodeURIComponent(period)}`,
    ),
    client.get<{ items: DirectionRow[] }>(`/directions?orgUnit=${encodeURIComponent(unit)}`),
    client.get<{ items: DraftRow[] }>(
      `/report-drafts?orgUnit=${encodeURIComponent(unit)}&period=${encodeURIComponent(period)}`,
    ),
    client.agencies({ orgUnit: unit }),
  ]);
  const explained = new Map(explanations.items.map((e) => [e.indicator, e]));
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
    directions: directions.items.map((d) => ({
      ...d,
      meetingDateText: fmt.date(lang, d.meetingDate),
      deadlineText: fmt.date(lang, d.deadline),
    })),
    drafts: drafts.items.map((d) => ({ ...d, createdAtText: fmt.dateTime(lang, d.createdAt) })),
  };
}

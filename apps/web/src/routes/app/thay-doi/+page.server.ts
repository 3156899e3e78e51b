import { compareVi } from "@chitieu/domain";
import { api, type ScorecardRow } from "$lib/server/api";
import * as fmt from "$lib/server/format";
import { requireArea } from "$lib/server/guard";
import type { PageServerLoad } from "./$types";

// Issue #17 item 2, "since the last meeting": what changed since a chosen day, read from the
// stored history: figures recorded since then (new, or revising the figure they replace, with
// the old value), the targets whose status differs between the period known then and the one
// known now, tasks done since then and tasks that fell overdue since then. Exact figures only.

/** history look-ups per page: the newest recorded figures first */
const HISTORY_CAP = 80;

function daysBefore(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const load: PageServerLoad = async (event) => {
  const parent = await event.parent();
  requireArea(parent, "dashboard", event.url);
  const lang = parent.lang;
  const client = api(event);
  const p = event.url.searchParams;
  const today = fmt.today();
  const asked = p.get("tu") ?? "";
  const since =
    /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : daysBefore(today, 30);

  const targets = await client.targets();
  const unitNames = new Map<string, string>();
  for (const t of targets) unitNames.set(t.orgUnitCode, t.orgUnitNameVi);
  const units = [...unitNames]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => compareVi(a.name, b.name));
  const unit =
    p.get("unit") && unitNames.has(p.get("unit") as string)
      ? (p.get("unit") as string)
      : (units[0]?.code ?? "p49");

  const [observations, indicators, tasks] = await Promise.all([
    client.observations({ orgUnit: unit }),
    client.indicators(),
    client
      .tasks()
      .then((r) => r.items)
      .catch(() => []),
  ]);
  const ind = new Map(indicators.map((i) => [i.code, i]));
  const nameOf = (code: string) => {
    const i = ind.get(code);
    return i ? (lang === "en" ? (i.nameEn ?? i.nameVi) : i.nameVi) : code;
  };
  const figureText = (code: string, value: string) => {
    const i = ind.get(code);
    return fmt.withUnit(fmt.num(lang, value, i?.decimals), i?.unit ?? "");
  };

  // figures recorded since the day, newest first; each one's history says new or revised
  const recent = observations
    .filter((o) => o.recordedAt.slice(0, 10) >= since)
    .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : b.id - a.id));
  const shown = recent.slice(0, HISTORY_CAP);
  const figures = await Promise.all(
    shown.map(async (o) => {
      const history = await client.observationHistory(o.id).catch(() => []);
      const before = history.find((v) => v.id !== o.id && v.recordedAt <= o.recordedAt);
      return {
        id: o.id,
        code: o.indicatorCode,
        name: nameOf(o.indicatorCode),
        period: fmt.period(lang, o.period),
        value: figureText(o.indicatorCode, o.value),
        status: o.status,
        illustrative: o.isIllustrative,
        previous: before ? figureText(o.indicatorCode, before.value) : null,
        recordedAt: fmt.dateTime(lang, o.recordedAt),
      };
    }),
  );

  // status then and now: the newest period with a figure known on that day, and today
  const latestEnd = (list: typeof observations) =>
    list.reduce((m, o) => (o.periodEnd > m ? o.periodEnd : m), "").slice(0, 7);
  const thenPeriod = latestEnd(observations.filter((o) => o.recordedAt.slice(0, 10) < since));
  const nowPeriod = latestEnd(observations);
  let statusChanges: Array<{ code: string; name: string; before: string; after: string; status: string }> =
    [];
  if (thenPeriod && nowPeriod && thenPeriod !== nowPeriod) {
    const [a, b] = await Promise.all([
      client.scorecard({ orgUnit: unit, asOf: thenPeriod }),
      client.scorecard({ orgUnit: unit, asOf: nowPeriod }),
    ]);
    const old = new Map<string, ScorecardRow>(a.rows.map((r) => [r.indicator.code, r]));
    statusChanges = b.rows
      .filter((r) => {
        const o = old.get(r.indicator.code);
        return o && o.evaluation.status !== r.evaluation.status;
      })
      .map((r) => ({
        code: r.indicator.code,
        name: nameOf(r.indicator.code),
        before: old.get(r.indicator.code)?.evaluation.label[lang] ?? "–",
        after: r.evaluation.label[lang],
        status: r.evaluation.status,
      }));
  }

  const done = tasks
    .filter((t) => t.completedOn !== null && t.completedOn >= since && t.completedOn <= today)
    .sort((a, b) => ((a.completedOn ?? "") < (b.completedOn ?? "") ? 1 : -1))
    .map((t) => ({ id: t.id, code: t.code, text: t.textVi, on: fmt.date(lang, t.completedOn) }));
  const overdue = tasks
    .filter((t) => t.status === "overdue" && t.due !== null && t.due >= since && t.due < today)
    .sort((a, b) => ((a.due ?? "") < (b.due ?? "") ? 1 : -1))
    .map((t) => ({
      id: t.id,
      code: t.code,
      text: t.textVi,
      due: fmt.date(lang, t.due),
      agency: t.leadText,
    }));

  return {
    since,
    sinceText: fmt.date(lang, since),
    unit,
    units,
    figures,
    figuresTotal: recent.length,
    cap: HISTORY_CAP,
    thenPeriod: thenPeriod ? fmt.period(lang, thenPeriod) : null,
    nowPeriod: nowPeriod ? fmt.period(lang, nowPeriod) : null,
    samePeriod: thenPeriod === nowPeriod,
    statusChanges,
    done,
    overdue,
  };
};

import { compareVi, DELIVERY_STATUS_LABELS, type DeliveryStatus } from "@chitieu/domain";
import { fail, type RequestEvent } from "@sveltejs/kit";
import { type Lang, translate } from "$lib/i18n";
import { type Api, ApiError, api, type SessionUser } from "./api.ts";
import { periodCode, SUB_PERIODS, splitPeriod } from "./dashboard.ts";
import { calendarFigures } from "./figure-duties.ts";
import * as fmt from "./format.ts";
import { langOf } from "./lang.ts";

// The reporting-duty calendar (upload desk, and /app/bao-cao for agencies): for a period (a
// month, a quarter, 6 or 9 months, a year), each duty's report from each reporting unit, with its
// due date and whether it came in on time, late, or not at all
// (GET /api/v1/reporting-duties/compliance decides; this only lays it out, late first). An
// officer of a reporting agency, or an admin naming the agency, marks a report as sent
// (POST /api/v1/reporting-duties/{code}/deliveries decides who may).

interface ComplianceBody {
  period: string;
  duties: Array<{
    code: string;
    subjectVi: string;
    rows: Array<{
      period: string;
      due: string;
      agency: string | null;
      agencyNameVi: string | null;
      status: DeliveryStatus;
      deliveredOn: string | null;
    }>;
  }>;
}

export interface DutyLine {
  /** "duty|agency|period": what the delivery form sends back */
  key: string;
  dutyCode: string;
  duty: string;
  agencyCode: string | null;
  agency: string;
  period: string;
  periodText: string;
  due: string;
  dueIso: string;
  status: DeliveryStatus;
  statusLabel: string;
  deliveredOn: string;
  /** the signed-in user may mark this report as sent */
  markable: boolean;
}

const RANK: Record<DeliveryStatus, number> = { missing: 0, late: 1, not_due: 2, on_time: 3 };

/**
 * The calendar's period from ?nam=2024&ky=Q3 (the GET form) or ?period=2024-Q3; by default the
 * whole of the latest year with tasks or reports due (`defaultYear`, from the API), else this month.
 */
export function calendarPeriod(
  url: URL,
  defaultYear?: number,
): { period: string; year: number; sub: string; years: number[] } {
  const p = url.searchParams;
  const thisYear = Number(fmt.today().slice(0, 4));
  const year = Number(p.get("nam"));
  const sub = p.get("ky") ?? "";
  let period = defaultYear ? String(defaultYear) : fmt.today().slice(0, 7);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100 && SUB_PERIODS.includes(sub))
    period = periodCode(year, sub);
  else {
    const asked = p.get("period") ?? "";
    if (splitPeriod(asked) && fmt.isPeriod(asked)) period = asked;
  }
  const split = splitPeriod(period) ?? { year: thisYear, sub: "Y" };
  const years: number[] = [];
  for (let y = Math.max(thisYear + 1, split.year); y >= Math.min(2021, split.year); y--) years.push(y);
  return { period, year: split.year, sub: split.sub, years };
}

export async function duties(
  client: Api,
  lang: Lang,
  period: string,
  who: { user: SessionUser | null; agencyCode?: string | null; agency?: string | null } = { user: null },
): Promise<{ available: boolean; lines: DutyLine[]; agencies: Array<{ code: string; name: string }> }> {
  let body: ComplianceBody;
  try {
    body = (await client.dutyCompliance(period)) as unknown as ComplianceBody;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { available: false, lines: [], agencies: [] };
    if (e instanceof ApiError && e.status === 400) return { available: true, lines: [], agencies: [] };
    throw e;
  }
  const role = who.user?.role;
  const agencies = new Map<string, string>();
  const all: DutyLine[] = (body.duties ?? []).flatMap((d) =>
    d.rows.map((r) => {
      if (r.agency) agencies.set(r.agency, r.agencyNameVi ?? r.agency);
      const open = r.status === "missing" || r.status === "not_due";
      const mine = role === "admin" || (role === "agency_officer" && r.agency === who.agencyCode);
      return {
        key: `${d.code}|${r.agency ?? ""}|${r.period}`,
        dutyCode: d.code,
        duty: d.subjectVi,
        agencyCode: r.agency,
        agency: r.agencyNameVi ?? r.agency ?? "–",
        period: r.period,
        periodText: fmt.period(lang, r.period),
        due: fmt.date(lang, r.due),
        dueIso: r.due,
        status: r.status,
        statusLabel: DELIVERY_STATUS_LABELS[r.status]?.[lang] ?? r.status,
        deliveredOn: fmt.date(lang, r.deliveredOn),
        markable: open && mine && r.agency !== null,
      };
    }),
  );
  const lines = who.agency ? all.filter((l) => l.agencyCode === who.agency) : all;
  lines.sort(
    (a, b) =>
      RANK[a.status] - RANK[b.status] || a.dueIso.localeCompare(b.dueIso) || compareVi(a.agency, b.agency),
  );
  return {
    available: true,
    lines,
    agencies: [...agencies.entries()]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => compareVi(a.name, b.name)),
  };
}

/** The latest year with tasks or reports due (null when the API cannot say). */
export async function defaultYearOf(client: Api): Promise<number | undefined> {
  try {
    return (await client.calendarYears()).defaultYear;
  } catch (e) {
    if (e instanceof ApiError) return undefined;
    throw e;
  }
}

/** The years with work due and the default one (undefined when the API cannot say). */
export async function calendarYearsOf(
  client: Api,
): Promise<{ defaultYear: number; years: number[] } | undefined> {
  try {
    return await client.calendarYears();
  } catch (e) {
    if (e instanceof ApiError) return undefined;
    throw e;
  }
}

/** Everything a page with the calendar loads: the period, the agency filter, the lines, the form's defaults. */
export async function loadCalendar(event: { url: URL; fetch: typeof fetch }, lang: Lang, user: SessionUser) {
  const client = api(event);
  const chosen = calendarPeriod(event.url, await defaultYearOf(client));
  let agencyCode: string | null = null;
  if (user.role === "agency_officer" && user.agencyId !== null)
    agencyCode = (await client.agencies()).find((a) => a.id === user.agencyId)?.code ?? null;
  // an officer sees their own agency's reports unless they ask for all (?co-quan=)
  const asked = event.url.searchParams.get("co-quan");
  const agency = asked === null ? agencyCode : asked || null;
  const [result, figures] = await Promise.all([
    duties(client, lang, chosen.period, { user, agencyCode, agency }),
    calendarFigures(client, lang, chosen.period, agency),
  ]);
  const mark = event.url.searchParams.get("ghi-nhan");
  return {
    ...chosen,
    periodText: fmt.period(lang, chosen.period),
    agency,
    compliance: result,
    figures,
    canMark: user.role === "admin" || user.role === "agency_officer",
    markKey: mark && result.lines.some((l) => l.key === mark && l.markable) ? mark : null,
    today: fmt.today(),
  };
}

/** Form action: mark a report as sent. The API checks who may and whether the period is owed. */
export async function deliverAction(event: RequestEvent) {
  const lang = langOf(event);
  const form = await event.request.formData();
  const get = (k: string) => {
    const v = String(form.get(k) ?? "").trim();
    return v === "" ? null : v;
  };
  const [duty, agency, period] = (get("report") ?? "").split("|");
  const deliveredOn = get("deliveredOn");
  if (!duty || !period) return fail(400, { deliverError: translate(lang, "app.duty.chooseReport") });
  if (!deliveredOn || !/^\d{4}-\d{2}-\d{2}$/.test(deliveredOn))
    return fail(400, { deliverError: translate(lang, "app.duty.dateRequired") });
  const client = api(event);
  const session = await client.session();
  try {
    await client.recordDelivery(duty, {
      period,
      deliveredOn,
      documentNumber: get("documentNumber"),
      note: get("note"),
      ...(session?.user.role === "admin" && agency ? { agency } : {}),
    });
    return { delivered: { duty, agency: agency ?? "", period, deliveredOn: fmt.date(lang, deliveredOn) } };
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { deliverError: e.detailIn(lang) });
    throw e;
  }
}

export interface EventDuty {
  code: string;
  label: string;
  /** the document gives no due day: the form asks for one */
  askDue: boolean;
  from: string | null;
  to: string | null;
}

/**
 * What the event form needs (issue 16, item 5): the event-driven duties ("khi có phát sinh"), with
 * the days they can owe a report, and for an admin the agencies to record for. An officer records
 * for their own agency; the API refuses an agency that does not report under the duty.
 */
export async function loadEventForm(client: Api, lang: Lang, user: SessionUser) {
  if (user.role !== "admin" && user.role !== "agency_officer") return null;
  const items = await client.reportingDuties().then(
    (b) => b.items ?? [],
    (e) => {
      if (e instanceof ApiError) return [];
      throw e;
    },
  );
  const duties: EventDuty[] = items
    .filter((d) => d.eventDriven)
    .map((d) => ({
      code: d.code,
      label: `${d.subjectVi} (${fmt.date(lang, d.window.from)} – ${fmt.date(lang, d.window.to)})`,
      askDue: d.dueRule.source === "default",
      from: d.window.from,
      to: d.window.to,
    }));
  if (duties.length === 0) return null;
  const agencies =
    user.role === "admin"
      ? (await client.agencies())
          .filter((a) => a.kind === "agency")
          .map((a) => ({ code: a.code, name: a.nameVi }))
          .sort((a, b) => compareVi(a.name, b.name))
      : [];
  return { duties, agencies };
}

/** Form action: record an event of an event-driven duty. The API checks who may, the dates, the validity. */
export async function eventAction(event: RequestEvent) {
  const lang = langOf(event);
  const form = await event.request.formData();
  const get = (k: string) => {
    const v = String(form.get(k) ?? "").trim();
    return v === "" ? null : v;
  };
  const duty = get("duty");
  const occurredOn = get("occurredOn");
  const description = get("description");
  const dueOn = get("dueOn");
  const agency = get("agency");
  const isDate = (v: string | null) => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (!duty) return fail(400, { eventError: translate(lang, "app.event.chooseDuty") });
  if (!isDate(occurredOn)) return fail(400, { eventError: translate(lang, "app.event.dateRequired") });
  if (!description) return fail(400, { eventError: translate(lang, "app.event.descriptionRequired") });
  try {
    const ev = await api(event).recordEvent(duty, {
      occurredOn: occurredOn as string,
      description,
      ...(dueOn ? { dueOn } : {}),
      ...(agency ? { agency } : {}),
    });
    return {
      eventRecorded: {
        date: fmt.date(lang, ev.occurredOn),
        period: ev.period,
        periodText: fmt.period(lang, ev.period),
        due: fmt.date(lang, ev.due),
        agency: ev.agency,
      },
    };
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { eventError: e.detailIn(lang) });
    throw e;
  }
}

import { type Frequency, parsePeriod, periodEnd, vietnamDate } from "@chitieu/domain";
import type { Database } from "@chitieu/storage";
import type { Kysely } from "kysely";
import { supplierOf, suppliersOf } from "./figure-suppliers.ts";

// Who owes figures (issue 16, item 4): each indicator's lead agency owes its figure, for each org
// unit it has a target for, for every period of the indicator's cadence within the target's
// years, by a due day: by default the 20th of the month after the period ends (settable per
// cadence in app_setting "figure_due_days", e.g. {"monthly": 20, "quarterly": 25, "annual": 31},
// a day past the month's end meaning its last day). A figure counts as delivered when a current
// figure of that indicator and org unit ends on the period's last day (a month "2024-03", the
// quarter "2024-Q1" or a cumulative figure to 31/03 all deliver what was owed to 31/03). An
// agency or an org unit that has ceased owes nothing for periods ending after it ceased.
// The statistics office may assign another agency (figure-suppliers.ts): the assignment in force
// on the period's last day, for that unit or else for every unit, owes the figure instead of the
// lead agency. An indicator with neither owes nothing, and is listed as unassigned (`unassigned`)
// so the office sees the gap.

type Db = Kysely<Database>;

export const DEFAULT_FIGURE_DUE_DAYS: Record<Frequency, number> = { monthly: 20, quarterly: 20, annual: 20 };

export interface FigureSlot {
  agency: { code: string; nameVi: string };
  indicator: { code: string; nameVi: string; frequency: Frequency };
  orgUnit: string;
  orgUnitNameVi: string;
  /** "assigned": the statistics office assigned the agency; "lead": the indicator's lead agency */
  source: "assigned" | "lead";
  period: string;
  periodEnd: string;
  due: string;
  /** when the figure was recorded (ISO day in Vietnam), null when none is held */
  receivedOn: string | null;
  /** "late": due and none held; "received_late": held, recorded after the due day */
  state: "received" | "received_late" | "late" | "not_due";
}

function periodsOf(frequency: Frequency, year: number): string[] {
  if (frequency === "monthly")
    return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  if (frequency === "quarterly") return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return [String(year)];
}

/** The due day of a period ending on `end`: day `day` of the following month (capped to its last day). */
export function figureDue(end: string, day: number): string {
  const y = Number(end.slice(0, 4));
  const m = Number(end.slice(5, 7));
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

function yearsOf(targetPeriod: string): [number, number] | null {
  const one = /^(\d{4})$/.exec(targetPeriod);
  if (one) return [Number(one[1]), Number(one[1])];
  const range = /^(\d{4})-(\d{4})$/.exec(targetPeriod);
  return range ? [Number(range[1]), Number(range[2])] : null;
}

export async function figureDueDays(db: Db): Promise<Record<Frequency, number>> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", "figure_due_days")
    .executeTakeFirst();
  const v = (typeof row?.value === "string" ? JSON.parse(row.value) : row?.value) as
    | Partial<Record<Frequency, number>>
    | undefined;
  const out = { ...DEFAULT_FIGURE_DUE_DAYS };
  for (const k of Object.keys(out) as Frequency[]) {
    const d = v?.[k];
    if (typeof d === "number" && Number.isInteger(d) && d >= 1 && d <= 31) out[k] = d;
  }
  return out;
}

/** An indicator with a target in the year whose figures no agency owes for some unit and period. */
export interface UnassignedIndicator {
  indicator: { code: string; nameVi: string; frequency: Frequency };
  orgUnits: Array<{ code: string; nameVi: string }>;
  /** how many figures of the year nobody owes */
  periods: number;
}

type DutyQuery = {
  year: number;
  today?: string | undefined;
  agency?: string | undefined;
  dueDays?: Record<Frequency, number>;
};

/** Every figure owed in `year` (optionally by one agency), with what was received; late first. */
export async function figureDuties(db: Db, q: DutyQuery): Promise<FigureSlot[]> {
  return (await figureDutiesAndGaps(db, q)).slots;
}

/** The figures owed, and the indicators with figures nobody owes (whatever `agency` asks). */
export async function figureDutiesAndGaps(
  db: Db,
  q: DutyQuery,
): Promise<{ slots: FigureSlot[]; unassigned: UnassignedIndicator[] }> {
  const today = q.today ?? vietnamDate();
  const dueDays = q.dueDays ?? (await figureDueDays(db));
  const rows = await db
    .selectFrom("target as t")
    .innerJoin("indicator as i", "i.id", "t.indicator_id")
    .leftJoin("agency as a", "a.id", "i.lead_agency_id")
    .innerJoin("org_unit as u", "u.id", "t.org_unit_id")
    .select([
      "i.id as indicator_id",
      "i.code as indicator_code",
      "i.name_vi as indicator_name",
      "i.frequency",
      "a.code as agency_code",
      "a.name_vi as agency_name",
      "a.valid_to as agency_valid_to",
      "u.id as unit_id",
      "u.code as unit_code",
      "u.name_vi as unit_name",
      "u.valid_to as unit_valid_to",
      "t.period as target_period",
    ])
    .execute();
  const assigned = await suppliersOf(db, [...new Set(rows.map((r) => r.indicator_id))]);
  const slots = new Map<string, FigureSlot & { indicatorId: number; unitId: number }>();
  const gaps = new Map<number, UnassignedIndicator & { seen: Set<string> }>();
  for (const r of rows) {
    const years = yearsOf(r.target_period);
    if (!years || q.year < years[0] || q.year > years[1]) continue;
    const frequency = r.frequency as Frequency;
    for (const period of periodsOf(frequency, q.year)) {
      const p = parsePeriod(period);
      if (!p) continue;
      const end = periodEnd(p);
      if (r.unit_valid_to !== null && String(r.unit_valid_to).slice(0, 10) < end) continue;
      const key = `${r.indicator_code}|${r.unit_code}|${period}`;
      if (slots.has(key)) continue;
      const given = supplierOf(assigned, r.indicator_id, r.unit_id, end);
      const owner = given
        ? {
            code: given.agency_code,
            nameVi: given.agency_name,
            validTo: given.agency_valid_to,
            source: "assigned" as const,
          }
        : r.agency_code
          ? {
              code: r.agency_code,
              nameVi: r.agency_name ?? r.agency_code,
              validTo: r.agency_valid_to,
              source: "lead" as const,
            }
          : null;
      if (!owner) {
        let gap = gaps.get(r.indicator_id);
        if (!gap) {
          gap = {
            indicator: { code: r.indicator_code, nameVi: r.indicator_name, frequency },
            orgUnits: [],
            periods: 0,
            seen: new Set(),
          };
          gaps.set(r.indicator_id, gap);
        }
        if (!gap.seen.has(key)) {
          gap.seen.add(key);
          gap.periods += 1;
          if (!gap.orgUnits.some((u) => u.code === r.unit_code))
            gap.orgUnits.push({ code: r.unit_code, nameVi: r.unit_name });
        }
        continue;
      }
      if (owner.validTo !== null && String(owner.validTo).slice(0, 10) < end) continue;
      if (q.agency && owner.code !== q.agency) continue;
      slots.set(key, {
        indicatorId: r.indicator_id,
        unitId: r.unit_id,
        agency: { code: owner.code, nameVi: owner.nameVi },
        source: owner.source,
        indicator: { code: r.indicator_code, nameVi: r.indicator_name, frequency },
        orgUnit: r.unit_code,
        orgUnitNameVi: r.unit_name,
        period,
        periodEnd: end,
        due: figureDue(end, dueDays[frequency]),
        receivedOn: null,
        state: "not_due",
      });
    }
  }
  const list = [...slots.values()];
  const indicatorIds = [...new Set(list.map((s) => s.indicatorId))];
  const received = new Map<string, string>();
  if (indicatorIds.length > 0) {
    const obs = await db
      .selectFrom("observation")
      .select(["indicator_id", "org_unit_id", "period_end", "recorded_at"])
      .where("indicator_id", "in", indicatorIds)
      .where("superseded_at", "is", null)
      .where("period_end", ">=", `${q.year}-01-01`)
      .where("period_end", "<=", `${q.year}-12-31`)
      .execute();
    for (const o of obs) {
      const key = `${o.indicator_id}|${o.org_unit_id}|${String(o.period_end).slice(0, 10)}`;
      const day = new Date(new Date(o.recorded_at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const prev = received.get(key);
      if (!prev || day < prev) received.set(key, day);
    }
  }
  const out: FigureSlot[] = list.map(({ indicatorId, unitId, ...s }) => {
    const got = received.get(`${indicatorId}|${unitId}|${s.periodEnd}`) ?? null;
    const state: FigureSlot["state"] = got
      ? got > s.due
        ? "received_late"
        : "received"
      : s.due < today
        ? "late"
        : "not_due";
    return { ...s, receivedOn: got, state };
  });
  const rank = { late: 0, not_due: 1, received_late: 2, received: 3 } as const;
  out.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      a.due.localeCompare(b.due) ||
      a.agency.code.localeCompare(b.agency.code) ||
      a.indicator.code.localeCompare(b.indicator.code) ||
      a.orgUnit.localeCompare(b.orgUnit),
  );
  const unassigned = [...gaps.values()]
    .map(({ seen: _seen, ...g }) => ({
      ...g,
      orgUnits: g.orgUnits.sort((a, b) => a.code.localeCompare(b.code)),
    }))
    .sort((a, b) => a.indicator.code.localeCompare(b.indicator.code));
  return { slots: out, unassigned };
}

import { DELIVERY_STATUS_LABELS, type DeliveryStatus } from "@chitieu/domain";
import type { Lang } from "$lib/i18n";
import { type Api, ApiError } from "./api.ts";
import * as fmt from "./format.ts";

// The reporting-duty calendar of the upload desk: for a period, each duty's report from each
// reporting unit, with its due date and whether it came in on time, late, or not at all
// (GET /api/v1/reporting-duties/compliance decides; this only lays it out, late first).

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
  duty: string;
  agency: string;
  due: string;
  dueIso: string;
  status: DeliveryStatus;
  statusLabel: string;
  deliveredOn: string;
}

const RANK: Record<DeliveryStatus, number> = { missing: 0, late: 1, not_due: 2, on_time: 3 };

export async function duties(
  client: Api,
  lang: Lang,
  period: string,
): Promise<{ available: boolean; lines: DutyLine[] }> {
  let body: ComplianceBody;
  try {
    body = (await client.dutyCompliance(period)) as unknown as ComplianceBody;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { available: false, lines: [] };
    if (e instanceof ApiError && e.status === 400) return { available: true, lines: [] };
    throw e;
  }
  const lines: DutyLine[] = (body.duties ?? []).flatMap((d) =>
    d.rows.map((r) => ({
      duty: d.subjectVi,
      agency: r.agencyNameVi ?? r.agency ?? "–",
      due: fmt.date(lang, r.due),
      dueIso: r.due,
      status: r.status,
      statusLabel: DELIVERY_STATUS_LABELS[r.status]?.[lang] ?? r.status,
      deliveredOn: fmt.date(lang, r.deliveredOn),
    })),
  );
  lines.sort((a, b) => RANK[a.status] - RANK[b.status] || a.dueIso.localeCompare(b.dueIso));
  return { available: true, lines };
}

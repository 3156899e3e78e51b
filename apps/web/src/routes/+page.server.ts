import type { PageServerLoad } from "./$types";

export interface PublicIndicator {
  code: string;
  name_vi: string;
  category: string;
  unit: string;
  decimals: number;
  seq: string | null;
  parent_code: string | null;
  document_code: string | null;
  lead_agency_name_vi: string | null;
  targets: Array<{
    period: string;
    form: string;
    low: string | null;
    high: string | null;
    low_inclusive: boolean;
    high_inclusive: boolean;
    tolerance: string | null;
    change_unit: string | null;
    baseline_period: string | null;
    category_value: string | null;
    due_date: string | null;
    document_number: string | null;
    document_issued_on: string | null;
    document_title_vi: string | null;
    org_unit_name_vi: string;
  }>;
  latest: { period: string; basis: string; value: string; status: string; illustrative: boolean } | null;
}

export const load: PageServerLoad = async ({ fetch }) => {
  const [health, list] = await Promise.all([
    fetch("/api/health").then((r) => r.json() as Promise<{ demo: boolean; db: string }>),
    fetch("/api/v1/public/indicators").then((r) => r.json() as Promise<{ indicators: PublicIndicator[] }>),
  ]);
  return { demo: health.demo, indicators: list.indicators };
};

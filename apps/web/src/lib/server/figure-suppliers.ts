import { fail, type RequestEvent } from "@sveltejs/kit";
import type { Lang } from "$lib/i18n";
import { type Api, ApiError, api, type SessionUser } from "./api.ts";
import * as fmt from "./format.ts";
import { langOf } from "./lang.ts";

// Who supplies an indicator's figures (issue 16, item 4): on the indicator page, the agency that
// owes the figures of the unit shown today — assigned by the statistics office, else the lead
// agency — the assignments, and for an administrator or a statistician the form that assigns
// (POST /indicators/{code}/figure-suppliers decides who may, and within which scope).

export interface SupplierAssignmentView {
  id: number;
  agency: string;
  orgUnit: string;
  from: string;
  to: string;
  basis: string;
  by: string;
  inForce: boolean;
}

export interface SupplierView {
  /** who owes the figures of the unit shown, today */
  current: { agency: string; how: "assigned" | "lead"; from: string } | null;
  items: SupplierAssignmentView[];
  canAssign: boolean;
  agencies: Array<{ code: string; name: string }>;
  units: Array<{ code: string; name: string }>;
  today: string;
}

export async function loadSuppliers(
  client: Api,
  lang: Lang,
  code: string,
  unit: { code: string; name: string },
  units: Array<{ code: string; name: string }>,
  user: SessionUser | null,
): Promise<SupplierView | null> {
  let found: Awaited<ReturnType<Api["figureSuppliers"]>>;
  try {
    found = await client.figureSuppliers(code);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
  const today = fmt.today();
  const inForce = (i: (typeof found.items)[number]) =>
    i.validFrom <= today && (i.validTo === null || i.validTo >= today);
  const given =
    found.items.find((i) => inForce(i) && i.orgUnit?.code === unit.code) ??
    found.items.find((i) => inForce(i) && i.orgUnit === null);
  const current = given
    ? { agency: given.agency.nameVi, how: "assigned" as const, from: fmt.date(lang, given.validFrom) }
    : found.leadAgency
      ? { agency: found.leadAgency.nameVi, how: "lead" as const, from: "" }
      : null;
  const canAssign = user?.role === "admin" || user?.role === "statistician";
  const agencies = canAssign
    ? (await client.agencies())
        .filter((a) => a.kind === "agency" && (a.validTo === null || a.validTo >= today))
        .map((a) => ({ code: a.code, name: a.nameVi }))
        .sort((a, b) => a.name.localeCompare(b.name, "vi"))
    : [];
  const all = lang === "en" ? "all units" : "mọi đơn vị";
  return {
    current,
    items: found.items.map((i) => ({
      id: i.id,
      agency: i.agency.nameVi,
      orgUnit: i.orgUnit?.nameVi ?? all,
      from: fmt.date(lang, i.validFrom),
      to: i.validTo ? fmt.date(lang, i.validTo) : "–",
      basis: i.basis ?? "–",
      by: i.createdBy ?? "–",
      inForce: inForce(i),
    })),
    canAssign,
    agencies,
    units,
    today,
  };
}

/** ?/assignSupplier: the form's fields as the API takes them; the API's refusal in the page's language. */
export async function assignSupplierAction(event: RequestEvent & { params: { code: string } }) {
  const lang = langOf(event);
  const form = await event.request.formData();
  const get = (k: string) => {
    const v = String(form.get(k) ?? "").trim();
    return v === "" ? null : v;
  };
  const agency = get("agency");
  const validFrom = get("validFrom");
  if (!agency || !validFrom)
    return fail(400, {
      supplierError:
        lang === "en"
          ? "Choose the agency and the first day. / Chọn cơ quan và ngày bắt đầu."
          : "Chọn cơ quan và ngày bắt đầu. / Choose the agency and the first day.",
    });
  try {
    const r = await api(event).assignFigureSupplier(event.params.code, {
      agency,
      orgUnit: get("orgUnit"),
      validFrom,
      validTo: get("validTo"),
      basis: get("basis"),
    });
    return { supplierDone: r.agency.nameVi };
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { supplierError: e.detailIn(lang) });
    throw e;
  }
}

export async function removeSupplierAction(event: RequestEvent & { params: { code: string } }) {
  const lang = langOf(event);
  const form = await event.request.formData();
  try {
    await api(event).removeFigureSupplier(event.params.code, Number(form.get("id")));
    return { supplierRemoved: true };
  } catch (e) {
    if (e instanceof ApiError) return fail(e.status, { supplierError: e.detailIn(lang) });
    throw e;
  }
}

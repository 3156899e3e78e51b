import type {
  AgencyInput,
  AgencyListRow,
  AgencyPatch,
  DocumentInput,
  DocumentListRow,
  DocumentPatch,
  IndicatorDetail,
  IndicatorInput,
  IndicatorPatch,
  NewAgency,
  NewOrgUnit,
  OrgUnitInput,
  OrgUnitListRow,
  OrgUnitPatch,
  Scorecard,
  ScorecardRow,
  SuccessionInput,
  TargetRevision,
} from "@chitieu/api";
import type { Figures as DomainFigures, Status as DomainStatus } from "@chitieu/domain";

// Typed client of the chitieu API for server-side load functions and form actions. It calls
// the API through SvelteKit's event.fetch, so the user's session cookie travels with each call
// and the request never leaves the process. Errors surface as the API's problem+json detail.

export type Role = "admin" | "leader" | "statistician" | "agency_officer";

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  agencyId: number | null;
}

export interface Session {
  user: SessionUser;
  csrfToken: string | null;
  expiresAt: string | null;
}

export interface Problem {
  status: number;
  code: string;
  detail: string;
  detail_en: string;
  errors?: unknown[];
}

/** A refused call: `message` is the API's Vietnamese detail, `detailEn` its English one. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detailEn: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  detailIn(lang: "vi" | "en"): string {
    return lang === "en" ? this.detailEn : this.message;
  }
}

/** a status of the progress engine (packages/domain) */
export type Status = DomainStatus;

/** the progress engine's figures behind a status (packages/domain) */
export type Figures = DomainFigures;

// the scorecard's shape is the API's own (one definition, in apps/api/src/services/scorecard.ts)
export type { Scorecard, ScorecardRow };

export interface ScorecardQuery {
  orgUnit: string;
  asOf: string;
  category?: string | undefined;
  status?: string | undefined;
  agency?: string | undefined;
}

// catalog rows and inputs are the API's own types (apps/api/src/services/reads.ts, catalog-admin.ts)
export type OrgUnit = OrgUnitListRow;
export type Agency = AgencyListRow;
export type DocumentRow = DocumentListRow;
export type {
  AgencyInput,
  AgencyPatch,
  DocumentInput,
  DocumentPatch,
  IndicatorDetail,
  IndicatorInput,
  IndicatorPatch,
  OrgUnitInput,
  OrgUnitPatch,
};
/** a rename or merge: predecessors closed the day before `effectiveOn` */
export type OrgUnitChange = SuccessionInput<NewOrgUnit>;
export type AgencyChange = SuccessionInput<NewAgency>;
export interface SuccessionResult {
  kind: string;
  effectiveOn: string;
  predecessors: { code: string; validTo: string }[];
  successor: string;
}

export interface IndicatorRow {
  id: number;
  code: string;
  name_vi: string;
  name_en: string | null;
  category: string;
  unit: string;
  measure_kind: string;
  direction: string;
  decimals: number;
  frequency: string;
  published: boolean;
  seq: string | null;
  note: string | null;
  parent_code: string | null;
  document_code: string | null;
  lead_agency_code: string | null;
  lead_agency_name_vi: string | null;
}

export interface TargetRow {
  target_id: number;
  period: string;
  indicator_code: string;
  org_unit_code: string;
  org_unit_name_vi: string;
  revision: number;
  form: string;
  low: string | null;
  high: string | null;
  low_inclusive: boolean;
  high_inclusive: boolean;
  tolerance: string | null;
  change_unit: "absolute" | "percent" | null;
  baseline_period: string | null;
  baseline_value: string | null;
  plan_amount: string | null;
  category_value: string | null;
  due_date: string | null;
  quote: string | null;
  document_code: string | null;
  document_number: string | null;
  document_issued_on: string | null;
  document_title_vi: string | null;
}

export type { TargetRevision };

export interface TargetRevisionInput {
  form: string;
  low?: string | null;
  high?: string | null;
  lowInclusive?: boolean;
  highInclusive?: boolean;
  tolerance?: string | null;
  changeUnit?: "absolute" | "percent" | null;
  baselinePeriod?: string | null;
  baselineValue?: string | null;
  planAmount?: string | null;
  categoryValue?: string | null;
  dueDate?: string | null;
  documentCode?: string | null;
  effectiveFrom?: string | null;
  reason: string;
}

export interface ObservationRow {
  id: number;
  indicator_code: string;
  org_unit_code: string;
  period: string;
  basis: "period" | "ytd";
  value: string;
  status: "estimate" | "preliminary" | "official";
  is_illustrative: boolean;
  period_end: string;
  recorded_at: string;
}

export interface ObservationVersion {
  id: number;
  value: string;
  status: string;
  note: string | null;
  is_illustrative: boolean;
  recorded_at: string;
  superseded_at: string | null;
  batch_id: number | null;
  batch_file_name: string | null;
  recorded_by_email: string | null;
}

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  agencyId: number | null;
  disabled: boolean;
  demo: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  agencyId?: number | null;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  scopes: string[];
  token: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  entity: string;
  entity_id: string | null;
  old_value: unknown;
  new_value: unknown;
  batch_id: number | null;
  request_id: string | null;
  user_email: string | null;
}

// --- imports (apps/api/src/routes/imports.ts) ---

export interface ImportProblem {
  row: number | null;
  column: string | null;
  column_letter: string | null;
  value: string | null;
  code: string;
  message: string;
  message_en: string;
}

export interface ImportPreviewRow {
  row: number;
  column: string;
  indicator: string;
  org_unit: string;
  period: string;
  basis: string;
  value: string;
  status: string;
  note: string | null;
  outcome: "new" | "revised" | "unchanged";
  current_value: string | null;
}

export interface ImportResult {
  batchId: number | null;
  status: "preview" | "committed" | "rejected";
  fileName: string;
  fileHash?: string;
  duplicateOf?: number | null;
  rows: { total: number; new: number; revised: number; unchanged: number; invalid: number; skipped?: number };
  errors: ImportProblem[];
  warnings: ImportProblem[];
  errorCount?: number;
  warningCount?: number;
  truncated?: boolean;
  detected: {
    format: string;
    encoding: string | null;
    delimiter: string | null;
    numberConvention: string;
    layout: string | null;
    year?: number | null;
    headerRow?: number | null;
  };
  sample?: ImportPreviewRow[];
  revisions?: ImportRevision[];
  report?: ImportReport | null;
}

export interface ImportRevision {
  row: number;
  column: string;
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  oldValue: string;
  newValue: string;
  oldStatus: string;
  newStatus: string;
  enteredBy: string | null;
  enteredAt: string;
}

export interface ImportReport {
  shape: "report" | "district";
  headerRows: number[];
  inferred: { field: string; value: string; source: string; sourceEn: string }[];
  questions: {
    field: string;
    text: string | null;
    row: number | null;
    kind: string | null;
    message: string;
    messageEn: string;
    choices: { value: string; label: string }[];
    suggested: string | null;
    required: boolean;
  }[];
  matches: { row: number; text: string; code: string; name: string; how: string; score: number | null }[];
  conversions: {
    row: number;
    column: string;
    indicator: string;
    from: string;
    to: string;
    factor: string;
    original: string;
    value: string;
  }[];
  skippedRows: { row: number; text: string; why: string }[];
  unknownHeaders: string[];
  aliases: { kind: string; text: string; code: string | null }[];
}

export interface ImportBatch {
  id: number;
  file_name: string;
  user_email: string | null;
  created_at: string;
  status: "committed" | "rolled_back";
  rows_total: number;
  rows_new: number;
  rows_revised: number;
  rows_unchanged: number;
  rows_invalid: number;
  rolled_back_at: string | null;
}

// --- tasks and reporting duties (apps/api/src/routes/tasks.ts): read loosely, see tasks.ts ---

export type Loose = Record<string, unknown>;

export interface StatusReportInput {
  status: string;
  reportedOn?: string;
  progressNote?: string | null;
  completedOn?: string | null;
  evidenceDocument?: string | null;
  evidenceUrl?: string | null;
}

export interface DeliveryInput {
  period: string;
  deliveredOn: string;
  documentNumber?: string | null;
  evidenceUrl?: string | null;
  note?: string | null;
  agency?: string | null;
}

export interface DeadlineMoveInput {
  text?: string | null;
  dueDate?: string | null;
  document: string;
  reason: string;
}

// --- task-table imports (POST /api/v1/task-imports; packages/importer/src/tasks) ---

export interface TaskImportProblem {
  row: number | null;
  column: string | null;
  column_letter: string | null;
  value: string | null;
  code: string;
  severity: "error" | "warning";
  message: string;
  message_en: string;
}

export interface TaskImportResult {
  status: "preview" | "committed" | "rejected";
  batchId: number | null;
  fileName: string;
  document: { id: number; code: string };
  headerRow: number;
  columns: Array<{ role: string; header: string; letter: string }>;
  counts: {
    total: number;
    new: number;
    unchanged: number;
    invalid: number;
    errors: number;
    warnings: number;
  };
  problems: TaskImportProblem[];
  rows: Array<{
    row: number;
    number: string | null;
    section: string | null;
    text: string;
    lead: Array<{ agencyId: number; code?: string; nameVi?: string; part?: string | null }>;
    support: Array<{ agencyId: number; code?: string; nameVi?: string; part?: string | null }>;
    deadline: { text: string; kind: string; due?: string | null };
    outcome: "new" | "unchanged" | "invalid";
    taskCode: string | null;
  }>;
}

export interface TaskImportBatch {
  id: number;
  kind: "tasks" | "task_status";
  file_name: string;
  user_email: string | null;
  created_at: string;
  status: "committed" | "rolled_back";
  rows_total: number;
  rows_new: number;
  rolled_back_at: string | null;
}

type Fetch = typeof fetch;

export interface ApiEvent {
  fetch: Fetch;
}

const BASE = "/api/v1";
/** the API's largest page (Pagination in apps/api/src/http/openapi.ts) */
const PAGE = 500;

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status
  }
  const detail = typeof body.detail === "string" ? body.detail : `Lỗi ${res.status}`;
  const detailEn = typeof body.detail_en === "string" ? body.detail_en : `Error ${res.status}`;
  const code = typeof body.code === "string" ? body.code : `http_${res.status}`;
  return new ApiError(res.status, code, detail, detailEn, body);
}

/** The client bound to one request: `api(event).scorecard({...})`. */
export function api(event: ApiEvent) {
  let csrf: Promise<string> | undefined;

  async function call<T>(method: string, path: string, body?: unknown, write = false): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    if (write) headers["x-csrf-token"] = await csrfToken();
    const res = await event.fetch(`${BASE}${path}`, {
      method,
      headers,
      ...(payload ? { body: payload } : {}),
    });
    if (!res.ok) throw await problemOf(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** Every write carries the session's CSRF token, read once per request. */
  function csrfToken(): Promise<string> {
    csrf ??= call<Session>("GET", "/auth/session").then((s) => s.csrfToken ?? "");
    return csrf;
  }

  const get = <T>(path: string) => call<T>("GET", path);
  const post = <T>(path: string, body?: unknown) => call<T>("POST", path, body, true);
  const patch = <T>(path: string, body: unknown) => call<T>("PATCH", path, body, true);
  const del = <T>(path: string) => call<T>("DELETE", path, undefined, true);
  const at = (code: string) => encodeURIComponent(code);

  /**
   * A list, whole: pages of the API's largest page until a short one (never silently capped at
   * one page). With an explicit limit, that one page.
   */
  async function every<T>(
    path: string,
    q: Record<string, string | number | boolean | undefined> & { limit?: number },
  ) {
    if (q.limit !== undefined) return (await get<{ items: T[] }>(`${path}${query(q)}`)).items;
    const items: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = (await get<{ items: T[] }>(`${path}${query({ ...q, limit: PAGE, offset })}`)).items;
      items.push(...page);
      if (page.length < PAGE) return items;
    }
  }

  return {
    /** the signed-in user, or null when the cookie is missing or expired */
    async session(): Promise<Session | null> {
      try {
        const s = await get<Session>("/auth/session");
        if (s.csrfToken) csrf = Promise.resolve(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    /** sign in: the API answers with Set-Cookie, which the caller passes on to the browser */
    async login(email: string, password: string): Promise<{ session: Session; setCookies: string[] }> {
      const res = await event.fetch(`${BASE}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (!res.ok) throw await problemOf(res);
      return { session: (await res.json()) as Session, setCookies: res.headers.getSetCookie() };
    },
    logout: () => post<void>("/auth/logout"),

    scorecard: (q: ScorecardQuery) => get<Scorecard>(`/scorecard${query({ ...q })}`),
    orgUnits: (q: { level?: string; parent?: string; limit?: number; offset?: number } = {}) =>
      every<OrgUnit>("/org-units", q),
    agencies: (q: { orgUnit?: string; q?: string; limit?: number; offset?: number } = {}) =>
      every<Agency>("/agencies", q),
    documents: (q: { limit?: number; offset?: number } = {}) => every<DocumentRow>("/documents", q),
    indicators: (
      q: { category?: string; document?: string; sort?: "document" | "code"; limit?: number } = {},
    ) => every<IndicatorRow>("/indicators", q),
    targets: (
      q: { indicator?: string; orgUnit?: string; period?: string; limit?: number; offset?: number } = {},
    ) => every<TargetRow>("/targets", q),
    targetRevisions: (id: number) =>
      get<{ revisions: TargetRevision[] }>(`/targets/${id}/revisions`).then((r) => r.revisions),
    reviseTarget: (id: number, input: TargetRevisionInput) =>
      post<{ targetId: number; revision: number }>(`/targets/${id}/revisions`, input),
    indicator: (code: string) => get<IndicatorDetail>(`/indicators/${at(code)}`),
    createIndicator: (input: IndicatorInput) => post<IndicatorDetail>("/indicators", input),
    updateIndicator: (code: string, input: IndicatorPatch) =>
      patch<IndicatorDetail>(`/indicators/${at(code)}`, input),
    createOrgUnit: (input: OrgUnitInput) => post<{ code: string }>("/org-units", input),
    updateOrgUnit: (code: string, input: OrgUnitPatch) =>
      patch<{ code: string }>(`/org-units/${at(code)}`, input),
    recordOrgUnitChange: (input: OrgUnitChange) => post<SuccessionResult>("/org-units/successions", input),
    createAgency: (input: AgencyInput) => post<{ code: string }>("/agencies", input),
    updateAgency: (code: string, input: AgencyPatch) =>
      patch<{ code: string }>(`/agencies/${at(code)}`, input),
    recordAgencyChange: (input: AgencyChange) => post<SuccessionResult>("/agencies/successions", input),
    addAgencyAlias: (code: string, alias: string) =>
      post<{ alias: string }>(`/agencies/${at(code)}/aliases`, { alias }),
    removeAgencyAlias: (code: string, alias: string) =>
      del<void>(`/agencies/${at(code)}/aliases${query({ alias })}`),
    createDocument: (input: DocumentInput) => post<{ code: string }>("/documents", input),
    updateDocument: (code: string, input: DocumentPatch) =>
      patch<{ code: string }>(`/documents/${at(code)}`, input),
    observations: (
      q: { indicator?: string; orgUnit?: string; from?: string; to?: string; limit?: number } = {},
    ) => every<ObservationRow>("/observations", q),
    observationHistory: (id: number) =>
      get<{ history: ObservationVersion[] }>(`/observations/${id}/history`).then((r) => r.history),
    audit: (q: { entity?: string; entityId?: string; limit?: number } = {}) =>
      get<{ items: AuditEntry[] }>(`/audit-log${query({ limit: 100, ...q })}`).then((r) => r.items),

    users: () => get<{ users: User[] }>("/users?limit=500").then((r) => r.users),
    /** admin: reminder e-mails on or off (and why), settings, last sent */
    reminders: () => get<ReminderView>("/reminders"),
    createUser: (u: NewUser) => post<User>("/users", u),
    setUserDisabled: (id: number, disabled: boolean) =>
      post<void>(`/users/${id}/${disabled ? "disable" : "enable"}`),
    tokens: () => get<{ tokens: ApiToken[] }>("/tokens").then((r) => r.tokens),
    createToken: (t: { name: string; scopes: string[]; expiresAt?: string }) =>
      post<CreatedToken>("/tokens", t),
    revokeToken: (id: number) => post<void>(`/tokens/${id}/revoke`),

    /** dry run (preview) or commit of one file; a commit refused for errors throws ApiError 422 with the preview in `body` */
    importFile: (file: File, options: { dryRun: boolean; answers?: Record<string, string> }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      // answers to a report table's questions (issue #15): the API's form fields
      for (const [k, v] of Object.entries(options.answers ?? {})) form.set(k, v);
      return post<ImportResult>(`/imports${query({ dryRun: options.dryRun })}`, form);
    },
    importBatches: () => get<{ batches: ImportBatch[] }>("/imports?limit=50").then((r) => r.batches),
    rollbackBatch: (id: number) => post<Loose>(`/imports/${id}/rollback`),

    tasks: (q: Record<string, string | undefined> = {}) => get<Loose>(`/tasks${query({ limit: 500, ...q })}`),
    task: (id: number) => get<Loose>(`/tasks/${id}`),
    reportTaskStatus: (id: number, report: StatusReportInput) =>
      post<Loose>(`/tasks/${id}/status-reports`, report),
    reportingDuties: () => get<Loose>(`/reporting-duties${query({ limit: 500 })}`),
    /** the years with tasks or reports due, latest first; the calendar opens on defaultYear */
    calendarYears: () =>
      get<{ today: string; defaultYear: number; years: number[] }>("/reporting-duties/years"),
    dutyCompliance: (period: string) => get<Loose>(`/reporting-duties/compliance${query({ period })}`),
    /** an officer (or an admin naming the agency) marks a duty's report for one period as sent */
    recordDelivery: (duty: string, input: DeliveryInput) =>
      post<Loose>(`/reporting-duties/${encodeURIComponent(duty)}/deliveries`, input),
    /** admin: a new deadline revision, with the document that moved it and why */
    moveDeadline: (id: number, input: DeadlineMoveInput) => post<Loose>(`/tasks/${id}/deadlines`, input),
    agencyScorecards: (year: number) =>
      get<{ year: number; items: Loose[] }>(`/agency-scorecard${query({ year })}`),
    agencyScorecard: (code: string, year: number) =>
      get<Loose>(`/agencies/${encodeURIComponent(code)}/scorecard${query({ year })}`),
    /** a task table into a document: dry run (preview) or commit; a refused commit throws ApiError 422 with the preview in `body` */
    importTasks: (file: File, options: { document: string; dryRun: boolean }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      form.set("document", options.document);
      form.set("dryRun", String(options.dryRun));
      return post<TaskImportResult>("/task-imports", form);
    },
    taskImportBatches: () =>
      get<{ batches: TaskImportBatch[] }>("/task-imports?limit=50").then((r) => r.batches),
    rollbackTaskImport: (id: number) => post<Loose>(`/task-imports/${id}/rollback`),

    // issue #20: explanations, directions and report drafts (their shapes: $lib/server/report)
    get: <T>(path: string) => get<T>(path),
    post: <T>(path: string, body?: unknown) => post<T>(path, body),
    put: <T>(path: string, body: unknown) => call<T>("PUT", path, body, true),
    // ── issue #13: target creation (one at a time; a plan's spreadsheet with a dry run) ──
    createTarget: (input: TargetCreateInput) => post<CreatedTarget>("/targets", input),
    importTargets: (file: File, options: { dryRun: boolean }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      form.set("dryRun", String(options.dryRun));
      return post<TargetSheetResult>("/targets/imports", form);
    },
    // ── end issue #13 ──
  };
}

// ── issue #13: target creation types (mirror TargetCreateInput, CreatedTarget, TargetSheetResult) ──
export interface TargetCreateInput {
  indicator: string;
  orgUnit: string;
  period: string;
  form: string;
  low?: string | null;
  high?: string | null;
  lowInclusive?: boolean;
  highInclusive?: boolean;
  tolerance?: string | null;
  changeUnit?: "absolute" | "percent" | null;
  baselinePeriod?: string | null;
  baselineValue?: string | null;
  planAmount?: string | null;
  categoryValue?: string | null;
  dueDate?: string | null;
  documentCode: string;
  quote: string;
  note?: string | null;
  effectiveFrom?: string | null;
  provenance?: "stated" | "inferred" | "assumption";
  provenanceNote?: string | null;
}
export interface CreatedTarget {
  id: number;
  indicator: string;
  orgUnit: string;
  period: string;
  revision: number;
}
export interface TargetSheetResult {
  dryRun: boolean;
  committed: boolean;
  rows: { row: number; indicator: string; orgUnit: string; period: string; form: string; quote: string }[];
  problems: { path: string; message: string }[];
  created: { id: number; indicator: string; orgUnit: string; period: string }[];
}
// ── end issue #13 ──

export type Api = ReturnType<typeof api>;

/** GET /reminders: reminder e-mails on or off (and why), the settings, the last sent. */
export interface ReminderView {
  enabled: boolean;
  reasonVi: string | null;
  reasonEn: string | null;
  smtpHost: string | null;
  leadDays: number;
  intervalMinutes: number;
  lastSent: Array<{
    sentAt: string;
    agency: string;
    item: string;
    stage: string;
    due: string;
    recipients: string;
  }>;
}

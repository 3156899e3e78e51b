import type { Figures as DomainFigures, Status as DomainStatus } from "@chitieu/domain";
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./api-types.ts";

// The web app's client of the chitieu API, for server-side load functions and form actions. Its
// types are generated from the API's OpenAPI document (api-types.ts, `pnpm gen:api`); the calls
// go through openapi-fetch with SvelteKit's event.fetch, so the user's session cookie travels with
// each call and the request never leaves the process. Errors surface as the API's problem+json
// detail, in both languages.

type Schemas = components["schemas"];
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type Role = Schemas["User"]["role"];
export type Session = Schemas["Session"];
export type SessionUser = Session["user"];
export type Problem = Schemas["Problem"];

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

export type Scorecard = Schemas["Scorecard"];
export type ScorecardRow = Schemas["ScorecardRow"];
type ScorecardParams = NonNullable<paths["/scorecard"]["get"]["parameters"]["query"]>;
/** the filters as a form gives them: the API checks the status and answers 400 for an unknown one */
export type ScorecardQuery = Omit<ScorecardParams, "status"> & { status?: string | undefined };

export type OrgUnit = Schemas["OrgUnitItem"];
export type Agency = Schemas["AgencyItem"];
export type DocumentRow = Schemas["DocumentItem"];
export type IndicatorRow = Schemas["IndicatorItem"];
export type IndicatorDetail = Schemas["IndicatorDetail"];
export type TargetRow = Schemas["TargetItem"];
export type TargetRevision = Schemas["TargetRevision"];
export type ObservationRow = Schemas["ObservationItem"];
export type ObservationVersion = Schemas["ObservationVersion"];
export type AuditEntry = Schemas["AuditEntry"];
export type User = Schemas["User"];
export type ApiToken = Schemas["ApiToken"];
export type CreatedToken = paths["/tokens"]["post"]["responses"][201]["content"]["application/json"];
export type ImportProblem = Schemas["ImportProblem"];
export type ImportPreviewRow = Schemas["ImportResult"]["sample"][number];
export type ImportResult = Schemas["ImportResult"];
export type ImportBatch = Schemas["ImportBatch"];
export type TaskImportProblem = Schemas["TaskImportProblem"];
export type TaskImportResult = Schemas["TaskImportResult"];
export type TaskStatusImportResult = Schemas["TaskStatusImportResult"];
export type TaskImportBatch = Schemas["TaskImportBatch"];
export type SuccessionResult = Schemas["Succession"];

export type OrgUnitInput = Body<"/org-units", "post">;
export type OrgUnitPatch = Body<"/org-units/{code}", "patch">;
export type OrgUnitChange = Body<"/org-units/successions", "post">;
export type AgencyInput = Body<"/agencies", "post">;
export type AgencyPatch = Body<"/agencies/{code}", "patch">;
export type AgencyChange = Body<"/agencies/successions", "post">;
export type DocumentInput = Body<"/documents", "post">;
export type DocumentPatch = Body<"/documents/{code}", "patch">;
export type IndicatorInput = Body<"/indicators", "post">;
export type IndicatorPatch = Body<"/indicators/{code}", "patch">;
export type FigureSupplierInput = Body<"/indicators/{code}/figure-suppliers", "post">;
/** form values: the API checks the form (400 with the reason) */
export type TargetRevisionInput = Omit<Body<"/targets/{id}/revisions", "post">, "form"> & { form: string };
export type NewUser = Body<"/users", "post">;
/** form values: the API checks the status (400 with the reason) */
export type StatusReportInput = Omit<Body<"/tasks/{id}/status-reports", "post">, "status"> & {
  status: string;
};
export type DeliveryInput = Body<"/reporting-duties/{code}/deliveries", "post">;
export type EventInput = Body<"/reporting-duties/{code}/events", "post">;
export type DeadlineMoveInput = Body<"/tasks/{id}/deadlines", "post">;
export type ImportRevision = Schemas["ImportRevision"];
export type ReminderView = Schemas["ReminderStatus"];
/** form values: the API checks the form (400 with the reason) */
export type TargetCreateInput = Omit<Body<"/targets", "post">, "form"> & { form: string };
export type CreatedTarget = Schemas["CreatedTarget"];
export type TargetSheetResult = Schemas["TargetSheetResult"];
export type ExplanationRow = Schemas["Explanation"];
export type DirectionRow = Schemas["Direction"];
export type DirectionInput = Body<"/directions", "post">;
export type DraftRow = Schemas["ReportDraftMeta"];
export type ImportReport = NonNullable<Schemas["ImportResult"]["report"]>;

export interface ApiEvent {
  fetch: typeof fetch;
  /** the request's address: the API is called on the same origin */
  url?: URL;
}

/** the API's largest page (Pagination in apps/api/src/http/openapi.ts) */
const PAGE = 500;

function problemOf(status: number, error: unknown): ApiError {
  const body = (error && typeof error === "object" ? error : {}) as Record<string, unknown>;
  const detail = typeof body.detail === "string" ? body.detail : `Lỗi ${status}`;
  const detailEn = typeof body.detailEn === "string" ? body.detailEn : `Error ${status}`;
  const code = typeof body.code === "string" ? body.code : `http_${status}`;
  return new ApiError(status, code, detail, detailEn, body);
}

/** The answer of a call, or its problem thrown as an ApiError. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw problemOf(response.status, error);
  return data as T;
}

/** Every page of a list, in order, until a short one: never silently capped at one page. */
async function everyPage<T>(page: (limit: number, offset: number) => Promise<{ items: T[] }>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const got = (await page(PAGE, offset)).items;
    items.push(...got);
    if (got.length < PAGE) return items;
  }
}

/** The client bound to one request: `api(event).scorecard({...})`. */
export function api(event: ApiEvent) {
  const origin = event.url?.origin ?? "http://localhost";
  const client = createClient<paths>({ baseUrl: `${origin}/api/v1`, fetch: event.fetch });
  let csrf: Promise<string> | undefined;

  /** Every write carries the session's CSRF token, read once per request. */
  function csrfToken(): Promise<string> {
    csrf ??= ok(client.GET("/auth/session")).then(
      (s) => s.csrfToken ?? "",
      () => "",
    );
    return csrf;
  }
  const withCsrf: Middleware = {
    async onRequest({ request, schemaPath }) {
      if (request.method === "GET" || schemaPath === "/auth/login") return request;
      request.headers.set("x-csrf-token", await csrfToken());
      return request;
    },
  };
  client.use(withCsrf);
  const multipart = { bodySerializer: (body: unknown) => body as FormData };

  return {
    /** the signed-in user, or null when the cookie is missing or expired */
    async session(): Promise<Session | null> {
      try {
        const s = await ok(client.GET("/auth/session"));
        if (s.csrfToken) csrf = Promise.resolve(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    /** sign in: the API answers with Set-Cookie, which the caller passes on to the browser */
    async login(email: string, password: string): Promise<{ session: Session; setCookies: string[] }> {
      const { data, error, response } = await client.POST("/auth/login", { body: { email, password } });
      if (!response.ok || !data) throw problemOf(response.status, error);
      return { session: data, setCookies: response.headers.getSetCookie() };
    },
    logout: () => ok(client.POST("/auth/logout")).then(() => undefined),

    scorecard: (q: ScorecardQuery) =>
      ok(client.GET("/scorecard", { params: { query: q as ScorecardParams } })),
    orgUnits: (q: { level?: string; parent?: string } = {}) =>
      everyPage((limit, offset) =>
        ok(client.GET("/org-units", { params: { query: { ...q, limit, offset } } })),
      ),
    agencies: (q: { orgUnit?: string; q?: string } = {}) =>
      everyPage((limit, offset) =>
        ok(client.GET("/agencies", { params: { query: { ...q, limit, offset } } })),
      ),
    documents: () =>
      everyPage((limit, offset) => ok(client.GET("/documents", { params: { query: { limit, offset } } }))),
    indicators: (q: { category?: string; document?: string; sort?: "document" | "code" } = {}) =>
      everyPage((limit, offset) =>
        ok(client.GET("/indicators", { params: { query: { ...q, limit, offset } } })),
      ),
    targets: (q: { indicator?: string; orgUnit?: string; period?: string } = {}) =>
      everyPage((limit, offset) =>
        ok(client.GET("/targets", { params: { query: { ...q, limit, offset } } })),
      ),
    targetRevisions: (id: number) =>
      ok(client.GET("/targets/{id}/revisions", { params: { path: { id } } })).then((r) => r.revisions),
    reviseTarget: (id: number, input: TargetRevisionInput) =>
      ok(
        client.POST("/targets/{id}/revisions", {
          params: { path: { id } },
          body: input as Body<"/targets/{id}/revisions", "post">,
        }),
      ),
    indicator: (code: string) => ok(client.GET("/indicators/{code}", { params: { path: { code } } })),
    createIndicator: (input: IndicatorInput) => ok(client.POST("/indicators", { body: input })),
    updateIndicator: (code: string, input: IndicatorPatch) =>
      ok(client.PATCH("/indicators/{code}", { params: { path: { code } }, body: input })),
    createOrgUnit: (input: OrgUnitInput) => ok(client.POST("/org-units", { body: input })),
    updateOrgUnit: (code: string, input: OrgUnitPatch) =>
      ok(client.PATCH("/org-units/{code}", { params: { path: { code } }, body: input })),
    recordOrgUnitChange: (input: OrgUnitChange) => ok(client.POST("/org-units/successions", { body: input })),
    createAgency: (input: AgencyInput) => ok(client.POST("/agencies", { body: input })),
    updateAgency: (code: string, input: AgencyPatch) =>
      ok(client.PATCH("/agencies/{code}", { params: { path: { code } }, body: input })),
    recordAgencyChange: (input: AgencyChange) => ok(client.POST("/agencies/successions", { body: input })),
    addAgencyAlias: (code: string, alias: string) =>
      ok(client.POST("/agencies/{code}/aliases", { params: { path: { code } }, body: { alias } })),
    removeAgencyAlias: (code: string, alias: string) =>
      ok(client.DELETE("/agencies/{code}/aliases", { params: { path: { code }, query: { alias } } })).then(
        () => undefined,
      ),
    createDocument: (input: DocumentInput) => ok(client.POST("/documents", { body: input })),
    updateDocument: (code: string, input: DocumentPatch) =>
      ok(client.PATCH("/documents/{code}", { params: { path: { code } }, body: input })),
    observations: (q: { indicator?: string; orgUnit?: string; from?: string; to?: string } = {}) =>
      everyPage((limit, offset) =>
        ok(client.GET("/observations", { params: { query: { ...q, limit, offset } } })),
      ),
    observationHistory: (id: number) =>
      ok(client.GET("/observations/{id}/history", { params: { path: { id } } })).then((r) => r.history),
    /** the newest entries (100 unless `limit` says otherwise) */
    audit: (q: { entity?: string; entityId?: string; limit?: number } = {}) =>
      ok(client.GET("/audit-log", { params: { query: { limit: 100, ...q } } })).then((r) => r.items),

    users: () =>
      everyPage((limit, offset) =>
        ok(client.GET("/users", { params: { query: { limit, offset } } })).then((r) => ({ items: r.users })),
      ),
    /** admin: reminder e-mails on or off (and why), settings, last sent */
    reminders: () => ok(client.GET("/reminders")),
    createUser: (u: NewUser) => ok(client.POST("/users", { body: u })),
    setUserDisabled: (id: number, disabled: boolean) =>
      ok(
        disabled
          ? client.POST("/users/{id}/disable", { params: { path: { id } } })
          : client.POST("/users/{id}/enable", { params: { path: { id } } }),
      ).then(() => undefined),
    tokens: () => ok(client.GET("/tokens")).then((r) => r.tokens),
    /** scopes as the form gives them: the API refuses an unknown one (400) */
    createToken: (t: { name: string; scopes: string[]; expiresAt?: string }) =>
      ok(client.POST("/tokens", { body: t as Body<"/tokens", "post"> })),
    revokeToken: (id: number) =>
      ok(client.POST("/tokens/{id}/revoke", { params: { path: { id } } })).then(() => undefined),

    /** dry run (preview) or commit of one file; a commit refused for errors throws ApiError 422 with the preview in `body` */
    importFile: (file: File, options: { dryRun: boolean; answers?: Record<string, string> }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      form.set("dryRun", String(options.dryRun));
      // answers to a report table's questions (issue #15): the API's form fields
      for (const [k, v] of Object.entries(options.answers ?? {})) form.set(k, v);
      return ok(client.POST("/imports", { body: form as never, ...multipart }));
    },
    /** the 50 newest uploads */
    importBatches: () =>
      ok(client.GET("/imports", { params: { query: { limit: 50 } } })).then((r) => r.batches),
    rollbackBatch: (id: number) =>
      ok(client.POST("/imports/{id}/rollback", { params: { path: { id: String(id) } } })),

    /** every task the filters leave, page after page */
    tasks: async (q: { agency?: string; status?: string; document?: string } = {}) => {
      const query = q as NonNullable<paths["/tasks"]["get"]["parameters"]["query"]>;
      const first = await ok(
        client.GET("/tasks", { params: { query: { ...query, limit: PAGE, offset: 0 } } }),
      );
      const items = [...first.items];
      while (items.length < first.total) {
        const next = await ok(
          client.GET("/tasks", { params: { query: { ...query, limit: PAGE, offset: items.length } } }),
        );
        if (next.items.length === 0) break;
        items.push(...next.items);
      }
      return { ...first, items, limit: items.length, offset: 0 };
    },
    task: (id: number) => ok(client.GET("/tasks/{id}", { params: { path: { id } } })),
    reportTaskStatus: (id: number, report: StatusReportInput) =>
      ok(
        client.POST("/tasks/{id}/status-reports", {
          params: { path: { id } },
          body: report as Body<"/tasks/{id}/status-reports", "post">,
        }),
      ),
    reportingDuties: () => ok(client.GET("/reporting-duties")),
    /** the years with tasks or reports due, latest first; the calendar opens on defaultYear */
    calendarYears: () => ok(client.GET("/reporting-duties/years")),
    dutyCompliance: (period: string) =>
      ok(client.GET("/reporting-duties/compliance", { params: { query: { period } } })),
    /** an officer (or an admin naming the agency) records an event an event-driven duty reports on */
    recordEvent: (duty: string, input: EventInput) =>
      ok(client.POST("/reporting-duties/{code}/events", { params: { path: { code: duty } }, body: input })),
    /** an officer (or an admin naming the agency) marks a duty's report for one period as sent */
    recordDelivery: (duty: string, input: DeliveryInput) =>
      ok(
        client.POST("/reporting-duties/{code}/deliveries", { params: { path: { code: duty } }, body: input }),
      ),
    /** admin: a new deadline revision, with the document that moved it and why */
    moveDeadline: (id: number, input: DeadlineMoveInput) =>
      ok(client.POST("/tasks/{id}/deadlines", { params: { path: { id } }, body: input })),
    /** issue #13 item 8: predecessors' figures, the roll-up from child units, ratios from components */
    lineage: (code: string, orgUnit: string, asOf: string) =>
      ok(client.GET("/lineage/{code}/{orgUnit}/{asOf}", { params: { path: { code, orgUnit, asOf } } })),
    agencyScorecards: (year: number) => ok(client.GET("/agency-scorecard", { params: { query: { year } } })),
    agencyScorecard: (code: string, year: number) =>
      ok(client.GET("/agencies/{code}/scorecard", { params: { path: { code }, query: { year } } })),
    /** a task table into a document: dry run (preview) or commit; a refused commit throws ApiError 422 with the preview in `body` */
    importTasks: (file: File, options: { document: string; dryRun: boolean }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      form.set("document", options.document);
      form.set("dryRun", String(options.dryRun));
      return ok(client.POST("/task-imports", { body: form as never, ...multipart }));
    },
    taskImportBatches: () =>
      ok(client.GET("/task-imports", { params: { query: { limit: 50 } } })).then((r) => r.batches),
    rollbackTaskImport: (id: number) =>
      ok(client.POST("/task-imports/{id}/rollback", { params: { path: { id } } })),

    // issue #20: explanations, directions and report drafts
    explanations: (q: { orgUnit?: string; period?: string; indicator?: string }) =>
      ok(client.GET("/explanations", { params: { query: q } })).then((r) => r.items),
    /** form values: the API checks them (400 with the reason) */
    saveExplanation: (input: Partial<Body<"/explanations", "put">>) =>
      ok(client.PUT("/explanations", { body: input as Body<"/explanations", "put"> })),
    publishExplanation: (id: number, isPublic: boolean) =>
      ok(client.POST("/explanations/{id}/publication", { params: { path: { id } }, body: { isPublic } })),
    directions: (q: { orgUnit?: string }) =>
      ok(client.GET("/directions", { params: { query: q } })).then((r) => r.items),
    /** form values: the API checks them (400 with the reason) */
    createDirection: (input: Partial<Record<keyof DirectionInput, unknown>>) =>
      ok(client.POST("/directions", { body: input as DirectionInput })),
    reportDrafts: (q: { orgUnit?: string; period?: string }) =>
      ok(client.GET("/report-drafts", { params: { query: q } })).then((r) => r.items),
    createReportDraft: (input: { orgUnit?: string | null | undefined; period?: string | null | undefined }) =>
      ok(client.POST("/report-drafts", { body: input as Body<"/report-drafts", "post"> })),
    // issue #13: target creation (one at a time; a plan's spreadsheet with a dry run)
    createTarget: (input: TargetCreateInput) =>
      ok(client.POST("/targets", { body: input as Body<"/targets", "post"> })),
    importTargets: (file: File, options: { dryRun: boolean }) => {
      const form = new FormData();
      form.set("file", file, file.name);
      form.set("dryRun", String(options.dryRun));
      return ok(client.POST("/targets/imports", { body: form as never, ...multipart }));
    },
    // issue #17 item 6: accounts by one-time links, edits of role, agency and province scope
    inviteUser: (input: InvitationInput) => ok(client.POST("/users/invitations", { body: input })),
    issueResetLink: (id: number) => ok(client.POST("/users/{id}/reset-link", { params: { path: { id } } })),
    updateUser: (id: number, patch: UserPatch) =>
      ok(client.PATCH("/users/{id}", { params: { path: { id } }, body: patch })),
    lookUpLink: (token: string) => ok(client.POST("/auth/links/lookup", { body: { token } })),
    useLink: (token: string, password: string) =>
      ok(client.POST("/auth/links/use", { body: { token, password } })),
    // issue #16 item 7: targets ↔ tasks
    indicatorTasks: (code: string) =>
      ok(client.GET("/indicators/{code}/tasks", { params: { path: { code } } })).then((r) => r.items),
    taskIndicators: (id: number) =>
      ok(client.GET("/tasks/{id}/indicators", { params: { path: { id } } })).then((r) => r.items),
    linkTaskIndicator: (id: number, code: string, basis: string) =>
      ok(client.PUT("/tasks/{id}/indicators/{code}", { params: { path: { id, code } }, body: { basis } })),
    unlinkTaskIndicator: (id: number, code: string) =>
      ok(client.DELETE("/tasks/{id}/indicators/{code}", { params: { path: { id, code } } })),
    // issue #16 item 4: who owes figures
    figureDuties: (q: { year: number; agency?: string; today?: string }) =>
      ok(client.GET("/figure-duties", { params: { query: q } })),
    figureSuppliers: (code: string) =>
      ok(client.GET("/indicators/{code}/figure-suppliers", { params: { path: { code } } })),
    assignFigureSupplier: (code: string, body: FigureSupplierInput) =>
      ok(client.POST("/indicators/{code}/figure-suppliers", { params: { path: { code } }, body })),
    removeFigureSupplier: (code: string, id: number) =>
      ok(client.DELETE("/indicators/{code}/figure-suppliers/{id}", { params: { path: { code, id } } })),
  };
}

export type Api = ReturnType<typeof api>;
export type InvitationInput = Body<"/users/invitations", "post">;
export type UserPatch = Body<"/users/{id}", "patch">;
export type AccountLinkIssued = Schemas["AccountLink"];

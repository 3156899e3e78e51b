import {
  DUTY_CADENCES,
  directionSchema,
  frequencySchema,
  measureKindSchema,
  observationStatusSchema,
  STATUSES,
  STORED_TASK_STATUSES,
  TASK_STATUSES,
  targetFormSchema,
} from "@chitieu/domain";
import { z } from "@hono/zod-openapi";

// The answers of the API, field by field (issue #14: no open records). One closed schema per
// shape, camelCase, with a component name; a generated client reads every field typed.
// Decimal figures are strings ("7.5", "23600"): never a binary float.

const text = z.string();
const maybe = z.string().nullable();
const int = z.number().int();
const decimal = z
  .string()
  .openapi({ description: "số thập phân dấu chấm / dot-decimal number", example: "7.5" });
/**
 * A figure derived from exact decimals (progress, expected, a forecast, the change on a year
 * earlier): an exact decimal string rounded half away from zero, trailing zeros dropped.
 */
const derivedPercent = z
  .string()
  .regex(/^-?\d+(\.\d{1,2})?$/)
  .openapi({
    description:
      "tỷ lệ % suy ra, chuỗi thập phân chính xác, làm tròn 2 chữ số (nửa xa số 0) / a derived percent: an exact decimal string, at most 2 decimals, rounded half away from zero; never a binary float",
    example: "107.5",
  });
const derivedAmount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .openapi({
    description:
      "số suy ra theo đơn vị của chỉ tiêu, chuỗi thập phân chính xác (số chữ số thập phân của chỉ tiêu + 2) / a derived amount in the indicator's unit: an exact decimal string at the indicator's decimals + 2, rounded half away from zero; never a binary float",
    example: "25070.82",
  });
const day = z.string().openapi({ description: "ngày / ISO date YYYY-MM-DD", example: "2024-12-31" });
const instant = z
  .string()
  .openapi({ description: "thời điểm / ISO timestamp", example: "2024-10-10T03:00:00.000Z" });
const Words = z.object({ vi: text, en: text }).openapi("Words");
const ObservationStatus = observationStatusSchema;

// --- catalog ---

const Succession = z.object({ code: text, nameVi: text, effectiveOn: day.nullable() });

export const OrgUnitItem = z
  .object({
    id: int,
    code: text,
    gsoCode: maybe,
    nameVi: text,
    nameEn: maybe,
    level: z.enum(["country", "province", "district", "commune"]),
    parentCode: maybe,
    validFrom: day.nullable(),
    validTo: day.nullable(),
    successors: z.array(Succession),
  })
  .openapi("OrgUnitItem");

export const AgencyItem = z
  .object({
    id: int,
    code: text,
    nameVi: text,
    nameEn: maybe,
    shortName: maybe,
    kind: z.enum(["agency", "group"]),
    orgUnitCode: maybe,
    validFrom: day.nullable(),
    validTo: day.nullable(),
    successors: z.array(Succession),
    aliases: z.array(text).nullable(),
  })
  .openapi("AgencyItem");

export const DocumentItem = z
  .object({
    id: int,
    code: text,
    kind: z.enum(["KH", "QD", "CV", "NQ", "KL", "CT", "CTR", "TB", "other"]),
    number: maybe,
    issuer: maybe,
    issuedOn: day.nullable(),
    titleVi: text,
    titleEn: maybe,
    periodFrom: int.nullable(),
    periodTo: int.nullable(),
    note: maybe,
    orgUnitId: int.nullable(),
    orgUnitCode: maybe,
    supersedesCode: maybe,
  })
  .openapi("DocumentItem");

const indicatorFields = {
  id: int,
  code: text,
  nameVi: text,
  nameEn: maybe,
  category: z.enum(["economy", "society", "environment", "defence_security", "governance", "infrastructure"]),
  unit: text,
  measureKind: measureKindSchema,
  direction: directionSchema,
  decimals: int,
  frequency: frequencySchema,
  published: z.boolean(),
  seq: maybe,
  note: maybe,
  parentCode: maybe,
  documentCode: maybe,
  leadAgencyCode: maybe,
  leadAgencyNameVi: maybe,
};

/** An indicator as lists show it. */
export const IndicatorItem = z.object(indicatorFields).openapi("IndicatorItem");

export const Thresholds = z
  .object({
    onTrackPoints: z.number(),
    atRiskPoints: z.number(),
    exceededMarginPct: z.number(),
    seasonalMinYears: int,
    seasonalMaxYears: int,
  })
  .partial()
  .openapi("Thresholds");

/** One indicator with its plausible bounds and thresholds (GET, POST and PATCH of /indicators). */
export const IndicatorDetail = z
  .object({
    ...indicatorFields,
    plausibleMin: decimal.nullable(),
    plausibleMax: decimal.nullable(),
    thresholds: Thresholds.nullable(),
  })
  .openapi("IndicatorDetail");

// --- targets and figures ---

const revisionFields = {
  revision: int,
  form: targetFormSchema,
  low: decimal.nullable(),
  high: decimal.nullable(),
  lowInclusive: z.boolean(),
  highInclusive: z.boolean(),
  tolerance: decimal.nullable(),
  changeUnit: z.enum(["absolute", "percent"]).nullable(),
  baselinePeriod: maybe,
  baselineValue: decimal.nullable(),
  planAmount: decimal.nullable(),
  categoryValue: maybe,
  dueDate: day.nullable(),
  quote: maybe.openapi({ description: "lời văn bản / the target's words, verbatim" }),
};

const targetFields = {
  period: text,
  indicatorCode: text,
  orgUnitCode: text,
  orgUnitNameVi: text,
  ...revisionFields,
  documentCode: maybe,
  documentNumber: maybe,
  documentIssuedOn: day.nullable(),
  documentTitleVi: maybe,
};

export const TargetItem = z.object({ targetId: int, ...targetFields }).openapi("TargetItem");
/** a target as the public API shows it: without its internal id */
export const PublicTarget = z.object(targetFields).openapi("PublicTarget");

export const TargetRevision = z
  .object({
    ...revisionFields,
    effectiveFrom: day.nullable(),
    reason: maybe,
    createdAt: instant,
    documentCode: maybe,
    documentNumber: maybe,
    createdByEmail: maybe,
  })
  .openapi("TargetRevision");

export const ObservationItem = z
  .object({
    id: int,
    indicatorCode: text,
    orgUnitCode: text,
    period: text,
    basis: z.enum(["period", "ytd"]),
    value: text,
    status: ObservationStatus,
    isIllustrative: z.boolean(),
    periodEnd: day,
    measuredAt: day.nullable().openapi({
      description: "ngày đo, khi không phải cuối kỳ / the day measured at, when not the period's end",
    }),
    recordedAt: instant,
  })
  .openapi("ObservationItem");

export const ObservationVersion = z
  .object({
    id: int,
    value: text,
    status: ObservationStatus,
    note: maybe,
    isIllustrative: z.boolean(),
    recordedAt: instant,
    supersededAt: instant.nullable(),
    batchId: int.nullable(),
    batchFileName: maybe,
    recordedByEmail: maybe,
  })
  .openapi("ObservationVersion");

/** the row as it was stored, keyed by its database columns: what an auditor compares */
const Snapshot = z.record(z.string(), z.unknown()).nullable().openapi("AuditSnapshot", {
  description:
    "Bản ghi như đã lưu (tên cột cơ sở dữ liệu) / the row as stored, keyed by its database column names",
});

export const AuditEntry = z
  .object({
    id: int,
    at: instant,
    action: text,
    entity: text,
    entityId: maybe,
    oldValue: Snapshot,
    newValue: Snapshot,
    batchId: int.nullable(),
    requestId: maybe,
    userEmail: maybe,
  })
  .openapi("AuditEntry");

// --- scorecard ---

const TargetClause = z.object({
  form: targetFormSchema,
  period: text,
  low: decimal.optional(),
  high: decimal.optional(),
  lowInclusive: z.boolean().optional(),
  highInclusive: z.boolean().optional(),
  tolerance: decimal.optional(),
  changeUnit: z.enum(["absolute", "percent"]).optional(),
  baselinePeriod: text.optional(),
  baselineValue: decimal.optional(),
  planAmount: decimal.optional(),
  planRevisions: z
    .array(z.object({ amount: decimal, effectiveFrom: day, documentCode: text.optional() }))
    .optional(),
  categoryValue: text.optional(),
  dueDate: day.optional(),
  documentCode: text.optional(),
  precision: int.optional(),
  aspiration: z.boolean().optional(),
  path: z.enum(["straight", "compound"]).optional(),
  provenance: z.enum(["stated", "inferred", "assumption"]).optional(),
  provenanceNote: text.optional(),
  quote: text.optional(),
});

const ScorecardTarget = TargetClause.extend({
  clauses: z.array(TargetClause).optional(),
  revision: int,
  documentNumber: maybe,
  documentTitle: maybe,
  effectiveFrom: day
    .nullable()
    .openapi({ description: "ngày hiệu lực của lần sửa / the revision in force from" }),
  revised: z
    .object({
      reason: maybe,
      original: z.object({
        form: text,
        low: decimal.nullable(),
        high: decimal.nullable(),
        planAmount: decimal.nullable(),
        documentCode: maybe,
        documentNumber: maybe,
        quote: maybe,
      }),
    })
    .nullable()
    .openapi("TargetRevisedFrom", {
      description: "chỉ tiêu đã điều chỉnh: bản gốc / a revised target's original",
    }),
}).openapi("ScorecardTarget");

const Status = z.enum(STATUSES);

export const Figures = z
  .object({
    band: z.enum(["not_achieved", "nearly", "achieved", "exceeded", "below", "inside", "above"]).nullable(),
    judged: decimal.nullable(),
    unrounded: decimal.nullable(),
    staleSince: int.nullable(),
    actual: text.nullable(),
    actualPeriod: maybe,
    target: z.object({ low: decimal.nullable(), high: decimal.nullable(), amount: decimal.nullable() }),
    expected: derivedPercent.nullable(),
    expectedMethod: z.enum(["linear", "seasonal", "path", "level"]).nullable(),
    seasonalYears: z.array(int),
    forecast: derivedAmount.nullable(),
    progress: derivedPercent.nullable(),
    gap: decimal.nullable(),
    sameTimeLastYear: derivedAmount.nullable(),
    sameTimeLastYearShare: derivedPercent.nullable(),
    changeVsLastYear: derivedAmount.nullable(),
    planAmount: decimal.nullable(),
    planAmountOriginal: decimal.nullable(),
    baseline: decimal.nullable(),
    achievedSoFar: derivedAmount.nullable(),
    stillRequired: derivedAmount.nullable(),
    yearsWithData: int.nullable(),
    pathValue: derivedAmount.nullable(),
    doneOn: day.nullable(),
    dueDate: day.nullable(),
    late: z.boolean(),
    closed: z.boolean(),
    worstObservationStatus: ObservationStatus.nullable(),
  })
  .openapi("Figures");

const ClauseEvaluation = z.object({
  form: targetFormSchema,
  status: Status,
  label: Words,
  explanation: Words,
  judged: z.boolean(),
  decides: z.boolean(),
});

const judgedFields = {
  status: Status,
  basedOnEstimate: z.boolean(),
  label: Words,
  figures: Figures,
  explanation: Words,
  notes: z.array(text),
  clauses: z.array(ClauseEvaluation).optional(),
};

export const Evaluation = z
  .object({ indicator: text, orgUnit: text, period: text, asOf: text, ...judgedFields })
  .openapi("Evaluation");

const scorecardIndicatorFields = {
  code: text,
  nameVi: text,
  nameEn: maybe,
  category: text,
  unit: text,
  decimals: int,
  measureKind: text,
  direction: text,
  seq: maybe,
  parentCode: maybe,
  documentCode: maybe,
  leadAgency: z.object({ code: text, nameVi: text }).nullable(),
};

export const ScorecardRow = z
  .object({
    indicator: z.object({ ...scorecardIndicatorFields, published: z.boolean() }),
    target: ScorecardTarget.nullable(),
    evaluation: Evaluation,
    illustrative: z.boolean(),
  })
  .openapi("ScorecardRow");

/** how many indicators have each status (keys are the status codes) */
export const StatusCounts = z
  .object(Object.fromEntries(STATUSES.map((s) => [s, int])) as Record<(typeof STATUSES)[number], typeof int>)
  .openapi("StatusCounts");

export const ScorecardSummary = z
  .object({
    achievedOrExceeded: int,
    judged: int,
    total: int,
    onTrack: int,
    atRisk: int,
    notAchieved: int,
    notJudged: int,
    basedOnEstimate: z.boolean(),
    line: Words,
  })
  .openapi("ScorecardSummary");

/**
 * A schema as the public API sends it: empty fields left out (null, absent and empty lists all
 * mean none), so the answer for 500 indicators stays small. Nullable and list fields become
 * optional, recursively.
 */
function compacted(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, v] of Object.entries(schema.shape as Record<string, z.ZodType>))
      shape[k] = compactField(v);
    return z.object(shape);
  }
  if (schema instanceof z.ZodArray) return z.array(compacted(schema.element as z.ZodType));
  return schema;
}
function compactField(field: z.ZodType): z.ZodType {
  let inner = field;
  let optional = false;
  for (;;) {
    if (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else break;
  }
  if (inner instanceof z.ZodArray) optional = true;
  const out = compacted(inner);
  return optional ? out.optional() : out;
}

export const PublicScorecardRow = (
  compacted(
    z.object({
      indicator: z.object(scorecardIndicatorFields),
      target: ScorecardTarget.nullable(),
      ...judgedFields,
      illustrative: z.boolean(),
    }),
  ) as z.ZodObject
).openapi("PublicScorecardRow");

// --- tasks and reporting duties ---

export const TaskDeadline = z
  .object({
    text: z.string().openapi({ description: "thời hạn như văn bản ghi / the deadline as written" }),
    kind: z.enum(["date", "recurring", "window", "none"]),
    due: day.nullable(),
    from: day.nullable(),
    to: day.nullable(),
    recurrence: maybe,
    review: z.object({ code: text, vi: text, en: text }).nullable(),
    inherited: z.boolean().openapi({ description: "the document's horizon, not in the task's text" }),
    condition: z
      .string()
      .nullable()
      .openapi({ description: "“nếu cần thiết”: owed once the condition is met" }),
    aspiration: z.boolean().openapi({ description: "“phấn đấu”: an aspiration" }),
    ongoing: z.boolean(),
    visionYear: int.nullable(),
  })
  .openapi("TaskDeadline");

const DocumentRef = z.object({ code: text, number: maybe });
const DatedDocumentRef = z.object({ code: text, number: maybe, issuedOn: day.nullable() });
const Recurrence = z.enum(["monthly", "quarterly", "annual", "half_yearly"]);

export const Task = z
  .object({
    id: int,
    code: text,
    number: maybe,
    section: maybe,
    textVi: text,
    textEn: maybe,
    document: DocumentRef,
    leadText: maybe,
    supportText: maybe,
    approvalLevel: maybe,
    expectedOutput: maybe,
    note: maybe,
    status: z.enum(TASK_STATUSES),
    reportedStatus: z.enum(STORED_TASK_STATUSES),
    completedOn: day.nullable(),
    deadline: TaskDeadline,
    due: day.nullable(),
    dueSoon: z.boolean(),
    agencies: z.array(
      z.object({
        code: text,
        nameVi: text,
        kind: z.enum(["agency", "group"]),
        role: z.enum(["lead", "support"]),
        part: maybe,
      }),
    ),
    deadlineHistory: z.array(
      z.object({
        revision: int,
        text: maybe,
        kind: z.enum(["date", "recurring", "window", "none"]),
        due: day.nullable(),
        from: day.nullable(),
        to: day.nullable(),
        recurrence: Recurrence.nullable(),
        review: maybe,
        reason: maybe,
        /** the words of the document that set or moved it */
        quote: maybe,
        document: DatedDocumentRef.nullable(),
        changedAt: instant,
        changedBy: maybe,
      }),
    ),
    statusReports: z.array(
      z.object({
        id: int,
        occurrence: maybe,
        reportedOn: day,
        status: z.enum(STORED_TASK_STATUSES),
        progressNote: maybe,
        completedOn: day.nullable(),
        evidence: z.object({
          document: maybe,
          url: maybe,
          file: maybe,
          /** the document that shows it done: number and date */
          documentNumber: maybe,
          documentDate: day.nullable(),
          /** the words that state the completion */
          quote: maybe,
          /** the catalog document whose text states it */
          statedIn: DatedDocumentRef.nullable(),
        }),
        agency: maybe,
        user: maybe,
        batchId: int.nullable(),
      }),
    ),
    occurrences: z.array(
      z.object({
        period: text,
        due: day,
        status: z.enum(TASK_STATUSES),
        completedOn: day.nullable(),
        reportedOn: day.nullable(),
      }),
    ),
  })
  .openapi("Task");

export const StatusReport = z
  .object({
    id: int,
    task: text,
    taskId: int,
    occurrence: maybe,
    reportedOn: day,
    status: z.enum(STORED_TASK_STATUSES),
    completedOn: day.nullable(),
    progressNote: maybe,
    evidenceDocument: maybe,
    evidenceUrl: maybe,
    evidenceFile: maybe,
    evidenceDocumentNumber: maybe,
    evidenceDocumentDate: day.nullable(),
    agencyId: int.nullable(),
    userId: int,
    batchId: int.nullable(),
    replacedById: int.nullable(),
  })
  .openapi("StatusReport");

export const DeadlineRevision = z
  .object({ taskId: int, task: text, revision: int, deadline: TaskDeadline, document: text, reason: text })
  .openapi("DeadlineRevision");

export const ReportingDuty = z
  .object({
    id: int,
    code: text,
    subjectVi: text,
    cadence: z.enum(DUTY_CADENCES),
    dueText: maybe,
    eventDriven: z
      .boolean()
      .openapi({ description: "báo cáo khi phát sinh / reported when an event occurs" }),
    document: z.object({ id: int.nullable(), code: maybe, issuedOn: day.nullable() }),
    reporter: z.object({ id: int.nullable(), code: maybe, nameVi: maybe, kind: maybe }),
    recipient: z
      .object({ id: int.nullable(), code: maybe, nameVi: maybe })
      .openapi({ description: "nơi nhận đầu tiên văn bản nêu / the first recipient the document names" }),
    recipients: z.array(z.object({ id: int, code: text, nameVi: text })),
    window: z.object({ from: day.nullable(), to: day.nullable() }).openapi({
      description: "những ngày nhiệm vụ có thể phải báo cáo / the days the duty can owe reports",
    }),
    dueRule: z.object({
      dueDay: int,
      dueMonth: int.nullable(),
      dueAfterPeriod: z.boolean(),
      onceDue: day.nullable(),
      source: z.enum(["text", "default"]),
    }),
  })
  .openapi("ReportingDuty");

const DeliveryStatus = z.enum(["on_time", "late", "missing", "not_due"]);

export const ReportingCompliance = z
  .object({
    period: text,
    today: day,
    duties: z.array(
      z.object({
        code: text,
        subjectVi: text,
        cadence: z.enum(DUTY_CADENCES),
        dueText: maybe,
        dueRuleSource: z.enum(["text", "default"]),
        reporter: maybe,
        recipient: maybe,
        recipients: z.array(z.object({ code: text, nameVi: text })),
        eventDriven: z.boolean(),
        validFrom: day.nullable(),
        validTo: day.nullable(),
        counts: z.object({ onTime: int, late: int, missing: int, notDue: int }),
        rows: z.array(
          z.object({
            period: text,
            due: day,
            agency: maybe,
            agencyNameVi: maybe,
            status: DeliveryStatus,
            deliveredOn: day.nullable(),
            evidence: z
              .object({ source: z.enum(["explicit", "upload", "status_report"]), ref: text })
              .nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("ReportingCompliance");

export const ReportDelivery = z
  .object({
    id: int,
    duty: text,
    dutyId: int,
    agencyId: int,
    period: text,
    deliveredOn: day,
    documentNumber: maybe,
    evidenceUrl: maybe,
    note: maybe,
    userId: int,
  })
  .openapi("ReportDelivery");

const WorkItem = z.object({
  taskId: int,
  occurrence: maybe,
  due: day.nullable(),
  status: z.enum(TASK_STATUSES),
  completedOn: day.nullable(),
  taskCode: text,
  textVi: text,
});
const ReportItem = z.object({
  duty: text,
  period: text,
  due: day,
  status: DeliveryStatus,
  deliveredOn: day.nullable(),
});

export const AgencyScorecard = z
  .object({
    agencyId: int,
    year: int,
    tasksLed: int,
    doneOnTime: int,
    doneLate: int,
    overdue: int,
    open: int,
    closed: int,
    reportsDue: int,
    reportsOnTime: int,
    reportsLate: int,
    reportsMissing: int,
    lists: z.object({
      tasksLed: z.array(WorkItem),
      doneOnTime: z.array(WorkItem),
      doneLate: z.array(WorkItem),
      overdue: z.array(WorkItem),
      open: z.array(WorkItem),
      closed: z.array(WorkItem),
      reportsDue: z.array(ReportItem),
      reportsOnTime: z.array(ReportItem),
      reportsLate: z.array(ReportItem),
      reportsMissing: z.array(ReportItem),
    }),
    agency: z.object({ code: text, nameVi: text, kind: text }),
    // who owes figures (issue 16, item 4): the year's figure slots of the indicators it leads
    figuresOwed: int,
    figuresOnTime: int,
    figuresLate: int,
    figuresMissing: int,
    figuresNotDue: int,
  })
  .openapi("AgencyScorecard");

// --- uploads ---

export const ImportBatch = z
  .object({
    id: int,
    fileName: text,
    fileHash: text,
    userId: int.nullable(),
    userEmail: maybe,
    createdAt: instant,
    status: z.enum(["committed", "rolled_back"]),
    rowsTotal: int,
    rowsNew: int,
    rowsRevised: int,
    rowsUnchanged: int,
    rowsInvalid: int,
    rolledBackAt: instant.nullable(),
    rolledBackBy: int.nullable(),
  })
  .openapi("ImportBatch");

export const TaskImportBatch = z
  .object({
    id: int,
    kind: z.enum(["tasks", "task_status"]),
    fileName: text,
    userEmail: maybe,
    createdAt: instant,
    status: z.enum(["committed", "rolled_back"]),
    rowsTotal: int,
    rowsNew: int,
    rolledBackAt: instant.nullable(),
  })
  .openapi("TaskImportBatch");

export const TaskImportProblem = z
  .object({
    row: int.nullable(),
    column: maybe,
    columnLetter: maybe,
    value: maybe,
    code: text,
    severity: z.enum(["error", "warning"]),
    message: text,
    messageEn: text,
  })
  .openapi("TaskImportProblem");

const AgencyMatch = z.object({
  agencyId: int,
  code: text.optional(),
  nameVi: text.optional(),
  kind: text.optional(),
  text: text.optional(),
  spelling: text.optional(),
  part: maybe.optional(),
});

const TaskImportCounts = z
  .object({ total: int, new: int, unchanged: int, invalid: int, errors: int, warnings: int })
  .openapi("TaskImportCounts");

export const TaskImportResult = z
  .object({
    status: z.enum(["preview", "committed", "rejected"]),
    batchId: int.nullable(),
    fileName: text,
    document: z.object({ id: int, code: text }),
    headerRow: int,
    columns: z.array(z.object({ role: text, header: text, letter: text })),
    counts: TaskImportCounts,
    problems: z.array(TaskImportProblem),
    rows: z.array(
      z.object({
        row: int,
        number: maybe,
        section: maybe,
        text: text,
        lead: z.array(AgencyMatch),
        support: z.array(AgencyMatch),
        deadline: z.object({
          text: text,
          kind: text,
          due: day.nullable().optional(),
          from: day.nullable().optional(),
          to: day.nullable().optional(),
          period: maybe.optional(),
        }),
        outcome: z.enum(["new", "unchanged", "invalid"]),
        taskCode: maybe,
      }),
    ),
  })
  .openapi("TaskImportResult");

export const TaskStatusImportResult = z
  .object({
    status: z.enum(["preview", "committed", "rejected"]),
    batchId: int.nullable(),
    fileName: text,
    headerRow: int,
    counts: TaskImportCounts,
    problems: z.array(TaskImportProblem),
    rows: z.array(
      z.object({
        row: int,
        taskId: int.nullable(),
        taskCode: maybe,
        status: z.enum(STORED_TASK_STATUSES).nullable(),
        occurrence: maybe,
        completedOn: day.nullable(),
        outcome: z.enum(["new", "unchanged", "invalid"]),
      }),
    ),
  })
  .openapi("TaskStatusImportResult");

export const TaskRollback = z
  .object({ batchId: int, kind: z.enum(["tasks", "task_status"]), removed: int })
  .openapi("TaskRollback");

// --- public ---

const publicIndicatorFields = {
  code: text,
  nameVi: text,
  nameEn: maybe,
  category: text,
  unit: text,
  measureKind: measureKindSchema,
  direction: directionSchema,
  decimals: int,
  frequency: frequencySchema,
  seq: maybe,
  parentCode: maybe,
  documentCode: maybe,
  leadAgencyNameVi: maybe,
  targets: z.array(PublicTarget),
};

export const PublicIndicatorItem = z
  .object({
    ...publicIndicatorFields,
    latest: z
      .object({
        period: text,
        basis: z.enum(["period", "ytd"]),
        value: text,
        status: ObservationStatus,
        illustrative: z.boolean(),
        recordedAt: instant,
      })
      .nullable(),
  })
  .openapi("PublicIndicatorItem");

export const PublicIndicator = z
  .object({
    ...publicIndicatorFields,
    observations: z.array(
      z.object({
        orgUnit: text,
        period: text,
        basis: z.enum(["period", "ytd"]),
        value: text,
        status: ObservationStatus,
        illustrative: z.boolean(),
      }),
    ),
    /** issue #17: every version of a figure that was revised after it was published, oldest first */
    revisions: z.array(
      z.object({
        orgUnit: text,
        period: text,
        basis: z.enum(["period", "ytd"]),
        value: text,
        status: ObservationStatus,
        illustrative: z.boolean(),
        recordedAt: instant,
        supersededAt: instant.nullable(),
      }),
    ),
  })
  .openapi("PublicIndicator");

// --- targets ↔ tasks (issue 16, item 7) ---

const LinkSource = z.enum(["catalog", "admin"]);

export const IndicatorTaskItem = z
  .object({
    id: int,
    code: text,
    number: maybe,
    textVi: text,
    document: z.object({ code: text, number: maybe }),
    leads: z.array(z.object({ code: text, nameVi: text })),
    status: z.enum(TASK_STATUSES),
    statusLabel: Words,
    due: day.nullable(),
    dueSoon: z.boolean(),
    source: LinkSource,
    basis: maybe,
  })
  .openapi("IndicatorTaskItem");

export const IndicatorTaskList = z
  .object({ indicator: text, items: z.array(IndicatorTaskItem) })
  .openapi("IndicatorTaskList");

export const PublicIndicatorTaskList = z
  .object({
    indicator: text,
    items: z.array(
      z.object({
        code: text,
        number: maybe,
        textVi: text,
        document: z.object({ code: text, number: maybe }),
        leads: z.array(z.object({ code: text, nameVi: text })),
        status: z.enum(TASK_STATUSES),
        statusLabel: Words,
        due: day.nullable(),
      }),
    ),
  })
  .openapi("PublicIndicatorTaskList");

export const TaskTargetList = z
  .object({
    task: text,
    items: z.array(
      z.object({
        code: text,
        nameVi: text,
        nameEn: maybe,
        unit: text,
        source: LinkSource,
        basis: maybe,
        evaluation: z
          .object({ orgUnit: text, asOf: text, status: z.enum(STATUSES), label: Words })
          .nullable(),
      }),
    ),
  })
  .openapi("TaskTargetList");

export const TaskIndicatorLink = z
  .object({ task: text, indicator: text, source: LinkSource, basis: text })
  .openapi("TaskIndicatorLink");

export const TaskIndicatorUnlink = z.object({ task: text, indicator: text }).openapi("TaskIndicatorUnlink");

// --- who owes figures (issue 16, item 4) ---

export const FigureDutyList = z
  .object({
    year: int,
    today: day,
    dueDays: z.object({ monthly: int, quarterly: int, annual: int }),
    items: z.array(
      z.object({
        agency: z.object({ code: text, nameVi: text }),
        indicator: z.object({ code: text, nameVi: text, frequency: frequencySchema }),
        orgUnit: text,
        orgUnitNameVi: text,
        source: z.enum(["assigned", "lead"]).openapi({
          description:
            "assigned: the statistics office assigned the agency; lead: the indicator's lead agency",
        }),
        period: text,
        periodEnd: day,
        due: day,
        receivedOn: day.nullable(),
        state: z.enum(["received", "received_late", "late", "not_due"]),
      }),
    ),
    unassigned: z
      .array(
        z.object({
          indicator: z.object({ code: text, nameVi: text, frequency: frequencySchema }),
          orgUnits: z.array(z.object({ code: text, nameVi: text })),
          periods: int,
        }),
      )
      .openapi({
        description:
          "chưa giao cơ quan cung cấp số liệu: indicators with a target in the year whose figures no agency owes (no lead agency, no assignment)",
      }),
  })
  .openapi("FigureDutyList");

const supplierAgency = z.object({ code: text, nameVi: text });

export const FigureSupplierList = z
  .object({
    indicator: text,
    leadAgency: supplierAgency.nullable(),
    items: z.array(
      z.object({
        id: int,
        agency: supplierAgency,
        orgUnit: z.object({ code: text, nameVi: text }).nullable(),
        validFrom: day,
        validTo: day.nullable(),
        basis: text.nullable(),
        createdBy: text.nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi("FigureSupplierList");

export const FigureSupplierAssigned = z
  .object({
    id: int,
    indicator: text,
    agency: supplierAgency,
    orgUnit: text.nullable(),
    validFrom: day,
    validTo: day.nullable(),
    basis: text.nullable(),
  })
  .openapi("FigureSupplierAssigned");

export const FigureSupplierRemoved = z.object({ id: int, indicator: text }).openapi("FigureSupplierRemoved");

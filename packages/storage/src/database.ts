import type { AgencyAliasTable, AgencySuccessionTable, AgencyTable } from "./tables/agency.ts";
import type { AppSettingTable, AuditLogTable } from "./tables/audit-log.ts";
import type { DocumentTable } from "./tables/document.ts";
import type { ImportBatchTable, ImportNameAliasTable } from "./tables/import-batch.ts";
import type { FigureSupplierTable, IndicatorTable } from "./tables/indicator.ts";
import type { ObservationTable, PeriodLockTable } from "./tables/observation.ts";
import type { OrgUnitSuccessionTable, OrgUnitTable } from "./tables/org-unit.ts";
import type { ReminderLogTable } from "./tables/reminder-log.ts";
import type { DirectionTable, ExplanationTable, ReportDraftTable } from "./tables/report.ts";
import type { ReportDeliveryTable, TaskBatchColumns } from "./tables/report-delivery.ts";
import type { TargetRevisionTable, TargetTable } from "./tables/target.ts";
import type {
  ReportingDutyRecipientTable,
  ReportingDutyTable,
  ReportingEventTable,
  TaskAgencyTable,
  TaskDeadlineTable,
  TaskIndicatorTable,
  TaskStatusReportTable,
  TaskTable,
} from "./tables/task.ts";
import type {
  AccountLinkTable,
  ApiTokenTable,
  AppUserTable,
  SessionTable,
  UserScopeTable,
} from "./tables/user.ts";

export interface Database {
  org_unit: OrgUnitTable;
  org_unit_succession: OrgUnitSuccessionTable;
  agency: AgencyTable;
  agency_alias: AgencyAliasTable;
  agency_succession: AgencySuccessionTable;
  document: DocumentTable;
  app_user: AppUserTable;
  user_scope: UserScopeTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  indicator: IndicatorTable;
  target: TargetTable;
  target_revision: TargetRevisionTable;
  /** view: the revision in force of each target */
  target_current: TargetRevisionTable;
  import_batch: ImportBatchTable;
  import_name_alias: ImportNameAliasTable;
  observation: ObservationTable;
  period_lock: PeriodLockTable;
  task: TaskTable & TaskBatchColumns;
  task_agency: TaskAgencyTable;
  task_deadline: TaskDeadlineTable;
  /** view: the deadline in force of each task */
  task_deadline_current: TaskDeadlineTable;
  task_status_report: TaskStatusReportTable;
  reporting_duty: ReportingDutyTable;
  report_delivery: ReportDeliveryTable;
  reporting_duty_recipient: ReportingDutyRecipientTable;
  reporting_event: ReportingEventTable;
  reminder_log: ReminderLogTable;
  audit_log: AuditLogTable;
  app_setting: AppSettingTable;
  explanation: ExplanationTable;
  direction: DirectionTable;
  report_draft: ReportDraftTable;
  account_link: AccountLinkTable;
  task_indicator: TaskIndicatorTable;
  figure_supplier: FigureSupplierTable;
}

import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDatabase } from "../../apps/api/src/services/catalog/shared.ts";
import { CONSTRAINTS, violatedConstraint } from "../../apps/api/src/services/constraints.ts";
import { ServiceError } from "../../apps/api/src/services/errors.ts";
import { insertTargetRevision } from "../../apps/api/src/services/targets.ts";

// Migration 650 names the constraints the services map (issue #14): each violation is read by
// its name from one table (services/constraints.ts), never by PostgreSQL's generated
// `indicator_check1`. Every named constraint is broken once here, on the engine under test, and
// must come back as the problem code at the field the administrator sees.

let t: TestDatabase;
let targetId = 0;

const ind = (over: Partial<Record<string, string>> = {}) => {
  const v = {
    code: "'thu-ngan-sach'",
    name_vi: "'Thu ngân sách'",
    category: "'economy'",
    unit: "'tỷ đồng'",
    measure_kind: "'flow'",
    direction: "'higher_better'",
    frequency: "'annual'",
    ...over,
  };
  const cols = Object.keys(v);
  return `insert into indicator (${cols.join(", ")}) values (${cols.map((c) => v[c as keyof typeof v]).join(", ")})`;
};
const rev = (cols: string, values: string) =>
  `insert into target_revision (target_id, revision, ${cols}) values (${targetId}, 1, ${values})`;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const s of [
    "insert into org_unit (code, name_vi, level) values ('quang-ngai', 'Tỉnh Quảng Ngãi', 'province')",
    "insert into org_unit (code, name_vi, level) values ('kon-tum', 'Tỉnh Kon Tum', 'province')",
    "insert into org_unit_succession (predecessor_id, successor_id) select k.id, q.id from org_unit k, org_unit q where k.code = 'kon-tum' and q.code = 'quang-ngai'",
    "insert into agency (code, name_vi) values ('so-tc', 'Sở Tài chính')",
    "insert into agency (code, name_vi) values ('so-khdt', 'Sở Kế hoạch và Đầu tư')",
    "insert into agency_succession (predecessor_id, successor_id) select k.id, t.id from agency k, agency t where k.code = 'so-khdt' and t.code = 'so-tc'",
    "insert into document (code, kind, title_vi) values ('kh-124', 'KH', 'Kế hoạch 124/KH-UBND')",
    ind(),
    "insert into target (indicator_id, org_unit_id, period) select i.id, u.id, '2025' from indicator i, org_unit u where u.code = 'quang-ngai'",
  ])
    await sql.raw(s).execute(t.db);
  targetId = (await t.db.selectFrom("target").select("id").executeTakeFirstOrThrow()).id;
});

afterAll(async () => {
  await t?.drop();
});

// [constraint, problem code, field, the statement that breaks it]
const CASES: Array<[string, string, string, () => string]> = [
  ["indicator_code_unique", "duplicate", "code", () => ind()],
  ["indicator_code_format", "check_violation", "code", () => ind({ code: "'Thu Ngan Sach'" })],
  ["indicator_name_vi_present", "check_violation", "nameVi", () => ind({ code: "'x1'", name_vi: "''" })],
  [
    "indicator_plausible_range",
    "check_violation",
    "plausibleMin",
    () => ind({ code: "'x2'", plausible_min: "10", plausible_max: "1" }),
  ],
  ["indicator_not_own_parent", "check_violation", "parent", () => "update indicator set parent_id = id"],
  ["indicator_category_known", "check_violation", "category", () => ind({ code: "'x3'", category: "'x'" })],
  [
    "indicator_measure_kind_known",
    "check_violation",
    "measureKind",
    () => ind({ code: "'x4'", measure_kind: "'x'" }),
  ],
  [
    "indicator_direction_known",
    "check_violation",
    "direction",
    () => ind({ code: "'x5'", direction: "'x'" }),
  ],
  [
    "indicator_frequency_known",
    "check_violation",
    "frequency",
    () => ind({ code: "'x6'", frequency: "'x'" }),
  ],
  ["indicator_decimals_range", "check_violation", "decimals", () => ind({ code: "'x7'", decimals: "9" })],
  ["indicator_parent_ref", "unknown_reference", "parent", () => ind({ code: "'x8'", parent_id: "999999" })],
  [
    "indicator_lead_agency_ref",
    "unknown_reference",
    "leadAgency",
    () => ind({ code: "'x9'", lead_agency_id: "999999" }),
  ],
  [
    "indicator_document_ref",
    "unknown_reference",
    "document",
    () => ind({ code: "'x10'", document_id: "999999" }),
  ],
  [
    "org_unit_code_unique",
    "duplicate",
    "code",
    () => "insert into org_unit (code, name_vi, level) values ('quang-ngai', 'Tỉnh', 'province')",
  ],
  [
    "org_unit_code_format",
    "check_violation",
    "code",
    () => "insert into org_unit (code, name_vi, level) values ('Quang Ngai', 'Tỉnh', 'province')",
  ],
  [
    "org_unit_name_vi_present",
    "check_violation",
    "nameVi",
    () => "insert into org_unit (code, name_vi, level) values ('u1', '', 'province')",
  ],
  [
    "org_unit_valid_range",
    "check_violation",
    "validTo",
    () =>
      "insert into org_unit (code, name_vi, level, valid_from, valid_to) values ('u2', 'Xã', 'commune', '2025-07-01', '2025-06-30')",
  ],
  ["org_unit_not_own_parent", "check_violation", "parent", () => "update org_unit set parent_id = id"],
  [
    "org_unit_level_known",
    "check_violation",
    "level",
    () => "insert into org_unit (code, name_vi, level) values ('u3', 'Vùng', 'region')",
  ],
  [
    "org_unit_parent_ref",
    "unknown_reference",
    "parent",
    () => "insert into org_unit (code, name_vi, level, parent_id) values ('u4', 'Xã', 'commune', 999999)",
  ],
  [
    "agency_code_unique",
    "duplicate",
    "code",
    () => "insert into agency (code, name_vi) values ('so-tc', 'Sở Tài chính')",
  ],
  [
    "agency_code_format",
    "check_violation",
    "code",
    () => "insert into agency (code, name_vi) values ('SO TC', 'Sở Tài chính')",
  ],
  [
    "agency_name_vi_present",
    "check_violation",
    "nameVi",
    () => "insert into agency (code, name_vi) values ('a1', '')",
  ],
  [
    "agency_valid_range",
    "check_violation",
    "validTo",
    () =>
      "insert into agency (code, name_vi, valid_from, valid_to) values ('a2', 'Sở', '2025-03-01', '2025-02-28')",
  ],
  [
    "agency_kind_known",
    "check_violation",
    "kind",
    () => "insert into agency (code, name_vi, kind) values ('a3', 'Sở', 'office')",
  ],
  [
    "agency_org_unit_ref",
    "unknown_reference",
    "orgUnit",
    () => "insert into agency (code, name_vi, org_unit_id) values ('a4', 'Sở', 999999)",
  ],
  [
    "document_code_unique",
    "duplicate",
    "code",
    () => "insert into document (code, kind, title_vi) values ('kh-124', 'KH', 'Kế hoạch')",
  ],
  [
    "document_code_format",
    "check_violation",
    "code",
    () => "insert into document (code, kind, title_vi) values ('KH 124', 'KH', 'Kế hoạch')",
  ],
  [
    "document_period_range",
    "check_violation",
    "periodTo",
    () =>
      "insert into document (code, kind, title_vi, period_from, period_to) values ('d1', 'NQ', 'Nghị quyết', 2026, 2021)",
  ],
  [
    "document_kind_known",
    "check_violation",
    "kind",
    () => "insert into document (code, kind, title_vi) values ('d2', 'XX', 'Văn bản')",
  ],
  [
    "document_org_unit_ref",
    "unknown_reference",
    "orgUnit",
    () => "insert into document (code, kind, title_vi, org_unit_id) values ('d3', 'KH', 'Kế hoạch', 999999)",
  ],
  [
    "document_supersedes_ref",
    "unknown_reference",
    "supersedes",
    () =>
      "insert into document (code, kind, title_vi, supersedes_id) values ('d4', 'KH', 'Kế hoạch', 999999)",
  ],
  [
    "org_unit_succession_once",
    "duplicate",
    "successor",
    () =>
      "insert into org_unit_succession (predecessor_id, successor_id) select predecessor_id, successor_id from org_unit_succession",
  ],
  [
    "org_unit_succession_not_self",
    "check_violation",
    "successor",
    () =>
      "insert into org_unit_succession (predecessor_id, successor_id) select id, id from org_unit where code = 'quang-ngai'",
  ],
  [
    "agency_succession_once",
    "duplicate",
    "successor",
    () =>
      "insert into agency_succession (predecessor_id, successor_id) select predecessor_id, successor_id from agency_succession",
  ],
  [
    "agency_succession_not_self",
    "check_violation",
    "successor",
    () =>
      "insert into agency_succession (predecessor_id, successor_id) select id, id from agency where code = 'so-tc'",
  ],
  [
    "target_revision_low_not_above_high",
    "invalid_target",
    "high",
    () => rev("form, low, high", "'range_inside', 9, 1"),
  ],
  ["target_revision_at_least_has_low", "invalid_target", "low", () => rev("form", "'at_least'")],
  ["target_revision_at_most_has_high", "invalid_target", "high", () => rev("form", "'below'")],
  ["target_revision_range_has_bounds", "invalid_target", "low", () => rev("form, low", "'range_floor', 1")],
  ["target_revision_approximately_has_low", "invalid_target", "low", () => rev("form", "'approximately'")],
  [
    "target_revision_change_has_low_and_unit",
    "invalid_target",
    "changeUnit",
    () => rev("form, low", "'change', 5"),
  ],
  ["target_revision_share_has_low", "invalid_target", "low", () => rev("form", "'share_of_plan'")],
  ["target_revision_milestone_has_due_date", "invalid_target", "dueDate", () => rev("form", "'milestone'")],
  ["target_revision_category_has_value", "invalid_target", "categoryValue", () => rev("form", "'category'")],
  ["target_revision_level_has_bound", "invalid_target", "low", () => rev("form", "'level_by_year'")],
  [
    "target_revision_tolerance_not_negative",
    "invalid_target",
    "tolerance",
    () => rev("form, low, tolerance", "'at_least', 7.5, -0.5"),
  ],
  [
    "target_revision_plan_amount_positive",
    "invalid_target",
    "planAmount",
    () => rev("form, low, plan_amount", "'share_of_plan', 100, 0"),
  ],
  [
    "target_revision_change_unit_known",
    "invalid_target",
    "changeUnit",
    () => rev("form, low, change_unit", "'change', 5, 'ratio'"),
  ],
  ["target_revision_form_known", "invalid_target", "form", () => rev("form, low", "'more_than', 1")],
  [
    "target_revision_revision_positive",
    "invalid_target",
    "revision",
    () =>
      `insert into target_revision (target_id, revision, form, low) values (${targetId}, 0, 'at_least', 1)`,
  ],
  [
    "target_revision_clauses_array",
    "invalid_target",
    "clauses",
    () => rev("form, low, clauses", `'at_least', 1, '{"low": 1}'`),
  ],
  [
    "target_revision_assumption_why",
    "invalid_target",
    "provenanceNote",
    () => rev("form, low, provenance", "'at_least', 1, 'assumption'"),
  ],
];

async function violation(statement: string): Promise<unknown> {
  try {
    await sql.raw(statement).execute(t.db);
  } catch (error) {
    return error;
  }
  throw new Error(`not refused: ${statement}`);
}

describe("named constraints", () => {
  it("every constraint in the table exists under its name, and every one has a case here", async () => {
    const rows = await sql<{ conname: string }>`select conname from pg_constraint`.execute(t.db);
    const present = new Set(rows.rows.map((r) => r.conname));
    expect(Object.keys(CONSTRAINTS).filter((n) => !present.has(n))).toEqual([]);
    expect(CASES.map((c) => c[0]).sort()).toEqual(Object.keys(CONSTRAINTS).sort());
  });

  it("the table-level checks no longer carry PostgreSQL's numbered names (indicator_check1, …)", async () => {
    const rows = await sql<{ conname: string }>`
      select conname from pg_constraint
      where conname ~ '^(indicator|org_unit|agency|document|target_revision|org_unit_succession|agency_succession)_check[0-9]*$'`.execute(
      t.db,
    );
    expect(rows.rows.map((r) => r.conname)).toEqual([]);
  });

  for (const [name, problem, field, statement] of CASES)
    it(`${name} → ${problem} at ${field}`, async () => {
      const error = await violation(statement());
      expect(violatedConstraint(error)).toMatchObject({ name, problem, field });
      const table = CONSTRAINTS[name as keyof typeof CONSTRAINTS].table;
      if (["indicator", "org_unit", "agency", "document"].includes(table)) {
        let answer: unknown;
        try {
          fromDatabase(error);
        } catch (e) {
          answer = e;
        }
        expect(answer).toBeInstanceOf(ServiceError);
        expect(answer).toMatchObject({
          kind: "invalid",
          code: problem,
          details: [{ path: field, code: problem }],
        });
      }
    });

  it("a target revision that does not fit its form is refused as invalid_target, in both languages", async () => {
    const refused = insertTargetRevision(
      t.db as never,
      {
        target_id: targetId,
        revision: 1,
        form: "at_least",
        low: null,
      } as never,
    );
    await expect(refused).rejects.toMatchObject({
      code: "invalid_target",
      vi: "Chỉ tiêu không hợp lệ với dạng đã chọn (thiếu mức hoặc mức dưới lớn hơn mức trên).",
      en: "The target does not fit its form (a bound is missing or low > high).",
    });
  });
});

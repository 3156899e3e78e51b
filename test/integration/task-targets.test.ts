import fs from "node:fs";
import path from "node:path";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { findRepoRoot } from "@chitieu/storage";
import { createTestDatabase, type TestDatabase } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../apps/api/src/http/env.ts";
import {
  indicatorTasks,
  linkTaskIndicator,
  taskTargets,
  unlinkTaskIndicator,
} from "../../apps/api/src/services/task-targets.ts";
import { reportTaskStatus } from "../../apps/api/src/services/tasks.ts";

// Issue 16, item 7 on the real catalog: a task names the indicators it serves where the
// document's structure says so (task_indicators.csv quotes where), an administrator adds the
// others (audited, kept through catalog loads); the indicator lists its tasks with their status,
// and the task names its targets with their verdict.

const seed = (file: string) =>
  fs.readFileSync(path.join(findRepoRoot(), "data", "sources", "seeds", file), "utf8");

let t: TestDatabase;
let admin: Actor;
const officer: Actor = {
  userId: 0,
  email: "o@test",
  role: "agency_officer",
  agencyId: null,
  scopes: { indicator: [], org_unit: [], agency: [] },
  via: "session",
  tokenScopes: [],
};
const taskId = async (code: string) =>
  (await t.db.selectFrom("task").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  const u = await t.db
    .insertInto("app_user")
    .values({ email: "admin@test", display_name: "Admin", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { ...officer, userId: u.id, email: "admin@test", role: "admin" };
});
afterAll(async () => {
  await t?.drop();
});

describe("links from the document's structure", () => {
  it("the seeds say what the catalog links", () => {
    // CV 1468/UBND-KTTH, mục 5: the target sits in point b of the section its tasks a and c share
    const cv1468 = seed("001_30372792f15daa1e.txt");
    expect(cv1468).toContain("#### 5. Về đầu tư xây dựng cơ bản, giải ngân vốn đầu tư công");
    expect(cv1468).toContain("đảm bảo đến ngày 31/12/2024 giải ngân đạt 100% kế hoạch vốn được giao");
    // KH 124, Phụ lục, nhiệm vụ 9: the target is in the task's own words
    expect(seed("003_cda895f2123a2acb.txt")).toContain(
      "Tiếp tục rà soát, đề xuất sắp xếp các đơn vị sự nghiệp công lập Khối nhà nước trên địa bàn tỉnh, đảm bảo đến năm 2025 giảm tối thiểu 20% số đơn vị sự nghiệp công lập năm 2015.",
    );
    // QĐ of Quảng Nam, Điều 2 khoản 2: every main target of 2024
    expect(seed("002_1caf876ead846e1d.txt")).toContain(
      "hoàn thành và vượt mức các chỉ tiêu phát triển kinh tế - xã hội chủ yếu năm 2024",
    );
  });

  it("an indicator lists exactly the tasks that serve it, with their status on the day asked", async () => {
    const disb = await indicatorTasks(t.db, "cv1468-disbursement", { day: "2024-06-01" });
    expect(disb?.map((x) => [x.code, x.status, x.due, x.source])).toEqual([
      // "thường xuyên … báo cáo UBND tỉnh trước ngày 30/4/2024": the dated part has passed
      ["cv1468-05c-theo-doi-du-an-trong-diem", "overdue", "2024-04-30", "catalog"],
      // no date of its own: the document's horizon, 31/12/2024
      ["cv1468-05a-quan-ly-du-an-dau-tu-cong", "not_started", "2024-12-31", "catalog"],
    ]);
    expect(disb?.[0]?.statusLabel.vi).toBe("Quá hạn");
    expect(disb?.[0]?.leads.map((l) => l.code)).toEqual(["qng-so-khdt"]);
    expect(disb?.[0]?.basis).toContain("giải ngân đạt 100% kế hoạch vốn được giao");

    expect(
      (await indicatorTasks(t.db, "kh124-psu-count", { day: "2024-06-01" }))?.map((x) => x.code),
    ).toEqual(["kh124-09"]);
    expect(
      (await indicatorTasks(t.db, "qnam24-forest-cover", { day: "2024-06-01" }))?.map((x) => x.code),
    ).toEqual(["qnam24-all-main-indicators-met-or-exceeded"]);
    expect(await indicatorTasks(t.db, "kh214-urbanization", { day: "2024-06-01" })).toEqual([]);
    expect(await indicatorTasks(t.db, "no-such-indicator")).toBeNull();
  });

  it("a reported completion shows on the indicator's list", async () => {
    const id = await taskId("cv1468-05a-quan-ly-du-an-dau-tu-cong");
    await reportTaskStatus(
      { db: t.db, actor: admin, requestId: "req-done" },
      id,
      {
        status: "done",
        completedOn: "2024-12-20",
        reportedOn: "2024-12-21",
        evidenceDocument: "Báo cáo thử",
      },
      "2024-12-21",
    );
    const disb = await indicatorTasks(t.db, "cv1468-disbursement", { day: "2025-01-10" });
    expect(disb?.find((x) => x.code === "cv1468-05a-quan-ly-du-an-dau-tu-cong")?.status).toBe("done");
  });

  it("a task names its targets, each with the verdict of its latest figure", async () => {
    const id = await taskId("qnam24-all-main-indicators-met-or-exceeded");
    const grdp = await t.db
      .selectFrom("indicator")
      .select("id")
      .where("code", "=", "qnam24-grdp-growth")
      .executeTakeFirstOrThrow();
    const p49 = await t.db
      .selectFrom("org_unit")
      .select("id")
      .where("code", "=", "p49")
      .executeTakeFirstOrThrow();
    // "Tổng sản phẩm trên địa bàn (GRDP giá so sánh 2010) tăng 7,5-8%": 7,6 is achieved
    await t.db
      .insertInto("observation")
      .values({
        indicator_id: grdp.id,
        org_unit_id: p49.id,
        period: "2024",
        period_start: "2024-01-01",
        period_end: "2024-12-31",
        basis: "period",
        value: "7.6",
        status: "official",
      })
      .execute();
    const targets = (await taskTargets(t.db, id))?.items;
    expect(targets?.length).toBe(26);
    const g = targets?.find((x) => x.code === "qnam24-grdp-growth");
    expect(g?.evaluation).toMatchObject({ orgUnit: "p49", asOf: "2024", status: "achieved" });
    expect(g?.evaluation?.label.vi).toBe("Đạt");
    // no figure held: no verdict invented
    expect(targets?.find((x) => x.code === "qnam24-forest-cover")?.evaluation).toBeNull();
  });
});

describe("links an administrator sets", () => {
  it("admin only; audited; kept through a catalog load that drops a catalog link", async () => {
    const id = await taskId("qnam24-monthly-business-dialogue");
    await expect(
      linkTaskIndicator({ db: t.db, actor: officer, requestId: "r0" }, id, "qnam24-budget-revenue", "x"),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      linkTaskIndicator({ db: t.db, actor: admin, requestId: "r1" }, id, "no-such", "x"),
    ).rejects.toMatchObject({ kind: "not_found" });
    const basis = "Đối thoại doanh nghiệp hằng tháng phục vụ thu ngân sách (văn phòng phân công)";
    expect(
      await linkTaskIndicator(
        { db: t.db, actor: admin, requestId: "r2" },
        id,
        "qnam24-budget-revenue",
        basis,
      ),
    ).toEqual({
      task: "qnam24-monthly-business-dialogue",
      indicator: "qnam24-budget-revenue",
      source: "admin",
      basis,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "user_id", "request_id"])
      .where("entity", "=", "task_indicator")
      .where("request_id", "=", "r2")
      .execute();
    expect(audit).toEqual([
      {
        action: "create",
        entity_id: "qnam24-monthly-business-dialogue/qnam24-budget-revenue",
        user_id: admin.userId,
        request_id: "r2",
      },
    ]);

    // a catalog without the kh124-09 link: that catalog link goes, the administrator's stays
    const catalog = readCatalog();
    await loadCatalog(t.db, {
      ...catalog,
      taskIndicators: catalog.taskIndicators.filter((l) => l.task_code !== "kh124-09"),
    });
    expect(await indicatorTasks(t.db, "kh124-psu-count", { day: "2024-06-01" })).toEqual([]);
    const revenue = await indicatorTasks(t.db, "qnam24-budget-revenue", { day: "2024-06-01" });
    expect(revenue?.map((x) => [x.code, x.source]).sort()).toEqual([
      ["qnam24-all-main-indicators-met-or-exceeded", "catalog"],
      ["qnam24-monthly-business-dialogue", "admin"],
    ]);
    // the full catalog again: the link is back, once
    await loadCatalog(t.db, catalog);
    expect((await indicatorTasks(t.db, "kh124-psu-count", { day: "2024-06-01" }))?.length).toBe(1);

    await unlinkTaskIndicator({ db: t.db, actor: admin, requestId: "r3" }, id, "qnam24-budget-revenue");
    await expect(
      unlinkTaskIndicator({ db: t.db, actor: admin, requestId: "r4" }, id, "qnam24-budget-revenue"),
    ).rejects.toMatchObject({ kind: "not_found", code: "not_linked" });
    const removed = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("request_id", "=", "r3")
      .executeTakeFirstOrThrow();
    expect(removed.action).toBe("delete");
  });
});

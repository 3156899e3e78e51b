import { createApp, hashPassword, servicesFromHandle } from "@chitieu/api";
import { loadCatalog, loadDemoData, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The administrator keeps the catalog: indicators (publication, thresholds), org units and
// agencies through renames and merges with dates, and documents. Every change is audited.

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";
interface Session {
  cookie: string;
  csrf: string;
}
let admin: Session;
let services: ReturnType<typeof servicesFromHandle>;
let leader: Session;

async function session(email: string, role: "admin" | "leader"): Promise<Session> {
  await t.db
    .insertInto("app_user")
    .values({ email, display_name: email, password_hash: await hashPassword(PASSWORD), role })
    .execute();
  const r = await app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("chitieu_session=")) ?? "").split(";")[0];
  return { cookie: cookie as string, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

const call = (s: Session | null, method: string, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    headers: {
      ...(s ? { cookie: s.cookie, ...(method === "GET" ? {} : { "x-csrf-token": s.csrf }) } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
const json = async (r: Response): Promise<any> => r.json();

const auditOf = (entity: string, entityId: string) =>
  t.db
    .selectFrom("audit_log")
    .selectAll()
    .where("entity", "=", entity)
    .where("entity_id", "=", entityId)
    .orderBy("id", "desc")
    .execute();

const unit = (code: string) =>
  t.db.selectFrom("org_unit").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const agency = (code: string) =>
  t.db.selectFrom("agency").selectAll().where("code", "=", code).executeTakeFirstOrThrow();

/** A 400 problem naming the field. */
async function expectFieldError(r: Response, path: string, code?: string) {
  expect(r.status).toBe(400);
  expect(r.headers.get("content-type")).toContain("application/problem+json");
  const p = await json(r);
  expect(p.errors.map((e: { path: string }) => e.path)).toContain(path);
  if (code) expect(p.code).toBe(code);
  expect(p.detail).toBeTruthy();
  expect(p.detailEn).toBeTruthy();
  return p;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  await loadDemoData(t.db);
  // a data version remembered for a minute: only an explicit invalidation lets a write show at once
  services = servicesFromHandle(t, { versionTtlMs: 60_000 });
  app = createApp({ services, log: () => {} });
  admin = await session("admin@x.vn", "admin");
  leader = await session("leader@x.vn", "leader");
});

afterAll(async () => {
  await t?.drop();
});

describe(`indicators on ${testEngine()}`, () => {
  it("creates an indicator with exact plausible bounds, lead agency and document, audited", async () => {
    const r = await call(admin, "POST", "/indicators", {
      code: "qnam24-test-rice",
      nameVi: "Sản lượng lương thực",
      nameEn: "Food output",
      category: "economy",
      unit: "tấn",
      measureKind: "flow",
      direction: "higher_better",
      decimals: 1,
      frequency: "quarterly",
      leadAgency: "qnam-so-tai-chinh",
      document: "qnam-ctct-2024",
      plausibleMin: "0.1",
      plausibleMax: "12345678901234567890.123456789",
      note: "thử",
    });
    expect(r.status).toBe(201);
    const created = await json(r);
    expect(created).toMatchObject({
      code: "qnam24-test-rice",
      leadAgencyCode: "qnam-so-tai-chinh",
      documentCode: "qnam-ctct-2024",
      published: false,
      thresholds: null,
    });
    // never through a binary float
    expect(created.plausibleMax).toBe("12345678901234567890.123456789");
    expect(created.plausibleMin).toBe("0.1");
    const [audit] = await auditOf("indicator", "qnam24-test-rice");
    expect(audit?.action).toBe("create");
    expect(audit?.request_id).toBeTruthy();
    expect(audit?.user_id).not.toBeNull();
  });

  it("refuses a duplicate code, unknown references and inverted bounds, naming the field", async () => {
    const base = {
      code: "qnam24-test-rice",
      nameVi: "X",
      category: "economy",
      unit: "tấn",
      measureKind: "flow",
      direction: "higher_better",
      frequency: "annual",
    };
    await expectFieldError(await call(admin, "POST", "/indicators", base), "code", "duplicate_code");
    await expectFieldError(
      await call(admin, "POST", "/indicators", { ...base, code: "x-1", leadAgency: "no-such-agency" }),
      "leadAgency",
      "unknown_code",
    );
    await expectFieldError(
      await call(admin, "POST", "/indicators", { ...base, code: "Mã Sai" }),
      "code",
      "invalid_request",
    );
    await expectFieldError(
      await call(admin, "PATCH", "/indicators/qnam24-test-rice", { plausibleMax: "0.05" }),
      "plausibleMax",
      "invalid_range",
    );
    await expectFieldError(
      await call(admin, "PATCH", "/indicators/qnam24-test-rice", { plausibleMin: "1,5" }),
      "plausibleMin",
      "invalid_request",
    );
    await expectFieldError(
      await call(admin, "PATCH", "/indicators/qnam24-test-rice", { category: "sport" }),
      "category",
    );
    expect((await call(admin, "PATCH", "/indicators/no-such", { note: "x" })).status).toBe(404);
    expect(await t.db.selectFrom("indicator").select("id").where("code", "=", "x-1").execute()).toEqual([]);
  });

  it("unpublishes an indicator: the public portal API stops listing it at once", async () => {
    const publicCodes = async () =>
      ((await json(await app.request("/api/v1/public/indicators"))).indicators as { code: string }[]).map(
        (i) => i.code,
      );
    expect(await publicCodes()).toContain("qnam24-budget-revenue");
    const r = await call(admin, "PATCH", "/indicators/qnam24-budget-revenue", { published: false });
    expect(r.status).toBe(200);
    expect((await json(r)).published).toBe(false);
    expect(await publicCodes()).not.toContain("qnam24-budget-revenue");
    expect((await app.request("/api/v1/public/indicators/qnam24-budget-revenue")).status).toBe(404);
    const [audit] = await auditOf("indicator", "qnam24-budget-revenue");
    expect(audit).toMatchObject({
      action: "update",
      old_value: { published: true },
      new_value: { published: false },
    });
    await call(admin, "PATCH", "/indicators/qnam24-budget-revenue", { published: true });
    expect(await publicCodes()).toContain("qnam24-budget-revenue");
  });

  it("refuses thresholds the progress engine cannot honour", async () => {
    const patch = (thresholds: unknown) =>
      call(admin, "PATCH", "/indicators/qnam24-test-rice", { thresholds });
    await expectFieldError(
      await patch({ onTrackPoints: -1 }),
      "thresholds.onTrackPoints",
      "invalid_thresholds",
    );
    await expectFieldError(await patch({ seasonalMinYears: 1.5 }), "thresholds.seasonalMinYears");
    await expectFieldError(await patch({ onTrackPoints: "5" }), "thresholds.onTrackPoints");
    await expectFieldError(await patch({ greenPoints: 3 }), "thresholds.greenPoints");
    // 20 on track but 15 (the default) at risk: the bands would cross
    await expectFieldError(await patch({ onTrackPoints: 20 }), "thresholds.atRiskPoints");
    const row = await t.db
      .selectFrom("indicator")
      .select("thresholds")
      .where("code", "=", "qnam24-test-rice")
      .executeTakeFirstOrThrow();
    expect(row.thresholds).toBeNull();
  });

  it("a changed threshold changes the status on the scorecard; clearing it restores the default", async () => {
    const card = async () =>
      (await json(await call(admin, "GET", "/scorecard?orgUnit=p49&asOf=2024-09"))).rows as {
        indicator: { code: string };
        evaluation: { status: string; figures?: Record<string, unknown> };
      }[];
    const judged = (await card()).filter((r) =>
      ["on_track", "at_risk", "off_track"].includes(r.evaluation.status),
    );
    expect(judged.length).toBeGreaterThan(0);
    const row =
      judged.find((r) => r.evaluation.status !== "on_track") ?? (judged[0] as (typeof judged)[number]);
    const code = row.indicator.code;
    const before = row.evaluation.status;
    // a lenient band makes anything behind schedule "on track"; a strict one makes nothing so
    const thresholds =
      before === "on_track"
        ? { onTrackPoints: 0, atRiskPoints: 0 }
        : { onTrackPoints: 100, atRiskPoints: 100 };
    const r = await call(admin, "PATCH", `/indicators/${code}`, { thresholds });
    expect(r.status).toBe(200);
    expect((await json(r)).thresholds).toEqual(thresholds);
    const after = (await card()).find((x) => x.indicator.code === code)?.evaluation.status;
    expect(after).not.toBe(before);
    if (before !== "on_track") expect(after).toBe("on_track");
    const [audit] = await auditOf("indicator", code);
    expect(audit).toMatchObject({ old_value: { thresholds: null }, new_value: { thresholds } });

    expect((await call(admin, "PATCH", `/indicators/${code}`, { thresholds: null })).status).toBe(200);
    expect((await card()).find((x) => x.indicator.code === code)?.evaluation.status).toBe(before);
  });

  it("lets only the administrator write, and writes nothing for anyone else", async () => {
    const count = async () => (await t.db.selectFrom("audit_log").select("id").execute()).length;
    const n = await count();
    expect((await call(leader, "PATCH", "/indicators/qnam24-test-rice", { published: true })).status).toBe(
      403,
    );
    expect((await call(null, "PATCH", "/indicators/qnam24-test-rice", { published: true })).status).toBe(401);
    expect(
      (
        await call({ ...admin, csrf: "x".repeat(32) }, "PATCH", "/indicators/qnam24-test-rice", {
          published: true,
        })
      ).status,
    ).toBe(403);
    expect(await count()).toBe(n);
    expect((await json(await call(leader, "GET", "/indicators/qnam24-test-rice"))).published).toBe(false);
  });
});

describe(`org units: renames and merges on ${testEngine()}`, () => {
  it("creates units and corrects a name without a new legal entity", async () => {
    for (const [code, name] of [
      ["qnam-h-a", "Huyện A"],
      ["qnam-h-b", "Huyện B"],
      ["qnam-h-c", "Huyện C"],
    ] as const) {
      const r = await call(admin, "POST", "/org-units", {
        code,
        nameVi: name,
        level: "district",
        parent: "p49",
        validFrom: "2020-01-01",
      });
      expect(r.status).toBe(201);
    }
    await expectFieldError(
      await call(admin, "POST", "/org-units", { code: "qnam-h-a", nameVi: "A", level: "district" }),
      "code",
      "duplicate_code",
    );
    await expectFieldError(
      await call(admin, "POST", "/org-units", {
        code: "qnam-h-z",
        nameVi: "Z",
        level: "district",
        parent: "p999",
      }),
      "parent",
      "unknown_code",
    );
    const r = await call(admin, "PATCH", "/org-units/qnam-h-a", {
      nameVi: "Huyện A (sửa)",
      nameEn: "A District",
    });
    expect(r.status).toBe(200);
    expect((await unit("qnam-h-a")).name_vi).toBe("Huyện A (sửa)");
    const [audit] = await auditOf("org_unit", "qnam-h-a");
    expect(audit).toMatchObject({
      action: "update",
      old_value: { name_vi: "Huyện A", name_en: null },
      new_value: { name_vi: "Huyện A (sửa)", name_en: "A District" },
    });
  });

  it("records a rename as a new unit from the date, the old one closed the day before", async () => {
    const r = await call(admin, "POST", "/org-units/successions", {
      kind: "rename",
      effectiveOn: "2024-03-01",
      predecessors: ["qnam-h-c"],
      newSuccessor: { code: "qnam-tx-c", nameVi: "Thị xã C" },
      note: "Nghị quyết của UBTVQH",
    });
    expect(r.status).toBe(201);
    expect(await json(r)).toEqual({
      kind: "rename",
      effectiveOn: "2024-03-01",
      predecessors: [{ code: "qnam-h-c", validTo: "2024-02-29" }],
      successor: "qnam-tx-c",
    });
    const old = await unit("qnam-h-c");
    const fresh = await unit("qnam-tx-c");
    expect(old.valid_to).toBe("2024-02-29");
    expect(fresh).toMatchObject({
      valid_from: "2024-03-01",
      valid_to: null,
      level: "district",
      parent_id: old.parent_id,
    });
    const link = await t.db
      .selectFrom("org_unit_succession")
      .selectAll()
      .where("predecessor_id", "=", old.id)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({
      successor_id: fresh.id,
      effective_on: "2024-03-01",
      source: "Nghị quyết của UBTVQH",
    });
    expect((await auditOf("org_unit", "qnam-h-c"))[0]).toMatchObject({
      action: "rename",
      old_value: { valid_to: null },
      new_value: { valid_to: "2024-02-29", successor: "qnam-tx-c" },
    });
    expect((await auditOf("org_unit_succession", "qnam-h-c>qnam-tx-c")).length).toBe(1);
    // the list says what the unit became
    const list = (await json(await call(leader, "GET", "/org-units?parent=p49"))).items as {
      code: string;
      successors: { code: string; effectiveOn: string }[];
    }[];
    expect(list.find((u) => u.code === "qnam-h-c")?.successors).toEqual([
      { code: "qnam-tx-c", nameVi: "Thị xã C", effectiveOn: "2024-03-01" },
    ]);
  });

  it("records a merge of several units into an existing one", async () => {
    const r = await call(admin, "POST", "/org-units/successions", {
      kind: "merge",
      effectiveOn: "2025-01-01",
      predecessors: ["qnam-h-a", "qnam-h-b"],
      successor: "qnam-tx-c",
    });
    expect(r.status).toBe(201);
    const successor = await unit("qnam-tx-c");
    for (const code of ["qnam-h-a", "qnam-h-b"]) {
      const p = await unit(code);
      expect(p.valid_to).toBe("2024-12-31");
      const link = await t.db
        .selectFrom("org_unit_succession")
        .selectAll()
        .where("predecessor_id", "=", p.id)
        .executeTakeFirstOrThrow();
      expect(link).toMatchObject({ successor_id: successor.id, effective_on: "2025-01-01" });
    }
    expect(successor.valid_to).toBeNull();
  });

  it("refuses impossible changes and changes nothing", async () => {
    const change = (body: Record<string, unknown>) =>
      call(admin, "POST", "/org-units/successions", { kind: "merge", effectiveOn: "2026-01-01", ...body });
    await t.db
      .insertInto("org_unit")
      .values([
        { code: "qnam-h-d", name_vi: "Huyện D", level: "district", valid_from: "2023-06-01" },
        { code: "qnam-h-e", name_vi: "Huyện E", level: "district" },
      ])
      .execute();
    await expectFieldError(
      await change({ predecessors: ["qnam-h-d", "qnam-h-e"], successor: "qnam-h-d" }),
      "predecessors.0",
      "invalid_change",
    );
    await expectFieldError(
      await change({ predecessors: ["qnam-h-d"], successor: "qnam-h-e", effectiveOn: "2023-01-01" }),
      "effectiveOn",
      "before_valid_from",
    );
    await expectFieldError(
      await change({ predecessors: ["qnam-h-a"], successor: "qnam-h-e" }),
      "predecessors.0",
      "already_closed",
    );
    await expectFieldError(
      await change({ predecessors: ["qnam-h-d", "qnam-h-nope"], successor: "qnam-h-e" }),
      "predecessors.1",
      "unknown_code",
    );
    await expectFieldError(
      await change({ predecessors: ["qnam-h-d"], successor: "qnam-h-c" }),
      "successor",
      "already_closed",
    );
    await expectFieldError(
      await change({
        predecessors: ["qnam-h-d"],
        successor: "qnam-h-e",
        newSuccessor: { code: "x", nameVi: "X" },
      }),
      "successor",
      "invalid_change",
    );
    await expectFieldError(
      await change({
        kind: "rename",
        predecessors: ["qnam-h-d", "qnam-h-e"],
        newSuccessor: { code: "x", nameVi: "X" },
      }),
      "predecessors",
      "invalid_change",
    );
    await expectFieldError(
      await change({ predecessors: ["qnam-h-d"], successor: "qnam-h-e", effectiveOn: "2026-02-30" }),
      "effectiveOn",
    );
    // nothing was closed by the refused attempts
    expect((await unit("qnam-h-d")).valid_to).toBeNull();
    expect((await unit("qnam-h-e")).valid_to).toBeNull();
    const refused = await call(leader, "POST", "/org-units/successions", {
      kind: "merge",
      effectiveOn: "2026-01-01",
      predecessors: ["qnam-h-d"],
      successor: "qnam-h-e",
    });
    expect(refused.status).toBe(403);
    expect((await unit("qnam-h-d")).valid_to).toBeNull();
  });
});

describe(`agencies on ${testEngine()}`, () => {
  it("creates an agency findable by its own name, adds and removes aliases", async () => {
    const r = await call(admin, "POST", "/agencies", {
      code: "qnam-so-thu",
      nameVi: "Sở Thử nghiệm tỉnh Quảng Nam",
      shortName: "Sở TN",
      orgUnit: "p49",
      validFrom: "2020-01-01",
    });
    expect(r.status).toBe(201);
    const a = await agency("qnam-so-thu");
    const aliases = async () =>
      (
        await t.db
          .selectFrom("agency_alias")
          .select("alias")
          .where("agency_id", "=", a.id)
          .orderBy("alias")
          .execute()
      ).map((x) => x.alias);
    expect(await aliases()).toEqual(["Sở Thử nghiệm tỉnh Quảng Nam"]);
    expect((await call(admin, "POST", "/agencies/qnam-so-thu/aliases", { alias: "Sở TN" })).status).toBe(201);
    expect((await aliases()).sort()).toEqual(["Sở Thử nghiệm tỉnh Quảng Nam", "Sở TN"].sort());
    // a spelling another agency of the province already owns
    const taken = await t.db
      .selectFrom("agency_alias")
      .select("alias")
      .where("org_unit_id", "=", a.org_unit_id)
      .where("agency_id", "<>", a.id)
      .executeTakeFirstOrThrow();
    await expectFieldError(
      await call(admin, "POST", "/agencies/qnam-so-thu/aliases", { alias: taken.alias }),
      "alias",
      "duplicate",
    );
    // the same spelling, differently typed, is the same alias
    const removed = await call(
      admin,
      "DELETE",
      `/agencies/qnam-so-thu/aliases?alias=${encodeURIComponent("  sở tn ")}`,
    );
    expect(removed.status).toBe(204);
    expect(await aliases()).toEqual(["Sở Thử nghiệm tỉnh Quảng Nam"]);
    expect((await auditOf("agency_alias", `qnam-so-thu|${"sở tn"}`)).map((x) => x.action)).toEqual([
      "delete",
      "create",
    ]);
    const listed = (await json(await call(leader, "GET", "/agencies?orgUnit=p49&limit=500"))).items as {
      code: string;
      aliases: string[];
    }[];
    expect(listed.find((x) => x.code === "qnam-so-thu")?.aliases).toEqual(["Sở Thử nghiệm tỉnh Quảng Nam"]);
  });

  it("merges two departments into a new one from a date (planning into finance)", async () => {
    await call(admin, "POST", "/agencies", {
      code: "qnam-so-thu-2",
      nameVi: "Sở Thử nghiệm 2",
      orgUnit: "p49",
    });
    const r = await call(admin, "POST", "/agencies/successions", {
      kind: "merge",
      effectiveOn: "2025-03-01",
      predecessors: ["qnam-so-thu", "qnam-so-thu-2"],
      newSuccessor: { code: "qnam-so-moi", nameVi: "Sở Hợp nhất tỉnh Quảng Nam" },
      note: "Quyết định hợp nhất",
    });
    expect(r.status).toBe(201);
    const fresh = await agency("qnam-so-moi");
    expect(fresh).toMatchObject({
      valid_from: "2025-03-01",
      org_unit_id: (await agency("qnam-so-thu")).org_unit_id,
    });
    for (const code of ["qnam-so-thu", "qnam-so-thu-2"]) {
      const p = await agency(code);
      expect(p.valid_to).toBe("2025-02-28");
      expect(
        await t.db.selectFrom("agency_succession").selectAll().where("predecessor_id", "=", p.id).execute(),
      ).toEqual([
        {
          predecessor_id: p.id,
          successor_id: fresh.id,
          effective_on: "2025-03-01",
          note: "Quyết định hợp nhất",
        },
      ]);
    }
    const listed = (await json(await call(leader, "GET", "/agencies?orgUnit=p49&limit=500"))).items as {
      code: string;
      validTo: string | null;
      successors: { code: string }[];
    }[];
    expect(listed.find((x) => x.code === "qnam-so-thu")).toMatchObject({
      validTo: "2025-02-28",
      successors: [{ code: "qnam-so-moi", effectiveOn: "2025-03-01" }],
    });
    // a closed agency merges no further
    await expectFieldError(
      await call(admin, "POST", "/agencies/successions", {
        kind: "merge",
        effectiveOn: "2026-01-01",
        predecessors: ["qnam-so-thu"],
        successor: "qnam-so-moi",
      }),
      "predecessors.0",
      "already_closed",
    );
  });

  it("corrects an agency's name and keeps the old spelling findable", async () => {
    const r = await call(admin, "PATCH", "/agencies/qnam-so-moi", {
      nameVi: "Sở Hợp nhất Quảng Nam",
      shortName: "Sở HN",
    });
    expect(r.status).toBe(200);
    const a = await agency("qnam-so-moi");
    expect(a).toMatchObject({ name_vi: "Sở Hợp nhất Quảng Nam", short_name: "Sở HN" });
    const aliases = await t.db
      .selectFrom("agency_alias")
      .select("alias")
      .where("agency_id", "=", a.id)
      .execute();
    expect(aliases.map((x) => x.alias).sort()).toEqual([
      "Sở Hợp nhất Quảng Nam",
      "Sở Hợp nhất tỉnh Quảng Nam",
    ]);
  });
});

describe(`documents on ${testEngine()}`, () => {
  it("creates a document that supersedes another, and amends it", async () => {
    const r = await call(admin, "POST", "/documents", {
      code: "qnam-nq-2024-12",
      kind: "NQ",
      number: "45/NQ-HĐND",
      issuer: "HĐND tỉnh Quảng Nam",
      orgUnit: "p49",
      issuedOn: "2024-12-10",
      titleVi: "Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2025",
      periodFrom: 2025,
      periodTo: 2025,
      supersedes: "qnam-ctct-2024",
    });
    expect(r.status).toBe(201);
    const row = await t.db
      .selectFrom("document")
      .selectAll()
      .where("code", "=", "qnam-nq-2024-12")
      .executeTakeFirstOrThrow();
    const old = await t.db
      .selectFrom("document")
      .select("id")
      .where("code", "=", "qnam-ctct-2024")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: "NQ",
      number: "45/NQ-HĐND",
      issued_on: "2024-12-10",
      supersedes_id: old.id,
    });
    const amended = await call(admin, "PATCH", "/documents/qnam-nq-2024-12", {
      number: "46/NQ-HĐND",
      titleEn: "Resolution on the 2025 plan",
      note: "số hiệu sửa theo bản gốc",
    });
    expect(amended.status).toBe(200);
    expect((await auditOf("document", "qnam-nq-2024-12"))[0]).toMatchObject({
      action: "update",
      old_value: { number: "45/NQ-HĐND", title_en: null, note: null },
      new_value: { number: "46/NQ-HĐND", title_en: "Resolution on the 2025 plan" },
    });
    const listed = (await json(await call(leader, "GET", "/documents?limit=500"))).items as {
      code: string;
      number: string;
      supersedesCode: string | null;
    }[];
    expect(listed.find((d) => d.code === "qnam-nq-2024-12")).toMatchObject({
      number: "46/NQ-HĐND",
      supersedesCode: "qnam-ctct-2024",
      orgUnitCode: "p49",
    });
  });

  it("refuses unknown kinds, references and inverted periods", async () => {
    await expectFieldError(
      await call(admin, "POST", "/documents", { code: "d-1", kind: "XX", titleVi: "X" }),
      "kind",
    );
    await expectFieldError(
      await call(admin, "POST", "/documents", { code: "d-1", kind: "KH", titleVi: "X", supersedes: "nope" }),
      "supersedes",
      "unknown_code",
    );
    await expectFieldError(
      await call(admin, "PATCH", "/documents/qnam-nq-2024-12", { periodFrom: 2026 }),
      "periodTo",
      "invalid_range",
    );
    await expectFieldError(
      await call(admin, "PATCH", "/documents/qnam-nq-2024-12", { supersedes: "qnam-nq-2024-12" }),
      "supersedes",
    );
    await expectFieldError(
      await call(admin, "POST", "/documents", { code: "qnam-nq-2024-12", kind: "NQ", titleVi: "X" }),
      "code",
      "duplicate_code",
    );
    expect(await t.db.selectFrom("document").select("id").where("code", "=", "d-1").execute()).toEqual([]);
  });
});

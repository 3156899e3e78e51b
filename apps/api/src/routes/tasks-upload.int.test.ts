import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCatalog, readCatalog } from "@chitieu/catalog";
import { createTestDatabase, type TestDatabase, testEngine } from "@chitieu/storage/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiDeps } from "../app.ts";
import type { Actor } from "../http/env.ts";
import { router } from "../http/openapi.ts";
import { asProblem, problemResponse } from "../http/problem.ts";
import { taskRoutes } from "./tasks.ts";

// The task-table and status uploads stream their body to a private temporary file
// (http/upload.ts), as POST /imports does: the limits answer 413 before or while reading, a
// malformed body 400, in Vietnamese and English, and no temporary file is left on any path.

const fixtures = path.resolve(import.meta.dirname, "../../../../test/fixtures/tasks");
const LIMIT = 104_858; // 0.1 MB
let t: TestDatabase;
let actor: Actor | null = null;
let app: ReturnType<typeof router>;
let admin: Actor;
let officer: Actor;
// a temporary folder of this file's own, so that "nothing left" is exact on a shared machine
let tmp: string;
let tmpBefore: string | undefined;

async function makeUser(email: string, role: Actor["role"], agency: string | null): Promise<Actor> {
  const agencyId = agency
    ? (await t.db.selectFrom("agency").select("id").where("code", "=", agency).executeTakeFirstOrThrow()).id
    : null;
  const u = await t.db
    .insertInto("app_user")
    .values({ email, display_name: email, role, agency_id: agencyId, password_hash: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    email,
    role,
    agencyId,
    scopes: { indicator: [], org_unit: [], agency: agencyId ? [agencyId] : [] },
    via: "session",
    tokenScopes: [],
  };
}

beforeAll(async () => {
  tmpBefore = process.env.TMPDIR;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chitieu-task-upload-test-"));
  process.env.TMPDIR = tmp;
  t = await createTestDatabase();
  await loadCatalog(t.db, readCatalog());
  admin = await makeUser("admin@test", "admin", null);
  officer = await makeUser("khdt@test", "agency_officer", "qng-so-khdt");
  app = router();
  app.onError((e, c) => {
    const problem = asProblem(e);
    if (problem) return problemResponse(c, problem);
    throw e;
  });
  app.use("*", async (c, next) => {
    c.set("actor", actor);
    c.set("requestId", "test");
    await next();
  });
  app.route("/", taskRoutes({ services: { db: t.db }, uploadMaxBytes: LIMIT } as unknown as ApiDeps));
});
afterAll(async () => {
  if (tmpBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpBefore;
  fs.rmSync(tmp, { recursive: true, force: true });
  await t?.drop();
});
beforeEach(() => {
  expect(os.tmpdir()).toBe(tmp);
});

// the uploads' temporary folders (a worker may keep its own compile cache here too)
const leftovers = () => fs.readdirSync(tmp).filter((n) => n.startsWith("chitieu-upload-"));
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

function formOf(file: Uint8Array | string | null, name: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  if (file !== null) form.set("file", new File([file], name, { type: "text/csv" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

function post(as: Actor, url: string, form: FormData) {
  actor = as;
  return app.request(url, { method: "POST", body: form });
}

/** A body sent as a stream in chunks of 16 KB (no Content-Length unless given); counts what was pulled. */
function streamed(as: Actor, url: string, bytes: Uint8Array | null, type: string, length?: number) {
  actor = as;
  const sent = { bytes: 0 };
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // null: an endless body
      const chunk = bytes === null ? new Uint8Array(16_384).fill(0x61) : bytes.slice(at, at + 16_384);
      if (chunk.length === 0) return controller.close();
      at += chunk.length;
      sent.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const headers: Record<string, string> = { "content-type": type };
  if (length !== undefined) headers["content-length"] = String(length);
  const res = app.request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { res, sent };
}

async function multipartBytes(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const built = new Request("http://x/", { method: "POST", body: form });
  return {
    bytes: new Uint8Array(await built.arrayBuffer()),
    type: built.headers.get("content-type") as string,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: problem bodies are checked field by field
const json = async (r: Response): Promise<any> => r.json();

const routes: { url: string; who: () => Actor; fields: Record<string, string> }[] = [
  { url: "/task-imports", who: () => admin, fields: { document: "qng-kh-214-2024", dryRun: "true" } },
  { url: "/task-status-imports", who: () => officer, fields: { dryRun: "true" } },
];

describe(`task uploads streamed, on ${testEngine()}`, () => {
  for (const route of routes) {
    describe(`POST ${route.url}`, () => {
      it("reads a real file and leaves no temporary file (preview, commit refused, field missing)", async () => {
        const file =
          route.url === "/task-imports" ? "phu-luc-nhiem-vu-sach.csv" : "bao-cao-tinh-hinh-sach.csv";
        const preview = await post(route.who(), route.url, formOf(fixture(file), file, route.fields));
        expect(preview.status).toBe(200);
        const p = await json(preview);
        expect([p.status, p.fileName, p.counts.errors]).toEqual(["preview", file, 0]);
        expect(p.counts.total).toBeGreaterThan(0);
        expect(leftovers()).toEqual([]);

        // a file with errors: refused (422), nothing written, the temporary file gone
        const bad = route.url === "/task-imports" ? "phu-luc-nhiem-vu.csv" : "bao-cao-tinh-hinh.csv";
        const batches = await t.db.selectFrom("import_batch").select("id").execute();
        const refused = await post(
          route.who(),
          route.url,
          formOf(fixture(bad), bad, { ...route.fields, dryRun: "false" }),
        );
        expect(refused.status).toBe(422);
        expect((await json(refused)).status).toBe("rejected");
        expect(await t.db.selectFrom("import_batch").select("id").execute()).toEqual(batches);
        expect(leftovers()).toEqual([]);

        // the file, but not the form: refused after reading, the temporary file gone
        if (route.url === "/task-imports") {
          const noDocument = await post(route.who(), route.url, formOf(fixture(file), file, {}));
          expect(noDocument.status).toBe(400);
          expect((await json(noDocument)).errors).toEqual([
            { path: "document", message: "Cần mã văn bản / document code required" },
          ]);
        } else {
          const unknown = await post(
            route.who(),
            route.url,
            formOf(fixture(file), file, { document: "khong-co" }),
          );
          expect(unknown.status).toBe(404);
        }
        expect(leftovers()).toEqual([]);

        // no file at all: the message of before
        const none = await post(route.who(), route.url, formOf(null, "", route.fields));
        expect(none.status).toBe(400);
        expect((await json(none)).errors).toEqual([
          { path: "file", message: "Cần tệp trong trường 'file' / a file is required in field 'file'" },
        ]);
        expect(leftovers()).toEqual([]);
      });

      it("refuses a body whose Content-Length is over the limit (413) before reading it", async () => {
        const { bytes, type } = await multipartBytes(formOf("x".repeat(250_000), "lon.csv", route.fields));
        const { res, sent } = streamed(route.who(), route.url, bytes, type, bytes.length);
        const r = await res;
        expect(r.status).toBe(413);
        expect(r.headers.get("content-type")).toContain("application/problem+json");
        const b = await json(r);
        expect([b.code, b.detail, b.detailEn]).toEqual([
          "payload_too_large",
          `Tệp hoặc yêu cầu vượt quá giới hạn ${LIMIT} byte.`,
          `The request exceeds the limit of ${LIMIT} bytes.`,
        ]);
        // nothing of the body was read past what the stream had queued before the refusal
        expect(sent.bytes).toBeLessThanOrEqual(16_384);
        expect(leftovers()).toEqual([]);
      });

      it("stops an endless chunked body near the limit (413), not at its end", async () => {
        const { res, sent } = streamed(route.who(), route.url, null, "multipart/form-data; boundary=xyz");
        const r = await res;
        expect(r.status).toBe(413);
        expect((await json(r)).code).toBe("payload_too_large");
        expect(sent.bytes).toBeLessThan(LIMIT + 64 * 1024 + 3 * 16_384);
        expect(leftovers()).toEqual([]);
      });

      it("stops a file part over the limit while it arrives (file_too_large, 413), chunked", async () => {
        const { bytes, type } = await multipartBytes(
          formOf(`Mã nhiệm vụ,Tình trạng\n${"x".repeat(150_000)}`, "Báo cáo lớn.csv", route.fields),
        );
        const { res } = streamed(route.who(), route.url, bytes, type);
        const r = await res;
        expect(r.status).toBe(413);
        const b = await json(r);
        expect([b.code, b.detail, b.detailEn]).toEqual([
          "file_too_large",
          "Tệp Báo cáo lớn.csv vượt quá giới hạn 0.1 MB; hãy chia nhỏ tệp.",
          "File Báo cáo lớn.csv exceeds the limit of 0.1 MB; split it into smaller files.",
        ]);
        expect(leftovers()).toEqual([]);
      });

      it("refuses a body cut before its closing boundary (400) in Vietnamese and English", async () => {
        const { bytes, type } = await multipartBytes(formOf(fixture("khong-dau.csv"), "a.csv", route.fields));
        const { res } = streamed(route.who(), route.url, bytes.slice(0, bytes.length - 30), type);
        const r = await res;
        expect(r.status).toBe(400);
        expect((await json(r)).errors).toEqual([
          {
            path: "body",
            message:
              "nội dung biểu mẫu kết thúc trước ranh giới cuối / the multipart body ends before its closing boundary",
          },
        ]);
        expect(leftovers()).toEqual([]);
      });
    });
  }
});

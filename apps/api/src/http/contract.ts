import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";

// The OpenAPI document as clients read it: every operation has an operationId and says how it is
// authenticated. Both are decided here, in one place, from the path, so a new route cannot ship
// without them (test/integration/api-contract.test.ts runs Redocly's recommended rules on it).

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "chitieu_session",
    description:
      "Phiên đăng nhập (POST /auth/login); mọi thao tác ghi cần thêm tiêu đề x-csrf-token. / The session cookie set by POST /auth/login; writes also send the x-csrf-token header.",
  },
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description:
      "Mã truy cập API (POST /tokens), với phạm vi read, observations:write, imports:write, tasks:write, catalog:write hoặc *. / An API token (POST /tokens) with its scopes.",
  },
} as const;

type Security = Record<string, string[]>[];
const PUBLIC: Security = [];
const SESSION_ONLY: Security = [{ sessionCookie: [] }];
const SESSION_OR_TOKEN: Security = [{ sessionCookie: [] }, { bearerToken: [] }];

/** Who may call an operation, as the document states it (the policy functions enforce it). */
export function securityOf(method: string, path: string): Security {
  if (path.startsWith("/public/") || path === "/auth/login") return PUBLIC;
  // the holder of a one-time account link has no session yet
  if (path.startsWith("/auth/links/")) return PUBLIC;
  // tokens never manage accounts or tokens, and a session is what signs out
  if (path.startsWith("/tokens") || path.startsWith("/auth/")) return SESSION_ONLY;
  if (path.startsWith("/users") && method !== "get") return SESSION_ONLY;
  return SESSION_OR_TOKEN;
}

/**
 * A stable operationId from the method and path, e.g. GET /tasks/{id} → getTasksById,
 * GET /public/indicators/{code} → getPublicIndicatorsByCode.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      return param ? `by-${param[1]}` : part;
    })
    .join("-")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words]
    .map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1)))
    .join("");
}

const INFO = {
  title: "chitieu API",
  version: "1.0.0",
  description:
    "Theo dõi chỉ tiêu phát triển kinh tế – xã hội / Monitoring socio-economic targets. Errors are RFC 9457 problem details (application/problem+json). JSON field names are camelCase.",
  license: { name: "MIT", identifier: "MIT" },
};

const TAGS: Record<string, string> = {
  audit: "Nhật ký thay đổi / The audit log",
  auth: "Đăng nhập, phiên / Sign-in and sessions",
  catalog:
    "Danh mục: chỉ tiêu, đơn vị, cơ quan, văn bản / The catalog: indicators, org units, agencies, documents",
  evaluations: "Đánh giá chỉ tiêu / Scorecards",
  imports: "Nhập số liệu từ tệp / Figure uploads",
  observations: "Số liệu / Figures",
  public: "Dữ liệu công bố, không cần đăng nhập / Published data, no sign-in",
  reporting: "Nghĩa vụ báo cáo / Reporting duties",
  reports:
    "Giải trình, ý kiến chỉ đạo, dự thảo báo cáo KT-XH / Explanations, directions, the socio-economic report draft",
  targets: "Chỉ tiêu kế hoạch / Targets",
  tasks: "Nhiệm vụ / Tasks",
  tokens: "Mã truy cập API / API tokens",
  users: "Tài khoản (quản trị) / Accounts (admin)",
};

/** The whole document, with operationIds, security and the schemes they name. */
export function openApiDocument(api: OpenAPIHono<AppEnv>) {
  const doc = api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: INFO,
    servers: [{ url: "/api/v1" }],
  });
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      if (typeof op !== "object" || op === null || !("responses" in op)) continue;
      op.operationId ??= operationIdOf(method, path);
      op.security ??= securityOf(method, path);
      for (const tag of (op.tags as string[] | undefined) ?? []) tags.add(tag);
    }
  }
  doc.components = { ...doc.components, securitySchemes: { ...SECURITY_SCHEMES } };
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  return doc;
}

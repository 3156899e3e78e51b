import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

// RFC 9457 problem details: one error shape for the whole API, with a stable code and the
// message in Vietnamese first, English second.

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  detail_en: string;
  instance?: string;
  errors?: unknown[];
}

export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly errors?: unknown[],
  ) {
    super(en);
  }
}

export function problemBody(p: ApiProblem, instance?: string): ProblemBody {
  return {
    type: `https://chitieu.invalid/problems/${p.code}`,
    title: p.code,
    status: p.status,
    code: p.code,
    detail: p.vi,
    detail_en: p.en,
    ...(instance ? { instance } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
  };
}

export function problemResponse(c: Context, p: ApiProblem): Response {
  return c.body(JSON.stringify(problemBody(p, c.req.path)), p.status, {
    "content-type": "application/problem+json; charset=utf-8",
  });
}

export const problems = {
  unauthenticated: () => new ApiProblem(401, "unauthenticated", "Cần đăng nhập.", "Authentication required."),
  forbidden: (what = "") =>
    new ApiProblem(
      403,
      "forbidden",
      `Không có quyền thực hiện thao tác này${what ? `: ${what}` : ""}.`,
      `Not allowed${what ? `: ${what}` : ""}.`,
    ),
  notFound: (what: string) =>
    new ApiProblem(404, "not_found", `Không tìm thấy ${what}.`, `${what} not found.`),
  invalid: (errors: unknown[]) =>
    new ApiProblem(
      400,
      "invalid_request",
      "Dữ liệu gửi lên không hợp lệ.",
      "The request is not valid.",
      errors,
    ),
  conflict: (vi: string, en: string) => new ApiProblem(409, "conflict", vi, en),
  tooLarge: (limit: number) =>
    new ApiProblem(
      413,
      "payload_too_large",
      `Tệp hoặc yêu cầu vượt quá giới hạn ${limit} byte.`,
      `The request exceeds the limit of ${limit} bytes.`,
    ),
};

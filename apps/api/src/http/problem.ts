import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { failures, fromDatabaseError, ServiceError, type ServiceErrorKind } from "../services/errors.ts";

// RFC 9457 problem details: one error shape for the whole API, with a stable code and the
// message in Vietnamese first, English second.

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  detailEn: string;
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

/** The one place a service's refusal becomes an HTTP status. */
const STATUS: Record<ServiceErrorKind, ContentfulStatusCode> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
};

export function fromServiceError(e: ServiceError): ApiProblem {
  return new ApiProblem(STATUS[e.kind], e.code, e.vi, e.en, e.details);
}

/** The problem an error answers as, or null when it is a fault (a 500). */
export function asProblem(error: unknown): ApiProblem | null {
  if (error instanceof ApiProblem) return error;
  if (error instanceof ServiceError) return fromServiceError(error);
  const race = fromDatabaseError(error);
  if (race) return fromServiceError(race);
  return null;
}

export function problemBody(p: ApiProblem, instance?: string): ProblemBody {
  return {
    type: `https://chitieu.invalid/problems/${p.code}`,
    title: p.code,
    status: p.status,
    code: p.code,
    detail: p.vi,
    detailEn: p.en,
    ...(instance ? { instance } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
  };
}

export function problemResponse(c: Context, error: ApiProblem | ServiceError): Response {
  const p = error instanceof ServiceError ? fromServiceError(error) : error;
  return c.body(JSON.stringify(problemBody(p, c.req.path)), p.status, {
    "content-type": "application/problem+json; charset=utf-8",
  });
}

/** Services' refusals, plus the ones only HTTP knows. */
export const problems = {
  ...failures,
  tooLarge: (limit: number) =>
    new ApiProblem(
      413,
      "payload_too_large",
      `Tệp hoặc yêu cầu vượt quá giới hạn ${limit} byte.`,
      `The request exceeds the limit of ${limit} bytes.`,
    ),
};

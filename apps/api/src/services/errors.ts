// A service's refusal, in words a person can act on (Vietnamese first, English second) and a
// stable code for programs. Services know nothing of HTTP: `http/problem.ts` maps the kind to a
// status and the error to an RFC 9457 problem, in one place.

export type ServiceErrorKind =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid"
  | "conflict"
  | "too_large"
  | "unprocessable";

export class ServiceError extends Error {
  override name = "ServiceError";
  constructor(
    readonly kind: ServiceErrorKind,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly details?: unknown[],
  ) {
    super(en);
  }
}

export const failures = {
  unauthenticated: () =>
    new ServiceError("unauthenticated", "unauthenticated", "Cần đăng nhập.", "Authentication required."),
  forbidden: (what = "") =>
    new ServiceError(
      "forbidden",
      "forbidden",
      `Không có quyền thực hiện thao tác này${what ? `: ${what}` : ""}.`,
      `Not allowed${what ? `: ${what}` : ""}.`,
    ),
  notFound: (what: string) =>
    new ServiceError("not_found", "not_found", `Không tìm thấy ${what}.`, `${what} not found.`),
  invalid: (details: unknown[]) =>
    new ServiceError(
      "invalid",
      "invalid_request",
      "Dữ liệu gửi lên không hợp lệ.",
      "The request is not valid.",
      details,
    ),
  /** invalid input with its own code and both messages */
  rejected: (code: string, vi: string, en: string, details?: unknown[]) =>
    new ServiceError("invalid", code, vi, en, details),
  conflict: (vi: string, en: string, code = "conflict") => new ServiceError("conflict", code, vi, en),
};

/**
 * A write that lost a race with another (a unique key or foreign key that held when it was
 * checked, a serialisation failure, a deadlock): a conflict the caller can retry, never a fault.
 * Writes that can race take a lock first; this is the net for any that does not.
 */
const RACE_CODES: Record<string, string> = {
  "23505": "duplicate",
  "23503": "reference",
  "40001": "serialization",
  "40P01": "deadlock",
};

export function fromDatabaseError(error: unknown): ServiceError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !(code in RACE_CODES)) return null;
  return new ServiceError(
    "conflict",
    "concurrent_change",
    "Dữ liệu vừa được thay đổi bởi một yêu cầu khác; không có gì được lưu. Hãy tải lại và thử lại.",
    "The data was just changed by another request; nothing was saved. Reload and try again.",
    [{ reason: RACE_CODES[code] }],
  );
}

import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { problemResponse, problems } from "./problem.ts";

/** Every router of the API: zod validates, and a failure answers as problem+json. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({
          path: i.path.join("."),
          message: i.message,
          code: i.code,
        }));
        return problemResponse(c, problems.invalid(errors));
      }
    },
  });
}

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    detailEn: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.unknown()).optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: Problem } };

/** An error answer a route documents beyond `errorResponses` (409, 413, 422, ...). */
export const problem = (description: string) => ({ description, content: problemContent });

/** The error answers every route can give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: "Invalid request / Yêu cầu không hợp lệ", content: problemContent },
  401: { description: "Not signed in / Chưa đăng nhập", content: problemContent },
  403: { description: "Not allowed / Không có quyền", content: problemContent },
  404: { description: "Not found / Không tìm thấy", content: problemContent },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const Pagination = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ param: { name: "limit", in: "query" } }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ param: { name: "offset", in: "query" } }),
});

/** A yes/no form or query field: true, "true", "1", "yes" or "on" (any case) is yes; anything else, or nothing, is no. */
export const flag = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform(
    (v) => v === true || (typeof v === "string" && ["true", "1", "yes", "on"].includes(v.toLowerCase())),
  );

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "id", in: "path" }, example: 1 }),
});

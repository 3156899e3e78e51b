import { randomUUID } from "node:crypto";
import { logger } from "@chitieu/api";
import type { HandleServerError } from "@sveltejs/kit";

/**
 * SvelteKit's handleError (hooks.server.ts): an unexpected error in a page or endpoint is one JSON
 * line with a request id (the client's X-Request-Id when it is a sane one, else a new one), which
 * the error page receives too. Nothing about the error but SvelteKit's generic message reaches the
 * client.
 */
export const pageError: HandleServerError = ({ error, event, status, message }) => {
  const incoming = event.request.headers.get("x-request-id");
  const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  logger.error("page error", {
    request_id: id,
    method: event.request.method,
    path: event.url.pathname,
    status,
    error,
  });
  return { message, id };
};

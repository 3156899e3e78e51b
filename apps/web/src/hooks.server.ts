import {
  captureConsole,
  createApp,
  logger,
  type PublicLookup,
  readConfig,
  startServices,
} from "@chitieu/api";
import type { Handle, HandleServerError, ServerInit } from "@sveltejs/kit";
import { setDataVersionSource } from "$lib/portal/server/data.ts";
import { portalHandle } from "$lib/portal/server/handle.ts";
import { withHtmlHeaders } from "$lib/portal/server/html-headers.ts";
import { appHtmlLang } from "$lib/server/lang";
import { pageError } from "$lib/server/page-error.ts";

// One process: the Hono API answers everything under /api, SvelteKit the rest.
let api: ReturnType<typeof createApp> | undefined;
const CLIENT_IP = "x-chitieu-client-ip";
let publicLookup: PublicLookup | null = null;

export const init: ServerInit = async () => {
  // every line the server prints is JSON, adapter-node's "Listening on" included (api log.ts)
  captureConsole();
  const config = readConfig(process.env);
  const services = await startServices(config, (line) => logger.info(line));
  api = createApp({
    services,
    secureCookies: config.production,
    clientIp: (c) => c.req.header(CLIENT_IP) ?? "unknown",
    onPublicLookup: (lookup) => (publicLookup = lookup),
  });
  // apps/web/server.js answers public cache hits with it before SvelteKit's request path
  (globalThis as Record<symbol, unknown>)[Symbol.for("chitieu.publicLookup")] = ((pathAndQuery, header) =>
    publicLookup?.(pathAndQuery, header) ?? null) satisfies PublicLookup;
  // the portal follows the API's data version in process: a change is seen by the next page
  setDataVersionSource(() => services.dataVersion.get());
  logger.info(`chitieu on port ${config.port}`, {
    port: config.port,
    engine: services.engine,
    location: services.location,
    demo: config.demo,
  });
  // adapter-node emits this after in-flight requests have finished
  process.once("sveltekit:shutdown" as never, () => void services.close());
};

/** An unexpected error in a page or endpoint: one JSON line with an id the error page shows. */
export const handleError: HandleServerError = pageError;

export const handle: Handle = async ({ event, resolve }) => {
  const path = event.url.pathname;
  if (path === "/api" || path.startsWith("/api/")) {
    if (!api) return new Response("starting", { status: 503 });
    // the address SvelteKit saw, never one a client claims
    const headers = new Headers(event.request.headers);
    // (adapter-node: the socket's, or the ADDRESS_HEADER of a trusted proxy; see README)
    headers.set(CLIENT_IP, event.getClientAddress());
    const init: RequestInit & { duplex?: "half" } = { method: event.request.method, headers };
    if (event.request.body) {
      init.body = event.request.body;
      init.duplex = "half";
    }
    return api.fetch(new Request(event.request.url, init));
  }
  // /app pages in English say so in <html lang>
  const lang = appHtmlLang(event);
  if (lang !== "vi")
    return withHtmlHeaders(
      path,
      await resolve(event, {
        transformPageChunk: ({ html }) => html.replace('<html lang="vi">', `<html lang="${lang}">`),
      }),
    );
  // the public portal: <html lang>, page cache, ETag/304 (passes everything else to resolve)
  return withHtmlHeaders(path, await portalHandle({ event, resolve }));
};

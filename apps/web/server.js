// The production server (`npm start`, the tests, `node apps/web/server.js`): adapter-node's
// handler — SvelteKit for pages and the portal, the Hono API under /api — behind a plain Node
// HTTP server that answers cache hits of the public API itself.
//
// A public GET (/api/v1/public/…) whose answer is cached for the data version known now is
// written from memory here, with the same bytes and headers the full path gives (ETag → 304,
// gzip, CORS, security headers, request id): at thousands of requests a second the per-request
// work of adapter-node, SvelteKit and Hono was the bottleneck (issue #19). Everything else — a
// miss, an older version, a token, any other path or method — goes through the handler, which
// computes, checks and caches. The cache and its rules (data version, unpublished data never
// served) live in apps/api/src/http/public-cache.ts; hooks.server.ts hands its lookup over as
// globalThis[Symbol.for("chitieu.publicLookup")].
//
// Same environment as adapter-node's own build/index.js: PORT, HOST, SOCKET_PATH,
// SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT, ORIGIN, PROTOCOL_HEADER, HOST_HEADER,
// ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT (systemd socket activation is not supported).
import http from "node:http";
import process from "node:process";
// build/handler.js runs the app's init (hooks.server.ts) before it resolves
import { env, timeout_env } from "./build/env.js";
import { handler } from "./build/handler.js";

const lookup = /** @type {import("@chitieu/api").PublicLookup | undefined} */ (
  /** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("chitieu.publicLookup")]
);

/** @param {import("node:http").IncomingMessage} req */
function headerOf(req) {
  return (/** @type {string} */ name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
}

/**
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
function fromCache(req, res) {
  if (req.method !== "GET" || lookup === undefined || !req.url?.startsWith("/api/v1/public/")) return false;
  const answer = lookup(req.url, headerOf(req));
  if (answer === null) return false;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? undefined);
  return true;
}

const socketPath = env("SOCKET_PATH", false);
const host = env("HOST", "0.0.0.0");
const port = env("PORT", !socketPath && "3000");
const shutdownTimeout = Number.parseInt(env("SHUTDOWN_TIMEOUT", "30"), 10);

const server = http.createServer((req, res) => {
  if (fromCache(req, res)) return;
  handler(req, res, () => {
    res.statusCode = 404;
    res.end("Not found");
  });
});
const keepAlive = timeout_env("KEEP_ALIVE_TIMEOUT");
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
const headersTimeout = timeout_env("HEADERS_TIMEOUT");
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

server.listen(socketPath ? { path: socketPath } : { host, port: Number(port) }, () => {
  console.log(`Listening on ${socketPath || `http://${host}:${port}`}`);
});

// as adapter-node: stop accepting, let requests in flight finish, then tell the app
// ("sveltekit:shutdown" closes the database in hooks.server.ts)
let shuttingDown = false;
/** @param {string} reason */
function shutdown(reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  server.closeIdleConnections();
  // kept-alive connections become idle as their last requests finish: closed as they do (a
  // poll while shutting down, not a listener on every request of a running server)
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const force = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
  server.close((error) => {
    clearTimeout(force);
    clearInterval(idle);
    if (!error) process.emit(/** @type {never} */ ("sveltekit:shutdown"), /** @type {never} */ (reason));
  });
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

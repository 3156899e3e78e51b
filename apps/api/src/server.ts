// Standalone API server, for deployments that run the API apart from the web app.
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { clientAddress } from "./http/client-address.ts";
import { captureConsole, logger } from "./log.ts";
import { startServices } from "./services.ts";

// every line this process prints is JSON (log.ts)
captureConsole();
const config = readConfig();
const services = await startServices(config, (line) => logger.info(line));
const app = createApp({
  services,
  secureCookies: config.production,
  clientIp: (c) => clientAddress(config, (h) => c.req.header(h), getConnInfo(c).remote.address),
});
const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  logger.info(`chitieu API on http://localhost:${info.port}`, {
    port: info.port,
    engine: services.engine,
    location: services.location,
  });
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(async () => {
      await services.close();
      process.exit(0);
    });
  });
}

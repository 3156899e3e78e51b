// Standalone API server, for deployments that run the API apart from the web app.
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { clientAddress } from "./http/client-address.ts";
import { startServices } from "./services.ts";

const config = readConfig();
const services = await startServices(config, (line) => console.log(line));
const app = createApp({
  services,
  secureCookies: config.production,
  clientIp: (c) => clientAddress(config, (h) => c.req.header(h), getConnInfo(c).remote.address),
});
const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  console.log(`chitieu API on http://localhost:${info.port} (${services.engine}: ${services.location})`);
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

import { createApp, readConfig, startServices } from "@chitieu/api";
import type { Handle, ServerInit } from "@sveltejs/kit";

// One process: the Hono API answers everything under /api, SvelteKit the rest.
let api: ReturnType<typeof createApp> | undefined;

export const init: ServerInit = async () => {
  const config = readConfig(process.env);
  const services = await startServices(config, (line) => console.log(line));
  api = createApp({ services });
  console.log(`chitieu on port ${config.port} (${services.engine}: ${services.location}${config.demo ? ", demo" : ""})`);
  // adapter-node emits this after in-flight requests have finished
  process.once("sveltekit:shutdown" as never, () => void services.close());
};

export const handle: Handle = async ({ event, resolve }) => {
  const path = event.url.pathname;
  if (path === "/api" || path.startsWith("/api/")) {
    if (!api) return new Response("starting", { status: 503 });
    return api.fetch(event.request);
  }
  return resolve(event);
};

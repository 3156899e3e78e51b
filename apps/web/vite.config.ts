import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // workspace packages ship TypeScript source: bundle them into the server build
  ssr: { noExternal: [/^@chitieu\//] },
});

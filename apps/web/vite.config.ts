import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // workspace packages ship TypeScript source: bundle them into the server build
  // pdfkit reads its own data files beside its code: it stays in node_modules (the API's PDF drafts)
  ssr: { noExternal: [/^@chitieu\//], external: ["pdfkit"] },
});

import adapter from "@sveltejs/adapter-node";

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    // forms post to the same origin; the API checks its own CSRF token for cookie writes
    csrf: { trustedOrigins: [] },
    // Content-Security-Policy on every page: SvelteKit adds the hashes of its own inline scripts
    // (hashes, not nonces: the portal caches rendered pages, and a hash stays right in a copy).
    // Inline style attributes are Svelte's (transitions, widths of bars): 'unsafe-inline' for
    // styles only. frame-ancestors 'none' here; hooks.server.ts opens it on /embed pages.
    csp: {
      mode: "hash",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:"],
        "font-src": ["self"],
        "connect-src": ["self"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
        "frame-ancestors": ["none"],
      },
    },
  },
};

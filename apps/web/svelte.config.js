import adapter from "@sveltejs/adapter-node";

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    // forms post to the same origin; the API checks its own CSRF token for cookie writes
    csrf: { trustedOrigins: [] },
  },
};

// Headers every HTML answer carries (app, portal, error pages). The Content-Security-Policy
// itself comes from SvelteKit (svelte.config.js, kit.csp) with the hashes of its inline scripts;
// here its frame-ancestors is opened on /embed pages, which exist to sit in other sites' iframes,
// and kept 'none' everywhere else (X-Frame-Options for older browsers says the same).

const FALLBACK_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function isEmbedPath(path: string): boolean {
  return path.startsWith("/embed/");
}

export function withHtmlHeaders(path: string, response: Response): Response {
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("text/html")) return response;
  let res = response;
  try {
    res.headers.set("x-content-type-options", "nosniff");
  } catch {
    // immutable headers (a fetched response): copy them
    res = new Response(response.body, response);
  }
  const h = res.headers;
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "strict-origin-when-cross-origin");
  const csp = h.get("content-security-policy") ?? FALLBACK_CSP;
  if (isEmbedPath(path)) {
    h.set("content-security-policy", csp.replace(/frame-ancestors [^;]*/, "frame-ancestors *"));
    h.delete("x-frame-options");
  } else {
    h.set("content-security-policy", /frame-ancestors/.test(csp) ? csp : `${csp}; frame-ancestors 'none'`);
    h.set("x-frame-options", "DENY");
  }
  return res;
}

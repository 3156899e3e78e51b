/** The public origin for absolute URLs (Open Graph, sitemap, canonical): ORIGIN when set, else the request's. */
export function originOf(url: URL): string {
  return process.env.ORIGIN ?? url.origin;
}

// The caller's address, for the login throttle and the session record. Behind a reverse proxy
// every request comes from the proxy: ADDRESS_HEADER names the header the proxy sets (the same
// variable adapter-node reads for the web app), and for X-Forwarded-For, XFF_DEPTH says how many
// trusted proxies append to it (the address is taken that many entries from the right, never
// the leftmost one a client can write). Without ADDRESS_HEADER the header is ignored.

export interface AddressConfig {
  addressHeader: string | undefined;
  xffDepth: number;
}

export function clientAddress(
  config: AddressConfig,
  header: (name: string) => string | undefined,
  remote: string | undefined,
): string {
  if (!config.addressHeader) return remote ?? "unknown";
  const value = header(config.addressHeader);
  if (!value) return remote ?? "unknown";
  if (config.addressHeader.toLowerCase() !== "x-forwarded-for") return value.trim();
  const hops = value.split(",").map((s) => s.trim());
  // fewer entries than trusted proxies: the header was not written by them
  return hops[hops.length - config.xffDepth] ?? remote ?? "unknown";
}

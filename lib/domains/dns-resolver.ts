import { Resolver } from "node:dns/promises";

/** What verifyDomain needs from DNS; tests and the CLI pass one in. */
export interface TxtResolver {
  /** Each record is its character-strings (RFC 1035 §3.3.14), as node returns them. */
  resolveTxt(name: string): Promise<string[][]>;
}

/**
 * A TXT resolver through node's own DNS client (c-ares). `servers` are
 * `host`, `host:port` or `[v6]:port` entries (the DNS_SERVERS variable), so tests can
 * point it at a local server; without them the system's resolvers are used.
 */
export function createTxtResolver(servers?: string[]): TxtResolver {
  // A slow or dead DNS server must not hang the Admin Center: ~2 s a try, two tries.
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers(servers);
  return { resolveTxt: (name) => resolver.resolveTxt(name) };
}

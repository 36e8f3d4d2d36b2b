import { formatCidr, parseIPv4 } from '../nodes/ipv4';
import type { Route } from './node-dataplane';

/**
 * The entry the kernel picks for `ip` in a table keyed by canonical CIDR (`10.244.1.0/24`): the longest
 * matching prefix, found by masking the address at /32 down to /0 — 33 lookups whatever the table's size.
 */
export function longestPrefixMatch<T>(table: Map<string, T>, ip: string): T | undefined {
  const addr = parseIPv4(ip);
  if (addr === undefined) return undefined;
  for (let prefix = 32; prefix >= 0; prefix--) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const hit = table.get(formatCidr({ base: (addr & mask) >>> 0, prefix }));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The route the kernel picks for `ip`, or undefined (no route). */
export function lookupRoute(routes: Map<string, Route>, ip: string): Route | undefined {
  return longestPrefixMatch(routes, ip);
}

/** `ip route` text for one route, as iproute2 prints it. */
export function formatRoute(r: Route): string {
  return [r.dst, r.via && `via ${r.via}`, `dev ${r.dev}`, r.proto && `proto ${r.proto}`, r.scope && `scope ${r.scope}`, r.src && `src ${r.src}`, r.onlink && 'onlink']
    .filter(Boolean)
    .join(' ');
}

import { cidrContains, parseCidr, parseIPv4 } from '../nodes/ipv4';
import type { Route } from './node-dataplane';

/** The route the kernel picks for `ip`: the longest prefix among the table's destinations, or undefined (no route). */
export function lookupRoute(routes: Record<string, Route>, ip: string): Route | undefined {
  const addr = parseIPv4(ip);
  if (addr === undefined) return undefined;
  let best: Route | undefined;
  let bestPrefix = -1;
  for (const r of Object.values(routes)) {
    const c = parseCidr(r.dst);
    if (c && c.prefix > bestPrefix && cidrContains(c, addr)) {
      best = r;
      bestPrefix = c.prefix;
    }
  }
  return best;
}

/** `ip route` text for one route, as iproute2 prints it. */
export function formatRoute(r: Route): string {
  return [r.dst, r.via && `via ${r.via}`, `dev ${r.dev}`, r.proto && `proto ${r.proto}`, r.scope && `scope ${r.scope}`, r.src && `src ${r.src}`, r.onlink && 'onlink']
    .filter(Boolean)
    .join(' ');
}

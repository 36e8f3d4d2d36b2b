// KubeVirt's single-client DHCP server options (pkg/network/dhcp/server/server.go: prepareDHCPOptions,
// formClasslessRoutes, convertSearchDomainsToBytes) and the domain helpers it uses (pkg/network/dns).
import { formatIPv4, parseCidr, parseIPv4 } from '../../nodes/ipv4';

/** A route as netlink lists it on the pod interface: dst undefined is the default route. */
export interface DhcpRoute {
  dst?: string;
  gw?: string;
  src?: string;
}

/** One DHCP option: its code, its RFC 2132 name, the bytes on the wire and what they say. */
export interface DhcpOption {
  code: number;
  name: string;
  bytes: number[];
  value: string | number | string[];
}

export type DhcpOptionsResult = { ok: true; options: DhcpOption[] } | { ok: false; error: string };

/** What prepareDHCPOptions is given: the pod interface's facts and the pod's resolv.conf. */
export interface DhcpOptionsInput {
  /** Prefix length of the client's address (option 1); absent → no subnet mask option. */
  clientPrefix?: number;
  /** Option 3; absent → no router option. */
  router?: string;
  /** Option 6, in order. */
  dnsServers: string[];
  /** Option 121 (after filtering); absent → no classless routes option. */
  routes?: DhcpRoute[];
  /** Option 119, and option 15 (the longest). */
  searchDomains: string[];
  /** Option 26. */
  mtu: number;
  /** Option 12: the virt-launcher pod's hostname. */
  hostname: string;
}

const ERROR_SEARCH_DOMAIN_NOT_VALID = 'Search domain is not valid';
const ERROR_SEARCH_DOMAIN_TOO_LONG = 'Search domains length exceeded allowable size';

// KubeVirt's regex; domains must be presented in ASCII (punycode) form
const SEARCH_DOMAIN = /^(?:[_a-z0-9](?:[_a-z0-9-]{0,61}[a-z0-9])?\.)*(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)?$/;

/** isValidSearchDomain: at most 253 characters, labels of 1–63 of [_a-z0-9-], the last starting with a letter. */
export function isValidSearchDomain(domain: string): boolean {
  return domain.length <= 253 && SEARCH_DOMAIN.test(domain);
}

const ipBytes = (ip: string): number[] => {
  const n = parseIPv4(ip) ?? 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
};

/**
 * Option 119 as KubeVirt encodes it (RFC 3397 carrying RFC 1035 §3.1 names): each domain's labels
 * length-prefixed and NUL-terminated, one after another. KubeVirt does NOT use RFC 1035 §4.1.4 pointer
 * compression ("optional for servers, and resolv.conf limits max search domain length anyway"), so
 * `svc.cluster.local` after `default.svc.cluster.local` is spelled out again. More than 255 bytes is an error.
 * @example searchDomainBytes(['foo.com']) // { ok: true, bytes: [3,102,111,111,3,99,111,109,0] }
 */
export function searchDomainBytes(domains: string[]): { ok: true; bytes: number[] } | { ok: false; error: string } {
  const bytes: number[] = [];
  for (const domain of domains) {
    if (!isValidSearchDomain(domain)) return { ok: false, error: `${ERROR_SEARCH_DOMAIN_NOT_VALID}: '${domain}'` };
    // Go's strings.Split keeps the empty label a trailing dot leaves, so an FQDN ends in 0, 0
    for (const label of domain.split('.')) bytes.push(label.length, ...[...label].map((c) => c.charCodeAt(0)));
    bytes.push(0);
  }
  if (bytes.length > 255) return { ok: false, error: `${ERROR_SEARCH_DOMAIN_TOO_LONG}: was ${bytes.length} long` };
  return { ok: true, bytes };
}

/**
 * Option 121 (RFC 3442) as formClasslessRoutes builds it: per route the prefix width, the significant
 * octets of the destination, the gateway (0.0.0.0 when none); default routes last, since a client may not
 * apply a default route before the route to its gateway.
 * @example classlessRouteBytes([{ dst: '224.0.0.0/4' }, { dst: '192.168.1.0/24', gw: '192.168.2.1' }]) // [4,224,0,0,0,0,24,192,168,1,192,168,2,1]
 */
export function classlessRouteBytes(routes: DhcpRoute[] | undefined): number[] {
  if (!routes) return [];
  const sorted = [...routes.filter((r) => r.dst !== undefined), ...routes.filter((r) => r.dst === undefined)];
  const out: number[] = [];
  for (const r of sorted) {
    const c = parseCidr(r.dst ?? '0.0.0.0/0')!;
    const width = c.prefix;
    const octets = width > 0 ? Math.floor((width - 1) / 8) + 1 : 0;
    out.push(width, ...ipBytes(formatIPv4(c.base)).slice(0, octets), ...(r.gw ? ipBytes(r.gw) : [0, 0, 0, 0]));
  }
  return out;
}

/** The pod routes KubeVirt hands to the VM: not empty ones, not the kernel's link route whose src is the pod's own address. */
export function filterPodNetworkRoutes(routes: DhcpRoute[], podIP: string): DhcpRoute[] {
  return routes.filter((r) => !(r.dst === undefined && r.src === undefined && r.gw === undefined) && r.src !== podIP);
}

/** dns.GetDomainName: the longest search domain, "the most exact equivalent to a domain" (option 15; Windows asks for it). */
export function domainName(searchDomains: string[]): string {
  return searchDomains.reduce((best, d) => (d.length > best.length ? d : best), '');
}

/**
 * dns.DomainNameWithSubdomain: with spec.subdomain, `<subdomain>.<longest service domain>` (one containing
 * `.svc.`), which the pod's resolv.conf lacks; '' when there is no subdomain, no service domain, or it is there already.
 */
export function domainNameWithSubdomain(searchDomains: string[], subdomain: string | undefined): string {
  if (!subdomain) return '';
  const d = domainName(searchDomains.filter((s) => s.includes('.svc.')));
  return d && !d.startsWith(`${subdomain}.`) ? `${subdomain}.${d}` : '';
}

const prefixMask = (prefix: number): string => formatIPv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

/**
 * prepareDHCPOptions: 6 DNS servers and 26 MTU always; 1 subnet mask, 3 router and 121 classless routes
 * when known; 119 search domains (invalid → KubeVirt refuses to start the server, so an error here); 12 the
 * pod's hostname; 15 the longest search domain. Returned in option-code order (KubeVirt's map iterates in
 * Go's random order; clients read options by code, so the order carries no meaning).
 */
export function dhcpOptions(input: DhcpOptionsInput): DhcpOptionsResult {
  const search = searchDomainBytes(input.searchDomains);
  if (!search.ok) return search;
  const options: DhcpOption[] = [];
  if (input.clientPrefix !== undefined) {
    const mask = prefixMask(input.clientPrefix);
    options.push({ code: 1, name: 'Subnet Mask', bytes: ipBytes(mask), value: mask });
  }
  if (input.router) options.push({ code: 3, name: 'Router', bytes: ipBytes(input.router), value: input.router });
  options.push({ code: 6, name: 'Domain Name Server', bytes: input.dnsServers.flatMap(ipBytes), value: input.dnsServers });
  options.push({ code: 12, name: 'Host Name', bytes: [...input.hostname].map((c) => c.charCodeAt(0)), value: input.hostname });
  const domain = domainName(input.searchDomains);
  if (domain) options.push({ code: 15, name: 'Domain Name', bytes: [...domain].map((c) => c.charCodeAt(0)), value: domain });
  options.push({ code: 26, name: 'Interface MTU', bytes: [(input.mtu >>> 8) & 255, input.mtu & 255], value: input.mtu });
  if (search.bytes.length) options.push({ code: 119, name: 'Domain Search', bytes: search.bytes, value: input.searchDomains });
  const routes = classlessRouteBytes(input.routes);
  if (routes.length) {
    const shown = [...(input.routes ?? []).filter((r) => r.dst), ...(input.routes ?? []).filter((r) => !r.dst)].map((r) => `${r.dst ?? '0.0.0.0/0'} via ${r.gw ?? '0.0.0.0'}`);
    options.push({ code: 121, name: 'Classless Static Route', bytes: routes, value: shown });
  }
  return { ok: true, options };
}

import { ApiError, invalid, CauseType } from '../api/errors';
import type { KubeObject } from '../api/object';

/** The default service CIDR of kube-apiserver (--service-cluster-ip-range). */
export const SERVICE_CIDR = '10.96.0.0/12';

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address ${ip}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return { base: (ipToInt(ip!) & ~(size - 1)) >>> 0, size };
}

/** Whether a Service gets a cluster IP allocated: not headless, not ExternalName, none requested yet. */
export function wantsClusterIP(svc: KubeObject): boolean {
  const spec = (svc.spec ?? {}) as { type?: string; clusterIP?: string };
  return spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
}

/** The cluster IP a Service holds (to release when it goes). */
export function clusterIPOf(svc: KubeObject): string | undefined {
  const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
}

/**
 * Picks a free service IP as upstream's bitmap allocator does: a random offset, then the next free
 * one. The network address and the first host (the `kubernetes` service's) are never handed out
 * at random; a requested IP must be inside the range and free.
 */
export function pickServiceIP(cidr: string, taken: ReadonlySet<string>, rand: () => number, requested?: string, service = ''): string {
  const { base, size } = parseCidr(cidr);
  if (requested) {
    let n: number;
    try {
      n = ipToInt(requested);
    } catch {
      throw invalidIP(service, requested, 'must be a valid IP address');
    }
    if (n <= base || n >= base + size - 1) throw invalidIP(service, requested, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${cidr}`);
    if (taken.has(requested)) throw invalidIP(service, requested, `failed to allocate IP ${requested}: provided IP is already allocated`);
    return requested;
  }
  const usable = size - 3; // network, first host (reserved), broadcast
  const start = Math.floor(rand() * usable);
  for (let i = 0; i < usable; i++) {
    const ip = intToIp(base + 2 + ((start + i) % usable));
    if (!taken.has(ip)) return ip;
  }
  throw new ApiError(500, 'InternalError', `Internal error occurred: failed to allocate a serviceIP: range is full`);
}

function invalidIP(service: string, ip: string, message: string): ApiError {
  return invalid('Service', '', service, [{ reason: CauseType.Invalid, field: 'spec.clusterIPs', message: `Invalid value: []string{"${ip}"}: ${message}` }]);
}

/** Sets the allocated IP on a Service (clusterIP and clusterIPs, IPv4 single-stack). */
export function withClusterIP(svc: KubeObject, ip: string): KubeObject {
  return {
    ...svc,
    spec: { ...(svc.spec as object), clusterIP: ip, clusterIPs: [ip], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' },
  };
}

/**
 * An update that leaves out the allocated cluster IP keeps it (upstream's patchAllocatedValues):
 * `kubectl replace` of a manifest without clusterIP must not be read as a change of an immutable field.
 */
export function keepAllocatedValues(old: KubeObject, next: KubeObject): KubeObject {
  const o = (old.spec ?? {}) as Record<string, unknown>;
  const n = (next.spec ?? {}) as Record<string, unknown>;
  if (n.clusterIP || !o.clusterIP) return next;
  const spec: Record<string, unknown> = { ...n, clusterIP: o.clusterIP, clusterIPs: n.clusterIPs ?? o.clusterIPs };
  if (n.ipFamilies === undefined && o.ipFamilies !== undefined) spec.ipFamilies = o.ipFamilies;
  if (n.ipFamilyPolicy === undefined && o.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = o.ipFamilyPolicy;
  return { ...next, spec };
}

// What both endpoint controllers ask of a pod and a service (k8s.io/endpointslice/util, utils.go).
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';

export type AddressType = 'IPv4' | 'IPv6';

/**
 * ShouldPodBeInEndpoints: not terminal (Succeeded/Failed), has an IP, and, unless
 * `includeTerminating`, is not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length)) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: the pod names a hostname and its subdomain is this service. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace;
}

/** isServiceIPSet: a cluster IP that is neither empty nor "None" (not headless). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up among the containers'
 * ports (and restartable init containers', the sidecars) with the service port's protocol.
 * Undefined when the name is not found: the pod then has no endpoint port for it.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return 0; // an unset targetPort is an IntOrString 0
  const protocol = svcPort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** An address as net.ParseIP(...).String() prints it: IPv6 lower-cased with the longest zero run compressed. */
export function canonicalIP(ip: string): string {
  if (!isIPv6(ip)) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/**
 * getAddressTypesForService: the service's IP families; without them the family of its cluster IP;
 * a headless service without families gets both (as upstream, until the API server defaults them).
 */
export function addressTypesForService(svc: Service): AddressType[] {
  const families = (svc.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length) return [...new Set(families)];
  if (isServiceIPSet(svc)) return [isIPv6(svc.spec!.clusterIP!) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** getEndpointAddresses: the pod's IPs of one family. */
export function podAddresses(pod: Pod, addressType: AddressType): string[] {
  return (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip && isIPv6(ip) === (addressType === 'IPv6')).map(canonicalIP);
}

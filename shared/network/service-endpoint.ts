import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { fnv1a } from '../nodes/hash';

/** A Service's backend as kube-proxy programs it from the EndpointSlices. */
export interface ServiceBackend {
  ip: string;
  port: number;
  /** `namespace/name` of the pod behind it, when the slice names one. */
  pod?: string;
  node?: string;
}

export type ServiceTarget =
  | { ok: true; clusterIP: string; port: ServicePort; endpoints: ServiceBackend[]; chosen?: ServiceBackend }
  | { ok: false; error: string };

/**
 * What kube-proxy does with a connection to a Service's ClusterIP and port: the ready endpoints of the
 * port (matched by port name across the Service's EndpointSlices, as kube-proxy does), and one of them.
 * kube-proxy picks at random per connection; the path shows the one a hash of the client picks, so the
 * same question gets the same answer.
 */
export function serviceTarget(svc: Service, slices: EndpointSlice[], port: number | string | undefined, client: string): ServiceTarget {
  const name = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
  const clusterIP = svc.spec?.clusterIP;
  if (!clusterIP || clusterIP === 'None') return { ok: false, error: `service ${name} is headless (no ClusterIP): address its pods` };
  const ports = svc.spec?.ports ?? [];
  const sp = port === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => p.port === port || (p.name !== undefined && p.name === port));
  if (!sp) return { ok: false, error: port === undefined ? `service ${name} has ${ports.length} ports: name one in spec.port` : `service ${name} has no port ${port}` };
  const endpoints: ServiceBackend[] = [];
  for (const slice of slices) {
    const slicePort = (slice.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (slicePort?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      const ref = ep.targetRef?.kind === 'Pod' ? `${ep.targetRef.namespace ?? svc.metadata?.namespace}/${ep.targetRef.name}` : undefined;
      for (const ip of ep.addresses.slice(0, 1)) endpoints.push({ ip, port: slicePort.port, ...(ref ? { pod: ref } : {}), ...(ep.nodeName ? { node: ep.nodeName } : {}) });
    }
  }
  endpoints.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.port - b.port);
  const chosen = endpoints.length ? endpoints[fnv1a(`${client}→${name}`) % endpoints.length] : undefined;
  return { ok: true, clusterIP, port: sp, endpoints, ...(chosen ? { chosen } : {}) };
}

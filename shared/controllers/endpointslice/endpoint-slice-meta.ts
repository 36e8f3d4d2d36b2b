// Building and recognising EndpointSlices (k8s.io/endpointslice utils.go, reconciler.go).
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { deepEqual } from '../../validation/field-error';
import { newControllerRef } from '../owner-refs';
import { isPodReady } from '../pod-util';
import { findPort, isServiceIPSet, podAddresses, shouldSetHostname, type AddressType } from './pod-endpoints';

/** discovery.LabelServiceName */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** The managed-by value of kube-controller-manager's EndpointSlice controller. */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** v1.IsHeadlessService: set on slices (and Endpoints) of services without a cluster IP. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** --max-endpoints-per-slice default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
export const TOPOLOGY_ZONE_LABEL = 'topology.kubernetes.io/zone';

const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

/** podToEndpoint: one pod's endpoint in a slice of `addressType`. */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  // for compatibility, "ready" is never true for a terminating pod unless publishNotReadyAddresses
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[TOPOLOGY_ZONE_LABEL];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  return ep;
}

/** getEndpointPorts: the service's ports resolved against one pod; a named port the pod lacks is left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0 && svc.spec?.clusterIP === 'None') return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** NewPortMapKey: slices group endpoints by their exact set of ports. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  const keys = (ports ?? []).map((p) => JSON.stringify([p.name ?? null, p.port ?? null, p.protocol ?? null, p.appProtocol ?? null]));
  return JSON.stringify(keys.sort());
}

/** hashEndpoint: addresses, hostname and the target's namespace/name identify an endpoint. */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([[...(ep.addresses ?? [])].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** EndpointsEqualBeyondHash: node, zone, conditions and the target (its resourceVersion aside) are unchanged. */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  const ref = (e: Endpoint) => (e.targetRef ? { ...e.targetRef, resourceVersion: undefined } : undefined);
  return (
    (a.nodeName ?? null) === (b.nodeName ?? null) &&
    (a.zone ?? null) === (b.zone ?? null) &&
    (a.conditions?.ready ?? null) === (b.conditions?.ready ?? null) &&
    (a.conditions?.serving ?? null) === (b.conditions?.serving ?? null) &&
    (a.conditions?.terminating ?? null) === (b.conditions?.terminating ?? null) &&
    deepEqual(ref(a), ref(b))
  );
}

/**
 * setEndpointSliceLabels: the service's labels (reserved keys aside) plus the reserved ones; `changed`
 * says whether the slice's non-reserved labels differ from the service's.
 */
export function sliceLabels(slice: EndpointSlice | undefined, svc: Service, controllerName: string): { labels: Record<string, string>; changed: boolean } {
  const own = Object.fromEntries(Object.entries(slice?.metadata?.labels ?? {}).filter(([k]) => !RESERVED_LABELS.has(k)));
  const labels = Object.fromEntries(Object.entries(svc.metadata?.labels ?? {}).filter(([k]) => !RESERVED_LABELS.has(k)));
  const changed = !sameLabels(own, labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

/** Label maps compared key by key (an empty value is still a label, unlike deepEqual's zero values). */
export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** getEndpointSlicePrefix: `<service>-`, or the bare name when the dash would make it too long. */
function slicePrefix(serviceName: string): string {
  return serviceName.length + 1 > 253 ? serviceName : `${serviceName}-`;
}

/** newEndpointSlice: an empty slice for the service, owned by it, with generateName. */
export function newEndpointSlice(svc: Service, ports: EndpointPort[], addressType: AddressType, controllerName: string): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata?.name ?? ''),
      namespace: svc.metadata?.namespace,
      labels: sliceLabels(undefined, svc, controllerName).labels,
      ownerReferences: [newControllerRef(svc, 'v1', 'Service')],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** ownedBy: an ownerReference to this very Service (by uid). */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some((o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

/** placeholderSliceCompare: equal but for metadata other than namespace and labels (nil and empty lists alike). */
export function placeholderEqual(a: EndpointSlice, b: EndpointSlice): boolean {
  return (
    (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '') &&
    sameLabels(a.metadata?.labels ?? {}, b.metadata?.labels ?? {}) &&
    a.addressType === b.addressType &&
    deepEqual(a.endpoints ?? [], b.endpoints ?? []) &&
    deepEqual(a.ports ?? [], b.ports ?? [])
  );
}

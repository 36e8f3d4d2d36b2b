// Port of the Endpoints controller's syncService (pkg/controller/endpoint, kube-controller-manager 1.32).
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../validation/field-error';
import type { Action, GroupResource } from '../actions';
import { asKube } from '../object-like';
import { isPodReady } from '../pod-util';
import { findPort, isIPv6, isServiceIPSet, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/pod-endpoints';
import { LABEL_HEADLESS, sameLabels } from '../endpointslice/endpoint-slice-meta';
import { repackSubsets } from './repack-subsets';
import { countAddresses, MAX_ENDPOINTS_CAPACITY, OVER_CAPACITY_ANNOTATION, TRUNCATED, truncateEndpoints } from './truncate-endpoints';

export const ENDPOINTS: GroupResource = { group: '', plural: 'endpoints' };

export interface EndpointsInput {
  namespace: string;
  name: string;
  /** The service, or undefined once it is gone (its Endpoints then go too). */
  service?: Service;
  /** Pods of the namespace its selector matches. */
  pods: Pod[];
  /** The Endpoints of the same name, if any. */
  current?: Endpoints;
}

/**
 * syncService: the Endpoints named after the service list the addresses of its pods — ready ones in
 * `addresses`, others in `notReadyAddresses` (all ready with publishNotReadyAddresses) — per port
 * resolved against each pod, repacked, truncated to 1000 with the over-capacity annotation, labelled
 * as the service (plus the headless label). Services without a selector, and ExternalName services,
 * are left alone: their Endpoints are the user's.
 */
export function reconcileEndpoints(input: EndpointsInput): Action[] {
  const { service, namespace, name, current } = input;
  if (!service) return current ? [{ kind: 'delete', resource: ENDPOINTS, namespace, name }] : [];
  if (service.spec?.type === 'ExternalName' || service.spec?.selector == null) return [];
  const tolerateUnready = !!service.spec.publishNotReadyAddresses;

  const subsets: EndpointSubset[] = [];
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const address = endpointAddress(service, pod);
    if (!address) continue;
    const ports = service.spec.ports ?? [];
    if (ports.length === 0) {
      // a headless service may have no ports
      if (service.spec.clusterIP === 'None') subsets.push(subsetOf(pod, address, undefined, tolerateUnready));
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port !== undefined) subsets.push(subsetOf(pod, address, endpointPort(sp, port), tolerateUnready));
    }
  }
  const repacked = repackSubsets(subsets);

  const serviceLabels = service.metadata?.labels ?? {};
  if (current) {
    const { [LABEL_HEADLESS]: _headless, ...compareLabels } = current.metadata?.labels ?? {};
    if (subsetsEqualIgnoringResourceVersion(current.subsets ?? [], repacked) && sameLabels(compareLabels, serviceLabels) && capacityAnnotationCorrect(current)) return [];
  }

  const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
  const truncated = truncateEndpoints(repacked);
  if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = TRUNCATED;
  else delete annotations[OVER_CAPACITY_ANNOTATION];
  const labels: Record<string, string> = { ...serviceLabels };
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  else delete labels[LABEL_HEADLESS];

  const next: Endpoints = {
    ...(current ?? { apiVersion: 'v1', kind: 'Endpoints' }),
    metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
    subsets: (truncated ?? repacked).map(compact),
  };
  if (!Object.keys(labels).length) delete next.metadata!.labels;
  if (!Object.keys(annotations).length) delete next.metadata!.annotations;
  return [{ kind: current ? 'update' : 'create', resource: ENDPOINTS, namespace, object: asKube(next) }];
}

/**
 * podToEndpointAddressForService: the pod IP of the service's first family (without families, the
 * family of its cluster IP, or of a headless service's pod IP).
 */
function endpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length) v6 = families[0] === 'IPv6';
  else if (isServiceIPSet(svc)) v6 = isIPv6(svc.spec!.clusterIP!);
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ip = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').find((p) => p && isIPv6(p) === v6);
  if (!ip) return undefined;
  const address: EndpointAddress = {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
  return address;
}

/** endpointPortFromServicePort */
function endpointPort(sp: ServicePort, port: number): EndpointPort {
  const p: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
  if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
  if (!p.name) delete p.name;
  return p;
}

/** addEndpointSubset: one address and port, ready or not. */
function subsetOf(pod: Pod, address: EndpointAddress, port: EndpointPort | undefined, tolerateUnready: boolean): EndpointSubset {
  const ports = port ? [port] : [];
  return tolerateUnready || isPodReady(pod) ? { addresses: [address], ports } : { notReadyAddresses: [address], ports };
}

/** capacityAnnotationSetCorrectly: within capacity and without the over-capacity annotation. */
function capacityAnnotationCorrect(ep: Endpoints): boolean {
  if (countAddresses(ep.subsets) > MAX_ENDPOINTS_CAPACITY) return false;
  return !Object.hasOwn(ep.metadata?.annotations ?? {}, OVER_CAPACITY_ANNOTATION);
}

/** endpointSubsetsEqualIgnoreResourceVersion: a pod's resourceVersion in targetRef does not count. */
function subsetsEqualIgnoringResourceVersion(a: readonly EndpointSubset[], b: readonly EndpointSubset[]): boolean {
  const strip = (subsets: readonly EndpointSubset[]) =>
    subsets.map((s) => {
      const addr = (list?: EndpointAddress[]) => list?.map((x) => (x.targetRef ? { ...x, targetRef: { ...x.targetRef, resourceVersion: undefined } } : x));
      return { ...s, addresses: addr(s.addresses), notReadyAddresses: addr(s.notReadyAddresses) };
    });
  return deepEqual(strip(a), strip(b));
}

/** Empty lists are left out, as Go's omitempty writes them. */
function compact(s: EndpointSubset): EndpointSubset {
  const out: EndpointSubset = {};
  if (s.addresses?.length) out.addresses = s.addresses;
  if (s.notReadyAddresses?.length) out.notReadyAddresses = s.notReadyAddresses;
  if (s.ports?.length) out.ports = s.ports;
  return out;
}

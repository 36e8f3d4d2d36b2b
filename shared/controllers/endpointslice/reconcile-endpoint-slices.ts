// Port of the EndpointSlice reconciler (k8s.io/endpointslice reconciler.go, kube-controller-manager 1.32).
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { asKube } from '../object-like';
import type { Action, GroupResource } from '../actions';
import { addressTypesForService, shouldPodBeInEndpoints, type AddressType } from './pod-endpoints';
import {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ENDPOINTSLICE_CONTROLLER_NAME,
  endpointKey,
  endpointPorts,
  endpointsEqualBeyondHash,
  newEndpointSlice,
  ownedBy,
  placeholderEqual,
  podToEndpoint,
  portMapKey,
  sliceLabels,
} from './endpoint-slice-meta';
import { reconcileHints } from './traffic-distribution';

export const ENDPOINT_SLICES: GroupResource = { group: 'discovery.k8s.io', plural: 'endpointslices' };

export interface EndpointSliceInput {
  service: Service;
  /** Pods of the service's namespace that its selector matches. */
  pods: Pod[];
  /** Nodes by name (for zones; a pod on a missing node is left out unless publishNotReadyAddresses). */
  nodes: ReadonlyMap<string, Node>;
  /** The service's slices that this controller manages. */
  existing: EndpointSlice[];
  maxEndpointsPerSlice?: number;
  controllerName?: string;
}

export interface EndpointSliceResult {
  /** Creates, then updates, then deletes, as upstream's finalize. */
  actions: Action[];
  /** Pods skipped for a reason worth retrying (their node is not known yet): requeue with backoff. */
  errors: string[];
}

interface Plan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/**
 * Reconcile: the slices that make the service's existing slices hold exactly the endpoints of the
 * pods given, with the fewest writes — endpoints stay in their slice where they can, new ones fill
 * slices being updated anyway, then the unchanged slice they fill closest to full, then new slices of
 * at most maxEndpointsPerSlice; a service with no endpoints keeps one empty placeholder slice.
 */
export function reconcileEndpointSlices(input: EndpointSliceInput): EndpointSliceResult {
  const { service } = input;
  // services without a selector get their slices from elsewhere; ExternalName services get none (issues.k8s.io/105986)
  if (service.spec?.selector == null || service.spec.type === 'ExternalName') return { actions: [], errors: [] };
  const supported = addressTypesForService(service);
  const errors: string[] = [];
  const plan: Plan = { create: [], update: [], delete: [] };
  const byType = new Map<AddressType, EndpointSlice[]>();
  for (const stored of input.existing) {
    // a slice written by someone else may carry `endpoints: null`
    const slice = stored.endpoints ? stored : { ...stored, endpoints: [] };
    const type = slice.addressType as AddressType;
    if (!supported.includes(type)) plan.delete.push(slice);
    else byType.set(type, [...(byType.get(type) ?? []), slice]);
  }
  for (const type of supported) {
    const part = reconcileByAddressType(input, byType.get(type) ?? [], type, errors);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  return { actions: toActions(service, plan), errors };
}

function reconcileByAddressType(input: EndpointSliceInput, existing: EndpointSlice[], addressType: AddressType, errors: string[]): Plan {
  const { service } = input;
  const controller = input.controllerName ?? ENDPOINTSLICE_CONTROLLER_NAME;
  const max = input.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const plan: Plan = { create: [], update: [], delete: [] };

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) plan.delete.push(slice);
    else push(existingByPorts, portMapKey(slice.ports), slice);
  }

  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (!group) desired.set(key, (group = { ports, endpoints: new Map() }));
    const node = input.nodes.get(pod.spec?.nodeName ?? '');
    if (!node && !service.spec?.publishNotReadyAddresses) {
      // retried later, while the slice is written without the pod (never stuck on a missing node)
      errors.push(`skipping Pod ${pod.metadata?.name} for Service ${service.metadata?.namespace}/${service.metadata?.name}: Node ${pod.spec?.nodeName ?? ''} Not Found`);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
  }

  for (const [key, group] of desired) {
    const part = reconcileByPortMapping(service, existingByPorts.get(key) ?? [], group.endpoints, group.ports, addressType, max, controller);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) plan.delete.push(...slices);

  // a service with no endpoints keeps one empty placeholder slice
  if (existing.length === plan.delete.length && plan.create.length < 1) {
    const placeholder = newEndpointSlice(service, [], addressType, controller);
    if (plan.delete.length === 1 && placeholderEqual(plan.delete[0]!, placeholder)) plan.delete = [];
    else plan.create.push(placeholder);
  }

  const changed = new Set([...plan.update, ...plan.delete].map((s) => s.metadata?.name));
  const unchanged = existing.filter((s) => !changed.has(s.metadata?.name));
  return reconcileHints(service, plan, unchanged);
}

/**
 * reconcileByPortMapping: (1) keep desired endpoints where they are, updating changed ones and
 * dropping the rest; (2) fill slices already being updated, fullest first; (3) put what remains in
 * the unchanged slice it fills closest to full, else in new slices.
 */
function reconcileByPortMapping(
  service: Service,
  existing: EndpointSlice[],
  desired: Map<string, Endpoint>,
  ports: EndpointPort[],
  addressType: AddressType,
  max: number,
  controller: string,
): Plan {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  for (const slice of existing) {
    const name = slice.metadata?.name ?? '';
    byName.set(name, slice);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const got = desired.get(key);
      if (!got) continue;
      kept.push(got);
      if (!endpointsEqualBeyondHash(got, endpoint)) endpointUpdated = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, service, controller);
    if (endpointUpdated || (slice.endpoints ?? []).length !== kept.length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        byName.set(name, { ...structuredClone(slice), endpoints: kept, metadata: { ...structuredClone(slice.metadata), labels } });
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      byName.set(name, { ...structuredClone(slice), metadata: { ...structuredClone(slice.metadata), labels } });
      toUpdate.add(name);
    } else unchanged.add(name);
  }

  const pop = (): Endpoint => {
    const [key, endpoint] = desired.entries().next().value as [string, Endpoint];
    desired.delete(key);
    return endpoint;
  };

  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const slice of slices) while (desired.size > 0 && slice.endpoints.length < max) slice.endpoints.push(pop());
  }

  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let fill: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size > 0) {
      const found = sliceToFill([...unchanged].map((n) => byName.get(n)!), desired.size, max);
      if (found) {
        fill = structuredClone(found);
        byName.set(fill.metadata!.name!, fill);
      }
    }
    fill ??= newEndpointSlice(service, ports, addressType, controller);
    while (desired.size > 0 && fill.endpoints.length < max) fill.endpoints.push(pop());
    if (fill.metadata?.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else create.push(fill);
  }

  return { create, update: [...toUpdate].map((n) => byName.get(n)!), delete: [...toDelete].map((n) => byName.get(n)!) };
}

/** getSliceToFill: the slice that `count` more endpoints bring closest to full (without overflowing). */
function sliceToFill(slices: EndpointSlice[], count: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = max - (count + slice.endpoints.length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) return closest;
    }
  }
  return closest;
}

/**
 * finalize: a slice to create replaces one to delete (of the same address type, owned by this
 * service) as an update of it; no slice is created for a service being deleted.
 */
function toActions(service: Service, plan: Plan): Action[] {
  const create = [...plan.create];
  const update = [...plan.update];
  const del = [...plan.delete];
  for (let i = 0; i < del.length; ) {
    if (create.length === 0) break;
    const old = del[i]!;
    const slice = create[create.length - 1]!;
    if (old.addressType === slice.addressType && ownedBy(old, service)) {
      slice.metadata = { ...slice.metadata, name: old.metadata?.name };
      create.pop();
      update.push(slice);
      del.splice(i, 1);
    } else i++;
  }
  const ns = service.metadata?.namespace ?? '';
  const actions: Action[] = [];
  if (!service.metadata?.deletionTimestamp) for (const s of create) actions.push({ kind: 'create', resource: ENDPOINT_SLICES, namespace: ns, object: asKube(s) });
  for (const s of update) actions.push({ kind: 'update', resource: ENDPOINT_SLICES, namespace: ns, object: asKube(s) });
  for (const s of del) actions.push({ kind: 'delete', resource: ENDPOINT_SLICES, namespace: ns, name: s.metadata?.name ?? '' });
  return actions;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Fixtures after upstream's endpointslice utils_test.go (newServiceAndEndpointMeta, newPod,
// newEmptyEndpointSlice) and a fake slice store that applies a reconciler's actions.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Action } from '../../../../shared/controllers/actions';
import { podToEndpoint, newEndpointSlice, ENDPOINTSLICE_CONTROLLER_NAME } from '../../../../shared/controllers/endpointslice';

export const NS = 'test';

/** newServiceAndEndpointMeta: port 80 (named after the service) → targetPort 80, selector foo=bar, IPv4. */
export function newService(name = 'foo', namespace = NS): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `${namespace}-${name}` },
    spec: { ports: [{ name, port: 80, targetPort: 80, protocol: 'TCP' }], selector: { foo: 'bar' }, ipFamilies: ['IPv4'] },
  };
}

/** newPod: pod<n> on node-1 with IP 1.2.3.<4+n>, labels foo=bar, Ready as asked. */
export function newPod(n: number, namespace = NS, ready = true, terminating = false): Pod {
  const ip = `1.2.3.${4 + n}`;
  return {
    metadata: {
      namespace,
      name: `pod${n}`,
      uid: `uid-pod${n}`,
      labels: { foo: 'bar' },
      resourceVersion: String(n),
      ...(terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'container-1' }], nodeName: 'node-1' },
    status: { podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

export function newNode(name: string, zone?: string): Node {
  return { metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) } };
}

export const nodesOf = (...nodes: Node[]): Map<string, Node> => new Map(nodes.map((n) => [n.metadata!.name!, n]));

/** newEmptyEndpointSlice: `<svc>.<n>`, owned by the service, with the service's port meta. */
export function newEmptySlice(n: number, svc: Service, addressType: 'IPv4' | 'IPv6' | 'IP' = 'IPv4'): EndpointSlice {
  const slice = newEndpointSlice(svc, [{ name: svc.metadata!.name!, port: 80, protocol: 'TCP' }], 'IPv4', ENDPOINTSLICE_CONTROLLER_NAME);
  return { ...slice, addressType, metadata: { ...slice.metadata, generateName: undefined, name: `${svc.metadata!.name}.${n}`, resourceVersion: '1' } };
}

/** A slice holding the endpoints of these pods (as podToEndpoint with an empty node). */
export function sliceWith(n: number, svc: Service, pods: Pod[], addressType: 'IPv4' | 'IP' = 'IPv4'): EndpointSlice {
  const slice = newEmptySlice(n, svc, addressType);
  slice.endpoints = pods.map((p) => podToEndpoint(p, {}, svc, 'IPv4'));
  return slice;
}

/** The client's view: slices by name, changed by create (generateName + counter), update and delete actions. */
export class FakeSlices {
  readonly byName = new Map<string, EndpointSlice>();
  private seq = 0;
  constructor(initial: EndpointSlice[] = []) {
    for (const s of initial) this.byName.set(s.metadata!.name!, structuredClone(s));
  }
  apply(actions: Action[]): void {
    for (const a of actions) {
      if (a.kind === 'create') {
        const s = structuredClone(a.object) as unknown as EndpointSlice;
        const name = `${s.metadata!.generateName}${(this.seq++).toString(36).padStart(5, '0')}`;
        this.byName.set(name, { ...s, metadata: { ...s.metadata, name, generateName: undefined } });
      } else if (a.kind === 'update') {
        const s = structuredClone(a.object) as unknown as EndpointSlice;
        if (!this.byName.has(s.metadata!.name!)) throw new Error(`update of missing slice ${s.metadata!.name}`);
        this.byName.set(s.metadata!.name!, s);
      } else if (a.kind === 'delete') {
        this.byName.delete(a.name);
      }
    }
  }
  get slices(): EndpointSlice[] {
    return [...this.byName.values()];
  }
  lengths(): number[] {
    return this.slices.map((s) => s.endpoints.length).sort((a, b) => a - b);
  }
}

export const kinds = (actions: Action[]): string[] => actions.map((a) => a.kind);
export const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

// Rows from upstream's pkg/controller/endpoint/endpoints_controller_test.go (kube-controller-manager 1.32).
import { describe, expect, it } from 'vitest';
import type { EndpointSubset, Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import { reconcileEndpoints, repackSubsets, truncateEndpoints, type EndpointsInput } from '../../../../shared/controllers/endpoints';
import type { Action } from '../../../../shared/controllers/actions';
import { range } from './fixtures';

const NS = 'test';

function service(o: Partial<Service['spec']> = {}, labels?: Record<string, string>): Service {
  return {
    metadata: { name: 'foo', namespace: NS, ...(labels ? { labels } : {}) },
    spec: { selector: { foo: 'bar' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], ipFamilies: ['IPv4'], clusterIP: '10.0.0.1', ...o },
  };
}

/** testPod: pod<id> with a unique IP, a container port 8080 named port0, Ready as asked. */
function pod(id: number, o: { ready?: boolean; phase?: string; terminating?: boolean; labels?: Record<string, string> } = {}): Pod {
  const ip = `1.2.${Math.floor(id / 256)}.${id % 256}`;
  return {
    metadata: { namespace: NS, name: `pod${id}`, uid: `uid${id}`, labels: o.labels ?? { foo: 'bar' }, ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: [{ name: 'port0', containerPort: 8080, protocol: 'TCP' }] }] },
    status: { phase: o.phase ?? 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

const address = (id: number) => ({ ip: `1.2.${Math.floor(id / 256)}.${id % 256}`, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: NS, name: `pod${id}`, uid: `uid${id}` } });

function sync(input: Partial<EndpointsInput>): Action[] {
  return reconcileEndpoints({ namespace: NS, name: 'foo', service: service(), pods: [], ...input });
}

function written(actions: Action[]): Endpoints {
  expect(actions).toHaveLength(1);
  const a = actions[0]!;
  if (a.kind !== 'create' && a.kind !== 'update') throw new Error(`expected a write, got ${a.kind}`);
  return a.object as unknown as Endpoints;
}

const count = (subsets: EndpointSubset[] | undefined, key: 'addresses' | 'notReadyAddresses') => (subsets ?? []).reduce((n, s) => n + (s[key]?.length ?? 0), 0);

describe('reconcileEndpoints (syncService)', () => {
  it('TestSyncEndpointsItemsPreserveNoSelector: a service without a selector keeps its Endpoints', () => {
    const current: Endpoints = { metadata: { name: 'foo', namespace: NS, resourceVersion: '1' }, subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }] };
    expect(sync({ service: service({ selector: undefined }), pods: [pod(0)], current })).toEqual([]);
  });

  it('TestServiceExternalNameTypeSync: ExternalName services get no Endpoints', () => {
    expect(sync({ service: service({ type: 'ExternalName', externalName: 'foo.example.com', clusterIP: undefined }), pods: [pod(0)] })).toEqual([]);
  });

  it('TestSyncEndpointsServiceNotFound: the Endpoints of a deleted service are deleted', () => {
    const current: Endpoints = { metadata: { name: 'foo', namespace: NS, resourceVersion: '1' } };
    expect(sync({ service: undefined, current })).toEqual([{ kind: 'delete', resource: { group: '', plural: 'endpoints' }, namespace: NS, name: 'foo' }]);
    expect(sync({ service: undefined })).toEqual([]);
  });

  it('TestSyncEndpointsProtocolTCP: ports resolved, labels copied, created when missing', () => {
    const ep = written(sync({ service: service({}, { foo: 'bar' }), pods: [pod(0)] }));
    expect(ep.metadata).toEqual({ name: 'foo', namespace: NS, labels: { foo: 'bar' } });
    expect(ep.subsets).toEqual([{ addresses: [address(0)], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  it('TestSyncEndpointsItemsPreexisting: an update keeps the object and its resourceVersion', () => {
    const current: Endpoints = { metadata: { name: 'foo', namespace: NS, resourceVersion: '1' }, subsets: [{ addresses: [{ ip: '6.7.8.9', nodeName: 'node-1' }], ports: [{ port: 1000 }] }] };
    const actions = sync({ pods: [pod(0)], current });
    expect(actions[0]!.kind).toBe('update');
    expect(written(actions).metadata!.resourceVersion).toBe('1');
  });

  it('TestSyncEndpointsItemsPreexistingIdentical: nothing is written when nothing changed', () => {
    const first = written(sync({ pods: [pod(0), pod(1, { ready: false })] }));
    const current = { ...first, metadata: { ...first.metadata, resourceVersion: '1' } };
    expect(sync({ pods: [pod(0), pod(1, { ready: false })], current })).toEqual([]);
    // a pod's resourceVersion in targetRef does not count (endpointSubsetsEqualIgnoreResourceVersion)
    const withRV = structuredClone(current);
    withRV.subsets![0]!.addresses![0]!.targetRef!.resourceVersion = '7';
    expect(sync({ pods: [pod(0), pod(1, { ready: false })], current: withRV })).toEqual([]);
  });

  it('TestSyncEndpointsItemsEmptySelectorSelectsAll: not-ready pods are notReadyAddresses', () => {
    const ep = written(sync({ service: service({ selector: {} }), pods: [pod(0), pod(1, { ready: false })] }));
    expect(ep.subsets).toEqual([{ addresses: [address(0)], notReadyAddresses: [address(1)], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  it('TestSyncEndpointsHeadlessService: the headless label, and a headless service without ports lists bare addresses', () => {
    const ep = written(sync({ service: service({ clusterIP: 'None', ports: [] }), pods: [pod(0)] }));
    expect(ep.metadata!.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep.subsets).toEqual([{ addresses: [address(0)] }]);
    // a service that gets a cluster IP loses the label
    const again = written(sync({ pods: [pod(0)], current: { ...ep, metadata: { ...ep.metadata, resourceVersion: '1' } } }));
    expect(again.metadata!.labels).toBeUndefined();
  });

  it('TestSyncEndpointsNamedPorts: a named targetPort resolves per pod, and pods without it are left out', () => {
    const noPort = pod(1);
    noPort.spec!.containers[0]!.ports = [];
    const ep = written(sync({ service: service({ ports: [{ name: 'http', port: 80, targetPort: 'port0', protocol: 'TCP', appProtocol: 'http' }] }), pods: [pod(0), noPort] }));
    expect(ep.subsets).toEqual([{ addresses: [address(0)], ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }] }]);
  });

  describe('TestSyncServiceAddresses', () => {
    it.each([
      ['pod running phase', 'Running', true, false, false, 1, 0],
      ['pod running phase being deleted', 'Running', true, true, false, 0, 0],
      ['pod unknown phase container ready', 'Unknown', true, false, false, 1, 0],
      ['pod unknown phase container ready being deleted', 'Unknown', true, true, false, 0, 0],
      ['pod pending phase container ready', 'Pending', true, false, false, 1, 0],
      ['pod pending phase container ready being deleted', 'Pending', true, true, false, 0, 0],
      ['pod unknown phase container not ready', 'Unknown', false, false, false, 0, 1],
      ['pod pending phase container not ready', 'Pending', false, false, false, 0, 1],
      ['pod failed phase', 'Failed', false, false, false, 0, 0],
      ['pod succeeded phase', 'Succeeded', false, false, false, 0, 0],
      ['pod running phase and tolerate unready', 'Running', false, false, true, 1, 0],
      ['pod running phase and tolerate unready being deleted', 'Running', false, true, true, 1, 0],
      ['pod unknown phase and tolerate unready', 'Unknown', false, false, true, 1, 0],
      ['pod unknown phase and tolerate unready being deleted', 'Unknown', false, true, true, 1, 0],
      ['pod pending phase and tolerate unready', 'Pending', false, false, true, 1, 0],
      ['pod pending phase and tolerate unready being deleted', 'Pending', false, true, true, 1, 0],
      ['pod failed phase and tolerate unready', 'Failed', false, false, true, 0, 0],
      ['pod succeeded phase and tolerate unready endpoints', 'Succeeded', false, false, true, 0, 0],
    ] as const)('%s', (_, phase, ready, terminating, tolerate, wantReady, wantUnready) => {
      const ep = written(sync({ service: service({ publishNotReadyAddresses: tolerate }), pods: [pod(0, { phase, ready, terminating })] }));
      expect(count(ep.subsets, 'addresses')).toBe(wantReady);
      expect(count(ep.subsets, 'notReadyAddresses')).toBe(wantUnready);
    });
  });

  describe('TestSyncServiceOverCapacity', () => {
    const MAX = 1000;
    it.each([
      ['empty', undefined, 0, 0, 0, 0, 0, false],
      ['annotation added past capacity, < than maxCapacity of Ready Addresses', undefined, MAX - 1, MAX - 3, 4, MAX - 3, 3, true],
      ['annotation added past capacity, maxCapacity of Ready Addresses', undefined, MAX - 1, MAX, 10, MAX, 0, true],
      ['annotation removed below capacity', 'truncated', MAX - 1, MAX - 1, 0, MAX - 1, 0, false],
      ['annotation was set to warning previously, annotation removed at capacity', 'warning', MAX, MAX, 0, MAX, 0, false],
      ['annotation was set to warning previously but still over capacity', 'warning', MAX + 1, MAX + 1, 0, MAX, 0, true],
      ['annotation removed at capacity', 'truncated', MAX, MAX, 0, MAX, 0, false],
      ['no endpoints change, annotation value corrected', 'invalid', MAX + 1, MAX + 1, 0, MAX, 0, true],
    ] as const)('%s', (_, annotation, existing, desired, desiredNotReady, wantReady, wantNotReady, wantAnnotation) => {
      const pods = [...range(0, desired).map((i) => pod(i)), ...range(desired, desired + desiredNotReady).map((i) => pod(i, { ready: false }))];
      const current: Endpoints = {
        metadata: { name: 'foo', namespace: NS, resourceVersion: '1', annotations: annotation ? { 'endpoints.kubernetes.io/over-capacity': annotation } : {} },
        subsets: [{ addresses: range(0, existing).map(address) }],
      };
      const ep = written(sync({ service: service({ ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), pods, current }));
      expect(ep.metadata!.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe(wantAnnotation ? 'truncated' : undefined);
      expect(count(ep.subsets, 'addresses')).toBe(wantReady);
      expect(count(ep.subsets, 'notReadyAddresses')).toBe(wantNotReady);
    });
  });
});

describe('TestTruncateEndpoints', () => {
  it.each([
    ['empty', [], [], [], []],
    ['total endpoints < max capacity', [50, 100, 100, 100, 100], [50, 100, 100, 100, 100], [50, 100, 100, 100, 100], [50, 100, 100, 100, 100]],
    ['total endpoints = max capacity', [100, 100, 100, 100, 100], [100, 100, 100, 100, 100], [100, 100, 100, 100, 100], [100, 100, 100, 100, 100]],
    [
      'total ready endpoints < max capacity, but total endpoints > max capacity',
      [90, 110, 50, 10, 20],
      [101, 200, 200, 201, 298],
      [90, 110, 50, 10, 20],
      [73, 144, 144, 145, 214],
    ],
    ['total ready endpoints > max capacity', [205, 400, 402, 400, 693], [100, 200, 200, 200, 300], [98, 191, 192, 191, 328], [0, 0, 0, 0, 0]],
  ])('%s', (_, ready, notReady, wantReady, wantNotReady) => {
    const subsets: EndpointSubset[] = ready.map((r, i) => ({ addresses: Array.from({ length: r }, () => ({ ip: '' })), notReadyAddresses: Array.from({ length: notReady[i]! }, () => ({ ip: '' })) }));
    const out = truncateEndpoints(subsets) ?? subsets;
    expect(out.map((s) => s.addresses?.length ?? 0)).toEqual(wantReady);
    expect(out.map((s) => s.notReadyAddresses?.length ?? 0)).toEqual(wantNotReady);
  });
});

describe('repackSubsets (pkg/api/v1/endpoints TestPackSubsets)', () => {
  const a = (ip: string, uid = '') => ({ ip, ...(uid ? { targetRef: { kind: 'Pod', uid } } : {}) });
  it.each([
    ['empty everything', [{}], []],
    ['one set, one ip, one port', [{ addresses: [a('1.2.3.4')], ports: [{ port: 111 }] }], [{ addresses: [a('1.2.3.4')], ports: [{ port: 111 }] }]],
    ['one set, one ip, no port', [{ addresses: [a('1.2.3.4')] }], [{ addresses: [a('1.2.3.4')] }]],
    ['one set, one notReady ip, one port', [{ notReadyAddresses: [a('1.2.3.4')], ports: [{ port: 111 }] }], [{ notReadyAddresses: [a('1.2.3.4')], ports: [{ port: 111 }] }]],
    [
      'one set, dup ips, one port',
      [{ addresses: [a('1.2.3.4'), a('1.2.3.4')], ports: [{ port: 111 }] }],
      [{ addresses: [a('1.2.3.4')], ports: [{ port: 111 }] }],
    ],
    [
      'one set, dup ips with target-refs, one port',
      [{ addresses: [a('1.2.3.4', 'uid-1'), a('1.2.3.4', 'uid-2')], ports: [{ port: 111 }] }],
      [{ addresses: [a('1.2.3.4', 'uid-1'), a('1.2.3.4', 'uid-2')], ports: [{ port: 111 }] }],
    ],
    [
      'two sets, same ip, two ports',
      [
        { addresses: [a('1.2.3.4')], ports: [{ port: 111 }] },
        { addresses: [a('1.2.3.4')], ports: [{ port: 222 }] },
      ],
      [{ addresses: [a('1.2.3.4')], ports: [{ port: 111 }, { port: 222 }] }],
    ],
    [
      'one set, ip both ready and not ready for the same port: not ready wins',
      [
        { addresses: [a('1.2.3.4')], ports: [{ port: 111 }] },
        { notReadyAddresses: [a('1.2.3.4')], ports: [{ port: 111 }] },
      ],
      [{ notReadyAddresses: [a('1.2.3.4')], ports: [{ port: 111 }] }],
    ],
    [
      'two sets, two ips, same port',
      [
        { addresses: [a('1.2.3.4')], ports: [{ port: 111 }] },
        { addresses: [a('5.6.7.8')], ports: [{ port: 111 }] },
      ],
      [{ addresses: [a('1.2.3.4'), a('5.6.7.8')], ports: [{ port: 111 }] }],
    ],
  ] as const)('%s', (_, given, want) => {
    expect(repackSubsets(structuredClone(given) as unknown as EndpointSubset[])).toEqual(want);
  });
});

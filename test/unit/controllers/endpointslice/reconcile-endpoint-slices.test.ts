// Rows from upstream's k8s.io/endpointslice reconciler_test.go (kube-controller-manager 1.32).
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { reconcileEndpointSlices, type EndpointSliceInput } from '../../../../shared/controllers/endpointslice';
import { FakeSlices, kinds, newEmptySlice, newNode, newPod, newService, nodesOf, NS, range, sliceWith, sorted } from './fixtures';

const node1 = nodesOf(newNode('node-1'));
const pods = (n: number, ready = (i: number) => i % 3 !== 0): Pod[] => range(0, n).map((i) => newPod(i, NS, ready(i)));

function reconcile(input: Partial<EndpointSliceInput> & { existing?: EndpointSlice[] }, store = new FakeSlices(input.existing)) {
  const result = reconcileEndpointSlices({ service: newService(), pods: [], nodes: node1, existing: store.slices, ...input });
  store.apply(result.actions);
  return { ...result, store };
}

describe('reconcileEndpointSlices', () => {
  it('TestReconcileEmpty: a service without pods gets one placeholder slice', () => {
    const { actions, store } = reconcile({});
    expect(kinds(actions)).toEqual(['create']);
    const [slice] = store.slices;
    expect(slice!.metadata!.name).toMatch(/^foo-/);
    // newServiceAndEndpointMeta sets no cluster IP: the service counts as headless
    expect(slice!.metadata!.labels).toEqual({
      'kubernetes.io/service-name': 'foo',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'service.kubernetes.io/headless': '',
    });
    expect(slice!.ports).toEqual([]);
    expect(slice!.endpoints).toEqual([]);
    expect(slice!.metadata!.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'foo', uid: 'test-foo', controller: true, blockOwnerDeletion: true }]);
  });

  describe('TestReconcile1Pod', () => {
    const pod1 = newPod(1);
    pod1.status!.podIPs = [{ ip: '1.2.3.4' }, { ip: '1234::5678:0000:0000:9abc:def0' }];
    pod1.spec!.hostname = 'example-hostname';
    const nodes = nodesOf({ metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'us-central1-a', 'topology.kubernetes.io/region': 'us-central1' } } });
    const endpoint = (address: string) => ({
      addresses: [address],
      conditions: { ready: true, serving: true, terminating: false },
      zone: 'us-central1-a',
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace: NS, name: 'pod1', uid: 'uid-pod1' },
    });
    const base = { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': 'foo' };
    const headless = { ...base, 'service.kubernetes.io/headless': '' };
    const svc = (mut: (s: ReturnType<typeof newService>) => void) => {
      const s = newService();
      mut(s);
      return s;
    };
    it.each([
      ['no-family-service', svc((s) => ((s.spec!.clusterIP = '10.0.0.10'), delete s.spec!.ipFamilies)), { IPv4: '1.2.3.4' }, base],
      ['ipv4', svc(() => undefined), { IPv4: '1.2.3.4' }, headless],
      ['ipv4-clusterip', svc((s) => (s.spec!.clusterIP = '1.1.1.1')), { IPv4: '1.2.3.4' }, base],
      ['ipv4-labels', svc((s) => (s.metadata!.labels = { foo: 'bar' })), { IPv4: '1.2.3.4' }, { ...headless, foo: 'bar' }],
      [
        'ipv4-bad-labels',
        svc((s) => (s.metadata!.labels = { 'kubernetes.io/service-name': 'bad', 'endpointslice.kubernetes.io/managed-by': 'actor', 'service.kubernetes.io/headless': 'invalid' })),
        { IPv4: '1.2.3.4' },
        headless,
      ],
      ['ipv6', svc((s) => (s.spec!.ipFamilies = ['IPv6'])), { IPv6: '1234::5678:0:0:9abc:def0' }, headless],
      ['ipv6-clusterip', svc((s) => ((s.spec!.clusterIP = '1234::5678:0000:0000:9abc:def1'), (s.spec!.ipFamilies = ['IPv6']))), { IPv6: '1234::5678:0:0:9abc:def0' }, base],
      [
        'dualstack-service',
        svc((s) => ((s.spec!.ipFamilies = ['IPv4', 'IPv6']), (s.spec!.clusterIP = '10.0.0.10'), (s.spec!.clusterIPs = ['10.0.0.10', '2000::1']))),
        { IPv4: '1.2.3.4', IPv6: '1234::5678:0:0:9abc:def0' },
        base,
      ],
    ] as const)('%s', (_, service, perType, labels) => {
      const { actions, store } = reconcile({ service, pods: [pod1], nodes });
      expect(actions).toHaveLength(Object.keys(perType).length);
      expect(store.slices).toHaveLength(Object.keys(perType).length);
      for (const slice of store.slices) {
        expect(slice.metadata!.name!.startsWith('foo')).toBe(true);
        expect(slice.metadata!.labels).toEqual(labels);
        // the hostname is only set when the pod's subdomain is the service
        expect(slice.endpoints).toEqual([endpoint(perType[slice.addressType as keyof typeof perType]!)]);
      }
    });
  });

  describe('TestReconcile1EndpointSlice: an existing placeholder stays unless it differs', () => {
    const svc = newService();
    const same = { ...newEmptySlice(1, svc), ports: [] };
    const different = { ...same, metadata: { ...same.metadata, labels: { bar: 'baz' } } };
    it.each([
      ['no existing placeholder', [], ['create']],
      ["existing placeholder that's the same", [same], []],
      ["existing placeholder that's different", [different], ['update']],
    ] as const)('%s', (_, existing, want) => {
      const { actions, store } = reconcile({ existing: [...existing] });
      expect(kinds(actions)).toEqual(want);
      expect(store.slices).toHaveLength(1);
      expect(store.slices[0]!.endpoints).toEqual([]);
      expect(store.slices[0]!.metadata!.labels!['kubernetes.io/service-name']).toBe('foo');
    });
  });

  it('TestReconcile1EndpointSlicePublishNotReadyAddresses: every endpoint is ready', () => {
    const service = newService();
    service.spec!.publishNotReadyAddresses = true;
    const { actions, store } = reconcile({ service, pods: pods(50) });
    expect(kinds(actions)).toEqual(['create']);
    expect(store.lengths()).toEqual([50]);
    expect(store.slices[0]!.endpoints.every((e) => e.conditions!.ready)).toBe(true);
  });

  it('TestReconcileManyPods: 250 pods make 3 slices, two of them full', () => {
    const { actions, store } = reconcile({ pods: pods(250) });
    expect(kinds(actions)).toEqual(['create', 'create', 'create']);
    expect(store.lengths()).toEqual([50, 100, 100]);
  });

  it('TestReconcileEndpointSlicesSomePreexisting: the 27 left over go to the slice they bring closest to full', () => {
    const svc = newService();
    const all = pods(250);
    const s1 = sliceWith(1, svc, range(0, 62).map((i) => all[1 + 4 * i]!));
    const s2 = sliceWith(2, svc, range(0, 61).map((i) => all[3 + 4 * i]!));
    const before = structuredClone([s1, s2]);
    const { actions, store } = reconcile({ pods: all, existing: [s1, s2] });
    expect(kinds(actions)).toEqual(['create', 'update']);
    expect(store.lengths()).toEqual(sorted([89, 61, 100]));
    expect([s1, s2]).toEqual(before); // what was read is never mutated
  });

  it('TestReconcileEndpointSlicesSomePreexistingWorseAllocation: 52 left over get a new slice rather than two updates', () => {
    const svc = newService();
    const all = pods(300);
    const s1 = sliceWith(1, svc, range(0, 74).map((i) => all[1 + 4 * i]!));
    const s2 = sliceWith(2, svc, range(0, 74).map((i) => all[3 + 4 * i]!));
    const { actions, store } = reconcile({ pods: all, existing: [s1, s2] });
    expect(kinds(actions)).toEqual(['create', 'create']);
    expect(store.lengths()).toEqual(sorted([74, 74, 100, 52]));
  });

  it('TestReconcileEndpointSlicesUpdating: a service port change updates every slice in place', () => {
    const all = pods(250);
    const first = reconcile({ pods: all });
    const service = newService();
    service.spec!.ports![0]!.targetPort = 81;
    const second = reconcile({ service, pods: all }, first.store);
    expect(kinds(second.actions)).toEqual(['update', 'update', 'update']);
    expect(second.store.lengths()).toEqual([50, 100, 100]);
    expect(second.store.slices.every((s) => s.ports?.[0]?.port === 81)).toBe(true);
  });

  it('TestReconcileEndpointSlicesServicesLabelsUpdating: service labels reach every slice', () => {
    const all = pods(250);
    const first = reconcile({ pods: all });
    const service = newService();
    service.metadata!.labels = { foo: 'bar' };
    const second = reconcile({ service, pods: all }, first.store);
    expect(kinds(second.actions)).toEqual(['update', 'update', 'update']);
    expect(second.store.slices.every((s) => s.metadata!.labels!.foo === 'bar')).toBe(true);
  });

  it('TestReconcileEndpointSlicesServicesReservedLabels: reserved labels on the service change nothing', () => {
    const all = pods(250);
    const first = reconcile({ pods: all });
    const service = newService();
    service.metadata!.labels = { 'kubernetes.io/service-name': 'bad', 'endpointslice.kubernetes.io/managed-by': 'actor', 'service.kubernetes.io/headless': 'invalid' };
    expect(reconcile({ service, pods: all }, first.store).actions).toEqual([]);
  });

  it('TestReconcileEndpointSlicesRecycling: no repacking until a port change, then 3 updates and 7 deletes', () => {
    const svc = newService();
    const all = pods(300);
    const existing = range(0, 10).map((n) => sliceWith(n, svc, all.slice(n * 30, n * 30 + 30)));
    expect(reconcile({ pods: all, existing }).actions).toEqual([]);
    const service = newService();
    service.spec!.ports![0]!.targetPort = 81;
    const { actions, store } = reconcile({ service, pods: all, existing });
    expect(kinds(actions).filter((k) => k === 'update')).toHaveLength(3);
    expect(kinds(actions).filter((k) => k === 'delete')).toHaveLength(7);
    expect(actions).toHaveLength(10);
    expect(store.lengths()).toEqual([100, 100, 100]);
  });

  it('TestReconcileEndpointSlicesUpdatePacking: new endpoints go to the fuller slice being updated', () => {
    const svc = newService();
    const first = range(0, 80).map((i) => newPod(i));
    const second = range(100, 120).map((i) => newPod(i));
    const s1 = sliceWith(1, svc, first);
    const s2 = sliceWith(2, svc, second);
    const all = [...first, ...second].map((p, i) => (i % 10 === 0 ? { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } } : p));
    const extra = range(200, 215).map((i) => newPod(i));
    const { actions, store } = reconcile({ pods: [...all, ...extra], existing: [s1, s2] });
    expect(kinds(actions)).toEqual(['update', 'update']);
    expect(store.lengths()).toEqual([20, 95]);
  });

  it('TestReconcileEndpointSlicesReplaceDeprecated: slices of the deprecated IP address type are replaced', () => {
    const svc = newService();
    const first = range(0, 80).map((i) => newPod(i));
    const second = range(100, 150).map((i) => newPod(i));
    const existing = [sliceWith(1, svc, first, 'IP'), sliceWith(2, svc, second, 'IP')];
    const { actions, store } = reconcile({ pods: [...first, ...second], existing });
    expect(kinds(actions)).toEqual(['create', 'create', 'delete', 'delete']);
    expect(store.lengths()).toEqual([30, 100]);
    expect(store.slices.every((s) => s.addressType === 'IPv4')).toBe(true);
  });

  it.each([
    ['slice owned by Service', true, []],
    ['slice owned by other Service UID', false, ['create', 'delete']],
  ] as const)('TestReconcileEndpointSlicesRecreation: %s', (_, owned, want) => {
    const svc = newService();
    const pod = newPod(1);
    const slice = sliceWith(1, svc, [pod]);
    if (!owned) slice.metadata!.ownerReferences![0]!.uid = 'different';
    const { actions, store } = reconcile({ pods: [pod], existing: [slice] });
    expect(kinds(actions)).toEqual(want);
    expect(store.slices).toHaveLength(1);
  });

  it('TestReconcileEndpointSlicesNamedPorts: one slice per distinct resolution of a named port', () => {
    const service = newService('named-port-example');
    service.spec!.ports = [{ port: 80, targetPort: 'http', protocol: 'TCP' }];
    const all = range(0, 300).map((i) => {
      const p = newPod(i, NS, i % 3 !== 0);
      p.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 8080 + (i % 5), protocol: 'TCP' }];
      return p;
    });
    const { actions, store } = reconcile({ service, pods: all });
    expect(kinds(actions)).toEqual(Array(5).fill('create'));
    expect(store.lengths()).toEqual([60, 60, 60, 60, 60]);
    expect(store.slices.map((s) => s.ports ?? []).sort((a, b) => a[0]!.port! - b[0]!.port!)).toEqual(
      range(0, 5).map((i) => [{ name: '', protocol: 'TCP', port: 8080 + i }]),
    );
    expect(store.slices.every((s) => s.addressType === 'IPv4')).toBe(true);
  });

  it.each([
    [50, [50, 50, 50, 50, 50]],
    [80, [10, 80, 80, 80]],
    [150, [100, 150]],
    [250, [250]],
    [500, [250]],
  ])('TestReconcileMaxEndpointsPerSlice: %i per slice', (max, lengths) => {
    expect(reconcile({ pods: pods(250), maxEndpointsPerSlice: max }).store.lengths()).toEqual(lengths);
  });

  it('TestReconcileEndpointSlicesMetrics: removing pods updates the slice', () => {
    const all = range(0, 20).map((i) => newPod(i));
    const first = reconcile({ pods: all });
    const second = reconcile({ pods: all.slice(0, 10) }, first.store);
    expect(kinds(second.actions)).toEqual(['update']);
    expect(second.store.lengths()).toEqual([10]);
  });

  describe('TestReconcilerFinalizeSvcDeletionTimestamp: a service being deleted gets no new slices', () => {
    it.each([
      ['nil deletion timestamp', false, ['create']],
      ['deletion timestamp set', true, []],
    ] as const)('%s', (_, deleting, want) => {
      const service = newService();
      if (deleting) service.metadata = { ...service.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
      expect(kinds(reconcile({ service, pods: pods(3) }).actions)).toEqual(want);
    });
    it('updates and deletes still go through, and a create recycles a slice to delete', () => {
      const service = newService();
      service.metadata = { ...service.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
      service.spec!.ports![0]!.targetPort = 81;
      const existing = [sliceWith(1, newService(), [newPod(0)]), sliceWith(2, newService(), [newPod(1)])];
      const { actions, store } = reconcile({ service, pods: [newPod(0), newPod(1)], existing });
      expect(kinds(actions)).toEqual(['update', 'delete']);
      expect(store.lengths()).toEqual([2]);
    });
  });

  describe('TestReconcilerPodMissingNode', () => {
    const svc = newService();
    const p0 = { ...newPod(0), spec: { ...newPod(0).spec!, nodeName: 'node-0' } };
    const p1 = newPod(1);
    const both = () => sliceWith(1, svc, [p0, p1]);
    it.each([
      ['create and publishNotReady false', false, ['node-0'], undefined, ['create'], [1], true],
      ['create and publishNotReady true', true, ['node-0'], undefined, ['create'], [2], false],
      ['update and publishNotReady false', false, ['node-0'], both, ['update'], [1], true],
      ['update and publishNotReady true and all nodes missing', true, [], both, [], [2], false],
      ['update and publishNotReady true', true, ['node-0'], both, [], [2], false],
      ['update if publishNotReady false and no nodes are present (the slice is updated, not deleted)', false, [], both, ['update'], [0], true],
    ] as const)('%s', (_, publish, nodeNames, existing, want, lengths, errors) => {
      const service = newService();
      service.spec!.publishNotReadyAddresses = publish;
      const r = reconcile({ service, pods: [p0, p1], nodes: nodesOf(...nodeNames.map((n) => newNode(n))), existing: existing ? [existing()] : [] });
      expect(kinds(r.actions)).toEqual(want);
      expect(r.store.lengths()).toEqual(lengths);
      expect(r.errors.length > 0).toBe(errors);
    });
  });

  it('TestReconcileTopology: endpoints carry the zone of their node', () => {
    const zones = ['zone-a', 'zone-b', 'zone-c'];
    const nodes = nodesOf(...zones.flatMap((z) => range(0, 10).map((j) => newNode(`node-${z}-${j}`, z))));
    const all = zones.flatMap((z, i) => range(0, 10).map((j) => ({ ...newPod(i * 10 + j), spec: { containers: [], nodeName: `node-${z}-${j}` } })));
    const { store } = reconcile({ pods: all, nodes });
    const slice = store.slices[0]!;
    expect(slice.endpoints).toHaveLength(30);
    for (const e of slice.endpoints) expect(e.zone).toBe(e.nodeName!.split('-').slice(1, 3).join('-'));
    expect(slice.endpoints.every((e) => e.hints === undefined)).toBe(true);
  });
});

describe('endpoint conditions (podToEndpoint)', () => {
  it.each([
    ['ready', true, false, false, { ready: true, serving: true, terminating: false }],
    ['not ready', false, false, false, { ready: false, serving: false, terminating: false }],
    ['ready and terminating', true, true, false, { ready: false, serving: true, terminating: true }],
    ['not ready and terminating', false, true, false, { ready: false, serving: false, terminating: true }],
    ['terminating with publishNotReadyAddresses', true, true, true, { ready: true, serving: true, terminating: true }],
    ['not ready with publishNotReadyAddresses', false, false, true, { ready: true, serving: false, terminating: false }],
  ])('%s', (_, ready, terminating, publish, conditions) => {
    const service = newService();
    service.spec!.publishNotReadyAddresses = publish;
    const { store } = reconcile({ service, pods: [newPod(0, NS, ready, terminating)] });
    expect(store.slices[0]!.endpoints[0]!.conditions).toEqual(conditions);
  });

  it('terminal pods and pods without an IP are left out', () => {
    const succeeded = newPod(0);
    succeeded.status!.phase = 'Succeeded';
    const noIP = newPod(1);
    delete noIP.status!.podIP;
    delete noIP.status!.podIPs;
    const { store } = reconcile({ pods: [succeeded, noIP, newPod(2)] });
    expect(store.slices.flatMap((s) => s.endpoints.map((e) => e.targetRef!.name))).toEqual(['pod2']);
  });

  it('a headless service without ports has slices without ports; hostname set when the subdomain is the service', () => {
    const service = newService();
    service.spec = { clusterIP: 'None', selector: { foo: 'bar' }, ipFamilies: ['IPv4'] };
    const pod = newPod(0);
    pod.spec!.hostname = 'web-0';
    pod.spec!.subdomain = 'foo';
    const { store } = reconcile({ service, pods: [pod] });
    expect(store.slices[0]!.ports).toEqual([]);
    expect(store.slices[0]!.endpoints[0]!.hostname).toBe('web-0');
    expect(store.slices[0]!.metadata!.labels!['service.kubernetes.io/headless']).toBe('');
  });

  it('services without a selector and ExternalName services are left alone', () => {
    const selectorless = newService();
    delete selectorless.spec!.selector;
    expect(reconcile({ service: selectorless, pods: pods(3) }).actions).toEqual([]);
    const external = newService();
    external.spec!.type = 'ExternalName';
    expect(reconcile({ service: external, pods: pods(3) }).actions).toEqual([]);
  });
});

describe('trafficDistribution PreferClose (trafficdist.ReconcileHints)', () => {
  const nodes = nodesOf(newNode('node-1', 'zone-a'));
  it('ready endpoints get a hint for their own zone; unchanged slices are fixed, hints go when it is unset', () => {
    const plain = reconcile({ pods: [newPod(0), newPod(1, NS, false)], nodes });
    expect(plain.store.slices[0]!.endpoints.map((e) => e.hints)).toEqual([undefined, undefined]);
    const service = newService();
    service.spec!.trafficDistribution = 'PreferClose';
    const close = reconcile({ service, pods: [newPod(0), newPod(1, NS, false)], nodes }, plain.store);
    expect(kinds(close.actions)).toEqual(['update']);
    expect(close.store.slices[0]!.endpoints.map((e) => e.hints)).toEqual([{ forZones: [{ name: 'zone-a' }] }, undefined]);
    expect(reconcile({ service, pods: [newPod(0), newPod(1, NS, false)], nodes }, close.store).actions).toEqual([]);
    const back = reconcile({ pods: [newPod(0), newPod(1, NS, false)], nodes }, close.store);
    expect(kinds(back.actions)).toEqual(['update']);
    expect(back.store.slices[0]!.endpoints.map((e) => e.hints)).toEqual([undefined, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { admitPod, admittedPod, rejectedPodStatus } from '../../../shared/nodes/kubelet-admission';
import { buildNode } from '../../../shared/nodes/node-builder';
import { qosClass } from '../../../shared/nodes/pod-resources';

const node = buildNode({ metadata: { name: 'n' }, spec: { capacity: { cpu: '4', memory: '8Gi', pods: '3' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } }, 0);
const withCond = (type: string): Node => ({ ...node, status: { ...node.status, conditions: node.status!.conditions!.map((c) => (c.type === type ? { ...c, status: 'True' } : c)) } });
const tol = [{ key: 'dedicated', operator: 'Exists' as const }];
const pod = (name: string, cpu?: string, mem?: string, extra: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, uid: name },
  spec: { tolerations: tol, containers: [{ name: 'c', image: 'x', resources: cpu || mem ? { requests: { ...(cpu ? { cpu } : {}), ...(mem ? { memory: mem } : {}) } } : {} }], ...extra },
});

describe('admitPod', () => {
  it.each([
    ['fits', pod('p', '500m'), [pod('a', '3500m')], { admit: true }],
    ['cpu', pod('p', '2'), [pod('a', '3500m')], { admit: false, reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 2000, used: 3500, capacity: 4000" }],
    ['memory', pod('p', undefined, '1Gi'), [pod('a', undefined, '7900Mi')], { admit: false, reason: 'OutOfmemory', message: "Node didn't have enough resource: memory, requested: 1073741824, used: 8283750400, capacity: 8485076992" }],
    ['pods first', pod('p', '8'), [pod('a'), pod('b'), pod('c')], { admit: false, reason: 'OutOfpods', message: "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3" }],
    ['terminal pods do not count', pod('p'), [pod('a'), pod('b'), { ...pod('c'), status: { phase: 'Succeeded' } }], { admit: true }],
    ['node selector', pod('p', undefined, undefined, { nodeSelector: { disk: 'ssd' } }), [], { admit: false, reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Node selector" }],
    ['zone affinity ok', pod('p', undefined, undefined, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a'] }] }] } } } }), [], { admit: true }],
    ['NoExecute taint', { ...pod('p'), spec: { containers: [{ name: 'c', image: 'x' }] } }, [], { admit: false, reason: 'TaintToleration', message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" }],
    ['host port', pod('p', undefined, undefined, { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }] }), [pod('a', undefined, undefined, { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }] })], { admit: false, reason: 'NodePorts', message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" }],
  ] as const)('%s', (_, p, others, want) => {
    expect(admitPod(p as Pod, node, (others as unknown as Pod[]).map(admittedPod))).toEqual(want);
  });

  it('init containers: max(init, sum of app containers)', () => {
    const p = pod('p', '1', undefined, { initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '3500m' } } }] });
    expect(admitPod(p, node, [admittedPod(pod('a', '1'))])).toMatchObject({ reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 3500, used: 1000, capacity: 4000" });
  });

  it('memory pressure rejects BestEffort only, unless tolerated; disk pressure rejects all', () => {
    const mp = withCond('MemoryPressure');
    expect(admitPod(pod('p'), mp, [])).toEqual({ admit: false, reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
    expect(admitPod(pod('p', '100m'), mp, [])).toEqual({ admit: true });
    const tolerating = { ...pod('p'), spec: { ...pod('p').spec!, tolerations: [...tol, { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' as const, effect: 'NoSchedule' as const }] } };
    expect(admitPod(tolerating, mp, [])).toEqual({ admit: true });
    expect(admitPod(pod('p', '100m'), withCond('DiskPressure'), [])).toEqual({ admit: false, reason: 'Evicted', message: 'The node had condition: [DiskPressure]. ' });
    expect(admitPod({ ...pod('p'), spec: { ...pod('p').spec!, priority: 2_000_001_000 } }, withCond('DiskPressure'), [])).toEqual({ admit: true });
  });

  it('a rejected pod gets phase Failed, "Pod was rejected: …" and a Warning event', () => {
    const r = rejectedPodStatus(pod('p'), { reason: 'OutOfcpu', message: 'm' }, 5);
    expect(r.status).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: 'Pod was rejected: m' });
    expect(r.event).toEqual({ type: 'Warning', reason: 'OutOfcpu', message: 'm', atMs: 5 });
  });
});

describe('qosClass', () => {
  const c = (requests?: Record<string, string>, limits?: Record<string, string>) => ({ name: 'c', image: 'x', resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } });
  it.each([
    ['BestEffort', [c()]],
    ['Guaranteed', [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })]],
    ['Burstable', [c({ cpu: '1' })]],
    ['Burstable', [c({ cpu: '1', memory: '1Gi' }, { cpu: '2', memory: '1Gi' })]],
    ['Burstable', [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), c()]],
  ] as const)('%s', (want, containers) => expect(qosClass({ spec: { containers: containers as never } })).toBe(want));
});
